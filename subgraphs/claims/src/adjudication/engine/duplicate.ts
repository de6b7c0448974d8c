import { daysBetween } from '../../../../../kit/dates';
import { ReasonCode } from './types';
import type { ClaimHistoryItem, ClaimInput, Reason } from './types';
import { amount, reason } from './wording';

/** Claims in these states no longer stand, so a new claim may repeat them. */
const CLOSED_WITHOUT_PAYMENT = new Set(['REJECTED', 'DENIED', 'CANCELLED', 'REVERSED']);

/** Whether an earlier claim still stands (not rejected, denied, cancelled or reversed). */
export function claimStands(status: string): boolean {
  return !CLOSED_WITHOUT_PAYMENT.has(status.toUpperCase());
}

/** The claim's billed total: the sum of its lines. */
export function claimBilledMinor(claim: Pick<ClaimInput, 'lines'>): number {
  return claim.lines.reduce((sum, line) => sum + line.billedMinor, 0);
}

/**
 * Step 2: the earliest standing claim with the same member, provider, benefit category and billed
 * total whose service date is within `windowDays` of this one (0: the same day only), or null.
 */
export function findDuplicate(claim: ClaimInput, history: readonly ClaimHistoryItem[], windowDays: number): ClaimHistoryItem | null {
  const billed = claimBilledMinor(claim);
  const matches = history.filter(
    (earlier) =>
      earlier.claimId !== claim.id &&
      claimStands(earlier.status) &&
      earlier.memberId === claim.memberId &&
      earlier.providerId === claim.providerId &&
      earlier.benefitCategory === claim.benefitCategory &&
      earlier.billedMinor === billed &&
      Math.abs(daysBetween(earlier.serviceDate, claim.serviceDate)) <= windowDays,
  );
  matches.sort((a, b) => a.serviceDate.localeCompare(b.serviceDate) || a.claimNumber.localeCompare(b.claimNumber));
  return matches[0] ?? null;
}

/** The DUPLICATE_CLAIM reason naming the original. */
export function duplicateReason(claim: ClaimInput, original: ClaimHistoryItem): Reason {
  return reason(
    'DUPLICATE',
    ReasonCode.DUPLICATE_CLAIM,
    `This claim repeats claim ${original.claimNumber} (same member, provider, benefit and ${amount(original.billedMinor, claim.currency)} for service on ${original.serviceDate}).`,
  );
}
