import { buildDemoPlan, demoPolicySellers, demoSalesAgents } from '../../../demo/plan';
import type { SubgraphRuntime } from '../../../kit/subgraph';
import { startTestSubgraph } from '../../../kit/testing';
import { seedCrmDemo } from './demo';
import type { CrmLoaders } from './loaders';
import type { CrmServices } from './services';
import { crmSubgraph } from './subgraph';

let runtime: SubgraphRuntime<CrmServices, CrmLoaders>;
beforeAll(async () => {
  runtime = await startTestSubgraph(crmSubgraph);
});
afterAll(() => runtime.stop());

class RolledBack extends Error {}

describe('crm demo seed', () => {
  it('seeds territories, teams, agents, tiers, forty leads across statuses with their opportunities, and nurture campaigns, the same every time', async () => {
    const plan = buildDemoPlan();
    let summary: Record<string, unknown> = {};
    await runtime.dataSource
      .transaction(async (manager) => {
        await seedCrmDemo(manager, plan);
        // Only this transaction's rows (other test files write to the same database meanwhile): now() is the transaction's start.
        const [counts] = await manager.query(
          `SELECT (SELECT count(*) FROM territories WHERE created_at = now())::int AS territories,
                  (SELECT count(*) FROM sales_teams WHERE created_at = now())::int AS teams,
                  (SELECT count(*) FROM agents WHERE created_at = now())::int AS agents,
                  (SELECT count(*) FROM commission_tiers WHERE created_at = now())::int AS tiers,
                  (SELECT count(*) FROM leads WHERE created_at = now())::int AS leads,
                  (SELECT count(*) FROM opportunities WHERE created_at = now())::int AS opportunities,
                  (SELECT count(DISTINCT status) FROM leads WHERE created_at = now())::int AS lead_statuses,
                  (SELECT count(*) FROM nurture_campaigns WHERE created_at = now())::int AS campaigns,
                  (SELECT count(*) FROM nurture_steps s JOIN nurture_campaigns c ON c.id = s.campaign_id WHERE c.created_at = now())::int AS campaign_steps,
                  (SELECT count(*) FROM leads l JOIN agents a ON a.id = l.agent_id JOIN territories t ON t.id = a.territory_id
                    WHERE l.created_at = now() AND NOT l.region = ANY(t.regions))::int AS misrouted`,
        );
        summary = counts;
        throw new RolledBack();
      })
      .catch((error) => {
        if (!(error instanceof RolledBack)) throw error;
      });
    expect(summary).toEqual({ territories: 3, teams: 2, agents: 6, tiers: 3, leads: 40, opportunities: 8, lead_statuses: 5, campaigns: 3, campaign_steps: 7, misrouted: 0 });
    // Agents and sellers are fixed by the plan's seed, so schemes and crm agree on them.
    expect(demoSalesAgents(buildDemoPlan()).map((a) => a.id)).toEqual(demoSalesAgents(plan).map((a) => a.id));
    const agentIds = new Set(demoSalesAgents(plan).map((a) => a.id));
    const sellers = demoPolicySellers(plan);
    expect(sellers.size).toBeGreaterThan(5);
    expect([...sellers.values()].every((id) => agentIds.has(id))).toBe(true);
  });
});
