import { addDays, today } from '../../../../kit/dates';
import type { AnyRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, outboxEventsOf, startTestSubgraph, staffActor } from '../../../../kit/testing';
import { adjudicateSubmittedJob } from '../adjudication/adjudication.jobs';
import { claimsSubgraph } from '../subgraph';
import { newId } from '../testing';
import { preauthorisationEscalationJob } from './preauthorisation.jobs';

let runtime: AnyRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph(claimsSubgraph);
});
afterAll(() => runtime.stop());

const FIELDS = `id preauthNumber memberId providerId benefitCategory status diagnosisCodes plannedDate requestedBy decidedBy
  estimatedAmount { amount currency } approvedAmount { amount } usedAmount { amount } remainingAmount { amount }
  validFrom validTo denialReason escalationTier escalatedTo escalatedAt member { id } provider { id }`;

const REQUEST = `mutation($input: RequestPreauthorisationInput!, $key: String) { requestPreauthorisation(input: $input, idempotencyKey: $key) { ${FIELDS} } }`;
const APPROVE = `mutation($id: ID!, $input: ApprovePreauthorisationInput!) { approvePreauthorisation(id: $id, input: $input) { ${FIELDS} } }`;
const DENY = `mutation($id: ID!, $reason: String!) { denyPreauthorisation(id: $id, reason: $reason) { ${FIELDS} } }`;

function requestInput(overrides: Record<string, unknown> = {}) {
  return {
    memberId: newId(),
    providerId: newId(),
    benefitCategory: 'INPATIENT',
    estimatedAmount: { amount: '85000.00', currency: 'KES' },
    diagnosisCodes: ['k35.8'],
    plannedDate: addDays(today(), 3),
    ...overrides,
  };
}

async function request(overrides: Record<string, unknown> = {}) {
  return (await executeOk(runtime, REQUEST, { input: requestInput(overrides) }, staffActor('provider-desk'))).requestPreauthorisation;
}

describe('pre-authorisations', () => {
  it('are requested, then approved for an amount and a window, and found again', async () => {
    const requested = await request();
    expect(requested).toMatchObject({
      status: 'REQUESTED',
      diagnosisCodes: ['K35.8'],
      estimatedAmount: { amount: '85000.00', currency: 'KES' },
      requestedBy: 'provider-desk',
      approvedAmount: null,
      usedAmount: { amount: '0.00' },
      member: { id: requested.memberId },
      provider: { id: requested.providerId },
    });
    expect(requested.preauthNumber).toMatch(new RegExp(`^PA-${today().slice(0, 4)}-\\d{6}$`));

    const input = { approvedAmount: { amount: '80000.00', currency: 'KES' }, validFrom: today(), validTo: addDays(today(), 30), note: 'Appendicectomy' };
    const { approvePreauthorisation } = await executeOk(runtime, APPROVE, { id: requested.id, input }, staffActor('officer-otieno'));
    expect(approvePreauthorisation).toMatchObject({
      status: 'APPROVED',
      approvedAmount: { amount: '80000.00' },
      remainingAmount: { amount: '80000.00' },
      validFrom: today(),
      decidedBy: 'officer-otieno',
    });

    const found = await executeOk(runtime, `query($m: ID!) { preauthorisations(filter: { memberId: $m, status: APPROVED }) { edges { node { id } } } }`, { m: requested.memberId });
    expect(found.preauthorisations.edges.map((e: any) => e.node.id)).toEqual([requested.id]);
    const one = await executeOk(runtime, `query($id: ID!) { preauthorisation(id: $id) { id status } }`, { id: requested.id });
    expect(one.preauthorisation).toEqual({ id: requested.id, status: 'APPROVED' });
  });

  it('are denied with a reason, and an answered request cannot be answered again', async () => {
    const requested = await request();
    const { denyPreauthorisation } = await executeOk(runtime, DENY, { id: requested.id, reason: 'Elective: no clinical urgency shown' });
    expect(denyPreauthorisation).toMatchObject({ status: 'DENIED', denialReason: 'Elective: no clinical urgency shown' });
    const again = await execute(runtime, APPROVE, {
      id: requested.id,
      input: { approvedAmount: { amount: '1000.00', currency: 'KES' }, validFrom: today(), validTo: today() },
    });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'DENIED', action: 'approve' });
  });

  it('tell other domains when they are answered, once per answer', async () => {
    const denied = await request();
    await executeOk(runtime, DENY, { id: denied.id, reason: 'Not covered by the scheme' });
    await execute(runtime, DENY, { id: denied.id, reason: 'Again' });
    const events = await outboxEventsOf(runtime, denied.id, 'claims.preauthorisation.decided');
    expect(events.map((e) => e.payload)).toEqual([{ preauthorisationId: denied.id, memberId: denied.memberId, status: 'DENIED', decidedAt: expect.any(String) }]);

    const approved = await request();
    await executeOk(runtime, APPROVE, { id: approved.id, input: { approvedAmount: { amount: '1000.00', currency: 'KES' }, validFrom: today(), validTo: today() } });
    expect((await outboxEventsOf(runtime, approved.id, 'claims.preauthorisation.decided')).map((e) => e.payload.status)).toEqual(['APPROVED']);
  });

  it('refuse an invalid request or approval, naming each field', async () => {
    const bad = await execute(runtime, REQUEST, { input: requestInput({ diagnosisCodes: ['XX9'], estimatedAmount: { amount: '0', currency: 'KES' }, plannedDate: addDays(today(), -30) }) });
    expect((bad.errors?.[0].extensions?.violations as { field: string; rule: string }[]).map((v) => [v.field, v.rule])).toEqual([
      ['estimatedAmount.amount', 'POSITIVE'],
      ['plannedDate', 'NOT_LONG_PAST'],
      ['diagnosisCodes[0]', 'INVALID_ICD10'],
    ]);
    const requested = await request();
    const wrong = await execute(runtime, APPROVE, {
      id: requested.id,
      input: { approvedAmount: { amount: '100.00', currency: 'USD' }, validFrom: today(), validTo: addDays(today(), -1) },
    });
    expect((wrong.errors?.[0].extensions?.violations as { field: string; rule: string }[]).map((v) => [v.field, v.rule])).toEqual([
      ['approvedAmount.currency', 'SAME_CURRENCY'],
      ['validTo', 'NOT_IN_PAST'],
      ['validTo', 'AFTER_VALID_FROM'],
    ]);
  });

  it('returns the first request for a retry with the same idempotency key', async () => {
    const input = requestInput();
    const key = `preauth-${newId()}`;
    const first = await executeOk(runtime, REQUEST, { input, key });
    const second = await executeOk(runtime, REQUEST, { input, key });
    expect(second.requestPreauthorisation.id).toBe(first.requestPreauthorisation.id);
  });
});

describe('escalation of unanswered requests', () => {
  it('escalates requests unanswered past the configured time to the tier their estimate calls for, with the time', async () => {
    // Three requests left unanswered for five hours (the default limit is four), one answered in time.
    const small = await request({ estimatedAmount: { amount: '25000.00', currency: 'KES' } });
    const medium = await request({ estimatedAmount: { amount: '250000.00', currency: 'KES' } });
    const large = await request({ estimatedAmount: { amount: '750000.00', currency: 'KES' } });
    const fresh = await request();
    await runtime.dataSource.query(`UPDATE preauthorisations SET requested_at = now() - interval '5 hours' WHERE id = ANY($1)`, [[small.id, medium.id, large.id]]);

    const before = Date.now();
    await preauthorisationEscalationJob.run(runtime.services);
    const read = async (id: string) => (await executeOk(runtime, `query($id: ID!) { preauthorisation(id: $id) { status escalationTier escalatedTo escalatedAt } }`, { id })).preauthorisation;
    expect(await read(small.id)).toMatchObject({ status: 'ESCALATED', escalationTier: 'TIER_1', escalatedTo: 'CLAIMS_OFFICER' });
    expect(await read(medium.id)).toMatchObject({ status: 'ESCALATED', escalationTier: 'TIER_2', escalatedTo: 'SENIOR_CLAIMS_OFFICER' });
    const escalated = await read(large.id);
    expect(escalated).toMatchObject({ status: 'ESCALATED', escalationTier: 'TIER_3', escalatedTo: 'MEDICAL_DIRECTOR' });
    expect(Date.parse(escalated.escalatedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(await read(fresh.id)).toMatchObject({ status: 'REQUESTED', escalationTier: null });

    // An escalated request can still be answered; the tier is kept for the record.
    const { approvePreauthorisation } = await executeOk(runtime, APPROVE, {
      id: large.id,
      input: { approvedAmount: { amount: '700000.00', currency: 'KES' }, validFrom: today(), validTo: addDays(today(), 14) },
    }, staffActor('medical-director'));
    expect(approvePreauthorisation).toMatchObject({ status: 'APPROVED', escalationTier: 'TIER_3', decidedBy: 'medical-director' });
  });

  it('expires approvals whose validity has passed', async () => {
    const requested = await request();
    await runtime.services.preauthorisations.approve(requested.id, { approvedAmount: { amount: '1000.00', currency: 'KES' }, validFrom: today(), validTo: today() }, 'officer');
    await runtime.dataSource.query(`UPDATE preauthorisations SET valid_from = $2, valid_to = $2 WHERE id = $1`, [requested.id, addDays(today(), -1)]);
    await preauthorisationEscalationJob.run(runtime.services);
    expect((await runtime.services.preauthorisations.get(requested.id)).status).toBe('EXPIRED');
  });

  it('are the subgraph\'s scheduled jobs, with adjudicate-submitted', () => {
    expect(claimsSubgraph.jobs).toEqual([adjudicateSubmittedJob, preauthorisationEscalationJob]);
    expect(preauthorisationEscalationJob.everyMs).toBeLessThanOrEqual(60_000);
  });
});
