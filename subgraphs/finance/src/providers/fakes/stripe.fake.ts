import { createHash, randomBytes } from 'node:crypto';
import { stripeSignatureHeader } from '../stripe/stripe.signature';
import { deliver, fakeId, startFakeServer, type FakeRequest, type FakeResponse, type RunningFake } from './fake-server';

interface FakePaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  status: string;
  client_secret: string;
  metadata: Record<string, string>;
  latest_charge: string;
}

export interface FakeStripe extends Omit<RunningFake, 'requests'> {
  readonly intents: Map<string, FakePaymentIntent>;
  readonly refunds: { id: string; payment_intent: string; amount: number }[];
  /** Every API request received, in order, with its Idempotency-Key. */
  readonly requests: { path: string; idempotencyKey: string | undefined }[];
  /** Acts on the next request as usual but answers it only after `ms` (a caller with a shorter timeout never hears back). */
  stallNext(ms: number): void;
  /** A Stripe event around an object, as Stripe would send it. */
  event(type: string, object: Record<string, unknown>, id?: string): Record<string, unknown>;
  /** Sends an event to a webhook endpoint, signed like Stripe (or with another secret or time). */
  sendWebhook(url: string, event: Record<string, unknown>, options?: { secret?: string; timestamp?: number; signature?: string }): Promise<{ status: number; body: unknown }>;
}

function error(status: number, type: string, message: string): FakeResponse {
  return { status, body: { error: { type, message } } };
}

/** Stripe's API as far as the platform uses it: PaymentIntents and refunds, idempotent by `Idempotency-Key`, and signed webhooks. */
export async function startFakeStripe(credentials: { secretKey: string; webhookSecret: string }, port = 0): Promise<FakeStripe> {
  const intents = new Map<string, FakePaymentIntent>();
  const refunds: FakeStripe['refunds'] = [];
  const idempotent = new Map<string, { params: string; response: FakeResponse }>();
  const requests: FakeStripe['requests'] = [];
  let stallMs = 0;

  const server = await startFakeServer(async (req) => {
    const response = handle(req);
    if (!stallMs) return response;
    const ms = stallMs;
    stallMs = 0;
    return new Promise<FakeResponse>((resolve) => setTimeout(() => resolve(response), ms));
  }, port);

  function handle(req: FakeRequest): FakeResponse {
    if (req.headers.authorization !== `Bearer ${credentials.secretKey}`) {
      return error(401, 'invalid_request_error', 'Invalid API Key provided');
    }
    if (req.method !== 'POST') return error(404, 'invalid_request_error', `Unrecognized request URL (${req.method}: ${req.path})`);
    const form = new URLSearchParams(req.body);
    const key = req.headers['idempotency-key'] as string | undefined;
    requests.push({ path: req.path, idempotencyKey: key });
    const params = createHash('sha256').update(`${req.path}?${[...form.entries()].sort().map(([k, v]) => `${k}=${v}`).join('&')}`).digest('hex');
    if (key) {
      const previous = idempotent.get(key);
      if (previous && previous.params !== params) {
        return error(400, 'idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`);
      }
      if (previous) return previous.response;
    }
    let response: FakeResponse;
    if (req.path === '/v1/payment_intents') {
      const amount = Number(form.get('amount'));
      const currency = form.get('currency') ?? '';
      if (!Number.isInteger(amount) || amount < 1) response = error(400, 'invalid_request_error', 'Invalid positive integer: amount');
      else if (!/^[a-z]{3}$/.test(currency)) response = error(400, 'invalid_request_error', 'Invalid currency');
      else {
        const id = `pi_${fakeId('', 24)}`;
        const metadata: Record<string, string> = {};
        for (const [k, v] of form.entries()) {
          const m = /^metadata\[(.+)\]$/.exec(k);
          if (m) metadata[m[1]] = v;
        }
        const intent: FakePaymentIntent = {
          id,
          object: 'payment_intent',
          amount,
          amount_received: 0,
          currency,
          status: 'requires_payment_method',
          client_secret: `${id}_secret_${randomBytes(12).toString('hex')}`,
          metadata,
          latest_charge: `ch_${fakeId('', 24)}`,
        };
        intents.set(id, intent);
        response = { status: 200, body: intent };
      }
    } else if (req.path === '/v1/refunds') {
      const intent = intents.get(form.get('payment_intent') ?? '');
      const amount = Number(form.get('amount') ?? intent?.amount);
      const refunded = refunds.filter((r) => r.payment_intent === intent?.id).reduce((sum, r) => sum + r.amount, 0);
      if (!intent) response = error(400, 'invalid_request_error', `No such payment_intent: '${form.get('payment_intent')}'`);
      else if (amount > intent.amount - refunded) response = error(400, 'invalid_request_error', 'Refund amount is greater than unrefunded amount on charge');
      else {
        const refund = { id: `re_${fakeId('', 24)}`, object: 'refund', payment_intent: intent.id, amount, currency: intent.currency, status: 'succeeded' };
        refunds.push(refund);
        response = { status: 200, body: refund };
      }
    } else {
      response = error(404, 'invalid_request_error', `Unrecognized request URL (POST: ${req.path})`);
    }
    if (key && response.status < 500) idempotent.set(key, { params, response });
    return response;
  }

  return {
    ...server,
    intents,
    refunds,
    requests,
    stallNext: (ms) => {
      stallMs = ms;
    },
    event: (type, object, id) => ({
      id: id ?? `evt_${fakeId('', 24)}`,
      object: 'event',
      api_version: '2024-06-20',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      type,
      data: { object },
    }),
    sendWebhook: (url, event, options = {}) => {
      const body = JSON.stringify(event, null, 2);
      const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
      const signature = options.signature ?? stripeSignatureHeader(options.secret ?? credentials.webhookSecret, timestamp, body);
      return deliver(url, body, { 'Stripe-Signature': signature });
    },
  };
}
