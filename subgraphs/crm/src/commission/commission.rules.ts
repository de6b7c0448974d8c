import { addDays, isIsoDate } from '../../../../kit/dates';
import { isUuid } from '../../../../kit/ids';
import { isCurrencyCode, scaleMinor } from '../../../../kit/money';
import type { PolicyChanged } from './commission.events';

export type BillingFrequency = 'MONTHLY' | 'QUARTERLY' | 'ANNUAL';

/** Billing periods in a year. */
export const PERIODS_PER_YEAR: Record<BillingFrequency, number> = { MONTHLY: 12, QUARTERLY: 4, ANNUAL: 1 };

export function isBillingFrequency(value: unknown): value is BillingFrequency {
  return typeof value === 'string' && Object.hasOwn(PERIODS_PER_YEAR, value);
}

/**
 * Statuses of a policy schemes has issued: each one was sold, so its agent earned commission
 * (a cancellation inside the window then claws it back). A status crm does not know earns nothing.
 */
export const ISSUED_STATUSES: ReadonlySet<string> = new Set(['PENDING', 'ACTIVE', 'SUSPENDED', 'CANCELLED', 'EXPIRED']);

/**
 * The first field of a `schemes.policy.changed` payload crm can not store, or null when it is
 * well formed. A malformed event is logged and ignored: retrying it would fail the same way for ever.
 */
export function malformedPolicyField(policy: PolicyChanged): string | null {
  if (!isUuid(policy.id)) return 'id';
  if (!isUuid(policy.schemeId)) return 'schemeId';
  if (typeof policy.policyNumber !== 'string' || policy.policyNumber === '') return 'policyNumber';
  if (!Number.isInteger(policy.version)) return 'version';
  if (typeof policy.status !== 'string' || policy.status === '') return 'status';
  if (!isIsoDate(policy.startDate)) return 'startDate';
  if (policy.cancellationDate != null && !isIsoDate(policy.cancellationDate)) return 'cancellationDate';
  if (!isBillingFrequency(policy.billingFrequency)) return 'billingFrequency';
  if (!Number.isSafeInteger(policy.premiumMinor) || policy.premiumMinor < 0) return 'premiumMinor';
  if (typeof policy.currency !== 'string' || !isCurrencyCode(policy.currency)) return 'currency';
  return null;
}

/** The premium a policy brings in a year: the premium per billing period × periods a year. */
export function annualPremiumMinor(premiumMinor: number, billingFrequency: string): number {
  const periods = PERIODS_PER_YEAR[billingFrequency as BillingFrequency];
  if (!periods) throw new RangeError(`unknown billing frequency ${billingFrequency}`);
  return premiumMinor * periods;
}

/** Commission on an annual premium at a rate in basis points, rounded half-even to the minor unit. */
export function commissionMinor(annualPremium: number, rateBps: number): number {
  return scaleMinor(annualPremium, rateBps, 10_000);
}

export interface TierCandidate {
  id: string;
  schemeId: string | null;
  basis: 'POLICY_COUNT' | 'PREMIUM';
  bandFrom: number;
  bandTo: number | null;
  rateBps: number;
  currency: string;
  effectiveFrom: string;
  effectiveTo: string | null;
}

export interface SaleFacts {
  schemeId: string;
  currency: string;
  /** The day of the sale (the policy's start date). */
  soldOn: string;
  /** Policies the agent sold in the sale's month, this one included. */
  policiesInPeriod: number;
  /** Annualised premium the agent wrote in the sale's month, this one included (minor units). */
  premiumInPeriod: number;
}

/**
 * The tier that pays a sale: in force on the sale day, in the sale's currency, for its product or
 * for every product, with a band holding the agent's volume in the month (policy count or premium,
 * as the tier measures). A product-specific tier beats a generic one; among equals the higher band
 * floor (the more specific band), then the lower id, so the answer is always the same. Null: none applies.
 */
export function selectTier<T extends TierCandidate>(tiers: readonly T[], sale: SaleFacts): T | null {
  const applicable = tiers.filter((tier) => {
    if (tier.currency !== sale.currency && tier.basis === 'PREMIUM') return false;
    if (tier.schemeId !== null && tier.schemeId !== sale.schemeId) return false;
    if (tier.effectiveFrom > sale.soldOn || (tier.effectiveTo !== null && tier.effectiveTo < sale.soldOn)) return false;
    const volume = tier.basis === 'POLICY_COUNT' ? sale.policiesInPeriod : sale.premiumInPeriod;
    return volume >= tier.bandFrom && (tier.bandTo === null || volume <= tier.bandTo);
  });
  const rank = (tier: T) => (tier.schemeId !== null ? 1 : 0);
  applicable.sort((a, b) => rank(b) - rank(a) || b.bandFrom - a.bandFrom || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return applicable[0] ?? null;
}

/** The first and last day of the calendar month a date falls in. */
export function monthOf(date: string): { from: string; to: string } {
  const from = `${date.slice(0, 7)}-01`;
  const [year, month] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return { from, to: addDays(next, -1) };
}

/**
 * Whether a cancellation claws commission back: the last day of cover falls within `windowDays`
 * of the policy's start (start + windowDays - 1 is the last day inside). The clawback is the full
 * commission accrued, paid or not: a policy that did not last the window earned none of it.
 */
export function withinClawbackWindow(startDate: string, cancellationDate: string | null, windowDays: number): boolean {
  if (cancellationDate === null) return false;
  return cancellationDate < addDays(startDate, windowDays);
}

/** Splits an agent's unpaid entries by currency into what a payout would carry; only a positive net is paid. */
export function payoutNets(entries: readonly { amountMinor: number; currency: string }[]): Map<string, number> {
  const nets = new Map<string, number>();
  for (const entry of entries) nets.set(entry.currency, (nets.get(entry.currency) ?? 0) + entry.amountMinor);
  return nets;
}

/** Conversion rate in basis points (converted / received × 10 000, half-even); null with nothing received. */
export function conversionRateBps(received: number, converted: number): number | null {
  if (received === 0) return null;
  return scaleMinor(converted, 10_000, received);
}
