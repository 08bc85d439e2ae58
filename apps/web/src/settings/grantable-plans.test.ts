import { describe, expect, it } from 'vitest';
import { grantablePlans, ownPlanOf } from './grantable-plans.ts';

const budget = (name: string) => ({ name, limit: 600, windowSeconds: 60, remaining: 599, resetSeconds: 60 });

describe('ownPlanOf', () => {
  it('reads the plan from the budget named after it, beside a procedure budget such as auth', () => {
    expect(ownPlanOf([budget('auth'), budget('elevated')])).toBe('elevated');
    expect(ownPlanOf([budget('default')])).toBe('default');
  });

  it('is unknown before a call has reported a plan budget', () => {
    expect(ownPlanOf([])).toBeUndefined();
    expect(ownPlanOf([budget('auth')])).toBeUndefined();
  });
});

describe('grantablePlans', () => {
  it("offers no plan above the owner's own", () => {
    expect(grantablePlans('default')).toEqual(['anonymous', 'default']);
    expect(grantablePlans('elevated')).toEqual(['anonymous', 'default', 'elevated']);
    expect(grantablePlans('anonymous')).toEqual(['anonymous']);
  });

  it('offers none while the owner\'s plan is unknown, leaving "Same as mine"', () => {
    expect(grantablePlans(undefined)).toEqual([]);
  });
});
