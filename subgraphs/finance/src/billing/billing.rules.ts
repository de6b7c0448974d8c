import { addDays, addMonths, daysBetween } from '../../../../kit/dates';
import { scaleMinor } from '../../../../kit/money';
import { JournalSourceType } from '../ledger/journal-entry.entity';
import { premiumReversalPosting, type Posting } from '../ledger/ledger.rules';
import type { CoverWindow } from './billing-policy.entity';

export type BillingFrequency = 'MONTHLY' | 'QUARTERLY' | 'ANNUAL';

/** Months in one billing period of each frequency (as schemes defines them). */
export const MONTHS_PER_PERIOD: Record<BillingFrequency, number> = { MONTHLY: 1, QUARTERLY: 3, ANNUAL: 12 };

/** `schemes.policy.changed`, as finance reads it. */
export interface PolicyChanged {
  id: string;
  policyNumber: string;
  schemeId: string;
  schemeVersionId: string;
  holderMemberId: string;
  companyId: string | null;
  startDate: string;
  endDate: string;
  status: string;
  premiumInArrears: boolean;
  coveredMembers: CoverWindow[];
  billingFrequency: BillingFrequency;
  premiumMinor: number;
  currency: string;
  version: number;
  /** For a cancelled policy, its last day of cover (when schemes sends it). */
  cancellationDate?: string | null;
}

export interface DuePeriod {
  /** First and last day billed (a part period when billing starts or ends inside a schedule period). */
  periodStart: string;
  periodEnd: string;
  /** Days in the whole schedule period. */
  periodDays: number;
  netMinor: number;
}

export interface SchedulePolicy {
  startDate: string;
  lastCoveredDate: string;
  billingFrequency: BillingFrequency;
  premiumMinor: number;
}

/**
 * The periods a policy is due to be billed for on `asOf`: schedule periods anchored on its start
 * date (the k-th starts k periods after it, month ends clamped), from the day after what is already
 * billed, that start no later than `asOf + leadDays`, cut at the last day of cover. A period billed
 * only in part is charged pro rata to its days.
 */
export function duePeriods(policy: SchedulePolicy, billedThrough: string | null, asOf: string, leadDays: number): DuePeriod[] {
  const months = MONTHS_PER_PERIOD[policy.billingFrequency];
  const horizon = addDays(asOf, leadDays);
  const from = billedThrough && billedThrough >= policy.startDate ? addDays(billedThrough, 1) : policy.startDate;
  const periods: DuePeriod[] = [];
  if (policy.premiumMinor <= 0) return periods;
  for (let k = 0; ; k += 1) {
    const scheduleStart = addMonths(policy.startDate, k * months);
    const scheduleEnd = addDays(addMonths(policy.startDate, (k + 1) * months), -1);
    if (scheduleStart > policy.lastCoveredDate) break;
    if (scheduleEnd < from) continue;
    const periodStart = scheduleStart < from ? from : scheduleStart;
    if (periodStart > horizon) break;
    const periodEnd = scheduleEnd > policy.lastCoveredDate ? policy.lastCoveredDate : scheduleEnd;
    const periodDays = daysBetween(scheduleStart, scheduleEnd) + 1;
    const billedDays = daysBetween(periodStart, periodEnd) + 1;
    const netMinor = billedDays === periodDays ? policy.premiumMinor : scaleMinor(policy.premiumMinor, billedDays, periodDays);
    if (netMinor > 0) periods.push({ periodStart, periodEnd, periodDays, netMinor });
  }
  return periods;
}

/** Days of `[periodStart, periodEnd]` from `effectiveDate` on (0 when the change takes effect after the period). */
export function remainingDays(effectiveDate: string, periodStart: string, periodEnd: string): number {
  const from = effectiveDate > periodStart ? effectiveDate : periodStart;
  return Math.max(0, daysBetween(from, periodEnd) + 1);
}

/**
 * The adjustment for a premium change over the rest of an invoiced period: the change in the
 * period's premium times the days remaining over the days in the period, rounded half-even to the
 * minor unit. Positive is a supplementary charge, negative a credit.
 */
export function proratedAdjustment(premiumChangeMinor: number, daysRemaining: number, periodDays: number): number {
  if (!Number.isInteger(periodDays) || periodDays < 1) throw new RangeError('a billing period has at least one day');
  const days = Math.min(Math.max(0, daysRemaining), periodDays);
  if (days === 0 || premiumChangeMinor === 0) return 0;
  return scaleMinor(premiumChangeMinor, days, periodDays);
}

/** The last day a policy is billed for: its end date, or a cancelled policy's last day of cover. */
export function lastCoveredDate(policy: PolicyChanged): string {
  if (policy.status !== 'CANCELLED') return policy.endDate;
  const lastCover = policy.cancellationDate ?? policy.coveredMembers.reduce<string | null>((latest, w) => (latest === null || w.coveredTo > latest ? w.coveredTo : latest), null);
  if (!lastCover) return policy.endDate;
  return lastCover < policy.endDate ? lastCover : policy.endDate;
}

/**
 * The day a change of covered members takes effect: the earliest day a new window begins or a
 * changed window's cover stops; `fallback` when the windows did not change.
 */
export function changeEffectiveDate(before: CoverWindow[], after: CoverWindow[], fallback: string): string {
  const key = (w: CoverWindow) => `${w.memberId}:${w.coveredFrom}`;
  const previous = new Map(before.map((w) => [key(w), w]));
  let effective: string | null = null;
  const consider = (day: string) => {
    if (effective === null || day < effective) effective = day;
  };
  for (const window of after) {
    const old = previous.get(key(window));
    if (!old) consider(window.coveredFrom);
    else if (old.coveredTo !== window.coveredTo) consider(addDays(old.coveredTo < window.coveredTo ? old.coveredTo : window.coveredTo, 1));
  }
  return effective ?? fallback;
}

export interface CreditNoteFacts {
  id: string;
  creditNoteNumber: string;
  invoiceNumber: string;
  billedMemberId: string | null;
  issueDate: string;
  currency: string;
  netMinor: number;
  vatMinor: number;
  totalMinor: number;
  /** What the invoice no longer owed: held for the payer as a credit balance. */
  heldMinor: number;
}

/**
 * A credit note: the invoice's raising entry turned round for the amount credited, the part already
 * paid going to the payer's credit balance (Dr Premium income and VAT / Cr Premiums receivable and
 * Payer credit balances).
 */
export function creditNotePosting(note: CreditNoteFacts): Posting {
  return premiumReversalPosting(note, {
    entryDate: note.issueDate,
    description: `Credit note ${note.creditNoteNumber} against ${note.invoiceNumber}`,
    sourceType: JournalSourceType.CREDIT_NOTE,
    sourceId: note.id,
    heldMinor: note.heldMinor,
  });
}

/** `CN-<year of issue>-<running number>`. */
export function formatCreditNoteNumber(issueDate: string, sequence: number): string {
  return `CN-${issueDate.slice(0, 4)}-${String(sequence).padStart(6, '0')}`;
}
