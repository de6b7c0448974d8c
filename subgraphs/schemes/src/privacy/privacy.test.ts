import type { AnyRuntime } from '../../../../kit/subgraph';
import { execute, memberActor, startTestSubgraph, staffActor } from '../../../../kit/testing';
import { schemesSubgraph } from '../subgraph';
import { activateTestPolicy, createActiveScheme, issueTestPolicy, newMemberId } from '../testing';

let runtime: AnyRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph(schemesSubgraph);
});
afterAll(() => runtime.stop());

const EXPORT = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Member { id coverDataExport } } }`;
const exportFor = (memberId: string, actor = memberActor(memberId)) => execute(runtime, EXPORT, { reps: [{ __typename: 'Member', id: memberId }] }, actor);

describe('the cover data export', () => {
  it('gives a holder their policy with its cover periods and events', async () => {
    const scheme = await createActiveScheme(runtime);
    const policy = await issueTestPolicy(runtime, scheme.id);
    await activateTestPolicy(runtime, policy.id);
    const result = await exportFor(policy.holderMemberId);
    expect(result.errors).toBeUndefined();
    const exported = result.data!._entities[0].coverDataExport;
    expect(exported.subgraph).toBe('schemes');
    expect(exported.policies).toEqual([
      expect.objectContaining({ id: policy.id, policyNumber: policy.policyNumber, holder: true, status: 'ACTIVE', coverPeriods: expect.any(Array), events: expect.any(Array) }),
    ]);
    expect(exported.policies[0].coverPeriods).toEqual([expect.objectContaining({ memberId: policy.holderMemberId })]);
    expect(exported.policies[0].events.map((e: { toStatus: string }) => e.toStatus)).toContain('ACTIVE');
  });

  it('refuses another member and non-admin staff', async () => {
    const memberId = newMemberId();
    expect((await exportFor(memberId, memberActor(newMemberId()))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await exportFor(memberId, staffActor('uw', 'UNDERWRITER'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await exportFor(memberId, staffActor('admin'))).data!._entities[0].coverDataExport.policies).toEqual([]);
  });
});
