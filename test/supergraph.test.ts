import { randomUUID } from 'node:crypto';
import { executeOk, useOwnTestDatabases } from '../kit/testing';
import { startTestSupergraph, type TestSupergraph } from '../gateway/src/testing';
import { subgraphs } from '../subgraphs';
import { activate, createTestCompany, createTestPrincipal } from '../subgraphs/members/src/testing';
import { createActiveScheme, issueTestPolicy } from '../subgraphs/schemes/src/testing';
import { createTestClaimInput, submitTestClaim } from '../subgraphs/claims/src/testing';
import { raiseTestInvoice } from '../subgraphs/finance/src/testing';
import { InProcessEventBus } from '../kit/events/bus';
import { claimableMember, coveredFamily } from './covered-family';
import { eventually } from '../kit/testing';

// Its runtimes relay their outboxes: this file has databases of its own.
useOwnTestDatabases();

/**
 * The whole supergraph over HTTP: every subgraph on its own test database behind the gateway.
 * Data is created through each owning subgraph; everything is read back through the gateway.
 */
let supergraph: TestSupergraph;
const runtime = (name: string) => supergraph.runtimes.get(name)!;

beforeAll(async () => {
  // One bus for every subgraph, as in `npm start`: events flow between them during these tests.
  supergraph = await startTestSupergraph(subgraphs, { bus: new InProcessEventBus() });
});
afterAll(() => supergraph?.stop());

const MEMBER_QUERY = `query($id: ID!) { member(id: $id) { memberNumber fullName status company { name }
  dependants { fullName relationship coverage { policy { id } } }
  coverage { scheme { name } period { start end } benefits { category annualLimit { amount currency } } }
  claims(first: 5) { edges { node { claimNumber status totalBilled { amount currency } } } }
  invoices(first: 3) { edges { node { invoiceNumber status amountDue { amount currency } dueDate } } }
  balance { amount currency } } }`;

describe('Member across members, schemes, claims and finance', () => {
  it('answers the member query from four subgraphs in one request', async () => {
    // Step 1: a family with cover, two claims and a part-paid invoice.
    const family = await coveredFamily(supergraph);

    // Step 2: the dashboard's member query, through the gateway.
    const { member } = await supergraph.runOk(MEMBER_QUERY, { id: family.principal.id });

    // Step 3: each subgraph's part is there.
    expect(member).toMatchObject({ memberNumber: family.principal.memberNumber, status: 'ACTIVE', company: { name: family.company.name } });
    expect(member.dependants).toEqual([{ fullName: expect.any(String), relationship: 'CHILD', coverage: { policy: { id: family.policy.id } } }]);
    expect(member.coverage.scheme.name).toBe(`Test scheme ${family.scheme.code}`);
    expect(member.coverage.period.start).toBe('2026-01-01');
    expect(member.coverage.benefits).toEqual([{ category: 'OUTPATIENT', annualLimit: { amount: '100000.00', currency: 'KES' } }]);
    expect(member.claims.edges.map((e: any) => e.node.claimNumber).sort()).toEqual(family.claims.map((c) => c.claimNumber).sort());
    expect(member.claims.edges[0].node).toMatchObject({ status: 'SUBMITTED', totalBilled: { amount: '3850.00', currency: 'KES' } });
    expect(member.invoices.edges).toEqual([
      { node: { invoiceNumber: family.invoice.invoiceNumber, status: 'PARTIALLY_PAID', amountDue: { amount: '3000.00', currency: 'KES' }, dueDate: expect.any(String) } },
    ]);
    expect(member.balance).toEqual({ amount: '3000.00', currency: 'KES' });
  });

  it('answers null for unknown and malformed ids, without an error', async () => {
    for (const id of [randomUUID(), 'not-a-uuid']) {
      const result = await supergraph.run(MEMBER_QUERY, { id });
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ member: null });
    }
  });

  it('names the field and the rule when input is invalid, through the gateway', async () => {
    const result = await supergraph.run(
      `mutation($input: EnrolPrincipalInput!) { enrolPrincipal(input: $input) { id } }`,
      { input: { companyId: randomUUID(), firstName: 'A', lastName: 'B', dateOfBirth: '2015-01-01', gender: 'MALE', phone: '0711000000', enrolmentDate: '2026-01-01' } },
    );
    expect(result.data).toBeNull();
    const violations = result.errors?.[0].extensions?.violations as { field: string; rule: string }[];
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'dateOfBirth', rule: 'PRINCIPAL_ADULT' }),
        expect.objectContaining({ field: 'companyId', rule: 'EXISTS' }),
      ]),
    );
  });
});

describe('a claim from submission to settlement, across the domains', () => {
  it('adjudicates a claim from the read models the events built, and finance settles it', async () => {
    // 1. A covered member and a licensed provider, each created in its own subgraph.
    // 2. Their events reach the claims read models.
    const { principal, provider } = await claimableMember(supergraph);

    // 3. The provider submits a claim through the gateway; it is decided before the answer.
    const { submitClaim } = await supergraph.runOk(
      `mutation($input: SubmitClaimInput!) { submitClaim(input: $input) { id claimNumber status decision payable { amount } provider { id } reasons { code message } } }`,
      { input: { ...createTestClaimInput({ memberId: principal.id, providerId: provider.id }) } },
    );
    expect(submitClaim).toMatchObject({ status: 'APPROVED', decision: 'APPROVED', provider: { id: provider.id }, reasons: [] });

    // 4. Finance turns the decision event into a settlement with a balanced posting.
    const settlement = await eventually(async () => {
      const data = await supergraph.runOk(`query($provider: ID!) { settlements(filter: { providerId: $provider }) { edges { node { claimId status amount { amount } } } } }`, {
        provider: provider.id,
      });
      expect(data.settlements.edges).toHaveLength(1);
      return data.settlements.edges[0].node;
    });
    expect(settlement).toEqual({ claimId: submitClaim.id, status: 'PENDING_PAYMENT', amount: { amount: submitClaim.payable.amount } });
    const { trialBalance } = await supergraph.runOk(`{ trialBalance { isBalanced } }`);
    expect(trialBalance.isBalanced).toBe(true);
  });
});

describe('DataLoader batching across the supergraph', () => {
  const LIST = `query($company: ID!, $first: Int!) { members(first: $first, filter: { companyId: $company }) { edges { node {
    memberNumber company { name } dependants { memberNumber }
    coverage { scheme { name } benefits { category } }
    claims(first: 5) { edges { node { claimNumber lines { serviceCode } } } }
    invoices(first: 5) { edges { node { invoiceNumber } } }
    balance { amount } } } } }`;

  it('sends the same number of SQL statements for 2 members as for 12', async () => {
    // Twelve principals in one company, each covered, with a claim and an invoice.
    const company = await createTestCompany(runtime('members'));
    const scheme = await createActiveScheme(runtime('schemes'));
    for (let i = 0; i < 12; i += 1) {
      const principal = await createTestPrincipal(runtime('members'), company.id);
      await activate(runtime('members'), principal.id);
      await issueTestPolicy(runtime('schemes'), scheme.id, { holderMemberId: principal.id, startDate: '2026-01-01' });
      await submitTestClaim(runtime('claims'), { memberId: principal.id });
      await raiseTestInvoice(runtime('finance'), { billedMemberId: principal.id, companyId: company.id });
    }

    const statementsFor = async (first: number) => {
      const before = supergraph.sqlStatements();
      const data = await supergraph.runOk(LIST, { company: company.id, first });
      const edges = data.members.edges;
      expect(edges).toHaveLength(first);
      expect(edges.every((e: any) => e.node.claims.edges.length === 1 && e.node.invoices.edges.length === 1 && e.node.coverage)).toBe(true);
      return supergraph.sqlStatements() - before;
    };
    const forTwo = await statementsFor(2);
    const forTwelve = await statementsFor(12);
    expect(forTwelve).toBe(forTwo);
    expect(forTwo).toBeLessThan(20);
  });
});

describe('a subgraph that is down', () => {
  it('still gets the other subgraphs\' data, with an error for the missing part', async () => {
    const company = await createTestCompany(runtime('members'));
    const principal = await createTestPrincipal(runtime('members'), company.id);
    await executeOk(runtime('finance'), '{ __typename }');
    // Stop serving claims: the gateway's call to it now fails.
    const claims = supergraph.runtimes.get('claims')!;
    const original = claims.server.executeHTTPGraphQLRequest.bind(claims.server);
    claims.server.executeHTTPGraphQLRequest = async () => ({ status: 503, headers: new Map() as never, body: { kind: 'complete', string: 'unavailable' } });
    try {
      const result = await supergraph.run(`query($id: ID!) { member(id: $id) { memberNumber balance { currency } claims(first: 1) { edges { node { id } } } } }`, { id: principal.id });
      expect(result.data?.member).toMatchObject({ memberNumber: principal.memberNumber, balance: { currency: 'KES' } });
      expect(result.errors?.[0].extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    } finally {
      claims.server.executeHTTPGraphQLRequest = original;
    }
  });
});
