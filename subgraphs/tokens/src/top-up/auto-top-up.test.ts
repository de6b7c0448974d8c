import { randomUUID } from 'node:crypto';
import { createLogger } from '../../../../kit/logger';
import { createSubgraphRuntime, type SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, outboxEventsOf, startTestSubgraph, testDatabaseUrl } from '../../../../kit/testing';
import type { TokensLoaders } from '../loaders';
import { PURCHASE_CANCELLED, PURCHASE_CREATED } from '../purchase/purchase.events';
import type { TokensServices } from '../services';
import { tokensSubgraph } from '../subgraph';
import { createTestPackage, createTestWallet, walletLedgerState, type TestWallet } from '../testing';

let tokens: SubgraphRuntime<TokensServices, TokensLoaders>;
beforeAll(async () => {
  tokens = await startTestSubgraph(tokensSubgraph);
});
afterAll(async () => {
  await tokens.stop();
});

const SET_AUTO_TOP_UP = `mutation($walletId: ID!, $input: AutoTopUpInput!) {
  setAutoTopUp(walletId: $walletId, input: $input) { walletId threshold monthlyCapTokens enabled package { code tokens } } }`;

async function topUpPurchases(wallet: TestWallet): Promise<{ id: string; status: string }[]> {
  return tokens.dataSource.query(`SELECT id, status FROM token_purchases WHERE wallet_id = $1 AND source = 'AUTO_TOP_UP' ORDER BY created_at`, [wallet.id]);
}

const reserveOne = (services: TokensServices, wallet: TestWallet) =>
  services.reservations.reserve({ companyId: wallet.companyId, operation: 'claims.submission', reference: randomUUID(), tokens: 1, ttlSeconds: 600 });

describe('auto top-up', () => {
  it('buys exactly one package when concurrent consumption crosses the threshold', async () => {
    const wide = await createSubgraphRuntime(tokensSubgraph, { databaseUrl: await testDatabaseUrl('tokens'), logger: createLogger({ service: 'tokens', test: true }), migrate: false, poolSize: 30 });
    try {
      const wallet = await createTestWallet(tokens, 100);
      const pkg = await createTestPackage(tokens, 500);
      await executeOk(tokens, SET_AUTO_TOP_UP, { walletId: wallet.id, input: { threshold: 50, packageCode: pkg.code } });
      // 49 reservations leave 51 available: above the threshold, nothing is bought. They are set-up,
      // made one after another: at once, they queue on the wallet's lock beyond the pool's wait limit on a busy machine.
      for (let i = 0; i < 49; i += 1) await reserveOne(wide.services, wallet);
      expect(await topUpPurchases(wallet)).toEqual([]);
      // Thirty more at once: the first to go below 50 buys; the rest find a purchase pending.
      await Promise.all(Array.from({ length: 30 }, () => reserveOne(wide.services, wallet)));
      const purchases = await topUpPurchases(wallet);
      expect(purchases).toHaveLength(1);
      expect(purchases[0].status).toBe('PENDING_PAYMENT');
      const events = await tokens.dataSource.query(`SELECT payload FROM outbox_events WHERE type = $1 AND payload->>'walletId' = $2`, [PURCHASE_CREATED, wallet.id]);
      expect(events).toHaveLength(1);
      expect(events[0].payload).toMatchObject({ purchaseId: purchases[0].id, packageCode: pkg.code, tokens: 500 });
    } finally {
      await wide.stop();
    }
  });

  it('buys again only once the pending purchase is credited and the wallet is still below the threshold', async () => {
    const wallet = await createTestWallet(tokens, 10);
    const pkg = await createTestPackage(tokens, 5);
    await executeOk(tokens, SET_AUTO_TOP_UP, { walletId: wallet.id, input: { threshold: 20, packageCode: pkg.code } });
    await reserveOne(tokens.services, wallet);
    await reserveOne(tokens.services, wallet);
    const [first] = await topUpPurchases(wallet);
    expect(await topUpPurchases(wallet)).toHaveLength(1);
    await tokens.dataSource.transaction((m) =>
      tokens.services.purchases.onPaid(m, { purchaseId: first.id, invoiceId: randomUUID(), invoiceNumber: 'INV-1', amountMinor: 2500, currency: 'KES', paidAt: new Date().toISOString() }),
    );
    await reserveOne(tokens.services, wallet);
    expect((await topUpPurchases(wallet)).map((p) => p.status)).toEqual(['CREDITED', 'PENDING_PAYMENT']);
  });

  it('stops at the monthly cap', async () => {
    const wallet = await createTestWallet(tokens, 10);
    const pkg = await createTestPackage(tokens, 5);
    await executeOk(tokens, SET_AUTO_TOP_UP, { walletId: wallet.id, input: { threshold: 20, packageCode: pkg.code, monthlyCapTokens: 5 } });
    await reserveOne(tokens.services, wallet);
    const [first] = await topUpPurchases(wallet);
    await tokens.dataSource.transaction((m) =>
      tokens.services.purchases.onPaid(m, { purchaseId: first.id, invoiceId: randomUUID(), invoiceNumber: 'INV-2', amountMinor: 2500, currency: 'KES', paidAt: new Date().toISOString() }),
    );
    await reserveOne(tokens.services, wallet);
    expect(await topUpPurchases(wallet)).toHaveLength(1);
  });

  const paid = (purchaseId: string, amountMinor: number) =>
    tokens.dataSource.transaction((m) =>
      tokens.services.purchases.onPaid(m, { purchaseId, invoiceId: randomUUID(), invoiceNumber: 'INV-9', amountMinor, currency: 'KES', paidAt: new Date().toISOString() }),
    );

  it('buys again once an unpaid top-up has expired, and still credits a payment that arrives after all', async () => {
    // 1. A crossing buys; while it waits for payment nothing more is bought.
    const wallet = await createTestWallet(tokens, 10);
    const pkg = await createTestPackage(tokens, 5);
    await executeOk(tokens, SET_AUTO_TOP_UP, { walletId: wallet.id, input: { threshold: 20, packageCode: pkg.code } });
    await reserveOne(tokens.services, wallet);
    const [first] = await topUpPurchases(wallet);
    expect(await tokens.services.purchases.expireUnpaidTopUps(72)).toBe(0);
    await reserveOne(tokens.services, wallet);
    expect(await topUpPurchases(wallet)).toHaveLength(1);

    // 2. Unpaid past the time allowed, it expires (finance is told), and the next crossing buys again.
    await tokens.dataSource.query(`UPDATE token_purchases SET created_at = created_at - interval '73 hours' WHERE id = $1`, [first.id]);
    expect(await tokens.services.purchases.expireUnpaidTopUps(72)).toBeGreaterThanOrEqual(1);
    expect(await tokens.services.purchases.get(first.id)).toMatchObject({ status: 'EXPIRED', cancelledBy: 'system:tokens', cancelReason: 'unpaid after 72 hours' });
    expect(await outboxEventsOf(tokens, first.id, PURCHASE_CANCELLED)).toEqual([expect.objectContaining({ payload: expect.objectContaining({ status: 'EXPIRED', walletId: wallet.id }) })]);
    await reserveOne(tokens.services, wallet);
    expect((await topUpPurchases(wallet)).map((p) => p.status)).toEqual(['EXPIRED', 'PENDING_PAYMENT']);

    // 3. The company pays the expired one's invoice after all: its tokens are credited.
    expect(await paid(first.id, 2500)).toBe('CREDITED');
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 15, historyBalance: 15 });
  });

  it('lets staff cancel a pending purchase, saying why, which frees auto top-up; a credited one cannot be', async () => {
    const wallet = await createTestWallet(tokens, 10);
    const pkg = await createTestPackage(tokens, 5);
    await executeOk(tokens, SET_AUTO_TOP_UP, { walletId: wallet.id, input: { threshold: 20, packageCode: pkg.code } });
    await reserveOne(tokens.services, wallet);
    const [first] = await topUpPurchases(wallet);
    const CANCEL = `mutation($id: ID!, $reason: String!) { cancelTokenPurchase(id: $id, reason: $reason) { status cancelledBy cancelReason cancelledAt } }`;
    expect((await execute(tokens, CANCEL, { id: first.id, reason: '' })).errors?.[0].extensions).toMatchObject({ field: 'reason', rule: 'REQUIRED' });
    const { cancelTokenPurchase } = await executeOk(tokens, CANCEL, { id: first.id, reason: 'the company changed its mind' });
    expect(cancelTokenPurchase).toMatchObject({ status: 'CANCELLED', cancelledBy: 'test-officer', cancelReason: 'the company changed its mind' });
    expect((await execute(tokens, CANCEL, { id: first.id, reason: 'again' })).errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'CANCELLED' });
    await reserveOne(tokens.services, wallet);
    const [, second] = await topUpPurchases(wallet);
    expect(second.status).toBe('PENDING_PAYMENT');
    await paid(second.id, 2500);
    expect((await execute(tokens, CANCEL, { id: second.id, reason: 'too late' })).errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'CREDITED' });
  });

  it('records a payment that does not match the price on the purchase, crediting nothing', async () => {
    const wallet = await createTestWallet(tokens, 10);
    const pkg = await createTestPackage(tokens, 5);
    await executeOk(tokens, SET_AUTO_TOP_UP, { walletId: wallet.id, input: { threshold: 20, packageCode: pkg.code } });
    await reserveOne(tokens.services, wallet);
    const [first] = await topUpPurchases(wallet);
    expect(await paid(first.id, 2000)).toBe('MISMATCH');
    const { tokenPurchases } = await executeOk(tokens, `query($w: ID!) { tokenPurchases(walletId: $w) { edges { node { status paymentProblem } } } }`, { w: wallet.id });
    expect(tokenPurchases.edges).toEqual([{ node: { status: 'PENDING_PAYMENT', paymentProblem: expect.stringContaining('paid 2000 KES (minor units) against a price of 2500 KES') } }]);
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 10, historyBalance: 10 });
  });

  it('refuses a policy with a bad threshold or a cap below one package, naming the field', async () => {
    const wallet = await createTestWallet(tokens);
    const pkg = await createTestPackage(tokens, 100);
    const zero = await execute(tokens, SET_AUTO_TOP_UP, { walletId: wallet.id, input: { threshold: 0, packageCode: pkg.code } });
    expect(zero.errors?.[0].extensions).toMatchObject({ field: 'input.threshold', rule: 'POSITIVE' });
    const cap = await execute(tokens, SET_AUTO_TOP_UP, { walletId: wallet.id, input: { threshold: 10, packageCode: pkg.code, monthlyCapTokens: 50 } });
    expect(cap.errors?.[0].extensions).toMatchObject({ field: 'input.monthlyCapTokens', rule: 'AT_LEAST_ONE_PACKAGE' });
  });
});
