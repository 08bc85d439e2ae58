import { describe, expect, it } from 'vitest';
import { grantablePlans } from './grantable-plans.ts';

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
