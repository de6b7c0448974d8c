import { parseDecimal, type MoneyInput } from '../../../kit/money';
import type { Violations } from '../../../kit/errors';

export interface AmountRule {
  /** Zero is a valid amount (a deductible of nothing); otherwise amounts must be positive. */
  allowZero?: boolean;
}

/**
 * Reads a money input as integer minor units of the scheme's currency. A malformed amount, another
 * currency or a non-positive amount becomes a violation on `field`, and the result is null.
 */
export function readAmount(
  input: MoneyInput | null | undefined,
  field: string,
  currency: string,
  violations: Violations,
  rule: AmountRule = {},
): number | null {
  if (!input) return null;
  if (input.currency !== currency) {
    violations.add(`${field}.currency`, 'SCHEME_CURRENCY', `must be ${currency}, the scheme's currency (got ${input.currency})`);
    return null;
  }
  let minor: number;
  try {
    minor = parseDecimal(input.amount, currency);
  } catch (error) {
    violations.add(`${field}.amount`, 'VALID_AMOUNT', (error as Error).message);
    return null;
  }
  if (minor < 0 || (minor === 0 && !rule.allowZero)) {
    violations.add(`${field}.amount`, rule.allowZero ? 'NOT_NEGATIVE' : 'POSITIVE', rule.allowZero ? 'cannot be negative' : 'must be more than zero');
    return null;
  }
  return minor;
}

/** Basis points as an exact decimal multiplier: 13000 → "1.3000". */
export function formatBasisPoints(bps: number): string {
  return `${Math.trunc(bps / 10_000)}.${String(bps % 10_000).padStart(4, '0')}`;
}
