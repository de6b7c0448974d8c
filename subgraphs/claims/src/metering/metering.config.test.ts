import { DEVELOPMENT_METERING_SECRET } from '../../../../kit/auth/metering-signature';
import { readClaimsMeteringConfig } from './metering.config';

describe('claim metering configuration', () => {
  it('meters nothing unless CLAIMS_METERING_URL is set', () => {
    expect(readClaimsMeteringConfig({})).toEqual({ url: undefined, secret: DEVELOPMENT_METERING_SECRET, timeoutMs: 800 });
  });

  it('reads the tokens service URL (without a trailing slash), the secret and the timeout', () => {
    const secret = 's'.repeat(32);
    expect(readClaimsMeteringConfig({ CLAIMS_METERING_URL: 'http://tokens:4008/', TOKENS_METERING_SECRET: secret, CLAIMS_METERING_TIMEOUT_MS: '500' })).toEqual({
      url: 'http://tokens:4008',
      secret,
      timeoutMs: 500,
    });
  });

  it('refuses a malformed URL, and metering in production without a real secret', () => {
    expect(() => readClaimsMeteringConfig({ CLAIMS_METERING_URL: 'tokens' })).toThrow(/CLAIMS_METERING_URL must be a URL/);
    expect(() => readClaimsMeteringConfig({ NODE_ENV: 'production', CLAIMS_METERING_URL: 'http://tokens:4008' })).toThrow(/TOKENS_METERING_SECRET is required/);
  });
});
