import { GraphQLScalarType, Kind } from 'graphql';
import { Directive, Field, InputType, ObjectType } from 'type-graphql';
import type { ValueTransformer } from 'typeorm';
import type { Violations } from './errors';

/** ISO 4217 minor-unit exponents for the currencies the platform handles; others default to 2. */
const EXPONENTS: Record<string, number> = { KES: 2, UGX: 0, TZS: 2, RWF: 0, USD: 2, EUR: 2, GBP: 2, JPY: 0 };

export const DEFAULT_CURRENCY = 'KES';

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

const DECIMAL = /^(-)?(\d{1,15})(?:\.(\d+))?$/;

/**
 * Parses an exact decimal string ("1500.5") into integer minor units of the currency,
 * refusing more decimals than the currency has rather than rounding money silently.
 */
export function parseDecimal(value: string, currency: string): number {
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new RangeError(`"${value}" is not a decimal amount`);
  const [, sign, whole, fraction = ''] = match;
  const exponent = currencyExponent(currency);
  if (fraction.length > exponent) {
    throw new RangeError(`${currency} amounts have at most ${exponent} decimal places (got "${value}")`);
  }
  const minor = Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
  assertSafe(minor);
  return sign ? -minor : minor;
}

/** Formats integer minor units as an exact decimal string with the currency's decimal places. */
export function formatMinor(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const negative = minor < 0;
  const digits = Math.abs(minor).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

function assertSafe(minor: number): void {
  if (!Number.isSafeInteger(minor)) throw new RangeError('amount is too large');
}

/** Multiplies minor units by a rational factor with half-even rounding (no float drift on money). */
export function scaleMinor(minor: number, numerator: number, denominator: number): number {
  const product = BigInt(minor) * BigInt(numerator);
  const d = BigInt(denominator);
  let quotient = product / d;
  const remainder = product % d;
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  const absD = d < 0n ? -d : d;
  if (twice > absD || (twice === absD && quotient % 2n !== 0n)) {
    quotient += (product < 0n) !== (d < 0n) ? -1n : 1n;
  }
  const result = Number(quotient);
  assertSafe(result);
  return result;
}

/** GraphQL `Decimal`: an exact decimal number carried as a string, so amounts never pass through floats. */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact decimal number, serialised as a string (e.g. "1500.00").',
  serialize(value) {
    if (typeof value === 'string') return value;
    throw new TypeError('Decimal values must be produced as strings');
  },
  parseValue(value) {
    if (typeof value === 'string' && DECIMAL.test(value.trim())) return value.trim();
    if (typeof value === 'number' && Number.isFinite(value) && DECIMAL.test(String(value))) return String(value);
    throw new TypeError(`Decimal must be a decimal string such as "1500.00" (got ${JSON.stringify(value)})`);
  },
  parseLiteral(ast) {
    if ((ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) && DECIMAL.test(ast.value)) {
      return ast.value;
    }
    throw new TypeError('Decimal must be a decimal string such as "1500.00"');
  },
});

/** An exact amount of money. Shareable: every subgraph that deals in money resolves its own. */
@Directive('@shareable')
@ObjectType({ description: 'An exact amount of money in a currency.' })
export class Money {
  @Field(() => DecimalScalar, { description: 'Decimal amount, e.g. "1500.00".' })
  amount: string;

  @Field({ description: 'ISO 4217 currency code.' })
  currency: string;

  @Field(() => String, { description: 'The amount in the currency\'s minor units (cents), as an integer string.' })
  minorUnits: string;

  static of(minor: number, currency: string = DEFAULT_CURRENCY): Money {
    const money = new Money();
    money.amount = formatMinor(minor, currency);
    money.currency = currency;
    money.minorUnits = String(minor);
    return money;
  }
}

@InputType({ description: 'An exact amount of money.' })
export class MoneyInput {
  @Field(() => DecimalScalar)
  amount: string;

  @Field({ defaultValue: DEFAULT_CURRENCY })
  currency: string;
}

/** TypeORM transformer for BIGINT minor-unit columns: pg returns BIGINT as a string. */
export const minorUnitsColumn: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null || value === undefined ? value : minorFromSql(value)),
};

const CURRENCY_CODE = /^[A-Z]{3}$/;

/** True for an ISO 4217-shaped code (three capital letters). */
export function isCurrencyCode(value: string): boolean {
  return CURRENCY_CODE.test(value);
}

export interface MoneyRule {
  /** The currency the amount must be in (a scheme's, an invoice's). */
  currency?: string;
  /** What owns that currency, for the message: "the scheme". */
  currencyOwner?: string;
  /** Zero is valid (a deductible of nothing); otherwise amounts must be positive. */
  allowZero?: boolean;
}

/**
 * Reads a `MoneyInput` into integer minor units, recording a violation on `<field>.currency` or
 * `<field>.amount` instead of throwing, so one error can name every broken rule. Null when the
 * amount cannot be used.
 */
export function readMoneyInput(
  input: MoneyInput,
  field: string,
  violations: Violations,
  rule: MoneyRule = {},
): { minor: number; currency: string } | null {
  const currency = input.currency.trim().toUpperCase();
  if (!isCurrencyCode(currency)) {
    violations.add(`${field}.currency`, 'CURRENCY_CODE', `"${input.currency}" is not an ISO 4217 currency code`);
    return null;
  }
  if (rule.currency && currency !== rule.currency) {
    const owner = rule.currencyOwner ? `, ${rule.currencyOwner}'s currency` : '';
    violations.add(`${field}.currency`, 'SAME_CURRENCY', `must be ${rule.currency}${owner} (got ${currency})`);
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
  return { minor, currency };
}

/** Reads a SUM() or BIGINT that pg returns as a string into a safe integer of minor units. */
export function minorFromSql(value: string | number | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const minor = Number(value);
  if (!Number.isSafeInteger(minor)) throw new RangeError(`amount ${value} is not a safe whole number of minor units`);
  return minor;
}
