import { addDays, BUSINESS_TIME_ZONE, today as dateIn } from '../../../../kit/dates';
import { isUuid } from '../../../../kit/ids';
import { JournalSourceType } from '../ledger/journal-entry.entity';
import { ACCOUNTS, buildPosting, credit, debit, type Posting } from '../ledger/ledger.rules';

/** Currencies finance pays providers in: the platform's currencies (those kit/money knows the minor units of). */
export const SETTLEMENT_CURRENCIES = ['KES', 'UGX', 'TZS', 'RWF', 'USD', 'EUR', 'GBP', 'JPY'] as const;

/** Decisions that owe the provider money. */
const PAYING_DECISIONS = ['APPROVED', 'PARTIALLY_APPROVED'];

/** Providers are paid in weekly batches, on Fridays. */
const BATCH_WEEKDAY = 5;

/** A claim decision as the claims subgraph announces it (`claims.claim.decided`). */
export interface ClaimDecided {
  claimId: string;
  claimNumber: string;
  memberId: string;
  providerId: string;
  /** When the care was given (absent from decisions recorded before claims sent it). */
  serviceDate?: string;
  decision: string;
  currency: string;
  payableMinor: number;
  memberResponsibilityMinor: number;
  decidedAt: string;
  lines?: unknown[];
}

/** A reversed claim (`claims.claim.reversed`). */
export interface ClaimReversed {
  claimId: string;
  claimNumber: string;
  reversedAt: string;
  reason: string;
  payableMinor: number;
  currency: string;
}

export type SettlementPlan =
  | { kind: 'IGNORE'; why: string }
  | { kind: 'REJECT'; reason: string }
  | {
      kind: 'POST';
      providerId: string;
      memberId: string | null;
      currency: string;
      amountMinor: number;
      decidedAt: Date;
      /** The business day of the decision: the settlement entry's accounting date. */
      decidedOn: string;
      batchDate: string;
    };

/**
 * What a claim decision means for finance: nothing when the claim pays nothing (denied, pended,
 * or approved with nothing payable); otherwise a settlement to post, or the reason it cannot be.
 */
export function planSettlement(decided: ClaimDecided): SettlementPlan {
  if (!PAYING_DECISIONS.includes(decided.decision)) return { kind: 'IGNORE', why: `a ${decided.decision} claim owes the provider nothing` };
  if (decided.payableMinor === 0) return { kind: 'IGNORE', why: 'nothing is payable to the provider' };
  if (!Number.isSafeInteger(decided.payableMinor) || decided.payableMinor < 0) {
    return { kind: 'REJECT', reason: `the payable amount ${String(decided.payableMinor)} is not a positive whole number of minor units` };
  }
  if (!(SETTLEMENT_CURRENCIES as readonly string[]).includes(decided.currency)) {
    return { kind: 'REJECT', reason: `currency ${String(decided.currency)} is not supported for settlements (${SETTLEMENT_CURRENCIES.join(', ')})` };
  }
  if (!isUuid(decided.providerId)) return { kind: 'REJECT', reason: `the claim names no valid provider (${String(decided.providerId)})` };
  const decidedAt = new Date(decided.decidedAt);
  if (Number.isNaN(decidedAt.getTime())) return { kind: 'REJECT', reason: `the decision time ${String(decided.decidedAt)} is not a timestamp` };
  const decidedOn = dateIn(BUSINESS_TIME_ZONE, decidedAt);
  return {
    kind: 'POST',
    providerId: decided.providerId,
    memberId: isUuid(decided.memberId) ? decided.memberId : null,
    currency: decided.currency,
    amountMinor: decided.payableMinor,
    decidedAt,
    decidedOn,
    batchDate: settlementBatchDate(decidedOn),
  };
}

/** The payment batch of a claim decided on `decidedOn`: the first Friday after it, so each batch has a day to be checked. */
export function settlementBatchDate(decidedOn: string): string {
  const weekday = new Date(`${decidedOn}T00:00:00Z`).getUTCDay();
  const ahead = (BATCH_WEEKDAY - weekday + 7) % 7 || 7;
  return addDays(decidedOn, ahead);
}

/** `STL-<year of decision>-<running number>`. */
export function formatSettlementNumber(decidedOn: string, sequence: number): string {
  return `STL-${decidedOn.slice(0, 4)}-${String(sequence).padStart(6, '0')}`;
}

/** `SPY-<year paid>-<running number>`: one provider payment batch. */
export function formatSettlementPaymentReference(paidOn: string, sequence: number): string {
  return `SPY-${paidOn.slice(0, 4)}-${String(sequence).padStart(6, '0')}`;
}

export interface PayableSettlement {
  settlementNumber: string;
  memberId: string | null;
  providerId: string;
  currency: string;
  amountMinor: number;
}

/**
 * Paying a provider its settlements in one currency: Dr Claims payable, a line per settlement
 * naming member and provider (so claims paid can be placed), / Cr Bank for the total.
 */
export function settlementPaymentPosting(batchId: string, reference: string, paidOn: string, settlements: PayableSettlement[]): Posting {
  const [first] = settlements;
  const total = settlements.reduce((sum, s) => sum + s.amountMinor, 0);
  return buildPosting({
    entryDate: paidOn,
    description: `Provider payment ${reference}: ${settlements.length} settlement(s) from ${first.settlementNumber}`,
    sourceType: JournalSourceType.SETTLEMENT_PAYMENT,
    sourceId: batchId,
    lines: [
      ...settlements.map((s) => debit(ACCOUNTS.CLAIMS_PAYABLE, s.amountMinor, s.currency, s.memberId, s.providerId)),
      credit(ACCOUNTS.BANK, total, first.currency, null, first.providerId),
    ],
  });
}
