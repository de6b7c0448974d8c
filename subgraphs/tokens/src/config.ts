import { DEVELOPMENT_METERING_SECRET } from '../../../kit/auth/metering-signature';
import { EnvReader, readCommonConfig } from '../../../kit/config';

export interface TokensConfig {
  /** The secret metered services (claims) sign their metering requests with. */
  meteringSecret: string;
  /** How old a metering request's timestamp may be before it is refused as stale (ahead of now, only 30 s). */
  meteringMaxSkewSeconds: number;
  /** How long a reservation is held when the caller does not say. */
  reservationTtlSeconds: number;
  /** Tokens one claim submission costs. */
  claimSubmissionTokens: number;
  /** How often held reservations past their time, and auto top-ups left unpaid too long, are expired. */
  expiryCheckMs: number;
  /** How often due subscription periods are bought. */
  subscriptionCheckMs: number;
  /** How long an auto top-up may wait for payment before it expires and the next crossing may buy again. */
  pendingPurchaseTtlHours: number;
}

/** Settings of the tokens domain (validated once, at start-up). */
export function readTokensConfig(env: NodeJS.ProcessEnv = process.env): TokensConfig {
  const reader = new EnvReader(env);
  const { nodeEnv } = readCommonConfig(reader);
  const secret = reader.optionalString('TOKENS_METERING_SECRET');
  if (secret && secret.length < 32) reader.problem('TOKENS_METERING_SECRET must be at least 32 characters');
  if (!secret && nodeEnv === 'production') reader.problem('TOKENS_METERING_SECRET is required when NODE_ENV=production');
  const config = {
    meteringSecret: secret ?? DEVELOPMENT_METERING_SECRET,
    meteringMaxSkewSeconds: reader.int('TOKENS_METERING_MAX_SKEW_SECONDS', 300, { min: 5, max: 3_600 }),
    reservationTtlSeconds: reader.int('TOKENS_RESERVATION_TTL_SECONDS', 900, { min: 10, max: 86_400 }),
    claimSubmissionTokens: reader.int('TOKENS_CLAIM_SUBMISSION_COST', 1, { min: 1, max: 1_000_000 }),
    expiryCheckMs: reader.int('TOKENS_EXPIRY_CHECK_MS', 30_000, { min: 1_000, max: 3_600_000 }),
    subscriptionCheckMs: reader.int('TOKENS_SUBSCRIPTION_CHECK_MS', 3_600_000, { min: 1_000, max: 86_400_000 }),
    pendingPurchaseTtlHours: reader.int('TOKENS_PENDING_PURCHASE_TTL_HOURS', 72, { min: 1, max: 2_160 }),
  };
  reader.done();
  return config;
}
