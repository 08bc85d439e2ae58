import { contract } from '@charter/contract';
import { listProcedures } from '@charter/rpc';

/** How many points a budget holds per window. */
export interface BudgetSize {
  points: number;
  windowSeconds: number;
}

/**
 * The budgets and their sizes. Plans (`anonymous`, `default`, `elevated`) size the caller's own
 * budget; `auth` is the small per-address budget that log-in, sign-up and token calls also draw from.
 */
export const defaultBudgets = {
  anonymous: { points: 60, windowSeconds: 60 },
  default: { points: 600, windowSeconds: 60 },
  elevated: { points: 6_000, windowSeconds: 60 },
  auth: { points: 20, windowSeconds: 60 },
} as const satisfies Record<string, BudgetSize>;

export type BudgetName = keyof typeof defaultBudgets;
export type BudgetSizes = Record<BudgetName, BudgetSize>;

const unitSeconds = { s: 1, m: 60, h: 3_600 } as const;

/**
 * Reads `RATE_LIMITS`, e.g. `default=1200/60s,auth=10/1m`: the budgets named are resized, the
 * others keep their defaults. Returns the problems instead when the text is not of that form.
 */
export function parseBudgets(spec: string): BudgetSizes | string[] {
  const sizes: BudgetSizes = { ...defaultBudgets };
  const problems: string[] = [];
  for (const entry of spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([a-z]+)=(\d+)\/(\d+)([smh])$/.exec(entry);
    if (!match) {
      problems.push(`"${entry}" is not name=points/window, such as default=600/60s`);
      continue;
    }
    const [, name, points, amount, unit] = match as unknown as [
      string,
      string,
      string,
      string,
      keyof typeof unitSeconds,
    ];
    if (!(name in defaultBudgets)) {
      problems.push(`"${name}" is not a budget; the budgets are ${Object.keys(defaultBudgets).join(', ')}`);
      continue;
    }
    const windowSeconds = Number(amount) * unitSeconds[unit];
    if (Number(points) < 1 || windowSeconds < 1 || windowSeconds > 86_400) {
      problems.push(`"${entry}" needs at least 1 point and a window from 1s to 24h`);
      continue;
    }
    sizes[name as BudgetName] = { points: Number(points), windowSeconds };
  }
  return problems.length > 0 ? problems : sizes;
}

/** Every budget a procedure names must exist, or the server would refuse its calls: checked at startup. */
export function assertBudgetsExist(sizes: BudgetSizes): void {
  for (const { path, procedure } of listProcedures(contract.procedures)) {
    const { budget } = procedure.meta;
    if (budget !== undefined && !(budget in sizes)) {
      throw new Error(
        `${path} draws from the budget "${budget}", which does not exist (${Object.keys(sizes).join(', ')})`,
      );
    }
  }
}
