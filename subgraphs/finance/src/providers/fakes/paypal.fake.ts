import { createHmac, randomBytes } from 'node:crypto';
import { basicCredentials, deliver, fakeId, startFakeServer, type FakeResponse, type RunningFake } from './fake-server';

interface FakeOrder {
  id: string;
  status: 'CREATED' | 'APPROVED' | 'COMPLETED';
  purchaseUnit: { reference_id: string; custom_id: string; invoice_id: string; amount: { currency_code: string; value: string } };
  captureResponse?: FakeResponse;
}

export interface FakePaypal extends RunningFake {
  readonly orders: Map<string, FakeOrder>;
  /** The payer approves the order on PayPal's page. */
  approve(orderId: string): void;
  /** An event around a resource, as PayPal would send it. */
  event(eventType: string, resource: Record<string, unknown>, id?: string): Record<string, unknown>;
  /** Sends an event with PayPal's transmission headers; a forged one carries a signature PayPal will not vouch for. */
  sendWebhook(url: string, event: Record<string, unknown>, options?: { forged?: boolean }): Promise<{ status: number; body: unknown }>;
}

function issue(status: number, name: string, detail: string): FakeResponse {
  return { status, body: { name, message: detail, details: [{ issue: detail }] } };
}

/** PayPal's REST API as far as the platform uses it: OAuth2, Orders v2, capture refunds and webhook verification. */
export async function startFakePaypal(credentials: { clientId: string; clientSecret: string; webhookId: string }, port = 0): Promise<FakePaypal> {
  const tokens = new Set<string>();
  const orders = new Map<string, FakeOrder>();
  const captures = new Map<string, { orderId: string; amount: { currency_code: string; value: string } }>();
  const byRequestId = new Map<string, FakeResponse>();
  // PayPal signs with its certificate; the fake signs with a key of its own and checks that on verify.
  const signingKey = randomBytes(32);
  const sign = (transmissionId: string, time: string, webhookId: string, event: unknown) =>
    createHmac('sha256', signingKey).update(`${transmissionId}|${time}|${webhookId}|${JSON.stringify(event)}`).digest('base64');

  const server = await startFakeServer((req) => {
    if (req.method === 'POST' && req.path === '/v1/oauth2/token') {
      const basic = basicCredentials(req.headers.authorization);
      if (!basic || basic.user !== credentials.clientId || basic.password !== credentials.clientSecret) {
        return { status: 401, body: { error: 'invalid_client', error_description: 'Client Authentication failed' } };
      }
      if (new URLSearchParams(req.body).get('grant_type') !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
      const token = `A21AA${randomBytes(16).toString('hex')}`;
      tokens.add(token);
      return { status: 200, body: { scope: 'https://uri.paypal.com/services/payments', access_token: token, token_type: 'Bearer', expires_in: 32400 } };
    }
    const token = req.headers.authorization?.replace(/^Bearer /, '');
    if (!token || !tokens.has(token)) return issue(401, 'AUTHENTICATION_FAILURE', 'Authentication failed due to invalid authentication credentials or a missing Authorization header.');
    const requestId = req.headers['paypal-request-id'] as string | undefined;
    const cacheKey = requestId ? `${req.path}|${requestId}` : null;
    if (cacheKey && byRequestId.has(cacheKey)) return byRequestId.get(cacheKey)!;
    const body = req.body ? JSON.parse(req.body) : {};
    let response: FakeResponse;
    const capture = /^\/v2\/checkout\/orders\/([^/]+)\/capture$/.exec(req.path);
    const refund = /^\/v2\/payments\/captures\/([^/]+)\/refund$/.exec(req.path);
    if (req.method === 'POST' && req.path === '/v2/checkout/orders') {
      const unit = body.purchase_units?.[0];
      if (body.intent !== 'CAPTURE' || !unit?.amount?.value) response = issue(422, 'UNPROCESSABLE_ENTITY', 'INVALID_PARAMETER_VALUE');
      else {
        const order: FakeOrder = { id: fakeId('', 17), status: 'CREATED', purchaseUnit: unit };
        orders.set(order.id, order);
        response = { status: 201, body: { id: order.id, status: 'CREATED', links: [{ rel: 'approve', href: `https://www.sandbox.paypal.com/checkoutnow?token=${order.id}`, method: 'GET' }] } };
      }
    } else if (req.method === 'POST' && capture) {
      const order = orders.get(capture[1]);
      if (!order) response = issue(404, 'RESOURCE_NOT_FOUND', 'INVALID_RESOURCE_ID');
      else if (order.status === 'COMPLETED') response = issue(422, 'UNPROCESSABLE_ENTITY', 'ORDER_ALREADY_CAPTURED');
      else if (order.status !== 'APPROVED') response = issue(422, 'UNPROCESSABLE_ENTITY', 'ORDER_NOT_APPROVED');
      else {
        order.status = 'COMPLETED';
        const captureId = fakeId('', 17);
        captures.set(captureId, { orderId: order.id, amount: order.purchaseUnit.amount });
        response = {
          status: 201,
          body: {
            id: order.id,
            status: 'COMPLETED',
            purchase_units: [
              {
                reference_id: order.purchaseUnit.reference_id,
                payments: {
                  captures: [
                    { id: captureId, status: 'COMPLETED', amount: order.purchaseUnit.amount, custom_id: order.purchaseUnit.custom_id, create_time: new Date().toISOString() },
                  ],
                },
              },
            ],
          },
        };
      }
    } else if (req.method === 'POST' && refund) {
      const captured = captures.get(refund[1]);
      response = captured
        ? { status: 201, body: { id: fakeId('', 17), status: 'COMPLETED', amount: body.amount ?? captured.amount } }
        : issue(404, 'RESOURCE_NOT_FOUND', 'INVALID_RESOURCE_ID');
    } else if (req.method === 'POST' && req.path === '/v1/notifications/verify-webhook-signature') {
      const expected = sign(body.transmission_id, body.transmission_time, body.webhook_id, body.webhook_event);
      const ok = body.webhook_id === credentials.webhookId && body.transmission_sig === expected && body.auth_algo === 'SHA256withRSA';
      response = { status: 200, body: { verification_status: ok ? 'SUCCESS' : 'FAILURE' } };
    } else {
      response = issue(404, 'RESOURCE_NOT_FOUND', 'The requested resource was not found');
    }
    // A repeated PayPal-Request-Id replays a success; a refusal (an order not yet approved) can be retried.
    if (cacheKey && response.status < 300) byRequestId.set(cacheKey, response);
    return response;
  }, port);

  return {
    ...server,
    orders,
    approve: (orderId) => {
      const order = orders.get(orderId);
      if (!order) throw new Error(`no order ${orderId}`);
      order.status = 'APPROVED';
    },
    event: (eventType, resource, id) => ({
      id: id ?? `WH-${fakeId('', 8)}-${fakeId('', 17)}`,
      event_version: '1.0',
      create_time: new Date().toISOString(),
      resource_type: eventType.startsWith('CUSTOMER.DISPUTE') ? 'dispute' : 'capture',
      event_type: eventType,
      summary: eventType,
      resource,
    }),
    sendWebhook: (url, event, options = {}) => {
      const transmissionId = randomBytes(16).toString('hex');
      const time = new Date().toISOString();
      const signature = options.forged ? randomBytes(32).toString('base64') : sign(transmissionId, time, credentials.webhookId, event);
      return deliver(url, JSON.stringify(event), {
        'paypal-transmission-id': transmissionId,
        'paypal-transmission-time': time,
        'paypal-transmission-sig': signature,
        'paypal-cert-url': `${server.url}/v1/notifications/certs/CERT-360caa42-fca2a594-fake`,
        'paypal-auth-algo': 'SHA256withRSA',
      });
    },
  };
}
