import { addDays, today } from '../../../kit/dates';
import { currentScope, runInRequestScope } from '../../../kit/request-context';
import type { SubgraphRuntime } from '../../../kit/subgraph';
import { executeOk, startTestSubgraph } from '../../../kit/testing';
import { schemesSubgraph } from './subgraph';
import { activateTestPolicy, createActiveScheme, issueTestPolicy, kes, newMemberId } from './testing';

let runtime: SubgraphRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph<unknown, unknown>(schemesSubgraph);
});
afterAll(() => runtime.stop());

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) { __typename
  ... on Member { id coverage(on: "2026-03-01") { status period { start end } policy { policyNumber } scheme { name }
      version { versionNumber } benefits { category annualLimit { amount currency } } member { id } }
    policies { policyNumber } }
  ... on Company { id schemes { code } }
  ... on Policy { policyNumber holder { id } }
  ... on Scheme { code }
  ... on SchemeVersion { versionNumber }
  ... on Benefit { code version { id } } } }`;

describe('Member', () => {
  it('gets its coverage on a day and its policies through _entities', async () => {
    const scheme = await createActiveScheme(runtime);
    const child = newMemberId();
    const policy = await issueTestPolicy(runtime, scheme.id, { coveredMemberIds: [child] });
    await activateTestPolicy(runtime, policy.id);
    const uncovered = newMemberId();
    const data = await executeOk(runtime, ENTITIES, {
      reps: [
        { __typename: 'Member', id: policy.holderMemberId },
        { __typename: 'Member', id: child },
        { __typename: 'Member', id: uncovered },
      ],
    });
    const coverage = {
      status: 'ACTIVE',
      period: { start: '2026-01-01', end: '2026-12-31' },
      policy: { policyNumber: policy.policyNumber },
      scheme: { name: `Test scheme ${scheme.code}` },
      version: { versionNumber: 1 },
      benefits: [{ category: 'OUTPATIENT', annualLimit: { amount: '100000.00', currency: 'KES' } }],
    };
    expect(data._entities).toEqual([
      { __typename: 'Member', id: policy.holderMemberId, coverage: { ...coverage, member: { id: policy.holderMemberId } }, policies: [{ policyNumber: policy.policyNumber }] },
      { __typename: 'Member', id: child, coverage: { ...coverage, member: { id: child } }, policies: [{ policyNumber: policy.policyNumber }] },
      { __typename: 'Member', id: uncovered, coverage: null, policies: [] },
    ]);
  });

  it('is covered today by default, and not outside the cover window', async () => {
    const scheme = await createActiveScheme(runtime);
    const start = addDays(today(), -10);
    const policy = await issueTestPolicy(runtime, scheme.id, { startDate: start, endDate: addDays(today(), 300) });
    const query = `query($reps: [_Any!]!, $before: LocalDate!) { _entities(representations: $reps) { ... on Member {
      now: coverage { on status policy { id } } before: coverage(on: $before) { status } } } }`;
    const data = await executeOk(runtime, query, { reps: [{ __typename: 'Member', id: policy.holderMemberId }], before: addDays(start, -1) });
    expect(data._entities[0]).toEqual({ now: { on: today(), status: 'PENDING', policy: { id: policy.id } }, before: null });
  });

  it('resolves coverage for many members in the same number of statements as for one', async () => {
    const scheme = await createActiveScheme(runtime);
    const policies = [];
    for (let i = 0; i < 6; i += 1) policies.push(await issueTestPolicy(runtime, scheme.id, { coveredMemberIds: [newMemberId()] }));
    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Member {
      coverage(on: "2026-05-01") { policy { policyNumber coveredMembers { memberId } } scheme { code } version { id } benefits { code subLimits { name } } }
      policies { id } } } }`;
    const statementsFor = (holders: string[]) =>
      runInRequestScope(undefined, async () => {
        await executeOk(runtime, query, { reps: holders.map((id) => ({ __typename: 'Member', id })) });
        return currentScope()!.sqlStatements;
      });
    const one = await statementsFor([policies[0].holderMemberId]);
    const six = await statementsFor(policies.map((p) => p.holderMemberId));
    expect(one).toBeGreaterThan(0);
    expect(six).toBe(one);
  });
});

describe('Company', () => {
  it('gets its group schemes and the schemes its members hold policies on', async () => {
    const company = newMemberId();
    const own = await createActiveScheme(runtime, { companyId: company });
    const open = await createActiveScheme(runtime);
    await issueTestPolicy(runtime, open.id, { companyId: company });
    await issueTestPolicy(runtime, open.id, { companyId: company });
    const data = await executeOk(runtime, ENTITIES, {
      reps: [
        { __typename: 'Company', id: company },
        { __typename: 'Company', id: newMemberId() },
      ],
    });
    expect(data._entities).toEqual([
      { __typename: 'Company', id: company, schemes: [{ code: own.code }, { code: open.code }].sort((a, b) => a.code.localeCompare(b.code)) },
      { __typename: 'Company', id: expect.any(String), schemes: [] },
    ]);
  });
});

describe('entities this subgraph owns', () => {
  it('resolves Policy, Scheme, SchemeVersion and Benefit references, and null for unknown ids', async () => {
    const scheme = await createActiveScheme(runtime);
    const policy = await issueTestPolicy(runtime, scheme.id, { premium: kes('2500.00') });
    const version = await executeOk(runtime, `query($id: ID!) { schemeVersion(id: $id) { benefits { id } } }`, { id: scheme.versionId });
    const benefitId = version.schemeVersion.benefits[0].id;
    const data = await executeOk(runtime, ENTITIES, {
      reps: [
        { __typename: 'Policy', id: policy.id },
        { __typename: 'Scheme', id: scheme.id },
        { __typename: 'SchemeVersion', id: scheme.versionId },
        { __typename: 'Benefit', id: benefitId },
        { __typename: 'Policy', id: UNKNOWN },
        { __typename: 'Scheme', id: 'not-a-uuid' },
      ],
    });
    expect(data._entities).toEqual([
      { __typename: 'Policy', policyNumber: policy.policyNumber, holder: { id: policy.holderMemberId } },
      { __typename: 'Scheme', code: scheme.code },
      { __typename: 'SchemeVersion', versionNumber: 1 },
      { __typename: 'Benefit', code: 'OUTPATIENT', version: { id: scheme.versionId } },
      null,
      null,
    ]);
  });
});
