import { readMoneyInput, type MoneyInput } from '../../../kit/money';
import type { Violations } from '../../../kit/errors';

/**
 * Reads a money input as integer minor units of the scheme's currency; a malformed amount, another
 * currency or a non-positive amount becomes a violation on `field`, and the result is null.
 */
export function readAmount(
  input: MoneyInput | null | undefined,
  field: string,
  currency: string,
  violations: Violations,
  rule: { allowZero?: boolean } = {},
): number | null {
  if (!input) return null;
  return readMoneyInput(input, field, violations, { currency, currencyOwner: 'the scheme', allowZero: rule.allowZero })?.minor ?? null;
}

/** Basis points as an exact decimal multiplier: 13000 → "1.3000". */
export function formatBasisPoints(bps: number): string {
  return `${Math.trunc(bps / 10_000)}.${String(bps % 10_000).padStart(4, '0')}`;
}
