import { EnvReader } from '../../../../kit/config';
import { ProviderName } from './provider';

export interface MpesaConfig {
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  shortcode: string;
  passkey: string;
  /** The last segment of the callback path: Daraja signs nothing, so the path is the secret. */
  callbackSecret: string;
  /** Our public base URL Daraja calls back (the callback path is appended). */
  callbackBaseUrl: string;
  timeoutMs: number;
}

export interface StripeConfig {
  baseUrl: string;
  secretKey: string;
  webhookSecret: string;
  timeoutMs: number;
}

export interface PaypalConfig {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  webhookId: string;
  timeoutMs: number;
}

/** How a provider pays out what it collected. */
export interface SettlementTerms {
  /** DAILY: one batch per business day of collections; ON_DEMAND: one batch of everything unsettled. */
  window: 'DAILY' | 'ON_DEMAND';
  /** Business days after a day's collections before they are paid out (Stripe T+2). */
  delayBusinessDays: number;
  /** Fee on each payment, in basis points of its amount. */
  feeBps: number;
  /** Fixed fee on each payment, in minor units. */
  fixedFeeMinor: number;
}

export interface ProviderConfig {
  /** Null when the provider's credentials are not configured: it is disabled. */
  mpesa: MpesaConfig | null;
  stripe: StripeConfig | null;
  paypal: PaypalConfig | null;
  /** How old a signed webhook may be, in seconds (Stripe). */
  webhookToleranceSeconds: number;
  settlement: Record<ProviderName, SettlementTerms>;
  /** How often the settlement job runs, in milliseconds. */
  settlementJobMs: number;
  /** How long any call to a provider may take, in milliseconds. */
  providerTimeoutMs: number;
  /** How long a PENDING intent blocks a new payment of its invoice before it may be superseded, in minutes. */
  pendingIntentMinutes: number;
  /** How often notifications that failed or matched no request are replayed, in milliseconds. */
  notificationReplayJobMs: number;
  /** Replays of one notification before it is left to a person. */
  notificationReplayMaxAttempts: number;
}

const SANDBOX_URLS = {
  mpesa: 'https://sandbox.safaricom.co.ke',
  stripe: 'https://api.stripe.com',
  paypal: 'https://api-m.sandbox.paypal.com',
};

/**
 * Reads the settings of one provider: all of its credentials or none (then it is disabled).
 * Half a configuration is refused, naming what is missing.
 */
function readGroup<K extends string>(reader: EnvReader, env: NodeJS.ProcessEnv, provider: string, names: Record<K, string>): Record<K, string> | null {
  const present = Object.values<string>(names).filter((name) => env[name]?.trim());
  if (present.length === 0) return null;
  const values = {} as Record<K, string>;
  for (const [key, name] of Object.entries(names) as [K, string][]) values[key] = reader.string(name);
  if (present.length < Object.keys(names).length) reader.problem(`${provider} is partly configured: set all of ${Object.values(names).join(', ')} or none`);
  return values;
}

function readTerms(reader: EnvReader, prefix: string, defaults: SettlementTerms): SettlementTerms {
  return {
    window: reader.oneOf(`${prefix}_WINDOW`, ['DAILY', 'ON_DEMAND'] as const, defaults.window),
    delayBusinessDays: reader.int(`${prefix}_DELAY_DAYS`, defaults.delayBusinessDays, { min: 0, max: 30 }),
    feeBps: reader.int(`${prefix}_FEE_BPS`, defaults.feeBps, { min: 0, max: 2_000 }),
    fixedFeeMinor: reader.int(`${prefix}_FIXED_FEE_MINOR`, defaults.fixedFeeMinor, { min: 0, max: 1_000_000 }),
  };
}

/** Settings of the payment providers (validated once, at start-up). Credentials come only from the environment. */
export function readProviderConfig(env: NodeJS.ProcessEnv = process.env): ProviderConfig {
  const reader = new EnvReader(env);
  const mpesaCredentials = readGroup(reader, env, 'M-Pesa', {
    consumerKey: 'FINANCE_MPESA_CONSUMER_KEY',
    consumerSecret: 'FINANCE_MPESA_CONSUMER_SECRET',
    shortcode: 'FINANCE_MPESA_SHORTCODE',
    passkey: 'FINANCE_MPESA_PASSKEY',
    callbackSecret: 'FINANCE_MPESA_CALLBACK_SECRET',
    callbackBaseUrl: 'FINANCE_MPESA_CALLBACK_BASE_URL',
  });
  if (mpesaCredentials) {
    reader.url('FINANCE_MPESA_CALLBACK_BASE_URL', ['https:', 'http:']);
    if (mpesaCredentials.callbackSecret.length < 16) reader.problem('FINANCE_MPESA_CALLBACK_SECRET must be at least 16 characters');
    if (!/^[A-Za-z0-9_-]+$/.test(mpesaCredentials.callbackSecret)) reader.problem('FINANCE_MPESA_CALLBACK_SECRET may hold only letters, digits, _ and -');
  }
  const stripeCredentials = readGroup(reader, env, 'Stripe', { secretKey: 'FINANCE_STRIPE_SECRET_KEY', webhookSecret: 'FINANCE_STRIPE_WEBHOOK_SECRET' });
  const paypalCredentials = readGroup(reader, env, 'PayPal', {
    clientId: 'FINANCE_PAYPAL_CLIENT_ID',
    clientSecret: 'FINANCE_PAYPAL_CLIENT_SECRET',
    webhookId: 'FINANCE_PAYPAL_WEBHOOK_ID',
  });
  const mpesaUrl = reader.url('FINANCE_MPESA_BASE_URL', ['https:', 'http:'], SANDBOX_URLS.mpesa) ?? SANDBOX_URLS.mpesa;
  const stripeUrl = reader.url('FINANCE_STRIPE_BASE_URL', ['https:', 'http:'], SANDBOX_URLS.stripe) ?? SANDBOX_URLS.stripe;
  const paypalUrl = reader.url('FINANCE_PAYPAL_BASE_URL', ['https:', 'http:'], SANDBOX_URLS.paypal) ?? SANDBOX_URLS.paypal;
  const timeoutMs = reader.int('FINANCE_PROVIDER_TIMEOUT_MS', 10_000, { min: 100, max: 120_000 });
  const config: ProviderConfig = {
    mpesa: mpesaCredentials ? { ...mpesaCredentials, baseUrl: mpesaUrl, timeoutMs } : null,
    stripe: stripeCredentials ? { ...stripeCredentials, baseUrl: stripeUrl, timeoutMs } : null,
    paypal: paypalCredentials ? { ...paypalCredentials, baseUrl: paypalUrl, timeoutMs } : null,
    webhookToleranceSeconds: reader.int('FINANCE_WEBHOOK_TOLERANCE_SECONDS', 300, { min: 10, max: 3_600 }),
    settlement: {
      [ProviderName.MPESA]: readTerms(reader, 'FINANCE_SETTLEMENT_MPESA', { window: 'DAILY', delayBusinessDays: 1, feeBps: 0, fixedFeeMinor: 0 }),
      [ProviderName.STRIPE]: readTerms(reader, 'FINANCE_SETTLEMENT_STRIPE', { window: 'DAILY', delayBusinessDays: 2, feeBps: 290, fixedFeeMinor: 0 }),
      [ProviderName.PAYPAL]: readTerms(reader, 'FINANCE_SETTLEMENT_PAYPAL', { window: 'ON_DEMAND', delayBusinessDays: 0, feeBps: 340, fixedFeeMinor: 0 }),
    },
    settlementJobMs: reader.int('FINANCE_SETTLEMENT_JOB_MS', 3_600_000, { min: 1_000, max: 86_400_000 }),
    providerTimeoutMs: timeoutMs,
    pendingIntentMinutes: reader.int('FINANCE_PENDING_INTENT_MINUTES', 30, { min: 1, max: 10_080 }),
    notificationReplayJobMs: reader.int('FINANCE_NOTIFICATION_REPLAY_JOB_MS', 60_000, { min: 1_000, max: 86_400_000 }),
    notificationReplayMaxAttempts: reader.int('FINANCE_NOTIFICATION_REPLAY_MAX_ATTEMPTS', 5, { min: 1, max: 100 }),
  };
  reader.done();
  return config;
}
