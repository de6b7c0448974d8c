import { formatRate, functionalAmounts, parseRate, toFunctionalMinor } from './fx.rules';

describe('exchange rates', () => {
  it('parses exact decimal rates and refuses anything else', () => {
    expect(parseRate('129.5')).toEqual({ numerator: 1295n, denominator: 10n });
    expect(formatRate(parseRate('129.5000000000')!)).toBe('129.5');
    expect(formatRate(parseRate('130')!)).toBe('130');
    for (const bad of ['0', '-1', '1e3', 'abc', '1.12345678901']) expect(parseRate(bad)).toBeNull();
  });

  it('converts minor units minding each currency\'s decimals, half-even', () => {
    expect(toFunctionalMinor(10_000, 'USD', parseRate('129.5')!, 'KES')).toBe(1_295_000); // USD 100.00 → KES 12,950.00
    expect(toFunctionalMinor(1_000, 'UGX', parseRate('0.035')!, 'KES')).toBe(3_500); // UGX 1,000 → KES 35.00
    expect(toFunctionalMinor(1, 'USD', parseRate('0.5')!, 'KES')).toBe(0); // 0.5 cent rounds to even
    expect(toFunctionalMinor(3, 'USD', parseRate('0.5')!, 'KES')).toBe(2); // 1.5 cents rounds to even
  });
});

describe('functional amounts of an entry', () => {
  const usd = new Map([['USD', parseRate('129.5')!]]);
  const sums = (amounts: { debitMinor: number; creditMinor: number }[]) => [amounts.reduce((s, a) => s + a.debitMinor, 0), amounts.reduce((s, a) => s + a.creditMinor, 0)];

  it('takes the rounding off the largest line of the heavier side, so debits equal credits', () => {
    // 3 cents is KES 3.885 (388 half-even) but each 1 cent is KES 1.295 (130): line by line, credits exceed debits by 2.
    const lines = [
      { debitMinor: 3, creditMinor: 0, currency: 'USD' },
      { debitMinor: 0, creditMinor: 1, currency: 'USD' },
      { debitMinor: 0, creditMinor: 1, currency: 'USD' },
      { debitMinor: 0, creditMinor: 1, currency: 'USD' },
    ];
    expect(lines.map((l) => toFunctionalMinor(l.debitMinor + l.creditMinor, 'USD', usd.get('USD')!, 'KES'))).toEqual([388, 130, 130, 130]);
    const amounts = functionalAmounts(lines, usd, 'KES');
    expect(amounts).toEqual([
      { debitMinor: 388, creditMinor: 0 },
      { debitMinor: 0, creditMinor: 128 },
      { debitMinor: 0, creditMinor: 130 },
      { debitMinor: 0, creditMinor: 130 },
    ]);
    expect(sums(amounts)).toEqual([388, 388]);
  });

  it('keeps functional-currency lines exact and adds to the lighter side when the heavier one is too small', () => {
    const half = new Map([['USD', parseRate('0.5')!]]);
    const lines = [
      { debitMinor: 3, creditMinor: 0, currency: 'USD' }, // 1.5 → 2
      { debitMinor: 0, creditMinor: 1, currency: 'USD' }, // 0.5 → 0
      { debitMinor: 0, creditMinor: 1, currency: 'USD' },
      { debitMinor: 0, creditMinor: 1, currency: 'USD' },
      { debitMinor: 500, creditMinor: 0, currency: 'KES' },
      { debitMinor: 0, creditMinor: 500, currency: 'KES' },
    ];
    const amounts = functionalAmounts(lines, half, 'KES');
    expect(sums(amounts)).toEqual([502, 502]);
    expect(amounts.slice(4)).toEqual([{ debitMinor: 500, creditMinor: 0 }, { debitMinor: 0, creditMinor: 500 }]);
  });
});
