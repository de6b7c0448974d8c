import { EnvReader } from '../../../kit/config';

export interface FinanceConfig {
  /** VAT on premiums in basis points (1600 = 16%). Medical insurance premiums are VAT-exempt in Kenya, hence 0. */
  vatRateBps: number;
  /** Days from an invoice's issue date to its due date. */
  paymentTermsDays: number;
}

/** Settings of the finance domain (validated once, at start-up). */
export function readFinanceConfig(env: NodeJS.ProcessEnv = process.env): FinanceConfig {
  const reader = new EnvReader(env);
  const config = {
    vatRateBps: reader.int('FINANCE_VAT_RATE_BPS', 0, { min: 0, max: 10_000 }),
    paymentTermsDays: reader.int('FINANCE_PAYMENT_TERMS_DAYS', 30, { min: 0, max: 365 }),
  };
  reader.done();
  return config;
}
