import { DEVELOPMENT_METERING_SECRET } from '../../../../kit/auth/metering-signature';
import { EnvReader, readCommonConfig } from '../../../../kit/config';

export interface ClaimsMeteringConfig {
  /** The tokens service's base URL; unset, claim submission is not metered. */
  url?: string;
  /** Shared with the tokens service, to sign metering requests. */
  secret: string;
  /**
   * How long claims waits for the tokens service before refusing the claim. Short: a claim
   * submission waits for it, though it holds no database connection meanwhile.
   */
  timeoutMs: number;
}

/** Metering settings of claim submission (validated once, at start-up). */
export function readClaimsMeteringConfig(env: NodeJS.ProcessEnv = process.env): ClaimsMeteringConfig {
  const reader = new EnvReader(env);
  const { nodeEnv } = readCommonConfig(reader);
  const url = reader.url('CLAIMS_METERING_URL', ['http:', 'https:']);
  const secret = reader.optionalString('TOKENS_METERING_SECRET');
  if (secret && secret.length < 32) reader.problem('TOKENS_METERING_SECRET must be at least 32 characters');
  if (url && !secret && nodeEnv === 'production') reader.problem('TOKENS_METERING_SECRET is required when CLAIMS_METERING_URL is set and NODE_ENV=production');
  const config = {
    url: url?.replace(/\/+$/, ''),
    secret: secret ?? DEVELOPMENT_METERING_SECRET,
    timeoutMs: reader.int('CLAIMS_METERING_TIMEOUT_MS', 800, { min: 100, max: 30_000 }),
  };
  reader.done();
  return config;
}
