import type { Clock } from '../../../../kit/clock';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, startTestSubgraph } from '../../../../kit/testing';
import { readTokensConfig } from '../config';
import type { TokensLoaders } from '../loaders';
import { createTokensServices, type TokensServices } from '../services';
import { tokensSubgraph } from '../subgraph';
import { createTestPackage, createTestWallet } from '../testing';
import { nextPeriodStart } from './subscription.rules';
import { SubscriptionPeriod } from './token-subscription.entity';

let tokens: SubgraphRuntime<TokensServices, TokensLoaders>;
beforeAll(async () => {
  tokens = await startTestSubgraph(tokensSubgraph);
});
afterAll(async () => {
  await tokens.stop();
});

/** The services with business time pinned to `day`, as the renewal job would see it. */
function servicesOn(day: string): TokensServices {
  const clock: Clock = { today: () => day, now: () => new Date(`${day}T06:00:00Z`) };
  return createTokensServices(tokens.dataSource, readTokensConfig(), clock, tokens.logger);
}

async function purchasesOf(subscriptionId: string): Promise<{ period_start: string }[]> {
  return tokens.dataSource.query(`SELECT period_start::text FROM token_purchases WHERE subscription_id = $1 ORDER BY period_start`, [subscriptionId]);
}

describe('token subscriptions', () => {
  it('steps periods by calendar months', () => {
    expect(nextPeriodStart('2026-01-31', SubscriptionPeriod.MONTHLY)).toBe('2026-02-28');
    expect(nextPeriodStart('2026-01-15', SubscriptionPeriod.QUARTERLY)).toBe('2026-04-15');
    expect(nextPeriodStart('2026-01-15', SubscriptionPeriod.ANNUAL)).toBe('2027-01-15');
  });

  it('buys each period once, however often (and however concurrently) the job runs, and stops when cancelled', async () => {
    const wallet = await createTestWallet(tokens);
    const pkg = await createTestPackage(tokens, 300);
    const jan = servicesOn('2026-01-10');
    const subscription = await jan.subscriptions.subscribe(wallet.id, pkg.code, SubscriptionPeriod.MONTHLY, 'test-officer');

    await Promise.all([jan.subscriptions.renewDue(), jan.subscriptions.renewDue(), servicesOn('2026-01-10').subscriptions.renewDue()]);
    await jan.subscriptions.renewDue();
    expect(await purchasesOf(subscription.id)).toEqual([{ period_start: '2026-01-10' }]);

    await servicesOn('2026-02-09').subscriptions.renewDue();
    expect(await purchasesOf(subscription.id)).toHaveLength(1);
    await servicesOn('2026-02-10').subscriptions.renewDue();
    await servicesOn('2026-02-11').subscriptions.renewDue();
    expect(await purchasesOf(subscription.id)).toEqual([{ period_start: '2026-01-10' }, { period_start: '2026-02-10' }]);

    const { cancelTokenSubscription } = await executeOk(tokens, `mutation($id: ID!) { cancelTokenSubscription(id: $id) { status cancelledAt } }`, { id: subscription.id });
    expect(cancelTokenSubscription.status).toBe('CANCELLED');
    await servicesOn('2026-06-01').subscriptions.renewDue();
    expect(await purchasesOf(subscription.id)).toHaveLength(2);
    const again = await execute(tokens, `mutation($id: ID!) { cancelTokenSubscription(id: $id) { status } }`, { id: subscription.id });
    expect(again.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
  });

  it('lists a wallet\'s subscriptions with their package', async () => {
    const wallet = await createTestWallet(tokens);
    const pkg = await createTestPackage(tokens, 50);
    await executeOk(tokens, `mutation($w: ID!, $c: String!) { subscribeToTokenPackage(walletId: $w, packageCode: $c, period: QUARTERLY) { id } }`, { w: wallet.id, c: pkg.code });
    const { tokenSubscriptions } = await executeOk(tokens, `query($w: ID!) { tokenSubscriptions(walletId: $w) { period status package { code } } }`, { w: wallet.id });
    expect(tokenSubscriptions).toEqual([{ period: 'QUARTERLY', status: 'ACTIVE', package: { code: pkg.code } }]);
  });

  it('subscribes once per idempotency key, and a wallet to a package once while active', async () => {
    const wallet = await createTestWallet(tokens);
    const pkg = await createTestPackage(tokens, 40);
    const other = await createTestPackage(tokens, 80);
    const SUBSCRIBE = `mutation($w: ID!, $c: String!, $p: TokenSubscriptionPeriod!, $key: String) {
      subscribeToTokenPackage(walletId: $w, packageCode: $c, period: $p, idempotencyKey: $key) { id status } }`;
    const key = `subscribe-${wallet.id}`;
    const [first, retry] = await Promise.all([
      executeOk(tokens, SUBSCRIBE, { w: wallet.id, c: pkg.code, p: 'MONTHLY', key }),
      executeOk(tokens, SUBSCRIBE, { w: wallet.id, c: pkg.code, p: 'MONTHLY', key }),
    ]);
    expect(retry.subscribeToTokenPackage.id).toBe(first.subscribeToTokenPackage.id);

    // Another request for the same package, even for another period, is refused while the first is active.
    const [a, b] = await Promise.all([
      execute(tokens, SUBSCRIBE, { w: wallet.id, c: pkg.code, p: 'ANNUAL' }),
      execute(tokens, SUBSCRIBE, { w: wallet.id, c: pkg.code, p: 'QUARTERLY' }),
    ]);
    for (const refused of [a, b]) expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'packageCode', rule: 'ONE_ACTIVE_SUBSCRIPTION_PER_PACKAGE' });
    await executeOk(tokens, SUBSCRIBE, { w: wallet.id, c: other.code, p: 'MONTHLY' });

    // Once cancelled, the package can be subscribed to again.
    await executeOk(tokens, `mutation($id: ID!) { cancelTokenSubscription(id: $id) { id } }`, { id: first.subscribeToTokenPackage.id });
    await executeOk(tokens, SUBSCRIBE, { w: wallet.id, c: pkg.code, p: 'ANNUAL' });
    const rows = await tokens.dataSource.query(`SELECT package_id, status FROM token_subscriptions WHERE wallet_id = $1 ORDER BY created_at`, [wallet.id]);
    expect(rows.map((r: { status: string }) => r.status)).toEqual(['CANCELLED', 'ACTIVE', 'ACTIVE']);
  });
});
