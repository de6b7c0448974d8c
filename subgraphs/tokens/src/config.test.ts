import { ConfigError } from '../../../kit/config';
import { DEVELOPMENT_METERING_SECRET } from '../../../kit/auth/metering-signature';
import { readTokensConfig } from './config';

describe('tokens configuration', () => {
  it('has defaults for every setting, with the development metering secret outside production', () => {
    expect(readTokensConfig({ NODE_ENV: 'development' })).toEqual({
      meteringSecret: DEVELOPMENT_METERING_SECRET,
      meteringMaxSkewSeconds: 300,
      reservationTtlSeconds: 900,
      claimSubmissionTokens: 1,
      expiryCheckMs: 30_000,
      subscriptionCheckMs: 3_600_000,
      pendingPurchaseTtlHours: 72,
    });
  });

  it('requires a real metering secret in production, and a long one anywhere', () => {
    expect(() => readTokensConfig({ NODE_ENV: 'production' })).toThrow(/TOKENS_METERING_SECRET is required when NODE_ENV=production/);
    expect(() => readTokensConfig({ TOKENS_METERING_SECRET: 'short' })).toThrow(/TOKENS_METERING_SECRET must be at least 32 characters/);
    expect(readTokensConfig({ NODE_ENV: 'production', TOKENS_METERING_SECRET: 'x'.repeat(40) }).meteringSecret).toBe('x'.repeat(40));
  });

  it('refuses a malformed setting, naming the variable', () => {
    expect(() => readTokensConfig({ TOKENS_CLAIM_SUBMISSION_COST: '0' })).toThrow(ConfigError);
    expect(() => readTokensConfig({ TOKENS_RESERVATION_TTL_SECONDS: 'soon' })).toThrow(/TOKENS_RESERVATION_TTL_SECONDS must be an integer/);
  });
});
