import { Plan } from '@charter/contract';

/** The plans a key may carry: at most its owner's (the server refuses a bigger one), smallest first. */
export function grantablePlans(own: Plan | undefined): Plan[] {
  return own ? Plan.options.slice(0, Plan.options.indexOf(own) + 1) : [];
}
