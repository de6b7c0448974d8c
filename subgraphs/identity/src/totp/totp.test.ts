import { base32Decode, base32Encode, generateTotpSecret, hotp, matchTotp, otpauthUri, totpCode } from './totp';

// RFC 6238 appendix B uses the ASCII key "12345678901234567890" for SHA-1, with 8-digit codes.
const RFC_KEY = Buffer.from('12345678901234567890', 'ascii');
const RFC_SECRET = base32Encode(RFC_KEY);

describe('base32', () => {
  it('encodes and decodes RFC 4648 test vectors', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI']];
    for (const [plain, encoded] of vectors) {
      expect(base32Encode(Buffer.from(plain))).toBe(encoded);
      expect(base32Decode(encoded).toString()).toBe(plain);
    }
    expect(RFC_SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('gezd gnbv-gy3t qojq gezdgnbvgy3tqojq====')).toEqual(RFC_KEY);
  });

  it('refuses characters outside the alphabet', () => {
    expect(() => base32Decode('ABC1')).toThrow(/not a base32 character/);
  });

  it('makes 160-bit secrets that differ', () => {
    const a = generateTotpSecret();
    expect(base32Decode(a)).toHaveLength(20);
    expect(a).not.toBe(generateTotpSecret());
  });
});

describe('TOTP (RFC 6238, HMAC-SHA1)', () => {
  it('matches the RFC test vectors', () => {
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ];
    for (const [seconds, code] of vectors) {
      expect(hotp(RFC_KEY, Math.floor(seconds / 30), 8)).toBe(code);
      expect(totpCode(RFC_SECRET, seconds * 1000, 8)).toBe(code);
      // Six digits are the last six of the eight.
      expect(totpCode(RFC_SECRET, seconds * 1000)).toBe(code.slice(2));
    }
  });

  it('accepts the code of the step before and after now, and no further', () => {
    const now = 1234567890_000;
    const step = Math.floor(now / 30_000);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, now), now)).toBe(step);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, now - 30_000), now)).toBe(step - 1);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, now + 30_000), now)).toBe(step + 1);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, now - 60_000), now)).toBeNull();
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, now + 60_000), now)).toBeNull();
  });

  it('refuses malformed codes', () => {
    expect(matchTotp(RFC_SECRET, '12345', Date.now())).toBeNull();
    expect(matchTotp(RFC_SECRET, 'abcdef', Date.now())).toBeNull();
  });

  it('writes an otpauth URI authenticator apps read', () => {
    const uri = otpauthUri('JBSWY3DPEHPK3PXP', 'admin@demo.mcs.test', 'MCS Health');
    expect(uri).toBe('otpauth://totp/MCS%20Health%3Aadmin%40demo.mcs.test?secret=JBSWY3DPEHPK3PXP&issuer=MCS+Health&algorithm=SHA1&digits=6&period=30');
  });
});
