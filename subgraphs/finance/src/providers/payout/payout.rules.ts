import { addDays } from '../../../../../kit/dates';
import { scaleMinor } from '../../../../../kit/money';
import type { SettlementTerms } from '../provider.config';

/** The date `days` business days (Monday to Friday) after `date`. */
export function addBusinessDays(date: string, days: number): string {
  let current = date;
  let left = days;
  while (left > 0) {
    current = addDays(current, 1);
    const weekday = new Date(`${current}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return current;
}

/** A provider's fee on one payment: the rate on its amount, rounded half-even, plus the fixed fee. */
export function feeMinor(amountMinor: number, terms: Pick<SettlementTerms, 'feeBps' | 'fixedFeeMinor'>): number {
  return scaleMinor(amountMinor, terms.feeBps, 10_000) + terms.fixedFeeMinor;
}

/**
 * What moves money through a provider's clearing account: payments and unapplied receipts in (the
 * provider charges its fee on each), refunds out, a chargeback's amount held back when it opens and
 * released when it is won.
 */
export type UnsettledKind = 'PAYMENT' | 'RECEIPT' | 'REFUND' | 'DISPUTE_HELD' | 'DISPUTE_RELEASED';

export interface UnsettledItem {
  id: string;
  kind: UnsettledKind;
  amountMinor: number;
  currency: string;
  /** The business day it happened on (YYYY-MM-DD). */
  day: string;
}

export interface PlannedBatch {
  /** The collection day, for daily windows; null for an on-demand batch. */
  day: string | null;
  currency: string;
  paymentIds: string[];
  receiptIds: string[];
  refundIds: string[];
  heldDisputeIds: string[];
  releasedDisputeIds: string[];
  grossMinor: number;
  feesMinor: number;
  payoutDate: string;
}

const ITEM_EFFECT: Record<UnsettledKind, { ids: 'paymentIds' | 'receiptIds' | 'refundIds' | 'heldDisputeIds' | 'releasedDisputeIds'; sign: 1 | -1; fee: boolean }> = {
  PAYMENT: { ids: 'paymentIds', sign: 1, fee: true },
  RECEIPT: { ids: 'receiptIds', sign: 1, fee: true },
  REFUND: { ids: 'refundIds', sign: -1, fee: false },
  DISPUTE_HELD: { ids: 'heldDisputeIds', sign: -1, fee: false },
  DISPUTE_RELEASED: { ids: 'releasedDisputeIds', sign: 1, fee: false },
};

/**
 * Groups what is not yet settled into the batches due by `today`: for DAILY terms one batch per
 * collection day and currency, once the day is over and its payout date (the day plus the delay in
 * business days) has come; for ON_DEMAND terms one batch per currency of everything. Gross is
 * payments and receipts, less refunds, less what chargebacks hold, plus what won ones release: what
 * the clearing account gave up, so the payout leaves it at zero. Fees are charged per payment (and
 * receipt) and not returned on refunds.
 */
export function planBatches(items: UnsettledItem[], terms: SettlementTerms, today: string): PlannedBatch[] {
  const groups = new Map<string, PlannedBatch>();
  for (const item of items) {
    const day = terms.window === 'DAILY' ? item.day : null;
    if (day !== null && (day >= today || addBusinessDays(day, terms.delayBusinessDays) > today)) continue;
    const key = `${day ?? ''}|${item.currency}`;
    let batch = groups.get(key);
    if (!batch) {
      batch = {
        day,
        currency: item.currency,
        paymentIds: [],
        receiptIds: [],
        refundIds: [],
        heldDisputeIds: [],
        releasedDisputeIds: [],
        grossMinor: 0,
        feesMinor: 0,
        payoutDate: day ? addBusinessDays(day, terms.delayBusinessDays) : today,
      };
      groups.set(key, batch);
    }
    const { ids, sign, fee } = ITEM_EFFECT[item.kind];
    batch[ids].push(item.id);
    batch.grossMinor += sign * item.amountMinor;
    if (fee) batch.feesMinor += feeMinor(item.amountMinor, terms);
  }
  return [...groups.values()].sort((a, b) => `${a.day}${a.currency}`.localeCompare(`${b.day}${b.currency}`));
}
