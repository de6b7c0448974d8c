import type { EntityManager } from 'typeorm';
import { seedOnce } from '../kit/seeding';
import type { AnyRuntime } from '../kit/subgraph';
import { seedAnalyticsDemo } from '../subgraphs/analytics/src/demo';
import { seedClaimsDemo } from '../subgraphs/claims/src/demo';
import { seedCrmDemo } from '../subgraphs/crm/src/demo';
import { seedEngagementDemo } from '../subgraphs/engagement/src/demo';
import { seedFinanceDemo } from '../subgraphs/finance/src/demo';
import { seedIdentityDemo } from '../subgraphs/identity/src/demo';
import { seedMembersDemo } from '../subgraphs/members/src/demo';
import { seedProvidersDemo } from '../subgraphs/providers/src/demo';
import { seedSchemesDemo } from '../subgraphs/schemes/src/demo';
import { seedTokensDemo } from '../subgraphs/tokens/src/demo';
import { seedWellnessDemo } from '../subgraphs/wellness/src/demo';
import { buildDemoPlan, type DemoPlan } from './plan';

const SEEDERS: Record<string, (manager: EntityManager, plan: DemoPlan) => Promise<void>> = {
  members: seedMembersDemo,
  schemes: seedSchemesDemo,
  claims: seedClaimsDemo,
  finance: seedFinanceDemo,
  providers: seedProvidersDemo,
  identity: seedIdentityDemo,
  crm: seedCrmDemo,
  tokens: seedTokensDemo,
  analytics: seedAnalyticsDemo,
  wellness: seedWellnessDemo,
  engagement: seedEngagementDemo,
};

/** The name under which the demo seed is recorded in each database's `seed_runs`. */
export const DEMO_SEED_NAME = 'demo-2026';

const plans = new Map<number, DemoPlan>();

/**
 * Loads a subgraph's share of the demo world the first time only: a second start finds the
 * seed recorded and changes nothing. Returns whether it seeded.
 */
export async function seedDemoData(runtime: AnyRuntime, options: { scale?: number } = {}): Promise<boolean> {
  const seeder = SEEDERS[runtime.definition.name];
  if (!seeder) return false;
  const scale = options.scale ?? 1;
  const world = plans.get(scale) ?? buildDemoPlan(undefined, scale);
  plans.set(scale, world);
  return seedOnce(runtime.dataSource, DEMO_SEED_NAME, (manager) => seeder(manager, world));
}
