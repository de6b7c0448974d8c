import { addDays } from '../../../../../kit/dates';
import { ReasonCode } from './types';
import type { BenefitTerms, Reason } from './types';
import { reason } from './wording';

/**
 * The day a benefit's waiting period ends: coveredFrom + waitingPeriodDays. The waiting days are
 * coveredFrom up to the day before; the day it ends is the first day the benefit pays. With cover
 * from 1 January and 30 days, 1-30 January (30 days) wait and a service on 31 January is covered.
 * A waiting period of 0 days ends on coveredFrom itself.
 */
export function waitingPeriodEnds(coveredFrom: string, waitingPeriodDays: number): string {
  return addDays(coveredFrom, waitingPeriodDays);
}

/** Step 6: WAITING_PERIOD when the service is before the day the waiting period ends; else null. */
export function waitingPeriodReason(serviceDate: string, coveredFrom: string, benefit: BenefitTerms): Reason | null {
  if (benefit.waitingPeriodDays <= 0) return null;
  const ends = waitingPeriodEnds(coveredFrom, benefit.waitingPeriodDays);
  if (serviceDate >= ends) return null;
  return reason(
    'WAITING_PERIOD',
    ReasonCode.WAITING_PERIOD,
    `${benefit.name} has a ${benefit.waitingPeriodDays}-day waiting period from ${coveredFrom}; it pays for services from ${ends}.`,
  );
}
