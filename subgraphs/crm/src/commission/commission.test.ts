import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../../../../kit/events/event';
import { handleOnce } from '../../../../kit/events/inbox';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, staffActor, startTestSubgraph } from '../../../../kit/testing';
import type { CrmLoaders } from '../loaders';
import { commissionReconcileJob } from './commission.jobs';
import type { CrmServices } from '../services';
import { crmSubgraph } from '../subgraph';
import { createTestAgent, createTestTier, domainEvent, manager, outboxEventsOf, policyChanged, type TestAgent } from '../testing';
import { PAYOUT_APPROVED, PAYOUT_PAID, POLICY_CHANGED, type PayoutApprovedPayload, type PolicyChanged } from './commission.events';

let runtime: SubgraphRuntime<CrmServices, CrmLoaders>;
let schemeId: string;
beforeAll(async () => {
  runtime = await startTestSubgraph(crmSubgraph);
  // Every test sells on a scheme of its own: its product tier at 10% applies, whatever other tests created.
  schemeId = randomUUID();
  await createTestTier(runtime, { schemeId, rateBps: 1000 });
});
afterAll(() => runtime.stop());

const deliver = (event: DomainEvent) => handleOnce(runtime.dataSource, crmSubgraph.subscriptions!, runtime.services, event);
const policyEvent = (payload: PolicyChanged) => domainEvent(POLICY_CHANGED, payload.id, payload);

async function entriesOf(policyId: string): Promise<{ kind: string; amount_minor: string; rate_bps: number; tier_id: string | null; earned_on: string }[]> {
  return runtime.dataSource.query(
    `SELECT kind, amount_minor::text, rate_bps, tier_id, to_char(earned_on, 'YYYY-MM-DD') AS earned_on FROM commission_entries WHERE policy_id = $1 ORDER BY kind`,
    [policyId],
  );
}

describe('commission accrual from schemes.policy.changed', () => {
  let agent: TestAgent;
  beforeAll(async () => {
    agent = await createTestAgent(runtime);
  });

  it('accrues annual premium × tier rate once, recording the tier, however often the event comes', async () => {
    const sold = policyChanged({ schemeId, salesAgentId: agent.id, premiumMinor: 450_000, billingFrequency: 'MONTHLY' });
    const event = policyEvent(sold);
    expect(await deliver(event)).toBe(true);
    expect(await deliver(event)).toBe(false);
    // The same state republished (a new event id) and the policy activated (a new version): still one accrual.
    await deliver(policyEvent(sold));
    await deliver(policyEvent({ ...sold, status: 'ACTIVE', version: 2 }));
    const entries = await entriesOf(sold.id);
    expect(entries).toHaveLength(1);
    // 4,500.00 a month × 12 = 54,000.00 a year; 10% = 5,400.00.
    expect(entries[0]).toMatchObject({ kind: 'ACCRUAL', amount_minor: '540000', rate_bps: 1000, earned_on: '2026-03-01' });
    expect(entries[0].tier_id).not.toBeNull();
  });

  it('accrues once when two deliveries race (the same event, and two events of one version)', async () => {
    const sold = policyChanged({ schemeId, salesAgentId: agent.id, billingFrequency: 'QUARTERLY', premiumMinor: 1_300_000 });
    const event = policyEvent(sold);
    const results = await Promise.all([deliver(event), deliver(event), deliver(policyEvent(sold)), deliver(policyEvent(sold))]);
    expect(results.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    const entries = await entriesOf(sold.id);
    expect(entries).toEqual([expect.objectContaining({ kind: 'ACCRUAL', amount_minor: '520000' })]);
  });

  it('accrues once, without clawback, when a cancellation outside the window arrives before the issue', async () => {
    const sold = policyChanged({ schemeId, salesAgentId: agent.id, startDate: '2026-01-01' });
    // 1. Cancelled with its last day on 30 June, the first day outside the 180-day window: crm hears of it first.
    await deliver(policyEvent({ ...sold, status: 'CANCELLED', version: 3, cancellationDate: '2026-06-30' }));
    expect((await entriesOf(sold.id)).map((e) => [e.kind, e.amount_minor, e.earned_on])).toEqual([['ACCRUAL', '540000', '2026-01-01']]);
    // 2. The issue (version 1) arrives late: stale, it changes nothing, and the commission earned stays.
    await deliver(policyEvent(sold));
    expect((await entriesOf(sold.id)).map((e) => e.kind)).toEqual(['ACCRUAL']);
    const [row] = await runtime.dataSource.query('SELECT status, policy_version FROM policy_sales WHERE policy_id = $1', [sold.id]);
    expect(row).toEqual({ status: 'CANCELLED', policy_version: 3 });
  });

  it('accrues and claws back (net zero) when a cancellation inside the window arrives before the issue', async () => {
    // The rule: the ledger is the one in-order delivery gives, an accrual and its clawback, so the sale still shows.
    const sold = policyChanged({ schemeId, salesAgentId: agent.id, startDate: '2026-01-01' });
    await deliver(policyEvent({ ...sold, status: 'CANCELLED', version: 2, cancellationDate: '2026-02-28' }));
    await deliver(policyEvent(sold));
    expect((await entriesOf(sold.id)).map((e) => [e.kind, e.amount_minor, e.earned_on])).toEqual([
      ['ACCRUAL', '540000', '2026-01-01'],
      ['CLAWBACK', '-540000', '2026-02-28'],
    ]);
  });

  it('accrues on a policy first seen suspended or expired', async () => {
    for (const status of ['SUSPENDED', 'EXPIRED']) {
      const sold = policyChanged({ schemeId, salesAgentId: agent.id, status, version: 4 });
      await deliver(policyEvent(sold));
      expect((await entriesOf(sold.id)).map((e) => e.kind)).toEqual(['ACCRUAL']);
    }
  });

  it('ignores (and does not retry) an event it can not read, such as an unknown billing frequency', async () => {
    const weekly = policyChanged({ schemeId, salesAgentId: agent.id, billingFrequency: 'WEEKLY' });
    // Handled (the inbox keeps it, so it is not redelivered), with nothing stored.
    expect(await deliver(policyEvent(weekly))).toBe(true);
    expect(await runtime.dataSource.query('SELECT 1 FROM policy_sales WHERE policy_id = $1', [weekly.id])).toEqual([]);
    const negative = policyChanged({ schemeId, salesAgentId: agent.id, premiumMinor: -1 });
    expect(await deliver(policyEvent(negative))).toBe(true);
    expect(await runtime.dataSource.query('SELECT 1 FROM policy_sales WHERE policy_id = $1', [negative.id])).toEqual([]);
  });

  it('accrues nothing for a policy no agent sold', async () => {
    const sold = policyChanged({ schemeId, salesAgentId: null });
    await deliver(policyEvent(sold));
    expect(await entriesOf(sold.id)).toEqual([]);
  });

  it('claws the full commission back once for a cancellation inside the window', async () => {
    const sold = policyChanged({ schemeId, salesAgentId: agent.id, startDate: '2026-01-01' });
    await deliver(policyEvent(sold));
    const cancelled = { ...sold, status: 'CANCELLED', version: 2, cancellationDate: '2026-06-29' };
    await deliver(policyEvent(cancelled));
    await deliver(policyEvent(cancelled));
    await Promise.all([deliver(policyEvent({ ...cancelled, version: 3 })), deliver(policyEvent({ ...cancelled, version: 3 }))]);
    expect((await entriesOf(sold.id)).map((e) => [e.kind, e.amount_minor, e.earned_on])).toEqual([
      ['ACCRUAL', '540000', '2026-01-01'],
      ['CLAWBACK', '-540000', '2026-06-29'],
    ]);
  });

  it('claws nothing back for a cancellation outside the window', async () => {
    const sold = policyChanged({ schemeId, salesAgentId: agent.id, startDate: '2026-01-01' });
    await deliver(policyEvent(sold));
    await deliver(policyEvent({ ...sold, status: 'CANCELLED', version: 2, cancellationDate: '2026-06-30' }));
    expect((await entriesOf(sold.id)).map((e) => e.kind)).toEqual(['ACCRUAL']);
  });

  it('picks the volume band by the agent’s sales in the month', async () => {
    const bandScheme = randomUUID();
    await createTestTier(runtime, { schemeId: bandScheme, bandFrom: '1', bandTo: '1', rateBps: 500 });
    await createTestTier(runtime, { schemeId: bandScheme, bandFrom: '2', rateBps: 800 });
    const seller = await createTestAgent(runtime);
    const first = policyChanged({ schemeId: bandScheme, salesAgentId: seller.id, startDate: '2026-05-03' });
    const second = policyChanged({ schemeId: bandScheme, salesAgentId: seller.id, startDate: '2026-05-20' });
    const nextMonth = policyChanged({ schemeId: bandScheme, salesAgentId: seller.id, startDate: '2026-06-02' });
    for (const p of [first, second, nextMonth]) await deliver(policyEvent(p));
    expect((await entriesOf(first.id))[0].rate_bps).toBe(500);
    expect((await entriesOf(second.id))[0].rate_bps).toBe(800);
    expect((await entriesOf(nextMonth.id))[0].rate_bps).toBe(500);
  });

  it('counts a sale no tier paid towards the month’s volume', async () => {
    const bandScheme = randomUUID();
    await createTestTier(runtime, { schemeId: bandScheme, bandFrom: '1', bandTo: '1', rateBps: 500 });
    await createTestTier(runtime, { schemeId: bandScheme, bandFrom: '2', rateBps: 800 });
    const seller = await createTestAgent(runtime);
    // A sale of a product with no tier earns nothing, but it is the agent's first sale of May.
    const unpaid = policyChanged({ schemeId: randomUUID(), salesAgentId: seller.id, startDate: '2026-05-02' });
    const second = policyChanged({ schemeId: bandScheme, salesAgentId: seller.id, startDate: '2026-05-09' });
    for (const p of [unpaid, second]) await deliver(policyEvent(p));
    expect(await entriesOf(unpaid.id)).toEqual([]);
    expect((await entriesOf(second.id))[0].rate_bps).toBe(800);
  });

  it('puts two sales of one agent delivered at once in different volume bands', async () => {
    const bandScheme = randomUUID();
    const single = await createTestTier(runtime, { schemeId: bandScheme, bandFrom: '1', bandTo: '1', rateBps: 500 });
    const volume = await createTestTier(runtime, { schemeId: bandScheme, bandFrom: '2', rateBps: 800 });
    // Several agents at once, each with two sales in one month racing: each pair must be split over the band edge.
    const sellers = await Promise.all([1, 2, 3].map(() => createTestAgent(runtime)));
    const pairs = sellers.map((seller) => [1, 2].map(() => policyChanged({ schemeId: bandScheme, salesAgentId: seller.id, startDate: '2026-07-01' })));
    await Promise.all(pairs.flat().map((p) => deliver(policyEvent(p))));
    for (const pair of pairs) {
      const tiers = (await Promise.all(pair.map(async (p) => (await entriesOf(p.id))[0]))).map((e) => [e.rate_bps, e.tier_id]);
      expect(tiers.sort()).toEqual([
        [500, single.id],
        [800, volume.id],
      ]);
    }
  });
});

describe('commission reconcile', () => {
  it('accrues a sale whose tier came later, and claws back one cancelled inside the window, when the tier is created', async () => {
    const seller = await createTestAgent(runtime);
    const lateScheme = randomUUID();
    const kept = policyChanged({ schemeId: lateScheme, salesAgentId: seller.id, startDate: '2026-02-01' });
    const cancelled = policyChanged({ schemeId: lateScheme, salesAgentId: seller.id, startDate: '2026-02-01' });
    await deliver(policyEvent(kept));
    await deliver(policyEvent({ ...cancelled, status: 'CANCELLED', version: 2, cancellationDate: '2026-03-31' }));
    expect(await entriesOf(kept.id)).toEqual([]);

    await createTestTier(runtime, { schemeId: lateScheme, rateBps: 1000 });
    expect((await entriesOf(kept.id)).map((e) => [e.kind, e.amount_minor])).toEqual([['ACCRUAL', '540000']]);
    expect((await entriesOf(cancelled.id)).map((e) => [e.kind, e.amount_minor])).toEqual([
      ['ACCRUAL', '540000'],
      ['CLAWBACK', '-540000'],
    ]);
    // Running it again (the scheduled job) adds nothing.
    await commissionReconcileJob.run(runtime.services);
    expect(await entriesOf(kept.id)).toHaveLength(1);
    expect(await entriesOf(cancelled.id)).toHaveLength(2);
  });

  it('accrues, from the scheduled job, a sale by an agent crm did not know when it was sold', async () => {
    // An agent loaded with a known id after schemes already named them (as the demo seed does).
    const agentId = randomUUID();
    const sold = policyChanged({ schemeId, salesAgentId: agentId, startDate: '2026-02-01' });
    await deliver(policyEvent(sold));
    expect(await entriesOf(sold.id)).toEqual([]);
    await runtime.dataSource.query(
      `INSERT INTO agents (id, agent_code, name, email, phone, status, hire_date) VALUES ($1, $2, 'Late Agent', 'late@sales.example.co.ke', '+254700000009', 'ACTIVE', '2025-01-06')`,
      [agentId, `LATE-${agentId.slice(0, 8).toUpperCase()}`],
    );
    await commissionReconcileJob.run(runtime.services);
    expect((await entriesOf(sold.id)).map((e) => [e.kind, e.amount_minor])).toEqual([['ACCRUAL', '540000']]);
  });
});

describe('commission payouts', () => {
  const approve = (agentId: string, periodEnd: string, actor = manager()) =>
    execute(
      runtime,
      `mutation($agentId: ID!, $periodEnd: LocalDate!) { approveCommissionPayout(agentId: $agentId, periodEnd: $periodEnd) { id payoutNumber status periodStart periodEnd amount { minorUnits currency } } }`,
      { agentId, periodEnd },
      actor,
    );

  it('approves the unpaid net up to periodEnd once, records the contract event, and is marked paid once', async () => {
    const agent = await createTestAgent(runtime);
    const a = policyChanged({ schemeId, salesAgentId: agent.id, startDate: '2026-02-01' });
    const b = policyChanged({ schemeId, salesAgentId: agent.id, startDate: '2026-02-15', premiumMinor: 300_000 });
    const later = policyChanged({ schemeId, salesAgentId: agent.id, startDate: '2026-04-01' });
    for (const p of [a, b, later]) await deliver(policyEvent(p));
    await deliver(policyEvent({ ...b, status: 'CANCELLED', version: 2, cancellationDate: '2026-03-01' }));

    // 1. Up to 31 March: a (540,000) + b (360,000) − b's clawback (360,000) = 540,000; `later` waits.
    const first = await approve(agent.id, '2026-03-31');
    expect(first.errors).toBeUndefined();
    const [payout] = first.data!.approveCommissionPayout;
    expect(payout).toMatchObject({ status: 'APPROVED', periodStart: '2026-02-01', periodEnd: '2026-03-31', amount: { minorUnits: '540000', currency: 'KES' } });
    const [event] = await outboxEventsOf<PayoutApprovedPayload>(runtime, payout.id, PAYOUT_APPROVED);
    expect(Object.keys(event.payload).sort()).toEqual(['agentCode', 'agentId', 'agentName', 'amountMinor', 'approvedAt', 'currency', 'payoutId', 'periodEnd', 'periodStart'].sort());
    expect(event.payload).toMatchObject({ payoutId: payout.id, agentId: agent.id, agentCode: agent.agentCode, amountMinor: 540_000, currency: 'KES', periodStart: '2026-02-01', periodEnd: '2026-03-31' });

    // 2. Approving the same period again pays nothing twice.
    expect((await approve(agent.id, '2026-03-31')).data!.approveCommissionPayout).toEqual([]);
    expect(await outboxEventsOf(runtime, payout.id, PAYOUT_APPROVED)).toHaveLength(1);

    // 3. Finance pays it: PAID once, however often the event is delivered.
    const paid = { payoutId: payout.id, agentId: agent.id, amountMinor: 540_000, currency: 'KES', bankReference: 'EFT-0001', paidAt: '2026-04-05T09:00:00.000Z' };
    expect(await deliver(domainEvent(PAYOUT_PAID, payout.id, paid))).toBe(true);
    expect(await deliver(domainEvent(PAYOUT_PAID, payout.id, { ...paid, bankReference: 'EFT-0002' }))).toBe(true);
    const data = await executeOk(runtime, `query($id: ID!) { commissionPayout(id: $id) { status bankReference paidAt paidAmount { minorUnits currency } amountMismatch } }`, { id: payout.id }, manager());
    expect(data.commissionPayout).toEqual({ status: 'PAID', bankReference: 'EFT-0001', paidAt: '2026-04-05T09:00:00.000Z', paidAmount: { minorUnits: '540000', currency: 'KES' }, amountMismatch: false });
  });

  it('keeps the amount finance paid and flags a payout paid for another amount than approved', async () => {
    const agent = await createTestAgent(runtime);
    await deliver(policyEvent(policyChanged({ schemeId, salesAgentId: agent.id, startDate: '2026-02-01' })));
    const [payout] = (await approve(agent.id, '2026-02-28')).data!.approveCommissionPayout;
    const paid = { payoutId: payout.id, agentId: agent.id, amountMinor: 500_000, currency: 'KES', bankReference: 'EFT-0009', paidAt: '2026-03-05T09:00:00.000Z' };
    await deliver(domainEvent(PAYOUT_PAID, payout.id, paid));
    const data = await executeOk(runtime, `query($id: ID!) { commissionPayout(id: $id) { status amount { minorUnits } paidAmount { minorUnits currency } amountMismatch } }`, { id: payout.id }, manager());
    expect(data.commissionPayout).toEqual({ status: 'PAID', amount: { minorUnits: '540000' }, paidAmount: { minorUnits: '500000', currency: 'KES' }, amountMismatch: true });
  });

  it('carries a negative net forward instead of paying it', async () => {
    const agent = await createTestAgent(runtime);
    const a = policyChanged({ schemeId, salesAgentId: agent.id, startDate: '2026-02-01' });
    await deliver(policyEvent(a));
    expect((await approve(agent.id, '2026-02-28')).data!.approveCommissionPayout).toHaveLength(1);
    // Cancelled in March, after its commission was paid: the clawback alone is a negative net.
    await deliver(policyEvent({ ...a, status: 'CANCELLED', version: 2, cancellationDate: '2026-03-10' }));
    expect((await approve(agent.id, '2026-03-31')).data!.approveCommissionPayout).toEqual([]);
    // April's sale (9,000.00 a month: 1,080,000 commission) nets against it: 1,080,000 − 540,000.
    await deliver(policyEvent(policyChanged({ schemeId, salesAgentId: agent.id, startDate: '2026-04-01', premiumMinor: 900_000 })));
    const [april] = (await approve(agent.id, '2026-04-30')).data!.approveCommissionPayout;
    expect(april).toMatchObject({ periodStart: '2026-03-10', periodEnd: '2026-04-30', amount: { minorUnits: '540000' } });
  });

  it('refuses a sales agent approving payouts, and an analyst too', async () => {
    const agent = await createTestAgent(runtime);
    const asAgent = await approve(agent.id, '2026-03-31', staffActor(agent.userId, 'SALES_AGENT'));
    expect(asAgent.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const asAnalyst = await approve(agent.id, '2026-03-31', staffActor('analyst', 'ANALYST'));
    expect(asAnalyst.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
