import { execute, executeOk, startTestSubgraph } from '../../../../kit/testing';
import type { AnyRuntime } from '../../../../kit/subgraph';
import { membersSubgraph } from '../subgraph';
import { activate, createTestCompany, createTestDependant, createTestPrincipal, uniquePhone } from '../testing';

let runtime: AnyRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph(membersSubgraph);
});
afterAll(() => runtime.stop());

const LIFECYCLE = (name: string) =>
  `mutation($input: LifecycleChangeInput!) { ${name}(input: $input) { id status terminationDate
     dependants { id status lifeEvents { type fromStatus toStatus actorId reason cascadedFromId } } } }`;

describe('enrolment', () => {
  it('enrols a principal with a unique member number and records the enrolment', async () => {
    const company = await createTestCompany(runtime);
    const a = await createTestPrincipal(runtime, company.id);
    const b = await createTestPrincipal(runtime, company.id);
    expect(a.memberNumber).toMatch(/^MCS\d+-00$/);
    expect(b.memberNumber).not.toEqual(a.memberNumber);
    expect(a.status).toBe('PENDING');
    const data = await executeOk(runtime, `query($id: ID!) { member(id: $id) { fullName company { id } lifeEvents { type toStatus actorId } } }`, { id: a.id });
    expect(data.member.company.id).toBe(company.id);
    expect(data.member.lifeEvents).toEqual([{ type: 'ENROLLED', toStatus: 'PENDING', actorId: 'test-officer' }]);
  });

  it('refuses a principal under 18 naming the field and the rule, and stores nothing', async () => {
    const company = await createTestCompany(runtime);
    const result = await execute(runtime, `mutation($input: EnrolPrincipalInput!) { enrolPrincipal(input: $input) { id } }`, {
      input: { companyId: company.id, firstName: 'Young', lastName: 'Person', dateOfBirth: '2010-01-01', gender: 'MALE', phone: uniquePhone(), enrolmentDate: '2026-01-01' },
    });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'dateOfBirth', rule: 'PRINCIPAL_ADULT' });
    const list = await executeOk(runtime, `query($c: ID!) { members(filter: { companyId: $c }) { edges { node { id } } } }`, { c: company.id });
    expect(list.members.edges).toHaveLength(0);
  });

  it('refuses a second member with the same e-mail or phone', async () => {
    const company = await createTestCompany(runtime);
    const phone = uniquePhone();
    await createTestPrincipal(runtime, company.id, { phone, email: `dup-${phone.slice(-8)}@example.com` });
    const result = await execute(runtime, `mutation($input: EnrolPrincipalInput!) { enrolPrincipal(input: $input) { id } }`, {
      input: { companyId: company.id, firstName: 'A', lastName: 'B', dateOfBirth: '1990-01-01', gender: 'MALE', phone: `0${phone.slice(4)}`, email: `DUP-${phone.slice(-8)}@example.com`, enrolmentDate: '2026-01-01' },
    });
    const violations = result.errors?.[0].extensions?.violations as { field: string; rule: string }[];
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'email', rule: 'UNIQUE' }),
        expect.objectContaining({ field: 'phone', rule: 'UNIQUE' }),
      ]),
    );
  });

  it('gives dependants the principal\'s number with their own suffix and refuses an over-age child', async () => {
    const company = await createTestCompany(runtime, { childMaxAge: 21 });
    const principal = await createTestPrincipal(runtime, company.id);
    const child = await createTestDependant(runtime, principal.id);
    const spouse = await createTestDependant(runtime, principal.id, { relationship: 'SPOUSE', firstName: 'Otieno', dateOfBirth: '1986-02-02' });
    expect(child.memberNumber).toBe(principal.memberNumber.replace(/-00$/, '-01'));
    expect(spouse.memberNumber).toBe(principal.memberNumber.replace(/-00$/, '-02'));
    const tooOld = await execute(runtime, `mutation($input: EnrolDependantInput!) { enrolDependant(input: $input) { id } }`, {
      input: { principalId: principal.id, relationship: 'CHILD', firstName: 'Old', lastName: 'Child', dateOfBirth: '2003-01-01', gender: 'MALE', enrolmentDate: '2026-01-01' },
    });
    expect(tooOld.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'dateOfBirth', rule: 'CHILD_AGE_LIMIT' });
    const secondSpouse = await execute(runtime, `mutation($input: EnrolDependantInput!) { enrolDependant(input: $input) { id } }`, {
      input: { principalId: principal.id, relationship: 'SPOUSE', firstName: 'Second', lastName: 'Spouse', dateOfBirth: '1985-01-01', gender: 'MALE', enrolmentDate: '2026-01-01' },
    });
    expect(secondSpouse.errors?.[0].extensions).toMatchObject({ field: 'relationship', rule: 'SPOUSE_LIMIT' });
  });

  it('refuses a dependant of a principal from another company', async () => {
    const company = await createTestCompany(runtime);
    const other = await createTestCompany(runtime);
    const principal = await createTestPrincipal(runtime, company.id);
    const result = await execute(runtime, `mutation($input: EnrolDependantInput!) { enrolDependant(input: $input) { id } }`, {
      input: { principalId: principal.id, companyId: other.id, relationship: 'CHILD', firstName: 'X', lastName: 'Y', dateOfBirth: '2016-01-01', gender: 'MALE', enrolmentDate: '2026-01-01' },
    });
    expect(result.errors?.[0].extensions).toMatchObject({ field: 'companyId', rule: 'SAME_COMPANY_AS_PRINCIPAL' });
  });

  it('acts once when the same enrolment is retried with its idempotency key', async () => {
    const company = await createTestCompany(runtime);
    const phone = uniquePhone();
    const input = { companyId: company.id, firstName: 'Retry', lastName: 'Safe', dateOfBirth: '1990-01-01', gender: 'FEMALE', phone, enrolmentDate: '2026-01-01' };
    const enrol = `mutation($input: EnrolPrincipalInput!, $key: String) { enrolPrincipal(input: $input, idempotencyKey: $key) { id } }`;
    const [first, second] = await Promise.all([
      executeOk(runtime, enrol, { input, key: `enrol-${phone}` }),
      executeOk(runtime, enrol, { input, key: `enrol-${phone}` }),
    ]);
    expect(second.enrolPrincipal.id).toBe(first.enrolPrincipal.id);
    const changed = await execute(runtime, enrol, { input: { ...input, firstName: 'Other' }, key: `enrol-${phone}` });
    expect(changed.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'IDEMPOTENCY_KEY_REUSED' });
  });
});

describe('lifecycle', () => {
  async function family() {
    const company = await createTestCompany(runtime);
    const principal = await createTestPrincipal(runtime, company.id);
    const child = await createTestDependant(runtime, principal.id);
    await activate(runtime, principal.id);
    await activate(runtime, child.id);
    return { principal, child };
  }

  it('suspends a principal with their dependants, each with a life event of its own, and reinstates them together', async () => {
    const { principal } = await family();
    const suspended = await executeOk(runtime, LIFECYCLE('suspendMember'), { input: { memberId: principal.id, reason: 'Premium arrears', effectiveDate: '2026-03-01' } });
    expect(suspended.suspendMember.status).toBe('SUSPENDED');
    const [dependant] = suspended.suspendMember.dependants;
    expect(dependant.status).toBe('SUSPENDED');
    const event = dependant.lifeEvents.at(-1);
    expect(event).toMatchObject({ type: 'SUSPENDED', fromStatus: 'ACTIVE', toStatus: 'SUSPENDED', actorId: 'test-officer' });
    expect(event.cascadedFromId).toBeTruthy();

    const reinstated = await executeOk(runtime, LIFECYCLE('reinstateMember'), { input: { memberId: principal.id, reason: 'Arrears cleared', effectiveDate: '2026-03-10' } });
    expect(reinstated.reinstateMember.status).toBe('ACTIVE');
    expect(reinstated.reinstateMember.dependants[0].status).toBe('ACTIVE');
  });

  it('only suspends an active member and says why', async () => {
    const company = await createTestCompany(runtime);
    const pending = await createTestPrincipal(runtime, company.id);
    const result = await execute(runtime, LIFECYCLE('suspendMember'), { input: { memberId: pending.id, reason: 'Testing the rule' } });
    expect(result.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect(result.errors?.[0].message).toMatch(/member is PENDING; only a member who is ACTIVE can be suspended/);
  });

  it('terminates a family and needs an approval to reinstate long after termination', async () => {
    const { principal } = await family();
    const terminated = await executeOk(runtime, LIFECYCLE('terminateMember'), { input: { memberId: principal.id, reason: 'Left employer', effectiveDate: '2026-02-01' } });
    expect(terminated.terminateMember).toMatchObject({ status: 'TERMINATED', terminationDate: '2026-02-01' });
    expect(terminated.terminateMember.dependants[0].status).toBe('TERMINATED');

    const late = await execute(runtime, LIFECYCLE('reinstateMember'), { input: { memberId: principal.id, reason: 'Rejoined', effectiveDate: '2026-08-01' } });
    expect(late.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect(late.errors?.[0].message).toMatch(/needs a special approval/);

    const approved = await executeOk(runtime, LIFECYCLE('reinstateMember'), {
      input: { memberId: principal.id, reason: 'Rejoined', effectiveDate: '2026-08-01', approvalReference: 'EXCO-2026-14' },
    });
    expect(approved.reinstateMember.status).toBe('ACTIVE');
  });

  it('answers null for an unknown id and NOT_FOUND for a change to one', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await executeOk(runtime, `{ member(id: "${unknown}") { id } }`)).member).toBeNull();
    const result = await execute(runtime, LIFECYCLE('suspendMember'), { input: { memberId: unknown, reason: 'No such member' } });
    expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('batching', () => {
  it('lists the members of many companies with the same SQL statements as of one', async () => {
    const prefix = `Batch ${Date.now().toString(36)}`;
    for (let i = 0; i < 4; i += 1) {
      const company = await createTestCompany(runtime, { name: `${prefix} ${i}` });
      await createTestPrincipal(runtime, company.id);
      await createTestPrincipal(runtime, company.id);
    }
    const statementsFor = async (first: number) => {
      const before = runtime.metrics.total('sql_statements_total');
      const data = await executeOk(
        runtime,
        `query($search: String!, $first: Int!) { companies(first: $first, filter: { search: $search }) { edges { node {
           members(first: 5) { edges { node { memberNumber company { name } lifeEvents { type } } } } } } } }`,
        { search: prefix, first },
      );
      expect(data.companies.edges).toHaveLength(first);
      expect(data.companies.edges.every((e: any) => e.node.members.edges.length === 2)).toBe(true);
      return runtime.metrics.total('sql_statements_total') - before;
    };
    expect(await statementsFor(4)).toBe(await statementsFor(1));
  });
});

describe('federation', () => {
  it('resolves Member and Company references through _entities', async () => {
    const company = await createTestCompany(runtime);
    const principal = await createTestPrincipal(runtime, company.id);
    const data = await executeOk(
      runtime,
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Member { memberNumber } ... on Company { name } } }`,
      { reps: [{ __typename: 'Member', id: principal.id }, { __typename: 'Company', id: company.id }, { __typename: 'Member', id: '00000000-0000-4000-8000-000000000000' }] },
    );
    expect(data._entities).toEqual([{ memberNumber: principal.memberNumber }, { name: company.name }, null]);
  });
});
