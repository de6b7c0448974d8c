import { GraphQLScalarType, Kind } from 'graphql';
import { Directive, Field, InputType, ObjectType } from 'type-graphql';
import type { ValueTransformer } from 'typeorm';

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
  from: (value: string | null) => {
    if (value === null || value === undefined) return value;
    const n = Number(value);
    assertSafe(n);
    return n;
  },
};
