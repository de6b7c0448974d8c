import { execute, executeOk, startTestSubgraph } from '../../../../kit/testing';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import type { FinanceLoaders } from '../loaders';
import type { FinanceServices } from '../services';
import { financeSubgraph } from '../subgraph';
import { foreignId, paymentInput, payTestInvoice, raiseTestInvoice, RECORD_PAYMENT, uniqueMpesaReceipt, type TestPayment } from '../testing';

let runtime: SubgraphRuntime<FinanceServices, FinanceLoaders>;
beforeAll(async () => {
  runtime = await startTestSubgraph(financeSubgraph);
});
afterAll(() => runtime.stop());

const kes = (amount: string) => ({ amount, currency: 'KES' });

/** The invoice, its payments and ledger entries, and the billed member's balance as finance sees them. */
async function state(invoiceId: string, memberId: string) {
  const data = await executeOk(
    runtime,
    `query($id: ID!, $member: ID!, $reps: [_Any!]!) {
      invoice(id: $id) { status amountPaid { amount } amountDue { amount } payments { id } }
      payments: journalEntries(filter: { memberId: $member, sourceType: PAYMENT }) { edges { node { id sourceId } } }
      _entities(representations: $reps) { ... on Member { balance { amount currency } } }
    }`,
    { id: invoiceId, member: memberId, reps: [{ __typename: 'Member', id: memberId }] },
  );
  return { invoice: data.invoice, paymentEntries: data.payments.edges.map((e: { node: unknown }) => e.node), balance: data._entities[0].balance };
}

describe('recording payments', () => {
  it('moves an invoice from OPEN to PARTIALLY_PAID to PAID as the balance falls to zero', async () => {
    const invoice = await raiseTestInvoice(runtime);
    expect((await state(invoice.id, invoice.billedMemberId)).balance).toEqual(kes('4500.00'));

    const first = await payTestInvoice(runtime, invoice.id, { amount: kes('2000.00'), payerPhone: '0712 345 678' });
    expect(first).toMatchObject({ status: 'COMPLETED', method: 'MPESA', memberId: invoice.billedMemberId, payerPhone: '+254712345678' });
    expect(first.paymentNumber).toMatch(/^PAY-\d{4}-\d{6}$/);
    let now = await state(invoice.id, invoice.billedMemberId);
    expect(now.invoice).toMatchObject({ status: 'PARTIALLY_PAID', amountPaid: { amount: '2000.00' }, amountDue: { amount: '2500.00' } });
    expect(now.balance).toEqual(kes('2500.00'));

    const rest = await payTestInvoice(runtime, invoice.id, { amount: kes('2500.00'), method: 'BANK_TRANSFER', externalReference: `FT${uniqueMpesaReceipt()}` });
    now = await state(invoice.id, invoice.billedMemberId);
    expect(now.invoice).toMatchObject({ status: 'PAID', amountPaid: { amount: '4500.00' }, amountDue: { amount: '0.00' } });
    expect(now.invoice.payments.map((p: { id: string }) => p.id)).toEqual([first.id, rest.id]);
    expect(now.balance).toEqual(kes('0.00'));
    expect(now.paymentEntries.map((e: { sourceId: string }) => e.sourceId).sort()).toEqual([first.id, rest.id].sort());

    const entry = await executeOk(
      runtime,
      `query($id: ID!) { payment(id: $id) { invoice { id } member { id } journalEntries { lines { account { code } debit { amount } credit { amount } } } } }`,
      { id: rest.id },
    );
    expect(entry.payment.invoice.id).toBe(invoice.id);
    expect(entry.payment.member.id).toBe(invoice.billedMemberId);
    expect(entry.payment.journalEntries[0].lines).toEqual([
      { account: { code: '1000' }, debit: { amount: '2500.00' }, credit: { amount: '0.00' } },
      { account: { code: '1100' }, debit: { amount: '0.00' }, credit: { amount: '2500.00' } },
    ]);
  });

  it('posts once when the same M-Pesa receipt is delivered twice, one after the other', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const input = paymentInput(invoice.id, { amount: kes('1500.00') });
    const first = await executeOk<{ recordPayment: TestPayment }>(runtime, RECORD_PAYMENT, { input });
    const repeat = await executeOk<{ recordPayment: TestPayment }>(runtime, RECORD_PAYMENT, {
      input: { ...input, externalReference: ` ${input.externalReference.toLowerCase()} ` },
    });
    expect(repeat.recordPayment.id).toBe(first.recordPayment.id);
    const now = await state(invoice.id, invoice.billedMemberId);
    expect(now.invoice.payments).toHaveLength(1);
    expect(now.invoice.amountPaid).toEqual({ amount: '1500.00' });
    expect(now.paymentEntries).toHaveLength(1);
  });

  it('posts once when the same receipt is delivered twice at the same time', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const input = paymentInput(invoice.id, { amount: kes('1500.00') });
    const results = await Promise.all([0, 1, 2].map(() => executeOk<{ recordPayment: TestPayment }>(runtime, RECORD_PAYMENT, { input })));
    expect(new Set(results.map((r) => r.recordPayment.id)).size).toBe(1);
    const now = await state(invoice.id, invoice.billedMemberId);
    expect(now.invoice.payments).toHaveLength(1);
    expect(now.invoice.amountPaid).toEqual({ amount: '1500.00' });
    expect(now.paymentEntries).toHaveLength(1);
  });

  it('posts once when the same receipt races onto two invoices, and refuses the second', async () => {
    const a = await raiseTestInvoice(runtime);
    const b = await raiseTestInvoice(runtime);
    const externalReference = uniqueMpesaReceipt();
    const results = await Promise.all([a, b].map((inv) => execute(runtime, RECORD_PAYMENT, { input: paymentInput(inv.id, { amount: kes('100.00'), externalReference }) })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.find((r) => r.errors)?.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'externalReference' });
    const list = await executeOk(runtime, `query($ref: String!) { payments(filter: { externalReference: $ref }) { edges { node { id } } } }`, {
      ref: externalReference,
    });
    expect(list.payments.edges).toHaveLength(1);
  });

  it('refuses the same reference with a different amount as a CONFLICT', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const input = paymentInput(invoice.id, { amount: kes('1000.00') });
    await executeOk(runtime, RECORD_PAYMENT, { input });
    const result = await execute(runtime, RECORD_PAYMENT, { input: { ...input, amount: kes('1200.00') } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'externalReference', rule: 'REFERENCE_ALREADY_RECORDED' });
  });

  it('refuses an overpayment naming amount, and stores and posts nothing', async () => {
    const invoice = await raiseTestInvoice(runtime);
    await payTestInvoice(runtime, invoice.id, { amount: kes('4000.00') });
    const before = await state(invoice.id, invoice.billedMemberId);
    const result = await execute(runtime, RECORD_PAYMENT, { input: paymentInput(invoice.id, { amount: kes('500.01') }) });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount', rule: 'NOT_MORE_THAN_DUE' });
    expect(result.errors?.[0].message).toContain('500.00 KES still due');
    expect(await state(invoice.id, invoice.billedMemberId)).toEqual(before);
    expect(before.invoice.payments).toHaveLength(1);
  });

  it('cannot overpay with two payments racing for the last amount due', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const results = await Promise.all([0, 1].map(() => execute(runtime, RECORD_PAYMENT, { input: paymentInput(invoice.id, { amount: kes('3000.00') }) })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.find((r) => r.errors)?.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount', rule: 'NOT_MORE_THAN_DUE' });
    const now = await state(invoice.id, invoice.billedMemberId);
    expect(now.invoice.amountPaid).toEqual({ amount: '3000.00' });
    expect(now.paymentEntries).toHaveLength(1);
  });

  it('refuses payments on a voided invoice, in another currency, or on an unknown invoice', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const usd = await execute(runtime, RECORD_PAYMENT, { input: paymentInput(invoice.id, { amount: { amount: '10.00', currency: 'USD' } }) });
    expect(usd.errors?.[0].extensions).toMatchObject({ field: 'amount.currency', rule: 'INVOICE_CURRENCY' });

    await executeOk(runtime, `mutation($id: ID!) { voidInvoice(input: { invoiceId: $id, reason: "Duplicate billing" }) { id } }`, { id: invoice.id });
    const onVoid = await execute(runtime, RECORD_PAYMENT, { input: paymentInput(invoice.id, { amount: kes('10.00') }) });
    expect(onVoid.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'invoiceId', rule: 'INVOICE_PAYABLE' });

    const unknown = await execute(runtime, RECORD_PAYMENT, { input: paymentInput(foreignId()) });
    expect(unknown.errors?.[0].extensions).toMatchObject({ field: 'invoiceId', rule: 'EXISTS' });
  });

  it('resolves Payment references through _entities', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const payment = await payTestInvoice(runtime, invoice.id, { method: 'CARD', externalReference: `ch_${uniqueMpesaReceipt()}`, payerPhone: null });
    const data = await executeOk(
      runtime,
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Payment { paymentNumber method amount { amount } } } }`,
      { reps: [{ __typename: 'Payment', id: payment.id }] },
    );
    expect(data._entities).toEqual([{ paymentNumber: payment.paymentNumber, method: 'CARD', amount: { amount: '4500.00' } }]);
  });
});
