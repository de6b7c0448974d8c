import { csvField, toCsv } from './csv';

describe('CSV export', () => {
  it('quotes fields holding a comma, quote or line break, doubling the quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(' padded')).toBe('" padded"');
  });

  it('writes numbers, empties and nulls as they are', () => {
    expect(csvField(-1500)).toBe('-1500');
    expect(csvField(12345678901234567890n)).toBe('12345678901234567890');
    expect(csvField('-42')).toBe('-42');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField('')).toBe('');
  });

  it('keeps text that looks like a spreadsheet formula from running', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('+254700')).toBe("'+254700");
  });

  it('puts the header first and ends every line with CRLF', () => {
    expect(toCsv(['day', 'name, with comma'], [['2026-01-01', 'x"y'], ['2026-01-02', null]])).toBe('day,"name, with comma"\r\n2026-01-01,"x""y"\r\n2026-01-02,\r\n');
    expect(toCsv(['only'], [])).toBe('only\r\n');
  });
});
