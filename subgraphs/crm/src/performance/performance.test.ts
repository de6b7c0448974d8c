import { randomUUID } from 'node:crypto';
import { today } from '../../../../kit/dates';
import { handleOnce } from '../../../../kit/events/inbox';
import type { DomainEvent } from '../../../../kit/events/event';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { executeOk, staffActor, startTestSubgraph } from '../../../../kit/testing';
import { PAYOUT_PAID, POLICY_CHANGED } from '../commission/commission.events';
import type { CrmLoaders } from '../loaders';
import type { CrmServices } from '../services';
import { crmSubgraph } from '../subgraph';
import { createTestAgent, createTestLead, createTestTerritory, createTestTier, domainEvent, manager, policyChanged } from '../testing';

let runtime: SubgraphRuntime<CrmServices, CrmLoaders>;
beforeAll(async () => {
  runtime = await startTestSubgraph(crmSubgraph);
});
afterAll(() => runtime.stop());

const deliver = (event: DomainEvent) => handleOnce(runtime.dataSource, crmSubgraph.subscriptions!, runtime.services, event);

const PERFORMANCE = `query($from: LocalDate!, $to: LocalDate!, $agentId: ID, $teamId: ID) {
  agentPerformance(from: $from, to: $to, agentId: $agentId, teamId: $teamId) {
    agentId policiesSold premiumWritten { minorUnits } leadsReceived leadsConverted conversionRateBps opportunitiesWon opportunitiesLost
    commissionAccrued { minorUnits } commissionClawedBack { minorUnits } commissionNet { minorUnits } commissionPaid { minorUnits }
  }
}`;

describe('agentPerformance', () => {
  it('adds up a worked example for one agent, and shows a sales agent only their own numbers', async () => {
    // 1. An agent in a team of their own, covering Tana River, on a 10% tier for their product.
    const schemeId = randomUUID();
    await createTestTier(runtime, { schemeId, rateBps: 1000 });
    const team = (await executeOk(runtime, `mutation { createSalesTeam(input: { name: "Perf team ${randomUUID()}" }) { id } }`, {}, manager())).createSalesTeam;
    const territory = await createTestTerritory(runtime, ['Tana River']);
    const agent = await createTestAgent(runtime, { territoryId: territory.id, teamId: team.id });
    const colleague = await createTestAgent(runtime, { teamId: team.id });
    const me = staffActor(agent.userId, 'SALES_AGENT');

    // 2. Five leads, three converted (one won, one lost). The third came in before the period: it
    //    counts in neither leadsReceived nor leadsConverted, though it was converted within the period.
    const leads = [];
    for (let i = 0; i < 5; i += 1) leads.push(await createTestLead(runtime, 'Tana River'));
    await runtime.dataSource.query(`UPDATE leads SET received_on = '2025-12-15' WHERE id = $1`, [leads[2].id]);
    const opportunities: string[] = [];
    for (const lead of leads.slice(0, 3)) {
      for (const status of ['CONTACTED', 'QUALIFIED']) {
        await executeOk(runtime, `mutation($input: ChangeLeadStatusInput!) { changeLeadStatus(input: $input) { id } }`, { input: { leadId: lead.id, status } }, me);
      }
      opportunities.push((await executeOk(runtime, `mutation($input: ConvertLeadInput!) { convertLead(input: $input) { id } }`, { input: { leadId: lead.id } }, me)).convertLead.id);
    }
    const move = (id: string, stage: string, reason?: string) =>
      executeOk(runtime, `mutation($input: MoveOpportunityInput!) { moveOpportunity(input: $input) { id } }`, { input: { opportunityId: id, stage, reason } }, me);
    for (const stage of ['QUALIFICATION', 'PROPOSAL', 'CLOSED_WON']) await move(opportunities[0], stage);
    await move(opportunities[1], 'CLOSED_LOST', 'Went with a competitor');

    // 3. Two sales: 4,500.00 monthly (54,000.00 a year, 5,400.00 commission) and 13,000.00 quarterly
    //    (52,000.00 a year, 5,200.00 commission); the second cancelled in April, inside the window.
    //    A third sale (20,000.00 a year) is of a product no tier pays: sold all the same, with no commission.
    const a = policyChanged({ schemeId, salesAgentId: agent.id, startDate: '2026-02-01' });
    const b = policyChanged({ schemeId, salesAgentId: agent.id, startDate: '2026-03-01', billingFrequency: 'QUARTERLY', premiumMinor: 1_300_000 });
    const c = policyChanged({ schemeId: randomUUID(), salesAgentId: agent.id, startDate: '2026-03-10', billingFrequency: 'ANNUAL', premiumMinor: 2_000_000 });
    for (const p of [a, b, c]) await deliver(domainEvent(POLICY_CHANGED, p.id, p));
    await deliver(domainEvent(POLICY_CHANGED, b.id, { ...b, status: 'CANCELLED', version: 2, cancellationDate: '2026-04-01' }));

    // 4. March's commission (10,600.00) approved and paid on 5 April; the April clawback waits.
    const [payout] = (await executeOk(runtime, `mutation($id: ID!) { approveCommissionPayout(agentId: $id, periodEnd: "2026-03-31") { id amount { minorUnits } } }`, { id: agent.id }, manager()))
      .approveCommissionPayout;
    expect(payout.amount.minorUnits).toBe('1060000');
    await deliver(domainEvent(PAYOUT_PAID, payout.id, { payoutId: payout.id, agentId: agent.id, amountMinor: 1_060_000, currency: 'KES', bankReference: 'EFT-77', paidAt: '2026-04-05T08:00:00.000Z' }));

    const expected = {
      agentId: agent.id,
      policiesSold: 3,
      premiumWritten: { minorUnits: '12600000' },
      leadsReceived: 4,
      leadsConverted: 2,
      conversionRateBps: 5000,
      opportunitiesWon: 1,
      opportunitiesLost: 1,
      commissionAccrued: { minorUnits: '1060000' },
      commissionClawedBack: { minorUnits: '520000' },
      commissionNet: { minorUnits: '540000' },
      commissionPaid: { minorUnits: '1060000' },
    };
    const period = { from: '2026-01-01', to: today() };
    const byTeam = await executeOk(runtime, PERFORMANCE, { ...period, teamId: team.id }, staffActor('analyst', 'ANALYST'));
    expect(byTeam.agentPerformance).toHaveLength(2);
    expect(byTeam.agentPerformance.find((p: { agentId: string }) => p.agentId === agent.id)).toEqual(expected);
    expect(byTeam.agentPerformance.find((p: { agentId: string }) => p.agentId === colleague.id)).toMatchObject({ policiesSold: 0, leadsReceived: 0, conversionRateBps: null });

    // A period before any of it shows nothing; the agent themself sees only their own row.
    const january = await executeOk(runtime, PERFORMANCE, { from: '2026-01-01', to: '2026-01-31', agentId: agent.id }, manager());
    expect(january.agentPerformance[0]).toMatchObject({ policiesSold: 0, commissionAccrued: { minorUnits: '0' }, commissionPaid: { minorUnits: '0' } });
    const own = await executeOk(runtime, PERFORMANCE, { ...period, teamId: team.id }, me);
    expect(own.agentPerformance).toEqual([expected]);
  });
});
