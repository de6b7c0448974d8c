import { createHash } from 'node:crypto';
import { EnvReader } from '../../../kit/config';
import { publicJwk, signingKeyFromPem, type SigningKey } from '../../../kit/auth/jwt';
import { MIN_PASSWORD_HASH_COST, PASSWORD_HASH_COST } from './password/password';

export interface IdentityConfig {
  nodeEnv: 'development' | 'test' | 'production';
  /** The configured token signing key; null outside production means "generate one at start-up". */
  signingKey: SigningKey | null;
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** How long a staff user's two-factor enrolment ticket lasts. */
  enrolmentTicketTtlSeconds: number;
  lockout: {
    /** Consecutive failed sign-ins that lock an account. */
    maxFailures: number;
    lockMinutes: number;
  };
  /** scrypt cost as log2 N (15 in production; tests lower it to stay fast). */
  passwordHashCost: number;
  redisUrl?: string;
}

/** Settings of the identity service (validated once, at start-up). */
export function readIdentityConfig(env: NodeJS.ProcessEnv = process.env): IdentityConfig {
  const reader = new EnvReader(env);
  const nodeEnv = reader.oneOf('NODE_ENV', ['development', 'test', 'production'] as const, 'development');
  const pem = reader.optionalString('IDENTITY_SIGNING_KEY')?.replace(/\\n/g, '\n');
  const keyId = reader.optionalString('IDENTITY_SIGNING_KEY_ID');
  let signingKey: SigningKey | null = null;
  if (pem) {
    try {
      signingKey = signingKeyFromPem(keyId ?? 'pending', pem);
      if (!keyId) signingKey = { ...signingKey, kid: keyThumbprint(signingKey) };
    } catch (error) {
      reader.problem(`IDENTITY_SIGNING_KEY must be the PKCS#8 PEM of an Ed25519 private key (${error instanceof Error ? error.message : String(error)})`);
    }
  } else if (nodeEnv === 'production') {
    reader.problem('IDENTITY_SIGNING_KEY is required when NODE_ENV=production (PKCS#8 PEM of an Ed25519 private key)');
  }
  const passwordHashCost = reader.int('IDENTITY_PASSWORD_HASH_COST', PASSWORD_HASH_COST, { min: MIN_PASSWORD_HASH_COST, max: 20 });
  if (nodeEnv === 'production' && passwordHashCost < PASSWORD_HASH_COST) {
    reader.problem(`IDENTITY_PASSWORD_HASH_COST below ${PASSWORD_HASH_COST} is for tests only and refused when NODE_ENV=production`);
  }
  const config: IdentityConfig = {
    nodeEnv,
    signingKey,
    issuer: reader.string('IDENTITY_ISSUER', 'mcs-identity'),
    audience: reader.string('IDENTITY_AUDIENCE', 'mcs-api'),
    accessTokenTtlSeconds: reader.int('IDENTITY_ACCESS_TOKEN_TTL_SECONDS', 15 * 60, { min: 60, max: 24 * 3600 }),
    refreshTokenTtlSeconds: reader.int('IDENTITY_REFRESH_TOKEN_TTL_DAYS', 30, { min: 1, max: 365 }) * 24 * 3600,
    enrolmentTicketTtlSeconds: reader.int('IDENTITY_ENROLMENT_TICKET_TTL_SECONDS', 10 * 60, { min: 60, max: 3600 }),
    lockout: {
      maxFailures: reader.int('IDENTITY_LOCKOUT_MAX_FAILURES', 5, { min: 1, max: 100 }),
      lockMinutes: reader.int('IDENTITY_LOCKOUT_MINUTES', 15, { min: 1, max: 24 * 60 }),
    },
    passwordHashCost,
    redisUrl: reader.url('REDIS_URL', ['redis:', 'rediss:']),
  };
  reader.done();
  return config;
}

/** A stable key id from the public key itself (RFC 7638 JWK thumbprint), for when none is configured. */
export function keyThumbprint(key: Pick<SigningKey, 'publicKey'>): string {
  const { x } = publicJwk({ kid: '', publicKey: key.publicKey });
  return createHash('sha256').update(JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x })).digest('base64url').slice(0, 16);
}
