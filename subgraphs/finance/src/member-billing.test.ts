import { currentScope, runInRequestScope } from '../../../kit/request-context';
import { execute, executeOk, startTestSubgraph } from '../../../kit/testing';
import type { SubgraphRuntime } from '../../../kit/subgraph';
import type { FinanceLoaders } from './loaders';
import type { FinanceServices } from './services';
import { financeSubgraph } from './subgraph';
import { foreignId, payTestInvoice, raiseTestInvoice } from './testing';

let runtime: SubgraphRuntime<FinanceServices, FinanceLoaders>;
beforeAll(async () => {
  runtime = await startTestSubgraph(financeSubgraph);
});
afterAll(() => runtime.stop());

const MEMBER_BILLING = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Member {
  id
  invoices(first: 5) { edges { node { invoiceNumber status amountDue { amount } billedMember { id } } } pageInfo { hasNextPage } }
  open: invoices(status: OPEN) { edges { node { invoiceNumber } } }
  payments { edges { node { paymentNumber amount { amount } invoice { invoiceNumber } } } }
  balance { amount currency }
} } }`;

const members = (ids: string[]) => ids.map((id) => ({ __typename: 'Member', id }));

/** A member with two invoices of 4,500 and 3,000 (the first part paid with 1,000): owes 6,500. */
async function memberWithBilling(companyId: string | null = null) {
  const memberId = foreignId();
  const policyId = foreignId();
  const march = await raiseTestInvoice(runtime, { billedMemberId: memberId, policyId, companyId });
  const april = await raiseTestInvoice(runtime, {
    billedMemberId: memberId,
    policyId,
    companyId,
    periodStart: '2026-04-01',
    periodEnd: '2026-04-30',
    premium: { amount: '3000.00', currency: 'KES' },
  });
  const payment = await payTestInvoice(runtime, march.id, { amount: { amount: '1000.00', currency: 'KES' } });
  return { memberId, march, april, payment };
}

/** Runs an operation as one request and counts the SQL statements it sent. */
async function countStatements(query: string, variables: Record<string, unknown>): Promise<number> {
  return runInRequestScope(undefined, async () => {
    const result = await execute(runtime, query, variables);
    expect(result.errors).toBeUndefined();
    return currentScope()!.sqlStatements;
  });
}

describe('Member and Company billing through _entities', () => {
  it('adds invoices, payments and balance to a Member', async () => {
    const { memberId, march, april, payment } = await memberWithBilling();
    const { _entities } = await executeOk(runtime, MEMBER_BILLING, { reps: members([memberId]) });
    const [member] = _entities;
    expect(member.id).toBe(memberId);
    expect(member.invoices.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { invoiceNumber: april.invoiceNumber, status: 'OPEN', amountDue: { amount: '3000.00' }, billedMember: { id: memberId } },
      { invoiceNumber: march.invoiceNumber, status: 'PARTIALLY_PAID', amountDue: { amount: '3500.00' }, billedMember: { id: memberId } },
    ]);
    expect(member.invoices.pageInfo.hasNextPage).toBe(false);
    expect(member.open.edges).toEqual([{ node: { invoiceNumber: april.invoiceNumber } }]);
    expect(member.payments.edges).toEqual([
      { node: { paymentNumber: payment.paymentNumber, amount: { amount: '1000.00' }, invoice: { invoiceNumber: march.invoiceNumber } } },
    ]);
    expect(member.balance).toEqual({ amount: '6500.00', currency: 'KES' });
  });

  it('gives a member finance has never billed empty lists and a zero KES balance', async () => {
    const { _entities } = await executeOk(runtime, MEMBER_BILLING, { reps: members([foreignId()]) });
    expect(_entities[0]).toMatchObject({
      invoices: { edges: [], pageInfo: { hasNextPage: false } },
      payments: { edges: [] },
      balance: { amount: '0.00', currency: 'KES' },
    });
  });

  it('leaves paid and voided invoices out of the balance', async () => {
    const { memberId, april, march } = await memberWithBilling();
    await executeOk(runtime, `mutation($id: ID!) { voidInvoice(input: { invoiceId: $id, reason: "Billed in error" }) { id } }`, { id: april.id });
    await payTestInvoice(runtime, march.id, { amount: { amount: '3500.00', currency: 'KES' } });
    const { _entities } = await executeOk(runtime, `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Member { balance { amount } } } }`, {
      reps: members([memberId]),
    });
    expect(_entities[0].balance).toEqual({ amount: '0.00' });
  });

  it('adds invoices to a Company, filtered by status', async () => {
    const companyId = foreignId();
    const a = await memberWithBilling(companyId);
    const b = await memberWithBilling(companyId);
    const { _entities } = await executeOk(
      runtime,
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Company {
        id all: invoices(first: 10) { edges { node { id company { id } } } }
        partlyPaid: invoices(status: PARTIALLY_PAID) { edges { node { id } } }
      } } }`,
      { reps: [{ __typename: 'Company', id: companyId }, { __typename: 'Company', id: foreignId() }] },
    );
    const [company, stranger] = _entities;
    const ids = company.all.edges.map((e: { node: { id: string } }) => e.node.id).sort();
    expect(ids).toEqual([a.march.id, a.april.id, b.march.id, b.april.id].sort());
    expect(company.all.edges.every((e: { node: { company: { id: string } } }) => e.node.company.id === companyId)).toBe(true);
    expect(company.partlyPaid.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual([a.march.id, b.march.id].sort());
    expect(stranger.all.edges).toEqual([]);
  });

  it('costs the same number of SQL statements for 30 members as for 3', async () => {
    const billed: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      const memberId = foreignId();
      const invoice = await raiseTestInvoice(runtime, { billedMemberId: memberId });
      if (i % 2 === 0) await payTestInvoice(runtime, invoice.id, { amount: { amount: '500.00', currency: 'KES' } });
      billed.push(memberId);
    }
    const three = await countStatements(MEMBER_BILLING, { reps: members(billed.slice(0, 3)) });
    const thirty = await countStatements(MEMBER_BILLING, { reps: members(billed) });
    // invoices (twice: two argument sets), payments, the payments' invoices, balance, and the
    // audit of the staff read (one insert for every member read).
    expect(three).toBe(6);
    expect(thirty).toBe(three);

    const { _entities } = await executeOk(runtime, MEMBER_BILLING, { reps: members(billed) });
    expect(_entities).toHaveLength(30);
    expect(_entities.filter((m: { payments: { edges: unknown[] } }) => m.payments.edges.length === 1)).toHaveLength(15);
    expect(_entities.every((m: { invoices: { edges: unknown[] } }) => m.invoices.edges.length === 1)).toBe(true);
  });
});
