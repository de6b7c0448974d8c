import { addDays, addMonths } from '../../../../kit/dates';

export type BenefitPeriodBasis = 'CALENDAR_YEAR' | 'POLICY_YEAR';

export interface BenefitPeriod {
  start: string;
  end: string;
}

/**
 * The benefit period (when limits reset) that contains `date`: the calendar year, or the policy
 * year running from an anniversary of the policy's start to the day before the next one.
 * Anniversaries count from the start itself, so a cover starting on 29 February renews on
 * 28 February in other years and returns to the 29th in leap years.
 */
export function benefitPeriodContaining(basis: BenefitPeriodBasis, policyStart: string, date: string): BenefitPeriod {
  if (basis === 'CALENDAR_YEAR') {
    const year = date.slice(0, 4);
    return { start: `${year}-01-01`, end: `${year}-12-31` };
  }
  let years = Number(date.slice(0, 4)) - Number(policyStart.slice(0, 4));
  if (addMonths(policyStart, 12 * years) > date) years -= 1;
  return { start: addMonths(policyStart, 12 * years), end: addDays(addMonths(policyStart, 12 * (years + 1)), -1) };
}
