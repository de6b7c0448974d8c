import { randomBytes } from 'node:crypto';
import { TokenCipher } from './token-cipher';

describe('token encryption at rest', () => {
  const cipher = new TokenCipher(randomBytes(32));

  it('round-trips and never stores the token readably (a fresh IV each time)', () => {
    const sealed = cipher.encrypt('refresh-token-123');
    expect(sealed).not.toContain('refresh-token-123');
    expect(cipher.encrypt('refresh-token-123')).not.toBe(sealed);
    expect(cipher.decrypt(sealed)).toBe('refresh-token-123');
  });

  it('refuses a tampered value or another key', () => {
    const sealed = cipher.encrypt('refresh-token-123');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'))).toThrow();
    expect(() => new TokenCipher(randomBytes(32)).decrypt(sealed)).toThrow();
  });
});
