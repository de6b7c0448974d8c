import { EnvReader, readCommonConfig } from '../../../kit/config';

/** An OAuth client of a device provider; null in the config when its credentials are not set (it is then disabled). */
export interface OAuthSourceConfig {
  clientId: string;
  clientSecret: string;
  /** Where the member's browser is sent to authorise. */
  authorizeUrl: string;
  /** Base URL of the token endpoints (Fitbit: the API host; Google: oauth2.googleapis.com). */
  tokenBaseUrl: string;
  /** Base URL of the data API. */
  apiBaseUrl: string;
}

export interface WellnessConfig {
  fitbit: OAuthSourceConfig | null;
  googleFit: OAuthSourceConfig | null;
  appleHealthEnabled: boolean;
  /** Where providers send the member back after authorising (the member app's callback). */
  oauthRedirectUri: string;
  /** AES-256-GCM key (32 bytes) that encrypts stored device tokens. */
  tokenKey: Buffer;
  /** How long a started authorisation may wait for its callback. */
  oauthStateTtlMinutes: number;
  providerTimeoutMs: number;
  /** Days fetched on the first sync of a connection. */
  initialSyncDays: number;
  /** How long a waiting-list offer of a freed slot stays open. */
  offerTtlMinutes: number;
  syncJobMs: number;
  offerJobMs: number;
}

/** Used only outside production, so a developer's machine works without secrets; production must set its own. */
const DEVELOPMENT_TOKEN_KEY = Buffer.alloc(32, 7).toString('base64');

function readOAuthSource(reader: EnvReader, prefix: string, label: string, defaults: { authorize: string; token: string; api: string }): OAuthSourceConfig | null {
  const id = reader.optionalString(`${prefix}_CLIENT_ID`);
  const secret = reader.optionalString(`${prefix}_CLIENT_SECRET`);
  if (!id && !secret) return null;
  if (!id || !secret) {
    reader.problem(`${label} is partly configured: set both ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET or neither`);
    return null;
  }
  return {
    clientId: id,
    clientSecret: secret,
    authorizeUrl: reader.url(`${prefix}_AUTHORIZE_URL`, ['https:', 'http:'], defaults.authorize) ?? defaults.authorize,
    tokenBaseUrl: reader.url(`${prefix}_TOKEN_URL`, ['https:', 'http:'], defaults.token) ?? defaults.token,
    apiBaseUrl: reader.url(`${prefix}_API_URL`, ['https:', 'http:'], defaults.api) ?? defaults.api,
  };
}

/** Settings of the wellness domain (validated once, at start-up). Credentials come only from the environment. */
export function readWellnessConfig(env: NodeJS.ProcessEnv = process.env): WellnessConfig {
  const reader = new EnvReader(env);
  const { nodeEnv } = readCommonConfig(reader);
  const rawKey = reader.optionalString('WELLNESS_TOKEN_KEY');
  if (!rawKey && nodeEnv === 'production') reader.problem('WELLNESS_TOKEN_KEY is required when NODE_ENV=production');
  const tokenKey = Buffer.from(rawKey ?? DEVELOPMENT_TOKEN_KEY, 'base64');
  if (tokenKey.length !== 32) reader.problem('WELLNESS_TOKEN_KEY must be 32 bytes, base64-encoded');
  const config: WellnessConfig = {
    fitbit: readOAuthSource(reader, 'WELLNESS_FITBIT', 'Fitbit', { authorize: 'https://www.fitbit.com/oauth2/authorize', token: 'https://api.fitbit.com', api: 'https://api.fitbit.com' }),
    googleFit: readOAuthSource(reader, 'WELLNESS_GOOGLE_FIT', 'Google Fit', {
      authorize: 'https://accounts.google.com/o/oauth2/v2/auth',
      token: 'https://oauth2.googleapis.com',
      api: 'https://www.googleapis.com',
    }),
    appleHealthEnabled: reader.bool('WELLNESS_APPLE_HEALTH_ENABLED', true),
    oauthRedirectUri: reader.url('WELLNESS_OAUTH_REDIRECT_URI', ['https:', 'http:'], 'http://localhost:3000/wellness/connected') ?? '',
    tokenKey,
    oauthStateTtlMinutes: reader.int('WELLNESS_OAUTH_STATE_TTL_MINUTES', 15, { min: 1, max: 1_440 }),
    providerTimeoutMs: reader.int('WELLNESS_PROVIDER_TIMEOUT_MS', 10_000, { min: 100, max: 120_000 }),
    initialSyncDays: reader.int('WELLNESS_INITIAL_SYNC_DAYS', 30, { min: 1, max: 365 }),
    offerTtlMinutes: reader.int('WELLNESS_OFFER_TTL_MINUTES', 120, { min: 1, max: 10_080 }),
    syncJobMs: reader.int('WELLNESS_SYNC_JOB_MS', 3_600_000, { min: 1_000, max: 86_400_000 }),
    offerJobMs: reader.int('WELLNESS_OFFER_JOB_MS', 60_000, { min: 1_000, max: 3_600_000 }),
  };
  reader.done();
  return config;
}
