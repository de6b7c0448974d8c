import type { AnySubgraph, SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, memberActor, outboxEventsOf, staffActor, startTestSubgraph } from '../../../../kit/testing';
import { membersSubgraph } from '../subgraph';
import { createTestCompany, createTestDependant, createTestPrincipal } from '../testing';
import { MEMBER_ERASED, type MemberErasedPayload } from './member-erased.event';
import { pseudonymFor } from './pseudonym';

let runtime: SubgraphRuntime;
beforeAll(async () => {
  runtime = (await startTestSubgraph(membersSubgraph as AnySubgraph)) as SubgraphRuntime;
});
afterAll(() => runtime.stop());

const EXPORT = `query($id: ID!) { member(id: $id) { id personalDataExport } }`;
const MEMBER_FIELDS = 'id memberNumber firstName lastName fullName email phone nationalId dateOfBirth status companyId';
const MEMBER = `query($id: ID!) { member(id: $id) { ${MEMBER_FIELDS} } }`;
const ERASE = `mutation($id: ID!, $reason: String!) { requestMemberErasure(memberId: $id, reason: $reason) { ${MEMBER_FIELDS} } }`;
const admin = staffActor('admin-wambui');

async function family() {
  const company = await createTestCompany(runtime);
  const principal = await createTestPrincipal(runtime, company.id, { nationalId: `ID${Date.now() % 1e8}${Math.floor(Math.random() * 100)}` });
  const child = await createTestDependant(runtime, principal.id);
  return { company, principal, child };
}

describe('pseudonyms', () => {
  it('are stable per member and differ between members', () => {
    expect(pseudonymFor('a')).toEqual(pseudonymFor('a'));
    expect(pseudonymFor('a').pseudonym).toMatch(/^Erased [0-9A-F]{8}$/);
    expect(pseudonymFor('a').lastName).not.toBe(pseudonymFor('b').lastName);
  });
});

describe('the personal data export', () => {
  it('gives a member their record, employer and life events', async () => {
    const { company, principal } = await family();
    const data = await executeOk(runtime, EXPORT, { id: principal.id }, memberActor(principal.id));
    const exported = data.member.personalDataExport;
    expect(exported).toMatchObject({
      subgraph: 'members',
      member: { id: principal.id, memberNumber: principal.memberNumber, firstName: 'Wanjiru', status: 'PENDING', erasedAt: null },
      employer: { id: company.id, name: company.name },
      lifeEvents: [expect.objectContaining({ type: 'ENROLLED', toStatus: 'PENDING' })],
    });
    expect(exported.member.email).toMatch(/@example\.co\.ke$/);
    expect(exported.member).not.toHaveProperty('nextDependantSuffix');
  });

  it('refuses another member and staff other than an administrator', async () => {
    const { principal } = await family();
    const stranger = await family();
    const asStranger = await execute(runtime, EXPORT, { id: principal.id }, memberActor(stranger.principal.id));
    expect(asStranger.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const asOfficer = await execute(runtime, `query($id: ID!) { member(id: $id) { id personalDataExport } }`, { id: principal.id }, staffActor('officer', 'ENROLMENT_OFFICER'));
    expect(asOfficer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(asOfficer.errors?.[0].path).toEqual(['member', 'personalDataExport']);
    const asAdmin = await executeOk(runtime, EXPORT, { id: principal.id }, admin);
    expect(asAdmin.member.personalDataExport.member.id).toBe(principal.id);
  });
});

describe('erasure', () => {
  it('pseudonymises the identity in one go, keeps cover facts, and tells the other domains once', async () => {
    const { company, principal } = await family();
    const before = (await executeOk(runtime, MEMBER, { id: principal.id }, admin)).member;
    expect(before.nationalId).toBeTruthy();

    const { requestMemberErasure: erased } = await executeOk(runtime, ERASE, { id: principal.id, reason: 'Right to erasure request #12' }, memberActor(principal.id));
    const { pseudonym, firstName, lastName } = pseudonymFor(principal.id);
    expect(erased).toEqual({
      ...before,
      firstName,
      lastName,
      fullName: pseudonym,
      email: null,
      phone: null,
      nationalId: null,
    });
    expect(erased).toMatchObject({ memberNumber: principal.memberNumber, status: 'PENDING', companyId: company.id, dateOfBirth: '1988-04-12' });

    const events = await outboxEventsOf<MemberErasedPayload>(runtime, principal.id, MEMBER_ERASED);
    expect(events).toHaveLength(1);
    expect(events[0].payload).toEqual({ memberId: principal.id, pseudonym, erasedAt: expect.any(String) });

    // A second request (by an administrator this time) changes nothing and tells nobody again.
    const [{ updated_at: stamp }] = await runtime.dataSource.query(`SELECT updated_at FROM members WHERE id = $1`, [principal.id]);
    const again = await executeOk(runtime, ERASE, { id: principal.id, reason: 'Asked twice' }, admin);
    expect(again.requestMemberErasure).toEqual(erased);
    expect(await outboxEventsOf(runtime, principal.id, MEMBER_ERASED)).toHaveLength(1);
    const [row] = await runtime.dataSource.query(`SELECT updated_at, erasure_reason FROM members WHERE id = $1`, [principal.id]);
    expect(row.updated_at).toEqual(stamp);
    expect(row.erasure_reason).toContain('Right to erasure request #12');

    const exported = (await executeOk(runtime, EXPORT, { id: principal.id }, memberActor(principal.id))).member.personalDataExport;
    expect(exported.member).toMatchObject({ firstName, email: null, erasedAt: events[0].payload.erasedAt });
  });

  it('is for the member themself or an administrator only', async () => {
    const { principal, child } = await family();
    const byPrincipalForChild = await execute(runtime, ERASE, { id: child.id, reason: 'x' }, memberActor(principal.id, [principal.id, child.id]));
    expect(byPrincipalForChild.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const byOfficer = await execute(runtime, ERASE, { id: child.id, reason: 'x' }, staffActor('officer', 'ENROLMENT_OFFICER'));
    expect(byOfficer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const blank = await execute(runtime, ERASE, { id: child.id, reason: '  ' }, admin);
    expect(blank.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(await outboxEventsOf(runtime, child.id, MEMBER_ERASED)).toHaveLength(0);
  });
});
