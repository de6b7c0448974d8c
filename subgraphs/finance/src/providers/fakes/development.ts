import { randomBytes } from 'node:crypto';
import { startFakeMpesa } from './mpesa.fake';
import { startFakePaypal } from './paypal.fake';
import { startFakeStripe } from './stripe.fake';

export interface DevelopmentProviderFakes {
  /** The FINANCE_* settings that point the finance subgraph at the fakes. */
  settings: Record<string, string>;
  urls: { mpesa: string; stripe: string; paypal: string };
  close(): Promise<void>;
}

/**
 * Starts the three provider stand-ins for local development, with credentials made up for this run,
 * and returns the settings that point finance at them. `callbackBaseUrl` is where finance serves
 * its public routes (the M-Pesa push names its callback there). Never for production.
 */
export async function startDevelopmentProviderFakes(
  callbackBaseUrl: string,
  ports: { mpesa?: number; stripe?: number; paypal?: number } = {},
): Promise<DevelopmentProviderFakes> {
  if (process.env.NODE_ENV === 'production') throw new Error('the payment provider fakes are for development and tests only');
  const secret = () => randomBytes(12).toString('hex');
  const mpesa = { consumerKey: 'dev-consumer-key', consumerSecret: `dev-${secret()}`, shortcode: '174379', passkey: `dev-${secret()}` };
  const stripe = { secretKey: `sk_test_dev${secret()}`, webhookSecret: `whsec_dev${secret()}` };
  const paypal = { clientId: 'dev-paypal-client', clientSecret: `dev-${secret()}`, webhookId: 'WH-DEV' };
  const [m, s, p] = await Promise.all([startFakeMpesa(mpesa, ports.mpesa ?? 0), startFakeStripe(stripe, ports.stripe ?? 0), startFakePaypal(paypal, ports.paypal ?? 0)]);
  return {
    settings: {
      FINANCE_MPESA_BASE_URL: m.url,
      FINANCE_MPESA_CONSUMER_KEY: mpesa.consumerKey,
      FINANCE_MPESA_CONSUMER_SECRET: mpesa.consumerSecret,
      FINANCE_MPESA_SHORTCODE: mpesa.shortcode,
      FINANCE_MPESA_PASSKEY: mpesa.passkey,
      FINANCE_MPESA_CALLBACK_SECRET: `dev${secret()}`,
      FINANCE_MPESA_CALLBACK_BASE_URL: callbackBaseUrl,
      FINANCE_STRIPE_BASE_URL: s.url,
      FINANCE_STRIPE_SECRET_KEY: stripe.secretKey,
      FINANCE_STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      FINANCE_PAYPAL_BASE_URL: p.url,
      FINANCE_PAYPAL_CLIENT_ID: paypal.clientId,
      FINANCE_PAYPAL_CLIENT_SECRET: paypal.clientSecret,
      FINANCE_PAYPAL_WEBHOOK_ID: paypal.webhookId,
    },
    urls: { mpesa: m.url, stripe: s.url, paypal: p.url },
    close: async () => {
      await Promise.all([m.close(), s.close(), p.close()]);
    },
  };
}
