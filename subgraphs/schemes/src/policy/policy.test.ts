import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, startTestSubgraph, uniqueSuffix } from '../../../../kit/testing';
import { schemesSubgraph } from '../subgraph';
import { activateTestPolicy, createActiveScheme, createTestScheme, issueTestPolicy, kes, newMemberId } from '../testing';

let runtime: SubgraphRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph<unknown, unknown>(schemesSubgraph);
});
afterAll(() => runtime.stop());

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const ISSUE = `mutation($input: IssuePolicyInput!, $key: String) { issuePolicy(input: $input, idempotencyKey: $key) { id policyNumber } }`;
const POLICY_FIELDS = `id policyNumber status startDate endDate cancellationDate billingFrequency premium { amount currency }
  schemeVersion { versionNumber status } holder { id } coveredMembers { memberId member { id } coveredFrom coveredTo }
  events { type fromStatus toStatus memberId actorId reason effectiveDate }`;
const LIFECYCLE = (name: string, input = 'PolicyLifecycleInput') => `mutation($input: ${input}!) { ${name}(input: $input) { ${POLICY_FIELDS} } }`;

describe('issuing policies', () => {
  it('issues a PENDING policy on the version in effect, covering the holder and dependants', async () => {
    const scheme = await createActiveScheme(runtime);
    const child = newMemberId();
    const issued = await issueTestPolicy(runtime, scheme.id, { coveredMemberIds: [child], startDate: '2026-02-01' });
    expect(issued.policyNumber).toMatch(/^POL-2026-\d{5,}$/);
    const data = await executeOk(runtime, `query($id: ID!) { policy(id: $id) { ${POLICY_FIELDS} } }`, { id: issued.id });
    expect(data.policy).toMatchObject({
      status: 'PENDING',
      startDate: '2026-02-01',
      endDate: '2026-12-31',
      cancellationDate: null,
      billingFrequency: 'MONTHLY',
      premium: { amount: '4500.00', currency: 'KES' },
      schemeVersion: { versionNumber: 1, status: 'PUBLISHED' },
      holder: { id: issued.holderMemberId },
      coveredMembers: [
        { memberId: issued.holderMemberId, member: { id: issued.holderMemberId }, coveredFrom: '2026-02-01', coveredTo: '2026-12-31' },
        { memberId: child, member: { id: child }, coveredFrom: '2026-02-01', coveredTo: '2026-12-31' },
      ],
      events: [{ type: 'ISSUED', fromStatus: null, toStatus: 'PENDING', actorId: 'test-officer', effectiveDate: '2026-02-01' }],
    });
    const byNumber = await executeOk(runtime, `query($n: String!) { policyByNumber(policyNumber: $n) { id } }`, { n: issued.policyNumber.toLowerCase() });
    expect(byNumber.policyByNumber.id).toBe(issued.id);
  });

  it('acts once when retried with the same idempotency key, and refuses the key for another request', async () => {
    const scheme = await createActiveScheme(runtime);
    const input = { schemeId: scheme.id, holderMemberId: newMemberId(), startDate: '2026-01-01', premium: kes('3000.00') };
    const key = `issue-${uniqueSuffix()}`;
    const [first, second] = await Promise.all([executeOk(runtime, ISSUE, { input, key }), executeOk(runtime, ISSUE, { input, key })]);
    expect(second.issuePolicy).toEqual(first.issuePolicy);
    const list = await executeOk(runtime, `query($m: ID!) { policies(filter: { memberId: $m }) { edges { node { id } } } }`, { m: input.holderMemberId });
    expect(list.policies.edges).toHaveLength(1);
    const other = await execute(runtime, ISSUE, { input: { ...input, premium: kes('3100.00') }, key });
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('sells only on an active scheme and a published version, to the group scheme\'s company', async () => {
    const draft = await createTestScheme(runtime);
    const onDraft = await execute(runtime, ISSUE, {
      input: { schemeId: draft.id, schemeVersionId: draft.versionId, holderMemberId: newMemberId(), startDate: '2026-01-01', premium: kes('1000.00') },
    });
    expect(onDraft.errors?.[0].extensions?.violations).toEqual([
      expect.objectContaining({ field: 'schemeId', rule: 'SCHEME_ACTIVE' }),
      expect.objectContaining({ field: 'schemeVersionId', rule: 'VERSION_PUBLISHED' }),
    ]);

    const company = newMemberId();
    const group = await createActiveScheme(runtime, { companyId: company });
    const elsewhere = await execute(runtime, ISSUE, {
      input: { schemeId: group.id, holderMemberId: newMemberId(), companyId: newMemberId(), startDate: '2026-01-01', premium: kes('1000.00') },
    });
    expect(elsewhere.errors?.[0].extensions).toMatchObject({ field: 'companyId', rule: 'GROUP_SCHEME_COMPANY' });
    const early = await execute(runtime, ISSUE, {
      input: { schemeId: group.id, holderMemberId: newMemberId(), companyId: company, startDate: '2025-12-01', premium: kes('1000.00') },
    });
    expect(early.errors?.[0].extensions).toMatchObject({ field: 'schemeVersionId', rule: 'VERSION_IN_EFFECT' });
  });

  it('never covers a member by two policies on the same day', async () => {
    const scheme = await createActiveScheme(runtime);
    const first = await issueTestPolicy(runtime, scheme.id, { startDate: '2026-01-01' });
    const clash = await execute(runtime, ISSUE, {
      input: { schemeId: scheme.id, holderMemberId: newMemberId(), coveredMemberIds: [first.holderMemberId], startDate: '2026-06-01', premium: kes('1.00') },
    });
    expect(clash.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'coveredMemberIds', rule: 'NO_OVERLAPPING_COVER' });
    expect(clash.errors?.[0].message).toContain(`already covered by policy ${first.policyNumber} from 2026-01-01 to 2026-12-31`);

    // The exclusion constraint holds the line for writes that bypass the service.
    await expect(
      runtime.dataSource.query(`INSERT INTO policy_members (policy_id, member_id, covered_from, covered_to) VALUES ($1, $2, '2026-03-01', '2026-03-31')`, [
        first.id,
        first.holderMemberId,
      ]),
    ).rejects.toMatchObject({ code: '23P01' });
  });

  it('refuses, in the database too, a policy on a draft version', async () => {
    const draft = await createTestScheme(runtime);
    await expect(
      runtime.dataSource.query(
        `INSERT INTO policies (policy_number, scheme_id, scheme_version_id, holder_member_id, start_date, end_date, status, billing_frequency, currency, premium_minor)
         VALUES ($1, $2, $3, $4, '2026-01-01', '2026-12-31', 'PENDING', 'MONTHLY', 'KES', 100)`,
        [`SQL-${uniqueSuffix()}`, draft.id, draft.versionId, newMemberId()],
      ),
    ).rejects.toMatchObject({ code: '23000', message: expect.stringMatching(/must point at a published version/) });
  });
});

describe('covered members', () => {
  it('adds and removes dependants within the period, re-pricing when asked', async () => {
    const scheme = await createActiveScheme(runtime);
    const policy = await issueTestPolicy(runtime, scheme.id);
    await activateTestPolicy(runtime, policy.id);
    const baby = newMemberId();
    const added = await executeOk(runtime, LIFECYCLE('addCoveredMember', 'AddCoveredMemberInput'), {
      input: { policyId: policy.id, memberId: baby, coveredFrom: '2026-03-15', premium: kes('5400.00'), reason: 'Newborn added' },
    });
    expect(added.addCoveredMember.premium.amount).toBe('5400.00');
    expect(added.addCoveredMember.coveredMembers).toContainEqual({ memberId: baby, member: { id: baby }, coveredFrom: '2026-03-15', coveredTo: '2026-12-31' });
    expect(added.addCoveredMember.events.at(-1)).toMatchObject({ type: 'MEMBER_ADDED', memberId: baby, reason: 'Newborn added', effectiveDate: '2026-03-15' });

    const removed = await executeOk(runtime, LIFECYCLE('removeCoveredMember', 'RemoveCoveredMemberInput'), {
      input: { policyId: policy.id, memberId: baby, lastDayOfCover: '2026-06-30', reason: 'Moved to the other parent\'s policy' },
    });
    expect(removed.removeCoveredMember.coveredMembers).toContainEqual({ memberId: baby, member: { id: baby }, coveredFrom: '2026-03-15', coveredTo: '2026-06-30' });

    // Once the window has ended, another policy may cover the member from the next day.
    const other = await issueTestPolicy(runtime, scheme.id, { coveredMemberIds: [baby], startDate: '2026-07-01' });
    expect(other.status).toBe('PENDING');

    const outside = await execute(runtime, LIFECYCLE('addCoveredMember', 'AddCoveredMemberInput'), {
      input: { policyId: policy.id, memberId: newMemberId(), coveredFrom: '2027-01-01' },
    });
    expect(outside.errors?.[0].extensions).toMatchObject({ field: 'coveredFrom', rule: 'WITHIN_PERIOD' });
    const holder = await execute(runtime, LIFECYCLE('removeCoveredMember', 'RemoveCoveredMemberInput'), {
      input: { policyId: policy.id, memberId: policy.holderMemberId, lastDayOfCover: '2026-06-30', reason: 'Trying' },
    });
    expect(holder.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect(holder.errors?.[0].message).toMatch(/the holder cannot be removed; cancel the policy instead/);
  });
});

describe('policy lifecycle', () => {
  it('activates, suspends, reactivates and cancels, recording each step and ending cover', async () => {
    const scheme = await createActiveScheme(runtime);
    const child = newMemberId();
    const policy = await issueTestPolicy(runtime, scheme.id, { coveredMemberIds: [child] });
    await activateTestPolicy(runtime, policy.id);
    const suspended = await executeOk(runtime, LIFECYCLE('suspendPolicy'), { input: { policyId: policy.id, reason: 'Premium arrears', effectiveDate: '2026-04-01' } });
    expect(suspended.suspendPolicy.status).toBe('SUSPENDED');
    await executeOk(runtime, LIFECYCLE('activatePolicy'), { input: { policyId: policy.id, reason: 'Arrears cleared', effectiveDate: '2026-04-20' } });
    const cancelled = await executeOk(runtime, LIFECYCLE('cancelPolicy', 'CancelPolicyInput'), {
      input: { policyId: policy.id, reason: 'Left the employer', lastDayOfCover: '2026-05-31' },
    });
    expect(cancelled.cancelPolicy).toMatchObject({ status: 'CANCELLED', cancellationDate: '2026-05-31' });
    expect(cancelled.cancelPolicy.coveredMembers.map((m: { coveredTo: string }) => m.coveredTo)).toEqual(['2026-05-31', '2026-05-31']);
    expect(cancelled.cancelPolicy.events.map((e: { type: string; fromStatus: string; toStatus: string }) => [e.type, e.fromStatus, e.toStatus])).toEqual([
      ['ISSUED', null, 'PENDING'],
      ['ACTIVATED', 'PENDING', 'ACTIVE'],
      ['SUSPENDED', 'ACTIVE', 'SUSPENDED'],
      ['ACTIVATED', 'SUSPENDED', 'ACTIVE'],
      ['CANCELLED', 'ACTIVE', 'CANCELLED'],
    ]);

    const again = await execute(runtime, LIFECYCLE('activatePolicy'), { input: { policyId: policy.id, reason: 'Try again' } });
    expect(again.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect(again.errors?.[0].message).toBe(`Cannot activate policy: policy ${policy.policyNumber} is CANCELLED; only a policy that is PENDING or SUSPENDED can be activated`);
  });

  it('cancels from inception, leaving no day of cover', async () => {
    const scheme = await createActiveScheme(runtime);
    const policy = await issueTestPolicy(runtime, scheme.id, { startDate: '2026-03-01' });
    const cancelled = await executeOk(runtime, LIFECYCLE('cancelPolicy', 'CancelPolicyInput'), {
      input: { policyId: policy.id, reason: 'Sold in error', lastDayOfCover: '2026-02-28' },
    });
    expect(cancelled.cancelPolicy.coveredMembers).toEqual([
      { memberId: policy.holderMemberId, member: { id: policy.holderMemberId }, coveredFrom: '2026-03-01', coveredTo: '2026-02-28' },
    ]);
    const reissued = await issueTestPolicy(runtime, scheme.id, { holderMemberId: policy.holderMemberId, startDate: '2026-03-01' });
    expect(reissued.id).not.toBe(policy.id);
  });

  it('expires a policy only after its end date', async () => {
    const scheme = await createActiveScheme(runtime);
    const policy = await issueTestPolicy(runtime, scheme.id);
    await activateTestPolicy(runtime, policy.id);
    const early = await execute(runtime, LIFECYCLE('expirePolicy'), { input: { policyId: policy.id, reason: 'Year end', effectiveDate: '2026-12-31' } });
    expect(early.errors?.[0].message).toMatch(/expires only after its end date/);
    const expired = await executeOk(runtime, LIFECYCLE('expirePolicy'), { input: { policyId: policy.id, reason: 'Year end', effectiveDate: '2027-01-01' } });
    expect(expired.expirePolicy.status).toBe('EXPIRED');
  });
});

describe('finding policies', () => {
  it('filters by scheme, status and member, and answers null or NOT_FOUND for unknown ids', async () => {
    const scheme = await createActiveScheme(runtime);
    const a = await issueTestPolicy(runtime, scheme.id);
    const b = await issueTestPolicy(runtime, scheme.id);
    await activateTestPolicy(runtime, b.id);
    const query = `query($filter: PolicyFilter) { policies(filter: $filter) { edges { node { id } } } }`;
    const ids = async (filter: Record<string, unknown>) =>
      (await executeOk(runtime, query, { filter })).policies.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(await ids({ schemeId: scheme.id })).toEqual([a.id, b.id]);
    expect(await ids({ schemeId: scheme.id, status: 'ACTIVE' })).toEqual([b.id]);
    expect(await ids({ holderMemberId: a.holderMemberId })).toEqual([a.id]);
    expect(await ids({ memberId: 'not-a-uuid' })).toEqual([]);

    const data = await executeOk(runtime, `query($id: ID!) { policy(id: $id) { id } policyByNumber(policyNumber: "POL-1900-00000") { id } }`, { id: UNKNOWN });
    expect(data).toEqual({ policy: null, policyByNumber: null });
    const missing = await execute(runtime, LIFECYCLE('activatePolicy'), { input: { policyId: UNKNOWN, reason: 'No such policy' } });
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'Policy', id: UNKNOWN });
    const noScheme = await execute(runtime, ISSUE, { input: { schemeId: UNKNOWN, holderMemberId: newMemberId(), startDate: '2026-01-01', premium: kes('1.00') } });
    expect(noScheme.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'schemeId', rule: 'EXISTS' });
  });
});
