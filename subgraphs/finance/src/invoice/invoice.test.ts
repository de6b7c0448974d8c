import { addDays, daysBetween, today } from '../../../../kit/dates';
import { execute, executeOk, startTestSubgraph } from '../../../../kit/testing';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import type { FinanceLoaders } from '../loaders';
import type { FinanceServices } from '../services';
import { financeSubgraph } from '../subgraph';
import { foreignId, INVOICE_FIELDS, invoiceInput, payTestInvoice, RAISE, raiseTestInvoice } from '../testing';

let runtime: SubgraphRuntime<FinanceServices, FinanceLoaders>;
beforeAll(async () => {
  runtime = await startTestSubgraph(financeSubgraph);
});
afterAll(() => runtime.stop());

const ENTRIES = `journalEntries { id entryNumber sourceType reversesEntryId lines { account { code } debit { minorUnits } credit { minorUnits } memberId } }`;
const VOID = `mutation($input: VoidInvoiceInput!) { voidInvoice(input: $input) { ${INVOICE_FIELDS} voidReason voidedAt ${ENTRIES} } }`;

describe('raising a premium invoice', () => {
  it('raises an invoice with its number, due date and receivable entry, and reads it back', async () => {
    const companyId = foreignId();
    const invoice = await raiseTestInvoice(runtime, { companyId });
    const issued = today();
    expect(invoice).toMatchObject({
      status: 'OPEN',
      issueDate: issued,
      dueDate: addDays(issued, 30),
      vatRateBps: 0,
      netPremium: { amount: '4500.00', currency: 'KES', minorUnits: '450000' },
      vat: { amount: '0.00' },
      total: { amount: '4500.00', currency: 'KES' },
      amountPaid: { amount: '0.00' },
      amountDue: { amount: '4500.00' },
      isOverdue: false,
      daysOverdue: 0,
      companyId,
    });
    expect(invoice.invoiceNumber).toMatch(new RegExp(`^INV-${issued.slice(0, 4)}-\\d{6}$`));

    const read = await executeOk(
      runtime,
      `query($id: ID!, $number: String!) {
        invoice(id: $id) { id billedMember { id } company { id } ${ENTRIES} }
        invoiceByNumber(invoiceNumber: $number) { id }
      }`,
      { id: invoice.id, number: invoice.invoiceNumber.toLowerCase() },
    );
    expect(read.invoiceByNumber.id).toBe(invoice.id);
    expect(read.invoice.billedMember.id).toBe(invoice.billedMemberId);
    expect(read.invoice.company.id).toBe(companyId);
    expect(read.invoice.journalEntries).toHaveLength(1);
    const [entry] = read.invoice.journalEntries;
    expect(entry.sourceType).toBe('PREMIUM_INVOICE');
    expect(entry.lines).toEqual([
      { account: { code: '1100' }, debit: { minorUnits: '450000' }, credit: { minorUnits: '0' }, memberId: invoice.billedMemberId },
      { account: { code: '4000' }, debit: { minorUnits: '0' }, credit: { minorUnits: '450000' }, memberId: invoice.billedMemberId },
    ]);
  });

  it('refuses a second invoice for the same policy and period as a CONFLICT naming periodStart', async () => {
    const first = await raiseTestInvoice(runtime);
    const again = await execute(runtime, RAISE, { input: invoiceInput({ policyId: first.policyId, billedMemberId: first.billedMemberId }) });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'periodStart', rule: 'ONE_INVOICE_PER_PERIOD' });
    expect(again.errors?.[0].message).toContain(first.invoiceNumber);
    const next = await raiseTestInvoice(runtime, { policyId: first.policyId, periodStart: '2026-04-01', periodEnd: '2026-04-30' });
    expect(next.invoiceNumber).not.toBe(first.invoiceNumber);
  });

  it('refuses racing raises for the same period: exactly one invoice is created', async () => {
    const input = invoiceInput();
    const results = await Promise.all([execute(runtime, RAISE, { input }), execute(runtime, RAISE, { input })]);
    const created = results.filter((r) => !r.errors);
    expect(created).toHaveLength(1);
    expect(results.find((r) => r.errors)?.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'periodStart' });
    const list = await executeOk(runtime, `query($p: ID!) { invoices(filter: { policyId: $p }) { edges { node { id } } } }`, { p: input.policyId });
    expect(list.invoices.edges).toHaveLength(1);
  });

  it('acts once when retried with the same idempotency key', async () => {
    const input = invoiceInput();
    const key = `raise-${input.policyId}`;
    const first = await executeOk(runtime, RAISE, { input, key });
    const retry = await executeOk(runtime, RAISE, { input, key });
    expect(retry.raisePremiumInvoice.id).toBe(first.raisePremiumInvoice.id);
    const reused = await execute(runtime, RAISE, { input: { ...input, periodStart: '2026-05-01', periodEnd: '2026-05-31' }, key });
    expect(reused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'idempotencyKey' });
  });

  it('names every broken rule of the input and stores nothing', async () => {
    const input = invoiceInput({ premium: { amount: '-10', currency: 'KES' }, periodEnd: '2026-02-01' });
    const result = await execute(runtime, RAISE, { input });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].extensions?.violations).toEqual([
      expect.objectContaining({ field: 'premium.amount', rule: 'POSITIVE' }),
      expect.objectContaining({ field: 'periodEnd', rule: 'AFTER_PERIOD_START' }),
    ]);
    const list = await executeOk(runtime, `query($p: ID!) { invoices(filter: { policyId: $p }) { edges { node { id } } } }`, { p: input.policyId });
    expect(list.invoices.edges).toEqual([]);
  });

  it('shows a back-dated unpaid invoice as overdue, and finds it with the overdue filter', async () => {
    const billedMemberId = foreignId();
    const late = await raiseTestInvoice(runtime, { billedMemberId, issueDate: '2026-01-05', periodStart: '2026-01-01', periodEnd: '2026-01-31' });
    const current = await raiseTestInvoice(runtime, { billedMemberId, periodStart: '2026-02-01', periodEnd: '2026-02-28' });
    expect(late.dueDate).toBe('2026-02-04');
    expect(late.isOverdue).toBe(true);
    expect(late.daysOverdue).toBe(daysBetween('2026-02-04', today()));
    expect(current.isOverdue).toBe(false);
    const overdue = await executeOk(
      runtime,
      `query($m: ID!) { yes: invoices(filter: { memberId: $m, overdue: true }) { edges { node { id } } }
                        no: invoices(filter: { memberId: $m, overdue: false }) { edges { node { id } } } }`,
      { m: billedMemberId },
    );
    expect(overdue.yes.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([late.id]);
    expect(overdue.no.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([current.id]);
  });

  it('pages through a member\'s invoices latest period first', async () => {
    const billedMemberId = foreignId();
    const policyId = foreignId();
    for (const month of ['01', '02', '03']) {
      await raiseTestInvoice(runtime, { billedMemberId, policyId, periodStart: `2026-${month}-01`, periodEnd: `2026-${month}-28` });
    }
    const query = `query($m: ID!, $after: String) { invoices(filter: { memberId: $m }, first: 2, after: $after) {
      edges { node { periodStart } } pageInfo { hasNextPage endCursor } } }`;
    const first = await executeOk(runtime, query, { m: billedMemberId });
    expect(first.invoices.edges.map((e: { node: { periodStart: string } }) => e.node.periodStart)).toEqual(['2026-03-01', '2026-02-01']);
    expect(first.invoices.pageInfo.hasNextPage).toBe(true);
    const second = await executeOk(runtime, query, { m: billedMemberId, after: first.invoices.pageInfo.endCursor });
    expect(second.invoices.edges.map((e: { node: { periodStart: string } }) => e.node.periodStart)).toEqual(['2026-01-01']);
    expect(second.invoices.pageInfo.hasNextPage).toBe(false);
  });
});

describe('voiding an invoice', () => {
  it('voids an unpaid invoice with a reversing entry, keeps the original entry, and frees the period', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const { voidInvoice } = await executeOk(runtime, VOID, { input: { invoiceId: invoice.id, reason: 'Raised on the wrong policy' } });
    expect(voidInvoice).toMatchObject({ status: 'VOID', voidReason: 'Raised on the wrong policy', amountDue: { amount: '0.00' }, isOverdue: false });
    expect(voidInvoice.voidedAt).toBeTruthy();
    const [raised, reversal] = voidInvoice.journalEntries;
    expect(raised.sourceType).toBe('PREMIUM_INVOICE');
    expect(reversal).toMatchObject({ sourceType: 'INVOICE_VOID', reversesEntryId: raised.id });
    expect(reversal.lines).toEqual([
      expect.objectContaining({ account: { code: '4000' }, debit: { minorUnits: '450000' } }),
      expect.objectContaining({ account: { code: '1100' }, credit: { minorUnits: '450000' } }),
    ]);

    const again = await execute(runtime, VOID, { input: { invoiceId: invoice.id, reason: 'Twice' } });
    expect(again.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect(again.errors?.[0].message).toMatch(/already void/);

    const replacement = await raiseTestInvoice(runtime, { policyId: invoice.policyId });
    expect(replacement.status).toBe('OPEN');
  });

  it('refuses to void an invoice with payments against it', async () => {
    const invoice = await raiseTestInvoice(runtime);
    await payTestInvoice(runtime, invoice.id, { amount: { amount: '1000.00', currency: 'KES' } });
    const result = await execute(runtime, VOID, { input: { invoiceId: invoice.id, reason: 'Customer disputes' } });
    expect(result.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect(result.errors?.[0].message).toMatch(/has payments against it/);
  });

  it('answers NOT_FOUND for an unknown invoice', async () => {
    const result = await execute(runtime, VOID, { input: { invoiceId: foreignId(), reason: 'No such invoice' } });
    expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('federation', () => {
  it('resolves Invoice references through _entities, null for an unknown id', async () => {
    const invoice = await raiseTestInvoice(runtime);
    const data = await executeOk(
      runtime,
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Invoice { invoiceNumber total { amount } } } }`,
      { reps: [{ __typename: 'Invoice', id: invoice.id }, { __typename: 'Invoice', id: foreignId() }] },
    );
    expect(data._entities).toEqual([{ invoiceNumber: invoice.invoiceNumber, total: { amount: '4500.00' } }, null]);
  });
});
