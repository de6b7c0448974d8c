import { randomUUID } from 'node:crypto';
import { createHttpApp, listen, type RunningServer } from '../../../../kit/http';
import { systemClock } from '../../../../kit/clock';
import { createLogger, type Logger } from '../../../../kit/logger';
import { Metrics } from '../../../../kit/metrics';
import { eventually, execute, executeOk, memberActor, outboxEventsOf, staffActor, startTestSubgraph } from '../../../../kit/testing';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { checkLedger } from '../ledger/ledger-check';
import type { FinanceLoaders } from '../loaders';
import type { FinanceServices } from '../services';
import { financeSubgraph } from '../subgraph';
import { payTestInvoice, raiseTestInvoice, type TestInvoice } from '../testing';
import { deliver } from './fakes/fake-server';
import { startFakeMpesa, type FakeMpesa } from './fakes/mpesa.fake';
import { startFakePaypal, type FakePaypal } from './fakes/paypal.fake';
import { startFakeStripe, type FakeStripe } from './fakes/stripe.fake';
import { MPESA_CALLBACK_PATH } from './mpesa/mpesa.adapter';
import { ProviderName } from './provider';
import { readProviderConfig } from './provider.config';
import { ProviderPaymentService } from './provider.service';
import { providerNotificationReplayJob } from './providers.definition';
import { StripeAdapter } from './stripe/stripe.adapter';

const MPESA = { consumerKey: 'test-consumer-key', consumerSecret: 'test-consumer-secret', shortcode: '174379', passkey: 'test-passkey-0123456789' };
const CALLBACK_SECRET = `cb_${randomUUID().replace(/-/g, '')}`;
const STRIPE = { secretKey: `sk_test_${randomUUID().replace(/-/g, '')}`, webhookSecret: `whsec_${randomUUID().replace(/-/g, '')}` };
const PAYPAL = { clientId: 'test-paypal-client', clientSecret: 'test-paypal-secret', webhookId: `WH-${randomUUID()}` };

let runtime: SubgraphRuntime<FinanceServices, FinanceLoaders>;
let http: RunningServer;
let baseUrl: string;
let mpesa: FakeMpesa;
let stripe: FakeStripe;
let paypal: FakePaypal;
/** What the HTTP shell logged: the access log lines among them. */
const httpLog: ({ msg: string } & Record<string, unknown>)[] = [];

beforeAll(async () => {
  [mpesa, stripe, paypal] = await Promise.all([startFakeMpesa(MPESA), startFakeStripe(STRIPE), startFakePaypal(PAYPAL)]);
  // Our HTTP app listens first, so Daraja can be told its address; the routes are mounted once the services exist.
  const logger = createLogger({ service: 'finance', test: true });
  const capture =
    (level: 'debug' | 'info' | 'warn' | 'error'): Logger[typeof level] =>
    (msg, fields) => {
      httpLog.push({ msg, ...fields });
      logger[level](msg, fields);
    };
  const httpLogger: Logger = { ...logger, debug: capture('debug'), info: capture('info'), warn: capture('warn'), error: capture('error') };
  const app = createHttpApp({ logger: httpLogger, metrics: new Metrics(), isReady: async () => ({}) });
  http = await listen(app, 0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${http.port}`;
  Object.assign(process.env, {
    FINANCE_MPESA_BASE_URL: mpesa.url,
    FINANCE_MPESA_CONSUMER_KEY: MPESA.consumerKey,
    FINANCE_MPESA_CONSUMER_SECRET: MPESA.consumerSecret,
    FINANCE_MPESA_SHORTCODE: MPESA.shortcode,
    FINANCE_MPESA_PASSKEY: MPESA.passkey,
    FINANCE_MPESA_CALLBACK_SECRET: CALLBACK_SECRET,
    FINANCE_MPESA_CALLBACK_BASE_URL: baseUrl,
    FINANCE_STRIPE_BASE_URL: stripe.url,
    FINANCE_STRIPE_SECRET_KEY: STRIPE.secretKey,
    FINANCE_STRIPE_WEBHOOK_SECRET: STRIPE.webhookSecret,
    FINANCE_PAYPAL_BASE_URL: paypal.url,
    FINANCE_PAYPAL_CLIENT_ID: PAYPAL.clientId,
    FINANCE_PAYPAL_CLIENT_SECRET: PAYPAL.clientSecret,
    FINANCE_PAYPAL_WEBHOOK_ID: PAYPAL.webhookId,
  });
  runtime = await startTestSubgraph(financeSubgraph);
  financeSubgraph.httpRoutes!(app, runtime.services);
});

afterAll(async () => {
  await runtime?.stop();
  await Promise.all([http?.close(), mpesa?.close(), stripe?.close(), paypal?.close()]);
});

const INTENT_FIELDS = 'id provider status providerRequestId payerPhone failureReason amount { amount currency } invoice { id status } payment { id paymentNumber method externalReference }';
const START_MPESA = `mutation($invoiceId: ID!, $phone: String!, $key: String!) {
  startMpesaPayment(invoiceId: $invoiceId, phone: $phone, idempotencyKey: $key) { ${INTENT_FIELDS} } }`;
const START_CARD = `mutation($invoiceId: ID!, $key: String!) {
  createCardPaymentIntent(invoiceId: $invoiceId, idempotencyKey: $key) { clientSecret intent { ${INTENT_FIELDS} } } }`;
const REFUND = `mutation($input: RefundPaymentInput!, $key: String!) {
  refundPayment(input: $input, idempotencyKey: $key) { id refundNumber amount { amount } providerRefundId method journalEntryId } }`;

const key = () => `key-${randomUUID()}`;

/** What finance holds about an invoice: its state, payments, their ledger entries and the provider notifications about it. */
async function invoiceState(invoiceId: string) {
  const [invoice] = await runtime.dataSource.query(`SELECT status, amount_paid_minor::int AS paid FROM invoices WHERE id = $1`, [invoiceId]);
  const payments: { id: string; method: string; external_reference: string }[] = await runtime.dataSource.query(
    `SELECT id, method, external_reference FROM payments WHERE invoice_id = $1`,
    [invoiceId],
  );
  const [{ entries }] = await runtime.dataSource.query(
    `SELECT count(*)::int AS entries FROM journal_entries WHERE source_type = 'PAYMENT' AND source_id = ANY($1::uuid[])`,
    [payments.map((p) => p.id)],
  );
  return { status: invoice.status as string, paid: invoice.paid as number, payments, paymentEntries: entries as number };
}

function notificationsOf(eventId: string): Promise<{ outcome: string; reason: string | null; signature_valid: boolean; payment_id: string | null }[]> {
  return runtime.dataSource.query(`SELECT outcome, reason, signature_valid, payment_id FROM provider_notifications WHERE event_id = $1 ORDER BY received_at, outcome`, [eventId]);
}

async function startMpesa(invoice: TestInvoice, idempotencyKey = key()) {
  const data = await executeOk(runtime, START_MPESA, { invoiceId: invoice.id, phone: '0712 345 678', key: idempotencyKey }, memberActor(invoice.billedMemberId));
  return data.startMpesaPayment;
}

describe('M-Pesa STK push', () => {
  it('pushes the amount due to the payer\'s phone in Daraja\'s protocol, once per idempotency key', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const idempotencyKey = key();
    const intent = await startMpesa(invoice, idempotencyKey);
    expect(intent).toMatchObject({ provider: 'MPESA', status: 'PENDING', payerPhone: '+254712345678', amount: { amount: '4500.00', currency: 'KES' } });
    const push = mpesa.pushes.get(intent.providerRequestId)!;
    expect(push).toMatchObject({ Amount: 4500, PhoneNumber: '254712345678', AccountReference: invoice.invoiceNumber.replace(/^INV-/, '') });
    expect(push.CallBackURL).toBe(`${baseUrl}${MPESA_CALLBACK_PATH}/${CALLBACK_SECRET}`);

    const pushesBefore = mpesa.pushes.size;
    const again = await startMpesa(invoice, idempotencyKey);
    expect(again.id).toBe(intent.id);
    expect(mpesa.pushes.size).toBe(pushesBefore);
  });

  it('posts one payment and one ledger entry when the callback is delivered twice, and records the invoice paid', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const intent = await startMpesa(invoice);
    const body = mpesa.callbackBody(intent.providerRequestId);
    const first = await mpesa.fireCallback(intent.providerRequestId, { body });
    const second = await mpesa.fireCallback(intent.providerRequestId, { body });
    expect(first).toEqual({ status: 200, body: { ResultCode: 0, ResultDesc: 'Accepted' } });
    expect(second).toEqual(first);

    const state = await invoiceState(invoice.id);
    expect(state).toMatchObject({ status: 'PAID', paid: 450_000, paymentEntries: 1 });
    expect(state.payments).toHaveLength(1);
    expect((await notificationsOf(intent.providerRequestId)).map((n) => n.outcome).sort()).toEqual(['DUPLICATE', 'POSTED']);
    const paid = await outboxEventsOf(runtime, invoice.id, 'finance.invoice.paid');
    expect(paid).toHaveLength(1);
    expect(paid[0].payload).toMatchObject({ invoiceId: invoice.id, invoiceNumber: invoice.invoiceNumber });

    const data = await executeOk(runtime, `query($id: ID!) { paymentIntent(id: $id) { ${INTENT_FIELDS} } }`, { id: intent.id }, memberActor(invoice.billedMemberId));
    expect(data.paymentIntent).toMatchObject({ status: 'SUCCEEDED', payment: { id: state.payments[0].id, method: 'MPESA' } });
  });

  it('posts once when two deliveries of the callback race', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const intent = await startMpesa(invoice);
    const body = mpesa.callbackBody(intent.providerRequestId);
    await Promise.all([0, 1].map(() => mpesa.fireCallback(intent.providerRequestId, { body })));
    expect((await notificationsOf(intent.providerRequestId)).map((n) => n.outcome).sort()).toEqual(['DUPLICATE', 'POSTED']);
    const state = await invoiceState(invoice.id);
    expect(state).toMatchObject({ status: 'PAID', paymentEntries: 1 });
    expect(state.payments).toHaveLength(1);
    expect(await outboxEventsOf(runtime, invoice.id, 'finance.invoice.paid')).toHaveLength(1);
  });

  it('refuses a callback for another amount, an unknown request or on the wrong path, posting nothing and logging why', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const intent = await startMpesa(invoice);

    expect((await mpesa.fireCallback(intent.providerRequestId, { amount: 10 })).status).toBe(200);
    expect(await notificationsOf(intent.providerRequestId)).toEqual([expect.objectContaining({ outcome: 'REJECTED', reason: 'AMOUNT_MISMATCH', payment_id: null })]);

    const unknown = `ws_CO_${randomUUID()}`;
    await deliver(`${baseUrl}${MPESA_CALLBACK_PATH}/${CALLBACK_SECRET}`, mpesa.callbackBody(unknown, { amount: 4500 }));
    expect(await notificationsOf(unknown)).toEqual([expect.objectContaining({ outcome: 'REJECTED', reason: 'UNKNOWN_REQUEST' })]);

    const marker = `marker-${randomUUID()}`;
    const forged = await deliver(`${baseUrl}${MPESA_CALLBACK_PATH}/not-the-secret`, JSON.stringify({ marker, ...JSON.parse(mpesa.callbackBody(intent.providerRequestId)) }));
    expect(forged.status).toBe(404);
    const [logged] = await runtime.dataSource.query(`SELECT outcome, reason, signature_valid FROM provider_notifications WHERE raw_body LIKE $1`, [`%${marker}%`]);
    expect(logged).toEqual({ outcome: 'REJECTED', reason: 'BAD_CALLBACK_PATH', signature_valid: false });

    expect(await invoiceState(invoice.id)).toMatchObject({ status: 'OPEN', paid: 0, payments: [], paymentEntries: 0 });
    const data = await executeOk(runtime, `query($id: ID!) { paymentIntent(id: $id) { status } }`, { id: intent.id });
    expect(data.paymentIntent.status).toBe('PENDING');
  });

  it('marks the intent FAILED and posts nothing when the payer cancels (ResultCode 1032)', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const intent = await startMpesa(invoice);
    expect((await mpesa.fireCallback(intent.providerRequestId, { resultCode: 1032 })).body).toEqual({ ResultCode: 0, ResultDesc: 'Accepted' });
    const data = await executeOk(runtime, `query($id: ID!) { paymentIntent(id: $id) { status failureReason } }`, { id: intent.id });
    expect(data.paymentIntent).toEqual({ status: 'FAILED', failureReason: '1032: Request cancelled by user' });
    expect(await notificationsOf(intent.providerRequestId)).toEqual([expect.objectContaining({ outcome: 'IGNORED', reason: 'PAYMENT_FAILED' })]);
    expect(await invoiceState(invoice.id)).toMatchObject({ status: 'OPEN', payments: [] });
  });

  it('lets a member pay only their own family\'s invoices, refuses analysts, and names a bad phone', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const stranger = await execute(runtime, START_MPESA, { invoiceId: invoice.id, phone: '0712345678', key: key() }, memberActor(randomUUID()));
    expect(stranger.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const analyst = await execute(runtime, START_MPESA, { invoiceId: invoice.id, phone: '0712345678', key: key() }, staffActor('analyst', 'ANALYST'));
    expect(analyst.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const badPhone = await execute(runtime, START_MPESA, { invoiceId: invoice.id, phone: '12345', key: key() });
    expect(badPhone.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'phone', rule: 'VALID_KENYAN_PHONE' });
    const [{ count }] = await runtime.dataSource.query(`SELECT count(*)::int AS count FROM payment_intents WHERE invoice_id = $1`, [invoice.id]);
    expect(count).toBe(0);
  });
});

/** A Stripe card payment started through GraphQL, with the fake's PaymentIntent. */
async function startCard(invoice: TestInvoice) {
  const data = await executeOk(runtime, START_CARD, { invoiceId: invoice.id, key: key() });
  return data.createCardPaymentIntent;
}

function succeeded(piId: string, overrides: Record<string, unknown> = {}) {
  const pi = stripe.intents.get(piId)!;
  return stripe.event('payment_intent.succeeded', { ...pi, status: 'succeeded', amount_received: pi.amount, ...overrides });
}

const STRIPE_WEBHOOK = () => `${baseUrl}/providers/stripe/webhook`;

describe('Stripe card payments', () => {
  it('creates a PaymentIntent with our idempotency key and returns its client secret', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const idempotencyKey = key();
    const first = await executeOk(runtime, START_CARD, { invoiceId: invoice.id, key: idempotencyKey });
    const again = await executeOk(runtime, START_CARD, { invoiceId: invoice.id, key: idempotencyKey });
    const { intent, clientSecret } = first.createCardPaymentIntent;
    expect(again.createCardPaymentIntent).toEqual(first.createCardPaymentIntent);
    expect(clientSecret).toMatch(new RegExp(`^${intent.providerRequestId}_secret_`));
    expect(stripe.intents.get(intent.providerRequestId)).toMatchObject({ amount: 450_000, currency: 'kes', metadata: { invoice_id: invoice.id, invoice_number: invoice.invoiceNumber } });
  });

  it('posts once for a webhook delivered twice and twice at the same time', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const { intent } = await startCard(invoice);
    const event = succeeded(intent.providerRequestId);
    const answers = [await stripe.sendWebhook(STRIPE_WEBHOOK(), event), ...(await Promise.all([0, 1].map(() => stripe.sendWebhook(STRIPE_WEBHOOK(), event))))];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const state = await invoiceState(invoice.id);
    expect(state).toMatchObject({ status: 'PAID', paymentEntries: 1, payments: [expect.objectContaining({ method: 'CARD', external_reference: intent.providerRequestId })] });
    expect((await notificationsOf(event.id as string)).map((n) => n.outcome).sort()).toEqual(['DUPLICATE', 'DUPLICATE', 'POSTED']);
    expect(await outboxEventsOf(runtime, invoice.id, 'finance.invoice.paid')).toHaveLength(1);
  });

  it('refuses a bad signature, an old timestamp and a wrong amount, posting nothing and logging the reason', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const { intent } = await startCard(invoice);

    const forged = succeeded(intent.providerRequestId);
    const badSignature = await stripe.sendWebhook(STRIPE_WEBHOOK(), forged, { secret: 'whsec_not_ours' });
    expect(badSignature.status).toBe(400);
    expect(await notificationsOf(forged.id as string)).toEqual([expect.objectContaining({ outcome: 'REJECTED', reason: 'BAD_SIGNATURE', signature_valid: false })]);

    const replayed = succeeded(intent.providerRequestId);
    const old = await stripe.sendWebhook(STRIPE_WEBHOOK(), replayed, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(old.status).toBe(400);
    expect(await notificationsOf(replayed.id as string)).toEqual([expect.objectContaining({ outcome: 'REJECTED', reason: 'STALE_TIMESTAMP' })]);

    const short = succeeded(intent.providerRequestId, { amount_received: 100 });
    expect((await stripe.sendWebhook(STRIPE_WEBHOOK(), short)).status).toBe(200);
    expect(await notificationsOf(short.id as string)).toEqual([expect.objectContaining({ outcome: 'REJECTED', reason: 'AMOUNT_MISMATCH', signature_valid: true })]);

    expect(await invoiceState(invoice.id)).toMatchObject({ status: 'OPEN', payments: [], paymentEntries: 0 });

    // A forged delivery does not claim its event id: the genuine event is still handled.
    expect((await stripe.sendWebhook(STRIPE_WEBHOOK(), forged)).status).toBe(200);
    expect(await invoiceState(invoice.id)).toMatchObject({ status: 'PAID', paymentEntries: 1 });
  });

  it('marks the intent FAILED on payment_intent.payment_failed', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const { intent } = await startCard(invoice);
    const event = stripe.event('payment_intent.payment_failed', { id: intent.providerRequestId, last_payment_error: { code: 'card_declined', message: 'Your card was declined.' } });
    expect((await stripe.sendWebhook(STRIPE_WEBHOOK(), event)).status).toBe(200);
    const data = await executeOk(runtime, `query($id: ID!) { paymentIntent(id: $id) { status failureReason } }`, { id: intent.id });
    expect(data.paymentIntent).toEqual({ status: 'FAILED', failureReason: 'Your card was declined.' });
  });
});

/** A card payment posted through a Stripe webhook. */
async function paidByCard() {
  const invoice = await raiseTestInvoice(runtime);
  const { intent } = await startCard(invoice);
  await stripe.sendWebhook(STRIPE_WEBHOOK(), succeeded(intent.providerRequestId));
  const [payment] = await runtime.dataSource.query(`SELECT id, payment_number FROM payments WHERE invoice_id = $1`, [invoice.id]);
  return { invoice, piId: intent.providerRequestId as string, paymentId: payment.id as string };
}

async function entryLines(sourceId: string) {
  return runtime.dataSource.query(
    `SELECT e.source_type, l.account_code, l.debit_minor::int AS debit, l.credit_minor::int AS credit
       FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id WHERE e.source_id = $1 ORDER BY e.entry_number, l.line_number`,
    [sourceId],
  );
}

describe('refunds', () => {
  it('refunds part of a card payment through Stripe once per key, posts a new entry and re-opens the invoice', async () => {
    const { invoice, piId, paymentId } = await paidByCard();
    const idempotencyKey = key();
    const input = { paymentId, amount: { amount: '1000.00', currency: 'KES' }, reason: 'Cover cancelled mid-month' };
    const first = await executeOk(runtime, REFUND, { input, key: idempotencyKey });
    const again = await executeOk(runtime, REFUND, { input, key: idempotencyKey });
    expect(again.refundPayment).toEqual(first.refundPayment);
    expect(first.refundPayment).toMatchObject({ method: 'CARD', amount: { amount: '1000.00' }, refundNumber: expect.stringMatching(/^RFD-\d{4}-\d{6}$/) });
    expect(stripe.refunds.filter((r) => r.payment_intent === piId)).toEqual([expect.objectContaining({ amount: 100_000, id: first.refundPayment.providerRefundId })]);
    expect(await invoiceState(invoice.id)).toMatchObject({ status: 'PARTIALLY_PAID', paid: 350_000 });
    expect(await entryLines(first.refundPayment.id)).toEqual([
      { source_type: 'PAYMENT_REFUND', account_code: '1100', debit: 100_000, credit: 0 },
      { source_type: 'PAYMENT_REFUND', account_code: '1020', debit: 0, credit: 100_000 },
    ]);

    // Stripe then reports the refund we made: it is recorded already.
    const charge = stripe.event('charge.refunded', { id: 'ch_x', object: 'charge', payment_intent: piId, amount_refunded: 100_000, currency: 'kes' });
    await stripe.sendWebhook(STRIPE_WEBHOOK(), charge);
    expect(await notificationsOf(charge.id as string)).toEqual([expect.objectContaining({ outcome: 'IGNORED', reason: 'ALREADY_RECORDED' })]);
  });

  it('refuses to refund more than was paid less what was refunded, naming the field and rule', async () => {
    const { paymentId } = await paidByCard();
    await executeOk(runtime, REFUND, { input: { paymentId, amount: { amount: '4000.00', currency: 'KES' }, reason: 'Overbilled' }, key: key() });
    const over = await execute(runtime, REFUND, { input: { paymentId, amount: { amount: '500.01', currency: 'KES' }, reason: 'Overbilled' }, key: key() });
    expect(over.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount', rule: 'NOT_MORE_THAN_REFUNDABLE' });
    expect(over.errors?.[0].message).toContain('500.00 KES still refundable');
    const [{ refunds }] = await runtime.dataSource.query(`SELECT count(*)::int AS refunds FROM refunds WHERE payment_id = $1`, [paymentId]);
    expect(refunds).toBe(1);
  });

  it('records a refund made at the provider (charge.refunded beyond what we refunded)', async () => {
    const { invoice, piId, paymentId } = await paidByCard();
    const charge = stripe.event('charge.refunded', { id: 'ch_y', object: 'charge', payment_intent: piId, amount_refunded: 450_000, currency: 'kes' });
    await stripe.sendWebhook(STRIPE_WEBHOOK(), charge);
    await stripe.sendWebhook(STRIPE_WEBHOOK(), charge);
    const refunds = await runtime.dataSource.query(`SELECT amount_minor::int AS amount FROM refunds WHERE payment_id = $1`, [paymentId]);
    expect(refunds).toEqual([{ amount: 450_000 }]);
    expect(await invoiceState(invoice.id)).toMatchObject({ status: 'OPEN', paid: 0 });
  });

  it('records an M-Pesa refund made by hand only with its reference', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const intent = await startMpesa(invoice);
    await mpesa.fireCallback(intent.providerRequestId);
    const [{ id: paymentId }] = await runtime.dataSource.query(`SELECT id FROM payments WHERE invoice_id = $1`, [invoice.id]);
    const missing = await execute(runtime, REFUND, { input: { paymentId, reason: 'Paid twice' }, key: key() });
    expect(missing.errors?.[0].extensions).toMatchObject({ field: 'manualReference', rule: 'REQUIRED' });
    const done = await executeOk(runtime, REFUND, { input: { paymentId, reason: 'Paid twice', manualReference: 'B2C-SKX99' }, key: key() });
    expect(done.refundPayment).toMatchObject({ method: 'MPESA', providerRefundId: 'B2C-SKX99', amount: { amount: '4500.00' } });
    expect(await invoiceState(invoice.id)).toMatchObject({ status: 'OPEN', paid: 0 });
  });
});

function disputeEvent(type: 'charge.dispute.created' | 'charge.dispute.closed', disputeId: string, piId: string, status: string, amount = 450_000) {
  return stripe.event(type, { id: disputeId, object: 'dispute', amount, currency: 'kes', payment_intent: piId, charge: 'ch_z', reason: 'fraudulent', status });
}

describe('disputes', () => {

  it('holds the money when a chargeback opens and reverses the payment when it is lost, each once', async () => {
    const { invoice, piId, paymentId } = await paidByCard();
    const disputeId = `dp_${randomUUID()}`;
    const opened = disputeEvent('charge.dispute.created', disputeId, piId, 'needs_response');
    await stripe.sendWebhook(STRIPE_WEBHOOK(), opened);
    await stripe.sendWebhook(STRIPE_WEBHOOK(), opened);
    const lost = disputeEvent('charge.dispute.closed', disputeId, piId, 'lost');
    await Promise.all([0, 1].map(() => stripe.sendWebhook(STRIPE_WEBHOOK(), lost)));

    const [dispute] = await runtime.dataSource.query(`SELECT id, status FROM payment_disputes WHERE provider_dispute_id = $1`, [disputeId]);
    expect(dispute.status).toBe('LOST');
    expect(await entryLines(dispute.id)).toEqual([
      { source_type: 'DISPUTE_OPENED', account_code: '1040', debit: 450_000, credit: 0 },
      { source_type: 'DISPUTE_OPENED', account_code: '1020', debit: 0, credit: 450_000 },
      { source_type: 'DISPUTE_LOST', account_code: '1100', debit: 450_000, credit: 0 },
      { source_type: 'DISPUTE_LOST', account_code: '1040', debit: 0, credit: 450_000 },
    ]);
    expect(await invoiceState(invoice.id)).toMatchObject({ status: 'OPEN', paid: 0 });
    // The money is gone: nothing is left to refund.
    const refund = await execute(runtime, REFUND, { input: { paymentId, reason: 'Try' }, key: key() });
    expect(refund.errors?.[0].extensions).toMatchObject({ field: 'paymentId', rule: 'REFUNDABLE' });
  });

  it('releases the money when a chargeback is won', async () => {
    const { invoice, piId } = await paidByCard();
    const disputeId = `dp_${randomUUID()}`;
    await stripe.sendWebhook(STRIPE_WEBHOOK(), disputeEvent('charge.dispute.created', disputeId, piId, 'needs_response'));
    await stripe.sendWebhook(STRIPE_WEBHOOK(), disputeEvent('charge.dispute.closed', disputeId, piId, 'won'));
    const data = await executeOk(runtime, `query { paymentDisputes(first: 50) { edges { node { providerDisputeId status amount { amount } } } } }`);
    expect(data.paymentDisputes.edges.map((e: { node: unknown }) => e.node)).toContainEqual({ providerDisputeId: disputeId, status: 'WON', amount: { amount: '4500.00' } });
    const [dispute] = await runtime.dataSource.query(`SELECT id FROM payment_disputes WHERE provider_dispute_id = $1`, [disputeId]);
    expect((await entryLines(dispute.id)).map((l: { source_type: string; account_code: string }) => `${l.source_type}:${l.account_code}`)).toEqual([
      'DISPUTE_OPENED:1040',
      'DISPUTE_OPENED:1020',
      'DISPUTE_WON:1020',
      'DISPUTE_WON:1040',
    ]);
    expect(await invoiceState(invoice.id)).toMatchObject({ status: 'PAID' });
  });
});

describe('PayPal', () => {
  const ORDER = `mutation($invoiceId: ID!, $key: String!) { createPaypalOrder(invoiceId: $invoiceId, idempotencyKey: $key) { orderId approvalUrl intent { id status } } }`;
  const CAPTURE = `mutation($orderId: String!) { capturePaypalOrder(orderId: $orderId) { ${INTENT_FIELDS} } }`;
  const PAYPAL_WEBHOOK = () => `${baseUrl}/providers/paypal/webhook`;

  it('creates an order, captures it once approved and posts the payment; the webhook for it finds it recorded', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const { createPaypalOrder: order } = await executeOk(runtime, ORDER, { invoiceId: invoice.id, key: key() }, memberActor(invoice.billedMemberId));
    expect(order.approvalUrl).toContain(order.orderId);
    expect(paypal.orders.get(order.orderId)?.purchaseUnit).toMatchObject({ custom_id: invoice.id, invoice_id: invoice.invoiceNumber, amount: { value: '4500.00' } });

    const unapproved = await execute(runtime, CAPTURE, { orderId: order.orderId });
    expect(unapproved.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'PROVIDER_CALL_FAILED' });
    paypal.approve(order.orderId);
    const captured = await executeOk(runtime, CAPTURE, { orderId: order.orderId }, memberActor(invoice.billedMemberId));
    expect(captured.capturePaypalOrder).toMatchObject({ status: 'SUCCEEDED', payment: { method: 'PAYPAL' } });
    const captureId = captured.capturePaypalOrder.payment.externalReference;

    const event = paypal.event('PAYMENT.CAPTURE.COMPLETED', {
      id: captureId,
      status: 'COMPLETED',
      amount: { currency_code: 'KES', value: '4500.00' },
      custom_id: invoice.id,
      supplementary_data: { related_ids: { order_id: order.orderId } },
    });
    expect((await paypal.sendWebhook(PAYPAL_WEBHOOK(), event)).status).toBe(200);
    expect(await notificationsOf(event.id as string)).toEqual([expect.objectContaining({ outcome: 'DUPLICATE', reason: 'ALREADY_RECORDED' })]);
    expect(await invoiceState(invoice.id)).toMatchObject({ status: 'PAID', paymentEntries: 1 });

    const forged = paypal.event('PAYMENT.CAPTURE.COMPLETED', { id: 'X', amount: { currency_code: 'KES', value: '1.00' } });
    expect((await paypal.sendWebhook(PAYPAL_WEBHOOK(), forged, { forged: true })).status).toBe(400);
    expect(await notificationsOf(forged.id as string)).toEqual([expect.objectContaining({ outcome: 'REJECTED', reason: 'BAD_SIGNATURE' })]);
  });
});

describe('bank statements', () => {
  const IMPORT = `mutation($input: ImportBankStatementInput!) { importBankStatement(input: $input) {
    id lineCount matchedCount duplicateCount unmatchedCount lines { lineNumber outcome reason bankTransactionId invoiceId paymentId } } }`;

  it('posts credits that name a payable invoice, keeps the rest for a clerk, and posts nothing new on re-import', async () => {
    const a = await raiseTestInvoice(runtime);
    const b = await raiseTestInvoice(runtime);
    const txn = () => `FT${randomUUID().slice(0, 12)}`;
    const ids = [txn(), txn(), txn(), txn(), txn(), txn()];
    const csv = [
      'date,reference,amount,currency,bank_transaction_id',
      `2026-03-05,"Premium ${a.invoiceNumber}, J. Otieno",4500.00,KES,${ids[0]}`,
      `2026-03-05,PAYMENT inv ${b.invoiceNumber.slice(4).replace('-', ' ')},1000.00,KES,${ids[1]}`,
      `2026-03-06,No number here,200.00,KES,${ids[2]}`,
      `2026-03-06,${b.invoiceNumber},9999.00,KES,${ids[3]}`,
      `2026-03-06,Bank charges,-35.00,KES,${ids[4]}`,
      `06/03/2026,${b.invoiceNumber},10.00,KES,${ids[5]}`,
    ].join('\n');
    const first = (await executeOk(runtime, IMPORT, { input: { fileName: 'march.csv', csv } })).importBankStatement;
    expect(first).toMatchObject({ lineCount: 6, matchedCount: 2, duplicateCount: 0, unmatchedCount: 4 });
    expect(first.lines.map((l: { outcome: string; reason: string | null }) => [l.outcome, l.reason?.split(':')[0] ?? null])).toEqual([
      ['MATCHED', null],
      ['MATCHED', null],
      ['UNMATCHED', 'NO_INVOICE_NUMBER'],
      ['UNMATCHED', 'MORE_THAN_DUE'],
      ['UNMATCHED', 'NOT_A_CREDIT'],
      ['UNMATCHED', 'INVALID_LINE'],
    ]);
    expect(await invoiceState(a.id)).toMatchObject({ status: 'PAID', paymentEntries: 1 });
    expect(await invoiceState(b.id)).toMatchObject({ status: 'PARTIALLY_PAID', paid: 100_000 });
    expect(await outboxEventsOf(runtime, a.id, 'finance.invoice.paid')).toHaveLength(1);

    const second = (await executeOk(runtime, IMPORT, { input: { fileName: 'march.csv', csv } })).importBankStatement;
    expect(second).toMatchObject({ matchedCount: 0, duplicateCount: 2 });
    expect(second.lines[0].paymentId).toBe(first.lines[0].paymentId);
    expect(await invoiceState(a.id)).toMatchObject({ paymentEntries: 1 });
    expect(await invoiceState(b.id)).toMatchObject({ paid: 100_000, paymentEntries: 1 });
  });

  it('refuses a statement without the documented header, naming the field', async () => {
    const result = await execute(runtime, IMPORT, { input: { fileName: 'x.csv', csv: 'date,amount\n2026-03-01,10.00' } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'csv', rule: 'STATEMENT_HEADER' });
  });
});

describe('provider settlement batches', () => {
  const RUN = `mutation($provider: PaymentProvider!) { runProviderSettlement(provider: $provider) {
    id provider paymentCount refundCount gross { minorUnits } fees { minorUnits } net { minorUnits } journalEntryId payments { id } } }`;

  it('settles each Stripe payment of a past window once, with fees, however often it runs', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const { intent } = await startCard(invoice);
    // Collected a week ago: its T+2 payout is due.
    const event = succeeded(intent.providerRequestId);
    event.created = Math.floor(Date.now() / 1000) - 7 * 86_400;
    await stripe.sendWebhook(STRIPE_WEBHOOK(), event);
    const [{ id: paymentId }] = await runtime.dataSource.query(`SELECT id FROM payments WHERE invoice_id = $1`, [invoice.id]);

    const runs = await Promise.all([0, 1].map(() => executeOk(runtime, RUN, { provider: 'STRIPE' })));
    const again = await executeOk(runtime, RUN, { provider: 'STRIPE' });
    const batches = [...runs, again].flatMap((r) => r.runProviderSettlement);
    const holding = batches.filter((b: { payments: { id: string }[] }) => b.payments.some((p) => p.id === paymentId));
    expect(holding).toHaveLength(1);
    const [batch] = holding;
    expect(Number(batch.net.minorUnits)).toBe(Number(batch.gross.minorUnits) - Number(batch.fees.minorUnits));
    expect(Number(batch.fees.minorUnits)).toBeGreaterThanOrEqual(13_050); // 2.9% of this payment alone
    const lines = await entryLines(batch.id);
    expect(lines.map((l: { account_code: string }) => l.account_code)).toEqual(['1000', '5100', '1020']);
    const [{ batches: count }] = await runtime.dataSource.query(`SELECT count(*)::int AS batches FROM provider_settlement_batch_payments WHERE payment_id = $1`, [paymentId]);
    expect(count).toBe(1);
  });

  it('leaves today\'s collections for a later daily window, and settles PayPal on demand', async () => {
    const card = await paidByCard();
    await executeOk(runtime, RUN, { provider: 'STRIPE' });
    const [{ settled }] = await runtime.dataSource.query(`SELECT count(*)::int AS settled FROM provider_settlement_batch_payments WHERE payment_id = $1`, [card.paymentId]);
    expect(settled).toBe(0);

    const invoice = await raiseTestInvoice(runtime);
    const { createPaypalOrder: order } = await executeOk(runtime, `mutation($i: ID!, $k: String!) { createPaypalOrder(invoiceId: $i, idempotencyKey: $k) { orderId } }`, {
      i: invoice.id,
      k: key(),
    });
    paypal.approve(order.orderId);
    const captured = await executeOk(runtime, `mutation($o: String!) { capturePaypalOrder(orderId: $o) { payment { id } } }`, { o: order.orderId });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const first = (await executeOk(runtime, RUN, { provider: 'PAYPAL' })).runProviderSettlement;
    const second = (await executeOk(runtime, RUN, { provider: 'PAYPAL' })).runProviderSettlement;
    expect(first.flatMap((b: { payments: { id: string }[] }) => b.payments.map((p) => p.id))).toContain(captured.capturePaypalOrder.payment.id);
    expect(second).toEqual([]);
  });
});

describe('permissions and the log', () => {
  it('shows staff the notification log and refuses it to members; analysts read but cannot refund', async () => {
    const log = await executeOk(runtime, `query { providerNotifications(first: 5, filter: { outcome: REJECTED }) { edges { node { provider outcome reason signatureValid } } } }`);
    expect(log.providerNotifications.edges.length).toBeGreaterThan(0);
    const member = await execute(runtime, `query { providerNotifications(first: 5) { edges { node { id } } } }`, {}, memberActor(randomUUID()));
    expect(member.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const analystRefund = await execute(runtime, REFUND, { input: { paymentId: randomUUID(), reason: 'nope' }, key: key() }, staffActor('analyst', 'ANALYST'));
    expect(analystRefund.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

const VOID = `mutation($id: ID!) { voidInvoice(input: { invoiceId: $id, reason: "Raised in error" }) { id status } }`;
const ALLOCATE = `mutation($receiptId: ID!, $invoiceId: ID!) {
  allocateUnappliedReceipt(receiptId: $receiptId, invoiceId: $invoiceId) { id status paymentId payment { id method externalReference } } }`;
const PAYPAL_ORDER = `mutation($invoiceId: ID!, $key: String!) { createPaypalOrder(invoiceId: $invoiceId, idempotencyKey: $key) { orderId intent { id } } }`;
const PAYPAL_CAPTURE = `mutation($orderId: String!) { capturePaypalOrder(orderId: $orderId) { id status } }`;
const CALLBACK_URL = () => `${baseUrl}${MPESA_CALLBACK_PATH}/${CALLBACK_SECRET}`;

describe('the callback secret', () => {
  it('never reaches the access log or the metrics: the path is labelled with :secret', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const intent = await startMpesa(invoice);
    await mpesa.fireCallback(intent.providerRequestId);
    await deliver(`${baseUrl}/PROVIDERS/mpesa/callback/${CALLBACK_SECRET}`, mpesa.callbackBody(intent.providerRequestId));
    const route = `${MPESA_CALLBACK_PATH}/:secret`;
    await eventually(() => expect(httpLog).toContainEqual(expect.objectContaining({ msg: 'request', route, status: 200 })));
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(metrics).toContain(`route="${route}"`);
    expect(metrics).not.toContain(CALLBACK_SECRET);
    expect(JSON.stringify(httpLog)).not.toContain(CALLBACK_SECRET);
  });
});

describe('money its invoice no longer takes', () => {
  it('refuses a second payment of an invoice while one is pending, except to the first one\'s own key', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const idempotencyKey = key();
    const first = await startMpesa(invoice, idempotencyKey);
    const second = await execute(runtime, START_CARD, { invoiceId: invoice.id, key: key() });
    expect(second.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'invoiceId', rule: 'NO_PAYMENT_PENDING' });
    expect((await startMpesa(invoice, idempotencyKey)).id).toBe(first.id);

    // Once the payer cancels the first, another may start.
    await mpesa.fireCallback(first.providerRequestId, { resultCode: 1032 });
    expect((await startCard(invoice)).intent.status).toBe('PENDING');
  });

  it('holds an M-Pesa payment for an invoice paid meanwhile as unapplied cash, once, and a finance officer allocates it', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const intent = await startMpesa(invoice);
    // The member pays at the bank while the STK push waits on their phone, then pays that too.
    await payTestInvoice(runtime, invoice.id, { method: 'BANK_TRANSFER', externalReference: `FT${randomUUID().slice(0, 10)}` });
    const body = mpesa.callbackBody(intent.providerRequestId);
    await mpesa.fireCallback(intent.providerRequestId, { body });
    await mpesa.fireCallback(intent.providerRequestId, { body });

    expect((await notificationsOf(intent.providerRequestId)).map((n) => `${n.outcome}:${n.reason}`).sort()).toEqual(['DUPLICATE:null', 'POSTED:HELD_UNAPPLIED']);
    expect(await invoiceState(invoice.id)).toMatchObject({ status: 'PAID', paid: 450_000, paymentEntries: 1 });
    const list = await executeOk(
      runtime,
      `query { unappliedReceipts(status: UNAPPLIED, first: 100) { edges { node { id method reason intendedInvoiceId status amount { amount } } } } }`,
    );
    const held = list.unappliedReceipts.edges.map((e: { node: { intendedInvoiceId: string } }) => e.node).filter((n: { intendedInvoiceId: string }) => n.intendedInvoiceId === invoice.id);
    expect(held).toEqual([expect.objectContaining({ method: 'MPESA', reason: 'INVOICE_NOT_PAYABLE', status: 'UNAPPLIED', amount: { amount: '4500.00' } })]);
    const receiptId = held[0].id;
    expect(await entryLines(receiptId)).toEqual([
      { source_type: 'UNAPPLIED_RECEIPT', account_code: '1010', debit: 450_000, credit: 0 },
      { source_type: 'UNAPPLIED_RECEIPT', account_code: '2310', debit: 0, credit: 450_000 },
    ]);
    const [stored] = await runtime.dataSource.query(`SELECT status, failure_reason FROM payment_intents WHERE id = $1`, [intent.id]);
    expect(stored).toEqual({ status: 'FAILED', failure_reason: expect.stringContaining(receiptId) });

    // Allocated to the member's next invoice; a void invoice is refused the same way a payment would be.
    const voided = await raiseTestInvoice(runtime);
    await executeOk(runtime, VOID, { id: voided.id });
    const refused = await execute(runtime, ALLOCATE, { receiptId, invoiceId: voided.id });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'invoiceId', rule: 'INVOICE_PAYABLE' });
    const next = await raiseTestInvoice(runtime);
    const { allocateUnappliedReceipt: allocated } = await executeOk(runtime, ALLOCATE, { receiptId, invoiceId: next.id });
    expect(allocated).toMatchObject({ status: 'ALLOCATED', payment: { method: 'MPESA' } });
    expect(await invoiceState(next.id)).toMatchObject({ status: 'PAID', paid: 450_000 });
    expect(await entryLines(allocated.paymentId)).toEqual([
      { source_type: 'UNAPPLIED_ALLOCATION', account_code: '2310', debit: 450_000, credit: 0 },
      { source_type: 'UNAPPLIED_ALLOCATION', account_code: '1100', debit: 0, credit: 450_000 },
    ]);
    expect(await outboxEventsOf(runtime, next.id, 'finance.invoice.paid')).toHaveLength(1);
    const again = await execute(runtime, ALLOCATE, { receiptId, invoiceId: next.id });
    expect(again.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
  });

  it('answers an error, not a pending intent, when a PayPal capture cannot be applied, and holds the money once', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const { createPaypalOrder: order } = await executeOk(runtime, PAYPAL_ORDER, { invoiceId: invoice.id, key: key() });
    paypal.approve(order.orderId);
    await executeOk(runtime, VOID, { id: invoice.id });

    for (const attempt of [1, 2]) {
      const captured = await execute(runtime, PAYPAL_CAPTURE, { orderId: order.orderId });
      expect({ attempt, extensions: captured.errors?.[0].extensions }).toMatchObject({ attempt, extensions: { code: 'CONFLICT', rule: 'PAYMENT_NOT_APPLIED' } });
    }
    const held = await runtime.dataSource.query(`SELECT method, reason, status FROM unapplied_receipts WHERE intended_invoice_id = $1`, [invoice.id]);
    expect(held).toEqual([{ method: 'PAYPAL', reason: 'INVOICE_NOT_PAYABLE', status: 'UNAPPLIED' }]);
    expect(await invoiceState(invoice.id)).toMatchObject({ status: 'VOID', payments: [] });
  });
});

describe('provider calls that time out, and notifications that outrun them', () => {
  /** A service whose Stripe calls give up after 200 ms, on the runtime's database. */
  function impatientService(): ProviderPaymentService {
    const config = readProviderConfig();
    const adapter = new StripeAdapter({ ...config.stripe!, timeoutMs: 200 }, config.webhookToleranceSeconds);
    return new ProviderPaymentService(runtime.dataSource, { [ProviderName.STRIPE]: adapter }, systemClock, runtime.logger, { pendingIntentMinutes: 30, providerTimeoutMs: 200 });
  }

  async function startUnanswered(invoice: TestInvoice, idempotencyKey: string) {
    const service = impatientService();
    stripe.stallNext(1_000);
    await expect(service.startPayment(ProviderName.STRIPE, { invoiceId: invoice.id, idempotencyKey }, staffActor('officer'))).rejects.toMatchObject({
      extensions: { rule: 'PROVIDER_NO_ANSWER' },
    });
    const [stored] = await runtime.dataSource.query(`SELECT status, provider_request_id FROM payment_intents WHERE idempotency_key = $1`, [idempotencyKey]);
    expect(stored).toEqual({ status: 'PENDING', provider_request_id: null });
    // Stripe created the PaymentIntent all the same; only its answer was lost.
    const created = [...stripe.intents.values()].filter((pi) => pi.metadata.invoice_id === invoice.id);
    expect(created).toHaveLength(1);
    return { service, pi: created[0] };
  }

  it('keeps a start that got no answer pending, and a retry with its key asks Stripe again for the same PaymentIntent', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const idempotencyKey = key();
    const { service, pi } = await startUnanswered(invoice, idempotencyKey);
    const retried = await service.startPayment(ProviderName.STRIPE, { invoiceId: invoice.id, idempotencyKey }, staffActor('officer'));
    expect(retried).toMatchObject({ status: 'PENDING', providerRequestId: pi.id, clientSecret: pi.client_secret });
    expect(stripe.requests.filter((r) => r.idempotencyKey === `pi:${idempotencyKey}`)).toHaveLength(2);
    expect([...stripe.intents.values()].filter((p) => p.metadata.invoice_id === invoice.id)).toHaveLength(1);
  });

  it('posts a webhook for a PaymentIntent whose id never reached us, matched to its intent by the invoice in its metadata', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const idempotencyKey = key();
    const { pi } = await startUnanswered(invoice, idempotencyKey);
    const event = succeeded(pi.id);
    await stripe.sendWebhook(STRIPE_WEBHOOK(), event);
    expect(await notificationsOf(event.id as string)).toEqual([expect.objectContaining({ outcome: 'POSTED' })]);
    const [stored] = await runtime.dataSource.query(`SELECT status, provider_request_id FROM payment_intents WHERE idempotency_key = $1`, [idempotencyKey]);
    expect(stored).toEqual({ status: 'SUCCEEDED', provider_request_id: pi.id });
    expect(await invoiceState(invoice.id)).toMatchObject({ status: 'PAID', paymentEntries: 1 });
  });

  it('keeps an M-Pesa callback that outran its request id without claiming the event, and the replay job posts it once the id is stored', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const intent = await startMpesa(invoice);
    const push = mpesa.pushes.get(intent.providerRequestId)!;
    // As if Daraja called back before the STK push's answer was stored.
    await runtime.dataSource.query(`UPDATE payment_intents SET provider_request_id = NULL, provider_account_id = NULL WHERE id = $1`, [intent.id]);
    await mpesa.fireCallback(intent.providerRequestId);
    expect(await notificationsOf(intent.providerRequestId)).toEqual([expect.objectContaining({ outcome: 'REJECTED', reason: 'UNKNOWN_REQUEST' })]);
    expect(await invoiceState(invoice.id)).toMatchObject({ status: 'OPEN', payments: [] });

    await runtime.dataSource.query(`UPDATE payment_intents SET provider_request_id = $2, provider_account_id = $3 WHERE id = $1`, [
      intent.id,
      intent.providerRequestId,
      push.MerchantRequestID,
    ]);
    const job = providerNotificationReplayJob(readProviderConfig());
    await job.run(runtime.services);
    await job.run(runtime.services);
    expect(await notificationsOf(intent.providerRequestId)).toEqual([expect.objectContaining({ outcome: 'POSTED', reason: null })]);
    expect(await invoiceState(invoice.id)).toMatchObject({ status: 'PAID', paymentEntries: 1 });
  });
});

describe('callbacks that failed processing', () => {
  it('are replayed from their stored body until one succeeds, once, and left to a person after the last attempt', async () => {
    const service = runtime.services.providerPayments;
    const applyFact = jest.spyOn(service as unknown as { applyFact: () => Promise<unknown> }, 'applyFact');
    try {
      const invoice = await raiseTestInvoice(runtime);
      const intent = await startMpesa(invoice);
      applyFact.mockRejectedValueOnce(new Error('connection reset'));
      // Daraja is acknowledged whatever happened, and will not call again.
      expect((await mpesa.fireCallback(intent.providerRequestId)).status).toBe(200);
      expect(await notificationsOf(intent.providerRequestId)).toEqual([expect.objectContaining({ outcome: 'REJECTED', reason: 'PROCESSING_ERROR' })]);
      expect(await invoiceState(invoice.id)).toMatchObject({ status: 'OPEN', payments: [] });

      const job = providerNotificationReplayJob(readProviderConfig());
      await job.run(runtime.services);
      await job.run(runtime.services);
      expect(await notificationsOf(intent.providerRequestId)).toEqual([expect.objectContaining({ outcome: 'POSTED', reason: null })]);
      expect(await invoiceState(invoice.id)).toMatchObject({ status: 'PAID', paymentEntries: 1 });

      const other = await raiseTestInvoice(runtime);
      const otherIntent = await startMpesa(other);
      applyFact.mockRejectedValue(new Error('still failing'));
      await mpesa.fireCallback(otherIntent.providerRequestId);
      for (let run = 0; run < 4; run += 1) await service.replayNotifications(3, 1_000);
      const rows = await runtime.dataSource.query(`SELECT outcome, reason, replay_attempts FROM provider_notifications WHERE event_id = $1`, [otherIntent.providerRequestId]);
      expect(rows).toEqual([{ outcome: 'REJECTED', reason: 'PROCESSING_ERROR', replay_attempts: 3 }]);
      expect(await invoiceState(other.id)).toMatchObject({ status: 'OPEN', payments: [] });
    } finally {
      applyFact.mockRestore();
    }
  });
});

describe('refunds outside the database transaction', () => {
  const refundCalls = (idempotencyKey: string) => stripe.requests.filter((r) => r.path === '/v1/refunds' && r.idempotencyKey === `refund:${idempotencyKey}`).length;

  it('keeps a refund the provider refuses as FAILED, posting nothing, and a retry with its key does not ask again', async () => {
    const { invoice, piId, paymentId } = await paidByCard();
    // Refunded at Stripe's dashboard and not yet reported: Stripe refuses ours.
    stripe.refunds.push({ id: `re_${randomUUID()}`, payment_intent: piId, amount: 450_000 });
    const idempotencyKey = key();
    const input = { paymentId, amount: { amount: '1000.00', currency: 'KES' }, reason: 'Cover cancelled' };
    for (const attempt of [1, 2]) {
      const result = await execute(runtime, REFUND, { input, key: idempotencyKey });
      expect({ attempt, extensions: result.errors?.[0].extensions }).toMatchObject({ attempt, extensions: { code: 'CONFLICT', rule: 'PROVIDER_CALL_FAILED' } });
    }
    expect(refundCalls(idempotencyKey)).toBe(1);
    const refunds = await runtime.dataSource.query(`SELECT status, journal_entry_id, failure_reason FROM refunds WHERE payment_id = $1`, [paymentId]);
    expect(refunds).toEqual([{ status: 'FAILED', journal_entry_id: null, failure_reason: expect.stringContaining('greater than unrefunded') }]);
    expect(await invoiceState(invoice.id)).toMatchObject({ status: 'PAID', paid: 450_000 });
    const [{ count }] = await runtime.dataSource.query(`SELECT count(*)::int AS count FROM journal_entries WHERE source_type = 'PAYMENT_REFUND' AND source_id IN (SELECT id FROM refunds WHERE payment_id = $1)`, [paymentId]);
    expect(count).toBe(0);
  });

  it('asks the provider once per key: a retry of a COMPLETED refund returns it', async () => {
    const { paymentId } = await paidByCard();
    const idempotencyKey = key();
    const input = { paymentId, amount: { amount: '500.00', currency: 'KES' }, reason: 'Overbilled' };
    const first = await executeOk(runtime, REFUND, { input, key: idempotencyKey });
    const again = await executeOk(runtime, REFUND, { input, key: idempotencyKey });
    expect(again.refundPayment).toEqual(first.refundPayment);
    expect(refundCalls(idempotencyKey)).toBe(1);
    const [refund] = await runtime.dataSource.query(`SELECT status FROM refunds WHERE id = $1`, [first.refundPayment.id]);
    expect(refund.status).toBe('COMPLETED');
  });

  it('prefixes the keys it sends Stripe, so one client key used for a payment and a refund does not collide', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const shared = key();
    const { createCardPaymentIntent: started } = await executeOk(runtime, START_CARD, { invoiceId: invoice.id, key: shared });
    await stripe.sendWebhook(STRIPE_WEBHOOK(), succeeded(started.intent.providerRequestId));
    const [{ id: paymentId }] = await runtime.dataSource.query(`SELECT id FROM payments WHERE invoice_id = $1`, [invoice.id]);
    const refund = await executeOk(runtime, REFUND, { input: { paymentId, amount: { amount: '100.00', currency: 'KES' }, reason: 'Goodwill' }, key: shared });
    expect(refund.refundPayment.providerRefundId).toMatch(/^re_/);
    expect(stripe.requests.filter((r) => r.idempotencyKey?.endsWith(shared)).map((r) => r.idempotencyKey)).toEqual([`pi:${shared}`, `refund:${shared}`]);
  });
});

describe('who may see an intent by its key', () => {
  it('checks who may pay before answering with the intent a key already names', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const idempotencyKey = key();
    await executeOk(runtime, START_CARD, { invoiceId: invoice.id, key: idempotencyKey }, memberActor(invoice.billedMemberId));
    const stranger = memberActor(randomUUID());
    // The service itself refuses, not only the fields of its answer.
    await expect(runtime.services.providerPayments.startPayment(ProviderName.STRIPE, { invoiceId: invoice.id, idempotencyKey }, stranger)).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    const answer = await execute(runtime, START_CARD, { invoiceId: invoice.id, key: idempotencyKey }, stranger);
    expect(answer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('chargebacks against what is left', () => {
  it('refuses a chargeback larger than what refunds left, and a lost one never takes the invoice below nothing paid', async () => {
    const { invoice, piId, paymentId } = await paidByCard();
    await executeOk(runtime, REFUND, { input: { paymentId, amount: { amount: '4000.00', currency: 'KES' }, reason: 'Cover cancelled' }, key: key() });

    const whole = disputeEvent('charge.dispute.created', `dp_${randomUUID()}`, piId, 'needs_response');
    await stripe.sendWebhook(STRIPE_WEBHOOK(), whole);
    expect(await notificationsOf(whole.id as string)).toEqual([expect.objectContaining({ outcome: 'REJECTED', reason: 'AMOUNT_MISMATCH' })]);

    const disputeId = `dp_${randomUUID()}`;
    await stripe.sendWebhook(STRIPE_WEBHOOK(), disputeEvent('charge.dispute.created', disputeId, piId, 'needs_response', 50_000));
    await stripe.sendWebhook(STRIPE_WEBHOOK(), disputeEvent('charge.dispute.closed', disputeId, piId, 'lost', 50_000));
    expect(await runtime.dataSource.query(`SELECT status, amount_minor::int AS amount FROM payment_disputes WHERE payment_id = $1`, [paymentId])).toEqual([
      { status: 'LOST', amount: 50_000 },
    ]);
    expect(await invoiceState(invoice.id)).toMatchObject({ status: 'OPEN', paid: 0 });
  });
});

describe('payouts with chargebacks', () => {
  it('nets what a chargeback holds into the payout, so the clearing account comes back to zero', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const { intent } = await startCard(invoice);
    // Collected nine days ago, and disputed the same moment: that day's T+2 payout is due.
    const then = Math.floor(Date.now() / 1000) - 9 * 86_400;
    const paid = succeeded(intent.providerRequestId);
    paid.created = then;
    await stripe.sendWebhook(STRIPE_WEBHOOK(), paid);
    const disputeId = `dp_${randomUUID()}`;
    const opened = disputeEvent('charge.dispute.created', disputeId, intent.providerRequestId, 'needs_response', 100_000);
    opened.created = then;
    await stripe.sendWebhook(STRIPE_WEBHOOK(), opened);
    const [{ id: paymentId }] = await runtime.dataSource.query(`SELECT id FROM payments WHERE invoice_id = $1`, [invoice.id]);
    const [{ id: disputeRowId }] = await runtime.dataSource.query(`SELECT id FROM payment_disputes WHERE provider_dispute_id = $1`, [disputeId]);

    const run = await executeOk(runtime, `mutation { runProviderSettlement(provider: STRIPE) { id gross { minorUnits } payments { id } } }`);
    const batch = run.runProviderSettlement.find((b: { payments: { id: string }[] }) => b.payments.some((p) => p.id === paymentId));
    expect(batch.payments).toEqual([{ id: paymentId }]);
    expect(Number(batch.gross.minorUnits)).toBe(450_000 - 100_000);
    const [{ balance }] = await runtime.dataSource.query(
      `SELECT sum(l.debit_minor - l.credit_minor)::int AS balance
         FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
        WHERE l.account_code = '1020' AND e.source_id = ANY($1::uuid[])`,
      [[paymentId, disputeRowId, batch.id]],
    );
    expect(balance).toBe(0);
  });
});

describe('M-Pesa request ids', () => {
  it('refuses a callback whose MerchantRequestID is not the push\'s, or is missing, logs it, and still takes the genuine one', async () => {
    const warn = jest.spyOn(runtime.logger, 'warn');
    try {
      const invoice = await raiseTestInvoice(runtime);
      const intent = await startMpesa(invoice);
      await deliver(CALLBACK_URL(), mpesa.callbackBody(intent.providerRequestId, { merchantRequestId: 'another-merchant-request' }));
      const withoutId = JSON.parse(mpesa.callbackBody(intent.providerRequestId));
      delete withoutId.Body.stkCallback.MerchantRequestID;
      await deliver(CALLBACK_URL(), JSON.stringify(withoutId));
      expect(await notificationsOf(intent.providerRequestId)).toEqual([
        expect.objectContaining({ outcome: 'REJECTED', reason: 'REQUEST_ID_MISMATCH', payment_id: null }),
        expect.objectContaining({ outcome: 'REJECTED', reason: 'REQUEST_ID_MISMATCH', payment_id: null }),
      ]);
      expect(await invoiceState(invoice.id)).toMatchObject({ status: 'OPEN', payments: [], paymentEntries: 0 });
      expect(warn).toHaveBeenCalledWith(
        'provider notification names a known request with another request id',
        expect.objectContaining({ intentId: intent.id, received: 'another-merchant-request' }),
      );
      await mpesa.fireCallback(intent.providerRequestId);
      expect(await invoiceState(invoice.id)).toMatchObject({ status: 'PAID', paymentEntries: 1 });
    } finally {
      warn.mockRestore();
    }
  });
});

describe('the ledger after every provider posting', () => {
  it('holds every invariant', async () => {
    expect(await checkLedger(runtime.dataSource.manager)).toEqual([]);
  });
});
