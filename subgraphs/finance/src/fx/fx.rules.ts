import { currencyExponent } from '../../../../kit/money';

const RATE = /^(\d{1,12})(?:\.(\d{1,10}))?$/;

/** A rate as an exact fraction: `numerator / denominator` (never a float). */
export interface ExactRate {
  numerator: bigint;
  denominator: bigint;
}

/** Parses a positive decimal rate ("129.5", at most 10 decimals); null when it is not one. */
export function parseRate(value: string): ExactRate | null {
  const match = RATE.exec(value.trim());
  if (!match) return null;
  const [, whole, fraction = ''] = match;
  const numerator = BigInt(whole + fraction);
  if (numerator === 0n) return null;
  return { numerator, denominator: 10n ** BigInt(fraction.length) };
}

/** A parsed rate back as its shortest decimal string (what PostgreSQL's numeric returns has trailing zeros). */
export function formatRate(rate: ExactRate): string {
  const scale = rate.denominator.toString().length - 1;
  const digits = rate.numerator.toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return scale === 0 ? text : text.replace(/\.?0+$/, '');
}

/**
 * Minor units of `currency` in minor units of the functional currency at `rate` (functional units
 * per unit of `currency`), minding each currency's decimals, rounded half-even.
 */
export function toFunctionalMinor(minor: number, currency: string, rate: ExactRate, functionalCurrency: string): number {
  const numerator = BigInt(minor) * rate.numerator * 10n ** BigInt(currencyExponent(functionalCurrency));
  const denominator = rate.denominator * 10n ** BigInt(currencyExponent(currency));
  let quotient = numerator / denominator;
  const twice = (numerator % denominator) * 2n;
  if (twice > denominator || (twice === denominator && quotient % 2n !== 0n)) quotient += 1n;
  const result = Number(quotient);
  if (!Number.isSafeInteger(result)) throw new RangeError('functional amount is too large');
  return result;
}

export interface FunctionalLine {
  debitMinor: number;
  creditMinor: number;
  currency: string;
}

/**
 * Each line's debit and credit in the functional currency, with the rounding allocated so the
 * entry balances in it: lines each rounded half-even can leave debits and credits a few minor
 * units apart, and that difference is taken off the largest foreign-currency line of the heavier
 * side (or, when that side has none large enough, added to the largest of the lighter side).
 * Functional-currency lines keep their exact amounts. `rates` holds each foreign currency's rate.
 */
export function functionalAmounts(lines: readonly FunctionalLine[], rates: ReadonlyMap<string, ExactRate>, functionalCurrency: string): { debitMinor: number; creditMinor: number }[] {
  const amounts = lines.map((line) => {
    const rate = rates.get(line.currency);
    if (line.currency === functionalCurrency || !rate) return { debitMinor: line.debitMinor, creditMinor: line.creditMinor };
    return { debitMinor: toFunctionalMinor(line.debitMinor, line.currency, rate, functionalCurrency), creditMinor: toFunctionalMinor(line.creditMinor, line.currency, rate, functionalCurrency) };
  });
  const difference = amounts.reduce((sum, a) => sum + a.debitMinor - a.creditMinor, 0);
  if (difference === 0) return amounts;
  const side = (debits: boolean) => (index: number) => (debits ? lines[index].debitMinor > 0 : lines[index].creditMinor > 0);
  const largest = (onSide: (index: number) => boolean, minimum: number): number | null => {
    let best: number | null = null;
    amounts.forEach((amount, index) => {
      if (lines[index].currency === functionalCurrency || !onSide(index)) return;
      const value = amount.debitMinor + amount.creditMinor;
      if (value > minimum && (best === null || value > amounts[best].debitMinor + amounts[best].creditMinor)) best = index;
    });
    return best;
  };
  const heavierIsDebit = difference > 0;
  const gap = Math.abs(difference);
  const heavier = largest(side(heavierIsDebit), gap);
  if (heavier !== null) {
    if (heavierIsDebit) amounts[heavier].debitMinor -= gap;
    else amounts[heavier].creditMinor -= gap;
    return amounts;
  }
  const lighter = largest(side(!heavierIsDebit), -1);
  if (lighter === null) throw new RangeError('an unbalanced functional amount needs a foreign-currency line to absorb it');
  if (heavierIsDebit) amounts[lighter].creditMinor += gap;
  else amounts[lighter].debitMinor += gap;
  return amounts;
}
