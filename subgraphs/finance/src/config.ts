import { EnvReader } from '../../../kit/config';

export interface FinanceConfig {
  /** VAT on premiums in basis points (1600 = 16%). Medical insurance premiums are VAT-exempt in Kenya, hence 0. */
  vatRateBps: number;
  /** Days from an invoice's issue date to its due date. */
  paymentTermsDays: number;
  /** Days after its due date an unpaid invoice is tolerated before cover is suspended. */
  gracePeriodDays: number;
  /** How often the overdue-invoice check runs, in milliseconds. */
  overdueCheckMs: number;
  /** Days before a billing period starts that its invoice is raised. */
  billingLeadDays: number;
  /** How often the premium billing run looks for periods due, in milliseconds. */
  billingRunMs: number;
  /** VAT on token purchases in basis points; 0 unless the tax treatment says otherwise. */
  tokenVatRateBps: number;
  /** The currency the books are kept in: every foreign-currency journal line records its equivalent in it. */
  functionalCurrency: string;
}

/** Settings of the finance domain (validated once, at start-up). */
export function readFinanceConfig(env: NodeJS.ProcessEnv = process.env): FinanceConfig {
  const reader = new EnvReader(env);
  const config = {
    vatRateBps: reader.int('FINANCE_VAT_RATE_BPS', 0, { min: 0, max: 10_000 }),
    paymentTermsDays: reader.int('FINANCE_PAYMENT_TERMS_DAYS', 30, { min: 0, max: 365 }),
    gracePeriodDays: reader.int('FINANCE_GRACE_PERIOD_DAYS', 30, { min: 0, max: 365 }),
    overdueCheckMs: reader.int('FINANCE_OVERDUE_CHECK_MS', 60_000, { min: 1_000, max: 86_400_000 }),
    billingLeadDays: reader.int('FINANCE_BILLING_LEAD_DAYS', 7, { min: 0, max: 90 }),
    billingRunMs: reader.int('FINANCE_BILLING_RUN_MS', 3_600_000, { min: 1_000, max: 86_400_000 }),
    tokenVatRateBps: reader.int('FINANCE_TOKEN_VAT_RATE_BPS', 0, { min: 0, max: 10_000 }),
    functionalCurrency: reader.string('FINANCE_FUNCTIONAL_CURRENCY', 'KES'),
  };
  if (!/^[A-Z]{3}$/.test(config.functionalCurrency)) {
    throw new Error(`FINANCE_FUNCTIONAL_CURRENCY must be an ISO 4217 currency code (got "${config.functionalCurrency}")`);
  }
  reader.done();
  return config;
}
