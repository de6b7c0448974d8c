import { buildDemoPlan } from '../../../demo/plan';
import { databaseUrlOn } from '../../../kit/config';
import { recreateDatabase } from '../../../kit/database';
import { createLogger } from '../../../kit/logger';
import { seedOnce } from '../../../kit/seeding';
import { createSubgraphRuntime, type SubgraphRuntime } from '../../../kit/subgraph';
import { executeOk } from '../../../kit/testing';
import { DEMO_OPENING_TOKENS, seedTokensDemo } from './demo';
import type { TokensLoaders } from './loaders';
import { readTokensConfig } from './config';
import { createTokensServices, type TokensServices } from './services';
import { tokensSubgraph } from './subgraph';
import { walletLedgerState } from './testing';

const plan = buildDemoPlan();
let runtime: SubgraphRuntime<TokensServices, TokensLoaders>;
beforeAll(async () => {
  // The demo seeds fixed ids, so it gets a database of its own rather than the shared test database.
  const url = databaseUrlOn(process.env.TEST_POSTGRES_URL!, 'mcs_test_tokens_demo');
  await recreateDatabase(url);
  runtime = await createSubgraphRuntime(tokensSubgraph, { databaseUrl: url, logger: createLogger({ service: 'tokens', test: true }), poolSize: 3 });
  await seedOnce(runtime.dataSource, 'tokens-demo', (manager) => seedTokensDemo(manager, plan));
});
afterAll(() => runtime.stop());

describe('tokens demo seed', () => {
  it('gives every demo company a generous wallet with an auto top-up, whose history adds up', async () => {
    for (const company of plan.companies) {
      const { tokenWallet } = await executeOk(runtime, `query($c: ID!) { tokenWallet(companyId: $c) { id balance reserved autoTopUp { threshold package { tokens } } } }`, { c: company.id });
      expect(tokenWallet.balance).toBeGreaterThan(DEMO_OPENING_TOKENS - 1_000);
      expect(tokenWallet.reserved).toBe(0);
      expect(tokenWallet.autoTopUp).toEqual({ threshold: 100_000, package: { tokens: DEMO_OPENING_TOKENS } });
      const state = await walletLedgerState(runtime, tokenWallet.id);
      expect(state.historyBalance).toBe(state.balance);
      expect(state.lastBalanceAfter).toBe(state.balance);
    }
  });

  it('has a month of consumption to forecast from', async () => {
    const { tokenWallet } = await executeOk(runtime, `query($c: ID!) { tokenWallet(companyId: $c) { id } }`, { c: plan.companies[0].id });
    // As of the plan's day, whatever today is.
    const clock = { today: () => plan.asOf, now: () => new Date(`${plan.asOf}T23:59:00+03:00`) };
    const forecast = await createTokensServices(runtime.dataSource, readTokensConfig(), clock).forecasts.forecast(tokenWallet.id, 30);
    expect(Number(forecast.averageDailyConsumption)).toBeGreaterThan(0);
  });
});
