import { randomUUID } from 'node:crypto';
import { addDays, today } from '../../../../kit/dates';
import type { DomainEvent } from '../../../../kit/events/event';
import type { AnyRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, memberActor, startTestSubgraph, staffActor } from '../../../../kit/testing';
import { claimsSubgraph } from '../subgraph';
import { newId, submitTestClaim } from '../testing';
import { eraseMemberFromClaims, MEMBER_ERASED } from './member-erased.subscription';

let runtime: AnyRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph(claimsSubgraph);
});
afterAll(() => runtime.stop());

const EXPORT = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Member { id claimsDataExport } } }`;
const REQUEST = `mutation($input: RequestPreauthorisationInput!) { requestPreauthorisation(input: $input) { id } }`;

async function preauthorisation(memberId: string, notes: string | null) {
  const input = {
    memberId,
    providerId: newId(),
    benefitCategory: 'INPATIENT',
    estimatedAmount: { amount: '85000.00', currency: 'KES' },
    diagnosisCodes: ['K35.8'],
    plannedDate: addDays(today(), 3),
    notes,
  };
  return (await executeOk(runtime, REQUEST, { input }, staffActor('provider-desk'))).requestPreauthorisation.id as string;
}

const exportFor = (memberId: string, actor = memberActor(memberId)) => execute(runtime, EXPORT, { reps: [{ __typename: 'Member', id: memberId }] }, actor);

describe('the claims data export', () => {
  it("gives a member their claims with lines, diagnoses and pre-authorisations, and no one else's", async () => {
    const memberId = newId();
    const claim = await submitTestClaim(runtime, { memberId });
    await submitTestClaim(runtime); // someone else's
    const preauthId = await preauthorisation(memberId, 'Planned appendicectomy');
    const result = await exportFor(memberId);
    expect(result.errors).toBeUndefined();
    const exported = result.data!._entities[0].claimsDataExport;
    expect(exported).toMatchObject({ subgraph: 'claims', membership: null });
    expect(exported.claims).toEqual([
      expect.objectContaining({ id: claim.id, claimNumber: claim.claimNumber, memberId, diagnosisCodes: ['B50.9'], lines: expect.arrayContaining([expect.objectContaining({ serviceCode: 'CON-GP' })]) }),
    ]);
    expect(exported.claims[0].lines).toHaveLength(3);
    expect(exported.diagnoses.map((d: { code: string }) => d.code)).toEqual(['B50.9', 'K35.8']);
    expect(exported.preauthorisations).toEqual([expect.objectContaining({ id: preauthId, notes: 'Planned appendicectomy' })]);
  });

  it('refuses another member and non-admin staff', async () => {
    const memberId = newId();
    const asStranger = await exportFor(memberId, memberActor(newId()));
    expect(asStranger.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const asOfficer = await exportFor(memberId, staffActor('officer', 'CLAIMS_OFFICER'));
    expect(asOfficer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const asAdmin = await exportFor(memberId, staffActor('admin'));
    expect(asAdmin.data!._entities[0].claimsDataExport.claims).toEqual([]);
  });
});

describe('members.member.erased in claims', () => {
  const erased = (memberId: string): DomainEvent => ({
    id: randomUUID(), type: MEMBER_ERASED, source: 'members', aggregateId: memberId, occurredAt: new Date().toISOString(),
    payload: { memberId, pseudonym: 'Erased 1A2B3C4D', erasedAt: new Date().toISOString() },
  });
  const apply = (event: DomainEvent) => runtime.dataSource.transaction((manager) => eraseMemberFromClaims.handle(event, manager, runtime.services));
  const preauthRows = (ids: string[]) => runtime.dataSource.query(`SELECT id, notes, version, updated_at, estimated_minor, diagnosis_codes, status FROM preauthorisations WHERE id = ANY($1) ORDER BY id`, [ids]);
  const claimRow = (id: string) => runtime.dataSource.query(`SELECT * FROM claims WHERE id = $1`, [id]);

  it('drops the free-text notes once, keeps codes, amounts and claims, and touches no one else', async () => {
    const memberId = newId();
    const claim = await submitTestClaim(runtime, { memberId });
    const withNotes = await preauthorisation(memberId, 'Patient Jane Wanjiru, ward 4');
    const other = await preauthorisation(newId(), 'Another patient');
    const claimBefore = await claimRow(claim.id);
    const otherBefore = await preauthRows([other]);

    await apply(erased(memberId));
    const once = await preauthRows([withNotes]);
    expect(once).toEqual([expect.objectContaining({ notes: null, estimated_minor: '8500000', diagnosis_codes: ['K35.8'], status: 'REQUESTED' })]);

    await apply(erased(memberId));
    expect(await preauthRows([withNotes])).toEqual(once);
    expect(await preauthRows([other])).toEqual(otherBefore);
    expect(await claimRow(claim.id)).toEqual(claimBefore);
  });

  it('is a subscription of the claims subgraph', () => {
    expect(claimsSubgraph.subscriptions?.some((s) => s.types.includes(MEMBER_ERASED))).toBe(true);
  });
});
