import type { Clock } from '../../../../kit/clock';
import { addDays } from '../../../../kit/dates';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, startTestSubgraph } from '../../../../kit/testing';
import { readFinanceConfig } from '../config';
import type { FinanceLoaders } from '../loaders';
import { createFinanceServices, type FinanceServices } from '../services';
import { financeSubgraph } from '../subgraph';
import { outboxEventsOf, paymentInput, payTestInvoice, raiseTestInvoice, RECORD_PAYMENT, uniqueMpesaReceipt } from '../testing';
import { INVOICE_OVERDUE, INVOICE_PAID, INVOICE_RAISED, type InvoiceOverduePayload, type InvoicePaidPayload, type InvoiceRaisedPayload } from './invoice.events';

let runtime: SubgraphRuntime<FinanceServices, FinanceLoaders>;
beforeAll(async () => {
  runtime = await startTestSubgraph(financeSubgraph);
});
afterAll(() => runtime.stop());

const kes = (amount: string) => ({ amount, currency: 'KES' });
const config = readFinanceConfig();

/** Runs the overdue job once, as the scheduler would, with business time pinned to `day`. */
async function runOverdueJob(day: string): Promise<void> {
  const clock: Clock = { today: () => day, now: () => new Date(`${day}T06:00:00Z`) };
  const [job] = financeSubgraph.jobs!;
  expect(job.everyMs).toBe(config.overdueCheckMs);
  await job.run(createFinanceServices(runtime.dataSource, config, clock));
}

describe('finance.invoice.paid', () => {
  it('is recorded once, by the payment that clears the invoice, not by a part payment or a repeated callback', async () => {
    const invoice = await raiseTestInvoice(runtime);
    await payTestInvoice(runtime, invoice.id, { amount: kes('1500.00') });
    expect(await outboxEventsOf(runtime, invoice.id, INVOICE_PAID)).toEqual([]);

    const last = paymentInput(invoice.id, { amount: kes('3000.00'), receivedAt: '2026-03-04T09:30:00.000Z' });
    await executeOk(runtime, RECORD_PAYMENT, { input: last });
    await executeOk(runtime, RECORD_PAYMENT, { input: last });

    const events = await outboxEventsOf<InvoicePaidPayload>(runtime, invoice.id, INVOICE_PAID);
    expect(events).toHaveLength(1);
    expect(events[0].payload).toEqual({
      invoiceId: invoice.id,
      invoiceNumber: invoice.invoiceNumber,
      policyId: invoice.policyId,
      billedMemberId: invoice.billedMemberId,
      netPremiumMinor: Number(invoice.netPremium.minorUnits),
      currency: 'KES',
      paidAt: '2026-03-04T09:30:00.000Z',
    });
  });

  it('is not recorded when the payment is refused', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const refused = await execute(runtime, RECORD_PAYMENT, { input: paymentInput(invoice.id, { amount: kes('9000.00'), externalReference: uniqueMpesaReceipt() }) });
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await outboxEventsOf(runtime, invoice.id)).filter((e) => e.type !== INVOICE_RAISED)).toEqual([]);
  });
});

describe('finance.invoice.raised', () => {
  it('is recorded once, with the invoice, for the member it bills', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const events = await outboxEventsOf<InvoiceRaisedPayload>(runtime, invoice.id, INVOICE_RAISED);
    expect(events.map((e) => e.payload)).toEqual([
      {
        invoiceId: invoice.id,
        invoiceNumber: invoice.invoiceNumber,
        kind: 'PREMIUM',
        billedMemberId: invoice.billedMemberId,
        companyId: invoice.companyId,
        dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        totalMinor: expect.any(Number),
        currency: 'KES',
      },
    ]);
  });
});

describe('finance.invoice.overdue', () => {
  it('is recorded once per invoice, when it is unpaid past its due date plus the grace period', async () => {
    const invoice = await raiseTestInvoice(runtime, { issueDate: '2026-01-10' });
    const lastDayOfGrace = addDays(invoice.dueDate, config.gracePeriodDays);

    // 1. Overdue but within grace: nothing to report.
    await runOverdueJob(lastDayOfGrace);
    expect(await outboxEventsOf(runtime, invoice.id, INVOICE_OVERDUE)).toEqual([]);

    // 2. The day after grace: reported, and the invoice marked.
    const dayAfter = addDays(lastDayOfGrace, 1);
    await runOverdueJob(dayAfter);
    const events = await outboxEventsOf<InvoiceOverduePayload>(runtime, invoice.id, INVOICE_OVERDUE);
    expect(events.map((e) => e.payload)).toEqual([
      {
        invoiceId: invoice.id,
        invoiceNumber: invoice.invoiceNumber,
        policyId: invoice.policyId,
        billedMemberId: invoice.billedMemberId,
        dueDate: invoice.dueDate,
        daysOverdue: config.gracePeriodDays + 1,
      },
    ]);
    const marked = await executeOk(runtime, `query($id: ID!) { invoice(id: $id) { overdueNotifiedAt } }`, { id: invoice.id });
    expect(marked.invoice.overdueNotifiedAt).toBe(`${dayAfter}T06:00:00.000Z`);

    // 3. Later runs (two at once among them) do not report it again.
    await Promise.all([runOverdueJob(addDays(dayAfter, 5)), runOverdueJob(addDays(dayAfter, 5))]);
    await runOverdueJob(addDays(dayAfter, 40));
    expect(await outboxEventsOf(runtime, invoice.id, INVOICE_OVERDUE)).toHaveLength(1);
  });

  it('is not recorded for a paid or voided invoice', async () => {
    const paid = await raiseTestInvoice(runtime, { issueDate: '2026-01-10' });
    await payTestInvoice(runtime, paid.id);
    const voided = await raiseTestInvoice(runtime, { issueDate: '2026-01-10' });
    await executeOk(runtime, `mutation($input: VoidInvoiceInput!) { voidInvoice(input: $input) { id } }`, { input: { invoiceId: voided.id, reason: 'Raised in error' } });
    await runOverdueJob(addDays(paid.dueDate, config.gracePeriodDays + 30));
    expect(await outboxEventsOf(runtime, paid.id, INVOICE_OVERDUE)).toEqual([]);
    expect(await outboxEventsOf(runtime, voided.id, INVOICE_OVERDUE)).toEqual([]);
  });
});

describe('finance settings', () => {
  it('reads the grace period and the check interval, with defaults, and names a bad value', () => {
    expect(readFinanceConfig({})).toMatchObject({ gracePeriodDays: 30, overdueCheckMs: 60_000 });
    expect(readFinanceConfig({ FINANCE_GRACE_PERIOD_DAYS: '14', FINANCE_OVERDUE_CHECK_MS: '300000' })).toMatchObject({
      gracePeriodDays: 14,
      overdueCheckMs: 300_000,
    });
    expect(() => readFinanceConfig({ FINANCE_GRACE_PERIOD_DAYS: 'two weeks' })).toThrow(/FINANCE_GRACE_PERIOD_DAYS must be an integer/);
    expect(() => readFinanceConfig({ FINANCE_OVERDUE_CHECK_MS: '10' })).toThrow(/FINANCE_OVERDUE_CHECK_MS must be between/);
  });
});
