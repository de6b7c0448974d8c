import { InProcessEventBus } from '../kit/events/bus';
import type { SubgraphRuntime } from '../kit/subgraph';
import { eventually, executeOk, startTestSubgraph, useOwnTestDatabases } from '../kit/testing';
// The saga spans two subgraphs: the test wires both runtimes to one bus (neither imports the other).
import { crmSubgraph } from '../subgraphs/crm/src/subgraph';
import { createTestAgent, createTestTier, manager } from '../subgraphs/crm/src/testing';
import { recordPoliciesChanged } from '../subgraphs/schemes/src/policy/policy.events';
import { schemesSubgraph } from '../subgraphs/schemes/src/subgraph';
import { activateTestPolicy, createActiveScheme, issueTestPolicy, outboxEventsOf } from '../subgraphs/schemes/src/testing';

// Its runtimes relay their outboxes: this file has databases of its own.
useOwnTestDatabases();

let bus: InProcessEventBus;
let schemes: SubgraphRuntime;
let crm: SubgraphRuntime;
beforeAll(async () => {
  bus = new InProcessEventBus();
  schemes = await startTestSubgraph<unknown, unknown>(schemesSubgraph, { bus });
  crm = await startTestSubgraph<unknown, unknown>(crmSubgraph, { bus });
});
afterAll(async () => {
  await crm.stop();
  await schemes.stop();
  await bus.close();
});

interface Entry {
  kind: string;
  amount: { minorUnits: string };
  rateBps: number;
  earnedOn: string;
  tier: { id: string } | null;
}

async function entriesOf(agentId: string): Promise<Entry[]> {
  const data = await executeOk(
    crm,
    `query($agentId: ID!) { commissionEntries(filter: { agentId: $agentId }) { edges { node { kind amount { minorUnits } rateBps earnedOn tier { id } } } } }`,
    { agentId },
    manager(),
  );
  return data.commissionEntries.edges.map((e: { node: Entry }) => e.node).sort((a: Entry, b: Entry) => a.kind.localeCompare(b.kind));
}

describe('commission saga (schemes → crm)', () => {
  it('accrues commission when schemes issues a policy sold by an agent, and claws it back once when it is cancelled inside the window', async () => {
    // 1. An agent in crm, and a 12.5% tier for the scheme they sell.
    const scheme = await createActiveScheme(schemes);
    const agent = await createTestAgent(crm);
    const tier = await createTestTier(crm, { schemeId: scheme.id, rateBps: 1250 });

    // 2. Schemes issues the policy naming the agent: 4,500.00 a month, so 54,000.00 a year and 6,750.00 commission.
    const policy = await issueTestPolicy(schemes, scheme.id, { salesAgentId: agent.id });
    const issued = await executeOk(schemes, `query($id: ID!) { policy(id: $id) { salesAgentId } }`, { id: policy.id });
    expect(issued.policy.salesAgentId).toBe(agent.id);
    const accrued = await eventually(async () => {
      const entries = await entriesOf(agent.id);
      expect(entries).toHaveLength(1);
      return entries;
    }, 15_000);
    expect(accrued).toEqual([{ kind: 'ACCRUAL', amount: { minorUnits: '675000' }, rateBps: 1250, earnedOn: '2026-01-01', tier: { id: tier.id } }]);

    // 3. Activated (a newer version): still one accrual. Cancelled after two months, inside the window: one clawback.
    await activateTestPolicy(schemes, policy.id);
    await executeOk(schemes, `mutation($input: CancelPolicyInput!) { cancelPolicy(input: $input) { status } }`, {
      input: { policyId: policy.id, reason: 'Customer changed insurer', lastDayOfCover: '2026-02-28' },
    });
    const clawedBack = await eventually(async () => {
      const entries = await entriesOf(agent.id);
      expect(entries.map((e) => e.kind)).toEqual(['ACCRUAL', 'CLAWBACK']);
      return entries;
    }, 15_000);
    expect(clawedBack[1]).toMatchObject({ amount: { minorUnits: '-675000' }, earnedOn: '2026-02-28' });

    // 4. Schemes telling the state again (a replay) changes nothing.
    await schemes.dataSource.transaction((manager) => recordPoliciesChanged(manager, [policy.id]));
    const replay = (await outboxEventsOf(schemes, policy.id, 'schemes.policy.changed')).at(-1)!;
    await eventually(async () => {
      expect(await crm.dataSource.query('SELECT 1 FROM inbox_events WHERE event_id = $1', [replay.id])).toHaveLength(1);
    }, 15_000);
    expect((await entriesOf(agent.id)).map((e) => e.kind)).toEqual(['ACCRUAL', 'CLAWBACK']);
  });
});
