import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Kind, parse } from 'graphql';
import { memberActor, uniqueSuffix } from '../../kit/testing';
import { buildSafelist } from './safelist';
import { subgraphs } from '../../subgraphs';
import { projectRoot } from './config';
import { accessTokenFor, startTestSupergraph, type GraphQLResponse, type TestSupergraph } from './testing';

/**
 * Runs the apps' own queries (clients/**) through the gateway against every registered subgraph,
 * each on its test database. Codegen proves they validate; this proves the gateway can plan and
 * execute them across subgraphs, for a member who exists and for ids that do not.
 */

const clientsDir = join(projectRoot(), 'clients');
/** Each app's operations, each printed with the fragments it uses: what the apps send (the safelists). */
const safelists = ['admin-dashboard', 'member-app'].map((app) => buildSafelist(app, join(clientsDir, app)));
const isQuery = (document: string) => parse(document).definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === 'query');
const queries = safelists.flatMap(({ client, operations }) => operations.filter((o) => isQuery(o.document)).map((o) => ({ ...o, client })));
/** The member app sends its operations by hash, as persisted operations. */
const memberAppSafelist = new Map(safelists.find((l) => l.client === 'member-app')!.operations.map((o) => [o.name, o.sha256]));
const documentOf = (name: string) => queries.find((q) => q.name === name)!.document;

let supergraph: TestSupergraph;

beforeAll(async () => {
  // As deployed: the member app may only send its persisted operations.
  supergraph = await startTestSupergraph(subgraphs, { gateway: { safelistClients: ['member-app'] } });
});

afterAll(() => supergraph?.stop());

const run = (query: string, variables: Record<string, unknown>) => supergraph.run(query, variables);

/** Runs a member-app operation as the app does: by its hash, signed in as the family's principal. */
async function runAsMemberApp(name: string, variables: Record<string, unknown>, family: { memberId: string; childId: string }) {
  const response = await fetch(supergraph.gatewayUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'apollographql-client-name': 'member-app',
      authorization: `Bearer ${accessTokenFor(memberActor(family.memberId, [family.memberId, family.childId]))}`,
    },
    body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: memberAppSafelist.get(name) } } }),
  });
  return (await response.json()) as GraphQLResponse;
}
const runOk = (query: string, variables: Record<string, unknown> = {}) => supergraph.runOk(query, variables);

/** A company with a principal and a child, enrolled through the gateway. */
async function enrolFamily() {
  const suffix = uniqueSuffix();
  const { createCompany } = await runOk(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
    input: { name: `Client Ops ${suffix}`, registrationNumber: `CO-${suffix}`.toUpperCase(), email: `hr-${suffix}@example.co.ke`, phone: '0202000000', county: 'Mombasa' },
  });
  const tail = String((Date.now() * 17 + Math.floor(performance.now() * 1000)) % 100_000_000).padStart(8, '0');
  const { enrolPrincipal } = await runOk(`mutation($input: EnrolPrincipalInput!) { enrolPrincipal(input: $input) { id memberNumber } }`, {
    input: { companyId: createCompany.id, firstName: 'Nafula', lastName: `Wekesa${suffix}`, dateOfBirth: '1987-09-09', gender: 'FEMALE', phone: `+2547${tail}`, enrolmentDate: '2026-01-01' },
  });
  const { enrolDependant } = await runOk(`mutation($input: EnrolDependantInput!) { enrolDependant(input: $input) { id } }`, {
    input: { principalId: enrolPrincipal.id, relationship: 'CHILD', firstName: 'Imani', lastName: 'Wekesa', dateOfBirth: '2016-02-02', gender: 'FEMALE', enrolmentDate: '2026-01-01' },
  });
  return { companyId: createCompany.id as string, memberId: enrolPrincipal.id as string, memberNumber: enrolPrincipal.memberNumber as string, childId: enrolDependant.id as string };
}

/**
 * Variables for each query. A query missing here fails the test, so a new client operation is
 * run at least once. `unknownIds` runs the detail screens for records that do not exist.
 */
function variablesFor(name: string, family: Awaited<ReturnType<typeof enrolFamily>>): Record<string, unknown> {
  const unknown = randomUUID();
  const table: Record<string, Record<string, unknown>> = {
    MemberSearch: { filter: { companyId: family.companyId }, first: 5 },
    MemberByNumber: { memberNumber: family.memberNumber },
    MemberDetail: { id: family.memberId },
    Companies: { filter: { search: 'Client Ops' }, first: 5 },
    CompanyDetail: { id: family.companyId },
    Schemes: { first: 5 },
    SchemeDetail: { id: unknown },
    Policies: { filter: { holderMemberId: family.memberId } },
    PolicyDetail: { id: unknown },
    Claims: { filter: { memberId: family.memberId } },
    ClaimDetail: { id: unknown },
    DiagnosisCodeSearch: { search: 'malaria', first: 5 },
    MedicalServices: { category: 'OUTPATIENT' },
    Invoices: { filter: { memberId: family.memberId } },
    InvoiceDetail: { id: unknown },
    TrialBalance: { currency: 'KES' },
    MyCover: { memberId: family.memberId },
    MyDependants: { memberId: family.memberId },
    MyClaims: { memberId: family.memberId },
    MyClaim: { claimId: unknown },
    MyInvoicesAndBalance: { memberId: family.memberId },
    ExportMyData: { memberId: family.memberId },
    Me: {},
    PaymentProgress: { intentId: unknown },
    Leads: { filter: { status: 'NEW' }, first: 5 },
    LeadDetail: { id: unknown },
    NurtureCampaigns: {},
    NurtureCampaignDetail: { id: unknown },
    LeadMessages: { leadId: unknown },
    Pipeline: { filter: { stage: 'PROSPECTING' } },
    Agents: { first: 5 },
    SalesTeams: {},
    Territories: {},
    CommissionTiers: {},
    AgentCommission: { agentId: unknown },
    AgentPerformance: { from: '2026-01-01', to: '2026-01-31' },
    TokenWallet: { companyId: family.companyId },
    WalletTransactions: { walletId: unknown, from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' },
    TokenPackages: {},
    TokenPurchases: { walletId: unknown },
    TokenSubscriptions: { walletId: unknown },
    ReceivablesAgeing: { asOf: '2026-03-31' },
    FinancialReport: { from: '2026-01-01', to: '2026-03-31', groupBy: 'SCHEME' },
    PaymentIntents: { first: 5 },
    ProviderNotifications: { first: 5 },
    BankStatementImports: { first: 5 },
    BankStatementImportDetail: { id: unknown },
    PaymentDisputes: { first: 5 },
    ProviderSettlementBatches: { first: 5 },
    CommissionDisbursements: {},
    ExchangeRates: {},
    Providers: { filter: { search: 'Client Ops', status: 'ACTIVE' }, first: 5 },
    ProviderDetail: { id: unknown },
    ProviderContractDetail: { id: unknown },
    ProviderTariff: { providerId: unknown, serviceCode: 'CON-GP', on: '2026-03-01' },
    ProviderNetworks: { activeOn: '2026-03-01' },
    MedicalPersonnel: { filter: { search: 'Wekesa' }, first: 5 },
    Users: { role: 'ANALYST', first: 5 },
    UserDetail: { id: unknown },
    AuditRecords: { memberId: family.memberId, first: 5 },
    MyBenefitBalances: { memberId: family.memberId },
    FindProviders: { county: 'Mombasa', first: 5 },
    ProviderCard: { id: unknown },
    // The member app's user is the one `memberActor` signs in as.
    MySessions: { userId: `user-${family.memberId}` },
    MyWellness: { memberId: family.memberId },
    MyMetricTrend: { memberId: family.memberId, metric: 'STEPS' },
    OpenCoachSlots: { coachId: unknown, day: '2026-03-02' },
    MySupportTickets: { memberId: family.memberId },
    MySupportTicket: { id: unknown },
    MyNotifications: { memberId: family.memberId, first: 10 },
    MyNotificationPreferences: { memberId: family.memberId },
    MetricTimeSeries: { metric: 'claims.decided', from: '2026-01-01', to: '2026-01-31' },
    AnalyticsSummary: { from: '2026-01-01', to: '2026-03-31' },
    LimitUtilisation: { subjectType: 'MEMBER', subjectId: family.memberId },
    Alerts: { status: 'OPEN', first: 5 },
    AlertRules: {},
    ReportDefinitions: {},
    ReportRun: { id: unknown },
    Dashboards: {},
    SupportTickets: { filter: { memberId: family.memberId }, first: 5 },
    SupportTicketDetail: { id: unknown },
    NotificationTemplates: {},
    WebhookEndpoints: {},
    WebhookDeliveries: { endpointId: unknown, first: 5 },
    Coaches: { includeInactive: true },
    WellnessProgrammes: {},
    RewardRules: { includeInactive: true },
  };
  if (!table[name]) throw new Error(`No variables for client query ${name}: add it to variablesFor`);
  return table[name];
}

/** Queries that need data this test does not create, and the typed error they answer with. */
const EXPECTED_ERRORS: Record<string, string> = {
  PremiumQuote: 'NOT_FOUND',
  // A forecast is of a wallet; the fixture family's employer has none.
  TokenForecast: 'NOT_FOUND',
};

describe('client queries through the gateway', () => {
  it('has queries to run', () => {
    expect(queries.length).toBeGreaterThan(10);
  });

  it('runs every client query across the subgraphs without errors', async () => {
    const family = await enrolFamily();
    const failures: string[] = [];
    for (const operation of queries) {
      const { name } = operation;
      if (EXPECTED_ERRORS[name]) continue;
      const variables = variablesFor(name, family);
      const result = operation.client === 'member-app' ? await runAsMemberApp(name, variables, family) : await run(operation.document, variables);
      if (result.errors?.length) failures.push(`${name}: ${result.errors.map((e) => `${e.extensions?.code} ${e.message}`).join('; ')}`);
    }
    expect(failures).toEqual([]);
  });

  it('shows a new member with no cover, claims or invoices, and a zero balance, in one query', async () => {
    const family = await enrolFamily();
    const { member } = await runOk(documentOf('MemberDetail'), { id: family.memberId });
    expect(member).toMatchObject({
      id: family.memberId,
      dependants: [{ id: family.childId, relationship: 'CHILD' }],
      coverage: null,
      policies: [],
      claims: { edges: [] },
      invoices: { edges: [] },
      balance: { amount: expect.stringMatching(/^0(\.00)?$/), currency: 'KES' },
    });
  });

  it('answers the queries that need missing data with a typed error', async () => {
    const result = await run(documentOf('PremiumQuote'), {
      input: { schemeId: randomUUID(), people: [{ age: 35, gender: 'FEMALE' }], region: 'Nairobi' },
    });
    expect(result.errors?.[0].extensions?.code).toBe(EXPECTED_ERRORS.PremiumQuote);
  });
});
