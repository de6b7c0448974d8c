import { ValidationError, Violations } from '../../../../kit/errors';
import { hashPassword, needsRehash, parsePasswordHash, verifyPassword } from './password';
import { checkPasswordPolicy } from './password.policy';

describe('password hashing', () => {
  it('round-trips, with algorithm, parameters and salt encoded in the stored string', async () => {
    const stored = await hashPassword('Correct horse 42', 10);
    expect(stored).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
    expect(await verifyPassword('Correct horse 42', stored)).toBe(true);
    expect(await verifyPassword('Correct horse 43', stored)).toBe(false);
    expect(await hashPassword('Correct horse 42', 10)).not.toBe(stored);
  });

  it('uses N = 2^15, r = 8, p = 1 and a 64-byte key by default', async () => {
    const stored = await hashPassword('Correct horse 42');
    expect(parsePasswordHash(stored)).toMatchObject({ cost: 15, blockSize: 8, parallelism: 1 });
    expect(parsePasswordHash(stored)!.key).toHaveLength(64);
    expect(parsePasswordHash(stored)!.salt).toHaveLength(16);
    expect(await verifyPassword('Correct horse 42', stored)).toBe(true);
  });

  it('verifies with the parameters stored, and says when a hash is below the current cost', async () => {
    const cheap = await hashPassword('Correct horse 42', 11);
    expect(await verifyPassword('Correct horse 42', cheap)).toBe(true);
    expect(needsRehash(cheap, 15)).toBe(true);
    expect(needsRehash(cheap, 11)).toBe(false);
  });

  it('never matches a malformed or foreign hash, and refuses a cost below the floor', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$4$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA')).toBe(false);
    await expect(hashPassword('x', 4)).rejects.toThrow(RangeError);
  });
});

function policyRules(password: string, email = 'wanjiru.kamau@demo.mcs.test'): string[] {
  const violations = new Violations();
  checkPasswordPolicy(password, email, violations);
  try {
    violations.throwIfAny();
    return [];
  } catch (error) {
    const v = (error as ValidationError).violations;
    expect(v.every((x) => x.field === 'password')).toBe(true);
    return v.map((x) => x.rule);
  }
}

describe('password policy', () => {
  it('accepts a long password with three character classes', () => {
    expect(policyRules('Mango tree by the river 7')).toEqual([]);
    expect(policyRules('savanna-sunrise-42')).toEqual([]);
  });

  it('names each rule broken, on the password field', () => {
    expect(policyRules('Short1!')).toEqual(['MIN_LENGTH']);
    expect(policyRules(`Aa1!${'x'.repeat(125)}`)).toEqual(['MAX_LENGTH']);
    expect(policyRules('alllowercaseletters')).toEqual(['CHARACTER_CLASSES']);
    expect(policyRules('12345678901234')).toEqual(['CHARACTER_CLASSES']);
    expect(policyRules('My-Wanjiru.Kamau-2026')).toEqual(['CONTAINS_EMAIL']);
    expect(policyRules('Password@123')).toEqual(['COMMON_PASSWORD']);
    expect(policyRules('password1234')).toEqual(['CHARACTER_CLASSES', 'COMMON_PASSWORD']);
  });
});
