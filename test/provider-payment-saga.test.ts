import { randomUUID } from 'node:crypto';
import { InProcessEventBus } from '../kit/events/bus';
import { createHttpApp, listen, type RunningServer } from '../kit/http';
import { createLogger } from '../kit/logger';
import { Metrics } from '../kit/metrics';
import type { SubgraphRuntime } from '../kit/subgraph';
import { eventually, executeOk, memberActor, outboxEventsOf, startTestSubgraph, useOwnTestDatabases } from '../kit/testing';
// Schemes and finance run side by side on one bus; M-Pesa is the only thing faked, by a local
// server that speaks Daraja's protocol to the real adapter.
import { checkLedger } from '../subgraphs/finance/src/ledger/ledger-check';
import { startFakeMpesa, type FakeMpesa } from '../subgraphs/finance/src/providers/fakes/mpesa.fake';
import type { FinanceLoaders } from '../subgraphs/finance/src/loaders';
import type { FinanceServices } from '../subgraphs/finance/src/services';
import { financeSubgraph } from '../subgraphs/finance/src/subgraph';
import { raiseTestInvoice } from '../subgraphs/finance/src/testing';
import { schemesSubgraph } from '../subgraphs/schemes/src/subgraph';
import { createActiveScheme, issueTestPolicy } from '../subgraphs/schemes/src/testing';

// Its runtimes relay their outboxes: this file has databases of its own.
useOwnTestDatabases();

const MPESA = { consumerKey: 'saga-consumer-key', consumerSecret: 'saga-consumer-secret', shortcode: '174379', passkey: 'saga-passkey-0123456789' };
const CALLBACK_SECRET = `cb_${randomUUID().replace(/-/g, '')}`;

let bus: InProcessEventBus;
let schemes: SubgraphRuntime;
let finance: SubgraphRuntime<FinanceServices, FinanceLoaders>;
let http: RunningServer;
let mpesa: FakeMpesa;

beforeAll(async () => {
  mpesa = await startFakeMpesa(MPESA);
  // Finance's public routes listen first, so the STK push can name its callback address.
  const app = createHttpApp({ logger: createLogger({ service: 'finance', test: true }), metrics: new Metrics(), isReady: async () => ({}) });
  http = await listen(app, 0, '127.0.0.1');
  Object.assign(process.env, {
    FINANCE_MPESA_BASE_URL: mpesa.url,
    FINANCE_MPESA_CONSUMER_KEY: MPESA.consumerKey,
    FINANCE_MPESA_CONSUMER_SECRET: MPESA.consumerSecret,
    FINANCE_MPESA_SHORTCODE: MPESA.shortcode,
    FINANCE_MPESA_PASSKEY: MPESA.passkey,
    FINANCE_MPESA_CALLBACK_SECRET: CALLBACK_SECRET,
    FINANCE_MPESA_CALLBACK_BASE_URL: `http://127.0.0.1:${http.port}`,
  });
  bus = new InProcessEventBus();
  schemes = await startTestSubgraph<unknown, unknown>(schemesSubgraph, { bus });
  finance = await startTestSubgraph(financeSubgraph, { bus });
  financeSubgraph.httpRoutes!(app, finance.services);
});

afterAll(async () => {
  await finance?.stop();
  await schemes?.stop();
  await bus?.close();
  await Promise.all([http?.close(), mpesa?.close()]);
});

async function policyStatus(policyId: string): Promise<string> {
  const data = await executeOk(schemes, `query($id: ID!) { policy(id: $id) { status } }`, { id: policyId });
  return data.policy.status;
}

describe('a premium paid from the member\'s phone (member app → finance → M-Pesa → finance → schemes)', () => {
  it('activates the policy once the M-Pesa callback clears its invoice, and a redelivered callback changes nothing', async () => {
    // 1. A PENDING policy and its first invoice.
    const scheme = await createActiveScheme(schemes);
    const policy = await issueTestPolicy(schemes, scheme.id);
    const invoice = await raiseTestInvoice(finance, { policyId: policy.id, billedMemberId: policy.holderMemberId });
    expect(await policyStatus(policy.id)).toBe('PENDING');

    // 2. The holder starts the payment in the app: Daraja pushes the amount due to their phone.
    const holder = memberActor(policy.holderMemberId);
    const started = await executeOk(
      finance,
      `mutation($invoiceId: ID!, $phone: String!, $key: String!) {
        startMpesaPayment(invoiceId: $invoiceId, phone: $phone, idempotencyKey: $key) { status providerRequestId } }`,
      { invoiceId: invoice.id, phone: '0712345678', key: randomUUID() },
      holder,
    );
    const checkoutRequestId: string = started.startMpesaPayment.providerRequestId;
    expect(started.startMpesaPayment.status).toBe('PENDING');
    expect(mpesa.pushes.get(checkoutRequestId)).toMatchObject({ Amount: Number(invoice.amountDue.minorUnits) / 100 });

    // 3. Until the payer answers, nothing is paid and cover is not in force.
    expect(await outboxEventsOf(finance, invoice.id, 'finance.invoice.paid')).toEqual([]);
    expect(await policyStatus(policy.id)).toBe('PENDING');

    // 4. Daraja calls back (twice, as it may): one payment, one paid event, the policy ACTIVE.
    const body = mpesa.callbackBody(checkoutRequestId);
    expect((await mpesa.fireCallback(checkoutRequestId, { body })).status).toBe(200);
    expect((await mpesa.fireCallback(checkoutRequestId, { body })).status).toBe(200);
    await eventually(async () => expect(await policyStatus(policy.id)).toBe('ACTIVE'));
    expect(await outboxEventsOf(finance, invoice.id, 'finance.invoice.paid')).toHaveLength(1);
    const payments = await finance.dataSource.query(`SELECT method, amount_minor::int AS amount FROM payments WHERE invoice_id = $1`, [invoice.id]);
    expect(payments).toEqual([{ method: 'MPESA', amount: Number(invoice.amountDue.minorUnits) }]);
    const activations = await schemes.dataSource.query(`SELECT count(*)::int AS n FROM policy_events WHERE policy_id = $1 AND type = 'ACTIVATED'`, [policy.id]);
    expect(activations).toEqual([{ n: 1 }]);

    // 5. Every movement balanced.
    expect(await checkLedger(finance.dataSource.manager)).toEqual([]);
  });
});
