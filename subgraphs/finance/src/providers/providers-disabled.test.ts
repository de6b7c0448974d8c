import { execute, startTestSubgraph } from '../../../../kit/testing';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import type { FinanceLoaders } from '../loaders';
import type { FinanceServices } from '../services';
import { financeSubgraph } from '../subgraph';
import { raiseTestInvoice } from '../testing';

let runtime: SubgraphRuntime<FinanceServices, FinanceLoaders>;
beforeAll(async () => {
  for (const name of Object.keys(process.env)) if (/^FINANCE_(MPESA|STRIPE|PAYPAL)_/.test(name)) delete process.env[name];
  runtime = await startTestSubgraph(financeSubgraph);
});
afterAll(() => runtime.stop());

describe('an unconfigured provider', () => {
  it('is disabled: its mutations answer a clear error and record nothing', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const card = await execute(runtime, `mutation($id: ID!) { createCardPaymentIntent(invoiceId: $id, idempotencyKey: "disabled-key-1") { clientSecret } }`, { id: invoice.id });
    expect(card.errors?.[0]).toMatchObject({ message: expect.stringContaining('STRIPE payments are not available'), extensions: { code: 'BAD_USER_INPUT', rule: 'PROVIDER_ENABLED' } });
    const mpesa = await execute(runtime, `mutation($id: ID!) { startMpesaPayment(invoiceId: $id, phone: "0712345678", idempotencyKey: "disabled-key-2") { id } }`, { id: invoice.id });
    expect(mpesa.errors?.[0].extensions).toMatchObject({ rule: 'PROVIDER_ENABLED' });
    const [{ count }] = await runtime.dataSource.query(`SELECT count(*)::int AS count FROM payment_intents WHERE invoice_id = $1`, [invoice.id]);
    expect(count).toBe(0);
  });
});
