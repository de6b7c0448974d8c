import { addDays, today } from '../../../../kit/dates';
import { currentScope, runInRequestScope } from '../../../../kit/request-context';
import type { AnyRuntime } from '../../../../kit/subgraph';
import { recordEvent } from '../../../../kit/events/outbox';
import { execute, executeOk, outboxEventsOf, startTestSubgraph, uniqueSuffix } from '../../../../kit/testing';
import { claimsSubgraph } from '../subgraph';
import type { SubmitClaimInput } from './claim.input';
import { ClaimService, type ClaimServiceOptions } from './claim.service';
import { ClaimStatus } from './claim.entity';
import { ClaimDecision } from '../adjudication/adjudication.types';
import { CLAIM_FIELDS, createTestClaimInput, createTestInpatientClaimInput, newId, SUBMIT_CLAIM, submitTestClaim, type TestClaim } from '../testing';

let runtime: AnyRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph(claimsSubgraph);
});
afterAll(() => runtime.stop());

const CLAIMS_OF_PROVIDER = `query($providerId: ID!, $first: Int, $after: String) {
  claims(filter: { providerId: $providerId }, first: $first, after: $after) {
    edges { cursor node { id claimNumber providerReference } } pageInfo { hasNextPage endCursor } } }`;

async function claimsOfProvider(providerId: string): Promise<{ claimNumber: string; providerReference: string }[]> {
  const data = await executeOk(runtime, CLAIMS_OF_PROVIDER, { providerId, first: 100 });
  return data.claims.edges.map((e: { node: unknown }) => e.node);
}

describe('submitting a claim', () => {
  it('stores a valid claim as SUBMITTED with a claim number, exact totals and its lines', async () => {
    const claim = await submitTestClaim(runtime);
    expect(claim).toMatchObject({
      status: 'SUBMITTED',
      submittedBy: 'test-officer',
      benefitCategory: 'OUTPATIENT',
      diagnosisCodes: ['B50.9'],
      totalBilled: { amount: '3850.00', currency: 'KES', minorUnits: '385000' },
    });
    expect(claim.claimNumber).toMatch(new RegExp(`^CLM-${today().slice(0, 4)}-\\d{6}$`));
    expect(claim.lines.map((l) => [l.lineNumber, l.serviceCode, l.billedAmount.amount])).toEqual([
      [1, 'CON-GP', '2500.00'],
      [2, 'LAB-BS-MPS', '500.00'],
      [3, 'PHA-AL', '850.00'],
    ]);

    const byId = await executeOk(
      runtime,
      `query($id: ID!) { claim(id: $id) { ${CLAIM_FIELDS} member { id } diagnoses { code description chapter }
         lines { service { code name category unit } } } }`,
      { id: claim.id },
    );
    expect(byId.claim).toMatchObject({ id: claim.id, claimNumber: claim.claimNumber, member: { id: claim.memberId } });
    expect(byId.claim.diagnoses).toEqual([{ code: 'B50.9', description: 'Plasmodium falciparum malaria, unspecified', chapter: 'I' }]);
    expect(byId.claim.lines[0].service).toEqual({ code: 'CON-GP', name: 'General practitioner consultation', category: 'OUTPATIENT', unit: 'PER_VISIT' });

    const byNumber = await executeOk(runtime, `query($n: String!) { claimByNumber(claimNumber: $n) { id } }`, { n: claim.claimNumber.toLowerCase() });
    expect(byNumber.claimByNumber.id).toBe(claim.id);
  });

  it('stores an inpatient stay with its admission and discharge dates', async () => {
    const input = createTestInpatientClaimInput();
    const data = await executeOk(runtime, SUBMIT_CLAIM, { input });
    expect(data.submitClaim).toMatchObject({
      benefitCategory: 'INPATIENT',
      admissionDate: input.admissionDate,
      dischargeDate: input.dischargeDate,
      totalBilled: { amount: '26500.00' },
    });
  });

  it('refuses a claim naming every broken rule, and stores nothing', async () => {
    const input = createTestClaimInput({ serviceDate: addDays(today(), 1) });
    input.lines[1] = { ...input.lines[1], diagnosisCodes: ['XX9'] };
    input.lines[2] = { ...input.lines[2], quantity: 0 };
    const result = await execute(runtime, SUBMIT_CLAIM, { input });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const violations = result.errors?.[0].extensions?.violations as { field: string; rule: string }[];
    expect(violations.map((v) => [v.field, v.rule])).toEqual([
      ['serviceDate', 'NOT_IN_FUTURE'],
      ['lines[1].diagnosisCodes[0]', 'INVALID_ICD10'],
      ['lines[2].quantity', 'MIN_QUANTITY'],
    ]);
    expect(await claimsOfProvider(input.providerId)).toEqual([]);
  });

  it('leaves the idempotency key unused when a submission fails, so the corrected claim can use it', async () => {
    const key = `submit-${uniqueSuffix()}`;
    const input = createTestClaimInput({ diagnosisCodes: ['B50'] });
    const failed = await execute(runtime, SUBMIT_CLAIM, { input, key });
    expect(failed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'diagnosisCodes[0]', rule: 'NON_BILLABLE_ICD10' });
    expect(await claimsOfProvider(input.providerId)).toEqual([]);

    const corrected = await executeOk(runtime, SUBMIT_CLAIM, { input: { ...input, diagnosisCodes: ['B50.9'] }, key });
    expect(corrected.submitClaim.status).toBe('SUBMITTED');
  });
});

describe('the unique claim reference', () => {
  it('refuses a provider\'s second claim with the same reference (in any letter case) as a CONFLICT', async () => {
    const first = await submitTestClaim(runtime);
    const again = await execute(runtime, SUBMIT_CLAIM, {
      input: createTestClaimInput({ providerId: first.providerId, providerReference: first.providerReference.toLowerCase() }),
    });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'providerReference', rule: 'UNIQUE_CLAIM_REFERENCE' });
    expect(again.errors?.[0].message).toContain(first.claimNumber);
    expect(await claimsOfProvider(first.providerId)).toHaveLength(1);

    // Refused for another reason as well, the claim hears of both at once.
    const twice = await execute(runtime, SUBMIT_CLAIM, {
      input: { ...createTestClaimInput({ providerId: first.providerId, providerReference: first.providerReference }), preauthorisationId: 'not-an-id' },
    });
    const violations = twice.errors?.[0].extensions?.violations as { field: string; rule: string }[];
    expect(violations.map((v) => [v.field, v.rule])).toEqual([
      ['providerReference', 'UNIQUE_CLAIM_REFERENCE'],
      ['preauthorisationId', 'MEMBER_PREAUTHORISATION'],
    ]);
  });

  it('lets another provider use the same reference', async () => {
    const first = await submitTestClaim(runtime);
    const other = await submitTestClaim(runtime, { providerReference: first.providerReference });
    expect(other.providerReference).toBe(first.providerReference);
  });

  it('accepts exactly one of two submissions racing with the same reference', async () => {
    const input = createTestClaimInput();
    const results = await Promise.all([
      execute<{ submitClaim: TestClaim }>(runtime, SUBMIT_CLAIM, { input }),
      execute<{ submitClaim: TestClaim }>(runtime, SUBMIT_CLAIM, { input: { ...input, memberId: newId() } }),
    ]);
    const succeeded = results.filter((r) => !r.errors);
    const refused = results.filter((r) => r.errors);
    expect(succeeded).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0].errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'providerReference', rule: 'UNIQUE_CLAIM_REFERENCE' });
    expect(await claimsOfProvider(input.providerId)).toHaveLength(1);
  });
  it('turns a reference taken by a transaction that commits mid-submission into the same CONFLICT', async () => {
    // Step 1: another submission holds the reference in a transaction that has not committed yet.
    const input = createTestClaimInput();
    const rival = runtime.dataSource.createQueryRunner();
    await rival.connect();
    await rival.startTransaction();
    try {
      await rival.query(
        `INSERT INTO claims (claim_number, member_id, provider_id, provider_reference, benefit_category, service_date,
           diagnosis_codes, status, currency, total_billed_minor, submitted_at, submitted_by)
         VALUES ($1, $2, $3, $4, 'OUTPATIENT', $5, '{B50.9}', 'SUBMITTED', 'KES', 100, now(), 'rival')`,
        [`CLM-RACE-${uniqueSuffix()}`, newId(), input.providerId, input.providerReference, input.serviceDate],
      );
      // Step 2: this submission cannot see it yet, passes intake and waits on the unique index.
      const pending = execute(runtime, SUBMIT_CLAIM, { input });
      await waitForALockWait();
      // Step 3: the rival commits; the waiting insert fails and is reported like any duplicate.
      await rival.commitTransaction();
      const result = await pending;
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'providerReference', rule: 'UNIQUE_CLAIM_REFERENCE' });
      // Looked up once the failed transaction is over, the rival's claim is named as any holder is.
      expect(result.errors?.[0].message).toContain('as claim CLM-RACE-');
    } finally {
      if (rival.isTransactionActive) await rival.rollbackTransaction();
      await rival.release();
    }
    expect(await claimsOfProvider(input.providerId)).toHaveLength(1);
  });
});

/** Resolves once some statement in this database is waiting on a lock (the blocked insert). */
async function waitForALockWait(): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const [waiting] = await runtime.dataSource.query(
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' LIMIT 1`,
    );
    if (waiting) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the submission never waited on the rival\'s row');
}

describe('idempotent submission', () => {
  it('returns the first claim to a retry with the same key, even one that races it', async () => {
    const input = createTestClaimInput();
    const key = `submit-${uniqueSuffix()}`;
    const [a, b] = await Promise.all([
      executeOk(runtime, SUBMIT_CLAIM, { input, key }),
      executeOk(runtime, SUBMIT_CLAIM, { input, key }),
    ]);
    expect(b.submitClaim.id).toBe(a.submitClaim.id);
    const later = await executeOk(runtime, SUBMIT_CLAIM, { input, key });
    expect(later.submitClaim).toEqual(a.submitClaim);
    expect(await claimsOfProvider(input.providerId)).toHaveLength(1);
  });

  it('refuses the same key for a different claim', async () => {
    const key = `submit-${uniqueSuffix()}`;
    await submitTestClaim(runtime, {}, key);
    const other = await execute(runtime, SUBMIT_CLAIM, { input: createTestClaimInput(), key });
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'IDEMPOTENCY_KEY_REUSED' });
  });
});

describe('listing claims', () => {
  it('pages through a provider\'s claims newest first with cursors', async () => {
    const providerId = newId();
    const submitted: TestClaim[] = [];
    for (let i = 0; i < 5; i += 1) submitted.push(await submitTestClaim(runtime, { providerId }));
    const newestFirst = submitted.map((c) => c.claimNumber).reverse();

    const seen: string[] = [];
    let after: string | null = null;
    const hasNext: boolean[] = [];
    do {
      const data: Record<string, any> = await executeOk(runtime, CLAIMS_OF_PROVIDER, { providerId, first: 2, after });
      seen.push(...data.claims.edges.map((e: { node: { claimNumber: string } }) => e.node.claimNumber));
      hasNext.push(data.claims.pageInfo.hasNextPage);
      after = data.claims.pageInfo.hasNextPage ? data.claims.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(newestFirst);
    expect(hasNext).toEqual([true, true, false]);
  });

  it('filters by member, status and service dates', async () => {
    const memberId = newId();
    const early = await submitTestClaim(runtime, { memberId, serviceDate: addDays(today(), -20) });
    const late = await submitTestClaim(runtime, { memberId, serviceDate: addDays(today(), -3) });
    await submitTestClaim(runtime);
    const query = `query($f: ClaimFilter) { claims(filter: $f) { edges { node { id } } } }`;
    const ids = async (f: Record<string, unknown>) =>
      (await executeOk(runtime, query, { f })).claims.edges.map((e: { node: { id: string } }) => e.node.id);

    expect(await ids({ memberId })).toEqual([late.id, early.id]);
    expect(await ids({ memberId, status: 'SUBMITTED' })).toEqual([late.id, early.id]);
    expect(await ids({ memberId, status: 'APPROVED' })).toEqual([]);
    expect(await ids({ memberId, serviceDateFrom: addDays(today(), -10) })).toEqual([late.id]);
    expect(await ids({ memberId, serviceDateTo: addDays(today(), -10) })).toEqual([early.id]);
  });

  it('refuses a filter id that is not an id, and a cursor it did not issue', async () => {
    const badId = await execute(runtime, `{ claims(filter: { memberId: "MCS100001-00" }) { edges { cursor } } }`);
    expect(badId.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.memberId', rule: 'VALID_ID' });
    const badCursor = await execute(runtime, `{ claims(after: "not-a-cursor") { edges { cursor } } }`);
    expect(badCursor.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after', rule: 'VALID_CURSOR' });
  });

  it('answers null for an unknown claim id or number', async () => {
    const data = await executeOk(runtime, `query($id: ID!) { claim(id: $id) { id } notUuid: claim(id: "42") { id } claimByNumber(claimNumber: "CLM-1999-000001") { id } }`, {
      id: newId(),
    });
    expect(data).toEqual({ claim: null, notUuid: null, claimByNumber: null });
  });
});

describe('federation', () => {
  const MEMBER_CLAIMS = `query($reps: [_Any!]!, $status: ClaimStatus) {
    _entities(representations: $reps) {
      ... on Member { id claims(first: 5, status: $status) {
        edges { node { claimNumber memberId lines { lineNumber serviceCode quantity billedAmount { amount } } } }
        pageInfo { hasNextPage } } } } }`;

  it('resolves Member representations to each member\'s claims', async () => {
    const withClaims = newId();
    const withoutClaims = newId();
    const older = await submitTestClaim(runtime, { memberId: withClaims });
    const newer = await submitTestClaim(runtime, { memberId: withClaims });
    const reps = [withClaims, withoutClaims].map((id) => ({ __typename: 'Member', id }));
    const data = await executeOk(runtime, MEMBER_CLAIMS, { reps });
    const [first, second] = data._entities;
    expect(first.id).toBe(withClaims);
    expect(first.claims.edges.map((e: { node: { claimNumber: string } }) => e.node.claimNumber)).toEqual([newer.claimNumber, older.claimNumber]);
    expect(first.claims.edges[0].node.lines).toHaveLength(3);
    expect(second).toEqual({ id: withoutClaims, claims: { edges: [], pageInfo: { hasNextPage: false } } });

    const approved = await executeOk(runtime, MEMBER_CLAIMS, { reps, status: 'APPROVED' });
    expect(approved._entities[0].claims.edges).toEqual([]);
  });

  it('costs the same number of SQL statements for 3 members as for 30', async () => {
    const memberIds = Array.from({ length: 30 }, () => newId());
    for (let i = 0; i < memberIds.length; i += 6) {
      await Promise.all(memberIds.slice(i, i + 6).map((memberId) => submitTestClaim(runtime, { memberId })));
    }
    const statementsFor = (ids: string[]) =>
      runInRequestScope(undefined, async () => {
        const data = await executeOk(runtime, MEMBER_CLAIMS, { reps: ids.map((id) => ({ __typename: 'Member', id })) });
        for (const entity of data._entities) expect(entity.claims.edges[0].node.lines).toHaveLength(3);
        return currentScope()!.sqlStatements;
      });

    const forThree = await statementsFor(memberIds.slice(0, 3));
    const forThirty = await statementsFor(memberIds);
    expect(forThree).toBeGreaterThan(0);
    expect(forThirty).toBe(forThree);
  });

  it('resolves Claim representations by id', async () => {
    const claim = await submitTestClaim(runtime);
    const data = await executeOk(runtime, `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Claim { id claimNumber } } }`, {
      reps: [{ __typename: 'Claim', id: claim.id }, { __typename: 'Claim', id: newId() }],
    });
    expect(data._entities).toEqual([{ id: claim.id, claimNumber: claim.claimNumber }, null]);
  });
});

describe('deciding a claim in its submission', () => {
  const services = () => runtime.services;
  const claimsWith = (decideOnSubmit: ClaimServiceOptions['decideOnSubmit']) =>
    new ClaimService(runtime.dataSource, { submissionWindowDays: 90, diagnoses: services().diagnoses, medicalServices: services().medicalServices, decideOnSubmit });

  async function expectStoredSubmitted(claims: ClaimService) {
    const input = createTestClaimInput();
    const claim = await claims.submit(input as SubmitClaimInput, 'test-officer');
    expect(claim).toMatchObject({ status: 'SUBMITTED', decision: null, adjudicationId: null, providerReference: input.providerReference });
    expect(await services().claims.get(claim.id)).toEqual(claim);
    const [{ lines }] = await runtime.dataSource.query('SELECT count(*)::int AS lines FROM claim_lines WHERE claim_id = $1', [claim.id]);
    expect(lines).toBe(3);
    expect(await outboxEventsOf(runtime, claim.id)).toEqual([]);
  }

  it('stores the claim SUBMITTED when deciding fails', async () => {
    await expectStoredSubmitted(
      claimsWith(async () => {
        throw new Error('the engine broke');
      }),
    );
  });

  it('stores the claim SUBMITTED, and nothing of the decision, when writing the decision fails half-way', async () => {
    await expectStoredSubmitted(
      claimsWith(async (_manager, claim) => ({
        columns: { status: ClaimStatus.DENIED, decision: ClaimDecision.DENIED },
        write: async (manager) => {
          // The decision's event is recorded, then the next write fails.
          await recordEvent(manager, { type: 'claims.claim.decided', aggregateId: claim.id, payload: { claimId: claim.id } });
          throw new Error('the ledger broke');
        },
      })),
    );
  });
});
