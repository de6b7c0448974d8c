import { formatMinor, parseDecimal, scaleMinor } from './money';

describe('money', () => {
  it('parses exact decimals into minor units and back', () => {
    expect(parseDecimal('1500', 'KES')).toBe(150000);
    expect(parseDecimal('1500.5', 'KES')).toBe(150050);
    expect(parseDecimal('0.07', 'KES')).toBe(7);
    expect(parseDecimal('-12.30', 'KES')).toBe(-1230);
    expect(formatMinor(150050, 'KES')).toBe('1500.50');
    expect(formatMinor(7, 'KES')).toBe('0.07');
    expect(formatMinor(-1230, 'KES')).toBe('-12.30');
    expect(formatMinor(5000, 'UGX')).toBe('5000');
  });

  it('refuses more decimals than the currency has instead of rounding', () => {
    expect(() => parseDecimal('10.001', 'KES')).toThrow(/at most 2 decimal places/);
    expect(() => parseDecimal('10.5', 'UGX')).toThrow(/at most 0 decimal places/);
    expect(() => parseDecimal('1e3', 'KES')).toThrow(/not a decimal amount/);
  });

  it('scales by a rational factor with half-even rounding', () => {
    expect(scaleMinor(1000, 16, 100)).toBe(160); // 16% VAT on 10.00
    expect(scaleMinor(25, 1, 2)).toBe(12); // 12.5 → 12 (even)
    expect(scaleMinor(35, 1, 2)).toBe(18); // 17.5 → 18 (even)
    expect(scaleMinor(-35, 1, 2)).toBe(-18);
    expect(scaleMinor(100001, 13000, 10000)).toBe(130001); // 130001.3 → 130001
  });
});
