import { ValidationError, type Violations } from '../../../kit/errors';
import { parseDecimal, type MoneyInput } from '../../../kit/money';

const CURRENCY = /^[A-Z]{3}$/;

/** True for an ISO 4217-shaped code (three capital letters). */
export function isCurrencyCode(value: string): boolean {
  return CURRENCY.test(value);
}

/**
 * Turns a `MoneyInput` into integer minor units, recording a violation on `field` (or
 * `field.currency`) instead of throwing, so one error can name every broken rule.
 * Returns null when the amount cannot be read.
 */
export function readMoney(input: MoneyInput, field: string, violations: Violations): { minor: number; currency: string } | null {
  const currency = input.currency.trim().toUpperCase();
  if (!isCurrencyCode(currency)) {
    violations.add(`${field}.currency`, 'CURRENCY_CODE', `"${input.currency}" is not an ISO 4217 currency code`);
    return null;
  }
  try {
    return { minor: parseDecimal(input.amount, currency), currency };
  } catch (error) {
    violations.add(field, 'VALID_AMOUNT', (error as Error).message);
    return null;
  }
}

/** Reads a SUM() or BIGINT that pg returns as a string into a safe integer of minor units. */
export function minorFromSql(value: string | number | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const minor = Number(value);
  if (!Number.isSafeInteger(minor)) throw new RangeError(`amount ${value} is not a safe whole number of minor units`);
  return minor;
}

/** A currency argument, upper-cased, or BAD_USER_INPUT naming `currency`. */
export function checkedCurrency(value: string, field = 'currency'): string {
  const code = value.trim().toUpperCase();
  if (!isCurrencyCode(code)) {
    throw new ValidationError([{ field, rule: 'CURRENCY_CODE', message: `"${value}" is not an ISO 4217 currency code` }]);
  }
  return code;
}
