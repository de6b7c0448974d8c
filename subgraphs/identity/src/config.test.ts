import { generateKeyPairSync } from 'node:crypto';
import { ConfigError } from '../../../kit/config';
import { keyThumbprint, readIdentityConfig } from './config';

const ed25519Pem = () => generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

describe('identity configuration', () => {
  it('has safe defaults outside production, with no key (one is generated at start-up)', () => {
    expect(readIdentityConfig({})).toEqual({
      nodeEnv: 'development',
      signingKey: null,
      issuer: 'mcs-identity',
      audience: 'mcs-api',
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 30 * 24 * 3600,
      enrolmentTicketTtlSeconds: 600,
      lockout: { maxFailures: 5, lockMinutes: 15 },
      passwordHashCost: 15,
      redisUrl: undefined,
    });
  });

  it('reads a PEM key with escaped newlines, its key id, lifetimes and lockout settings', () => {
    const pem = ed25519Pem();
    const config = readIdentityConfig({
      IDENTITY_SIGNING_KEY: pem.replace(/\n/g, '\\n'),
      IDENTITY_SIGNING_KEY_ID: 'key-2026-01',
      IDENTITY_ISSUER: 'https://id.example',
      IDENTITY_AUDIENCE: 'api',
      IDENTITY_ACCESS_TOKEN_TTL_SECONDS: '600',
      IDENTITY_REFRESH_TOKEN_TTL_DAYS: '7',
      IDENTITY_LOCKOUT_MAX_FAILURES: '3',
      IDENTITY_LOCKOUT_MINUTES: '30',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(config.signingKey?.kid).toBe('key-2026-01');
    expect(config.signingKey?.privateKey.asymmetricKeyType).toBe('ed25519');
    expect(config).toMatchObject({ issuer: 'https://id.example', audience: 'api', accessTokenTtlSeconds: 600, refreshTokenTtlSeconds: 7 * 86400, lockout: { maxFailures: 3, lockMinutes: 30 }, redisUrl: 'redis://127.0.0.1:6379' });
  });

  it('derives a stable key id from the key when none is given', () => {
    const pem = ed25519Pem();
    const a = readIdentityConfig({ IDENTITY_SIGNING_KEY: pem }).signingKey!;
    expect(a.kid).toBe(keyThumbprint(a));
    expect(readIdentityConfig({ IDENTITY_SIGNING_KEY: pem }).signingKey!.kid).toBe(a.kid);
  });

  it('refuses to start in production without a key or with a test-only hash cost', () => {
    expect(() => readIdentityConfig({ NODE_ENV: 'production' })).toThrow(/IDENTITY_SIGNING_KEY is required when NODE_ENV=production/);
    expect(() => readIdentityConfig({ NODE_ENV: 'production', IDENTITY_SIGNING_KEY: ed25519Pem(), IDENTITY_PASSWORD_HASH_COST: '10' })).toThrow(
      /IDENTITY_PASSWORD_HASH_COST below 15 is for tests only/,
    );
    expect(readIdentityConfig({ NODE_ENV: 'production', IDENTITY_SIGNING_KEY: ed25519Pem() }).passwordHashCost).toBe(15);
  });

  it('names malformed settings', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => readIdentityConfig({ IDENTITY_SIGNING_KEY: rsa })).toThrow(/IDENTITY_SIGNING_KEY must be the PKCS#8 PEM of an Ed25519 private key/);
    expect(() => readIdentityConfig({ IDENTITY_SIGNING_KEY: 'not a key' })).toThrow(ConfigError);
    expect(() => readIdentityConfig({ IDENTITY_PASSWORD_HASH_COST: '8' })).toThrow(/IDENTITY_PASSWORD_HASH_COST must be between 10 and 20/);
    expect(() => readIdentityConfig({ IDENTITY_LOCKOUT_MAX_FAILURES: 'five' })).toThrow(/IDENTITY_LOCKOUT_MAX_FAILURES must be an integer/);
  });
});
