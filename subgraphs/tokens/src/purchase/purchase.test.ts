import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../../../../kit/events/event';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, outboxEventsOf, startTestSubgraph } from '../../../../kit/testing';
import type { TokensLoaders } from '../loaders';
import type { TokensServices } from '../services';
import { tokensSubgraph } from '../subgraph';
import { createTestPackage, createTestWallet, walletLedgerState, type TestWallet } from '../testing';
import { PURCHASE_CREATED, TOKEN_PURCHASE_PAID, type PurchaseCreatedPayload, type TokenPurchasePaidPayload } from './purchase.events';

let tokens: SubgraphRuntime<TokensServices, TokensLoaders>;
beforeAll(async () => {
  tokens = await startTestSubgraph(tokensSubgraph);
});
afterAll(async () => {
  await tokens.stop();
});

const PURCHASE = `mutation($walletId: ID!, $code: String!, $key: String) {
  purchaseTokens(walletId: $walletId, packageCode: $code, idempotencyKey: $key) { id walletId companyId packageCode tokens status source amount { amount currency minorUnits } } }`;

/** Delivers finance's event to tokens' handler in a transaction of its own, as the inbox does. */
async function deliverPaid(payload: TokenPurchasePaidPayload): Promise<void> {
  const event: DomainEvent = { id: randomUUID(), type: TOKEN_PURCHASE_PAID, source: 'finance', aggregateId: payload.purchaseId, occurredAt: new Date().toISOString(), payload };
  const [handler] = tokensSubgraph.subscriptions!.filter((s) => s.types.includes(TOKEN_PURCHASE_PAID));
  await tokens.dataSource.transaction((manager) => handler.handle(event, manager, tokens.services));
}

async function pendingPurchase(wallet: TestWallet, tokensInPackage = 1000) {
  const pkg = await createTestPackage(tokens, tokensInPackage);
  const { purchaseTokens } = await executeOk(tokens, PURCHASE, { walletId: wallet.id, code: pkg.code });
  return { pkg, purchase: purchaseTokens };
}

function paidFor(purchase: { id: string; amount: { minorUnits: string; currency: string } }, overrides: Partial<TokenPurchasePaidPayload> = {}): TokenPurchasePaidPayload {
  return {
    purchaseId: purchase.id,
    invoiceId: randomUUID(),
    invoiceNumber: 'INV-2026-000123',
    amountMinor: Number(purchase.amount.minorUnits),
    currency: purchase.amount.currency,
    paidAt: '2026-03-02T08:00:00.000Z',
    ...overrides,
  };
}

describe('token purchases paid through finance', () => {
  it('creates a purchase PENDING_PAYMENT and tells finance, with exactly the agreed payload', async () => {
    const wallet = await createTestWallet(tokens);
    const { pkg, purchase } = await pendingPurchase(wallet, 500);
    expect(purchase).toMatchObject({ walletId: wallet.id, companyId: wallet.companyId, packageCode: pkg.code, tokens: 500, status: 'PENDING_PAYMENT', source: 'PURCHASE', amount: { amount: '2500.00', currency: 'KES', minorUnits: '250000' } });
    const [event] = await outboxEventsOf<PurchaseCreatedPayload>(tokens, purchase.id, PURCHASE_CREATED);
    expect(Object.keys(event.payload).sort()).toEqual(['amountMinor', 'companyId', 'createdAt', 'currency', 'packageCode', 'purchaseId', 'tokens', 'walletId']);
    expect(event.payload).toMatchObject({ purchaseId: purchase.id, walletId: wallet.id, companyId: wallet.companyId, packageCode: pkg.code, tokens: 500, amountMinor: 250000, currency: 'KES' });
    expect(new Date(event.payload.createdAt).toISOString()).toBe(event.payload.createdAt);
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 0 });
  });

  it('returns the first purchase for a retried idempotency key', async () => {
    const wallet = await createTestWallet(tokens);
    const pkg = await createTestPackage(tokens);
    const key = `buy-${randomUUID()}`;
    const [a, b] = await Promise.all([executeOk(tokens, PURCHASE, { walletId: wallet.id, code: pkg.code, key }), executeOk(tokens, PURCHASE, { walletId: wallet.id, code: pkg.code, key })]);
    expect(a.purchaseTokens.id).toBe(b.purchaseTokens.id);
    expect(await outboxEventsOf(tokens, a.purchaseTokens.id, PURCHASE_CREATED)).toHaveLength(1);
  });

  it('refuses an inactive package and an unknown wallet, naming the field', async () => {
    const wallet = await createTestWallet(tokens);
    const pkg = await createTestPackage(tokens);
    await executeOk(tokens, `mutation($code: String!) { updateTokenPackage(code: $code, input: { active: false }) { active } }`, { code: pkg.code });
    const inactive = await execute(tokens, PURCHASE, { walletId: wallet.id, code: pkg.code });
    expect(inactive.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'packageCode', rule: 'ACTIVE_PACKAGE' });
    const unknown = await execute(tokens, PURCHASE, { walletId: randomUUID(), code: (await createTestPackage(tokens)).code });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'TokenWallet' });
  });

  it('credits the wallet once when the invoice is paid, also on redelivery', async () => {
    const wallet = await createTestWallet(tokens);
    const { purchase } = await pendingPurchase(wallet, 1000);
    await deliverPaid(paidFor(purchase));
    await deliverPaid(paidFor(purchase));
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 1000, historyBalance: 1000 });
    const stored = await tokens.services.purchases.get(purchase.id);
    expect(stored).toMatchObject({ status: 'CREDITED', invoiceNumber: 'INV-2026-000123' });
  });

  it('credits once when two deliveries arrive at the same time', async () => {
    const wallet = await createTestWallet(tokens);
    const { purchase } = await pendingPurchase(wallet, 700);
    await Promise.all([deliverPaid(paidFor(purchase)), deliverPaid(paidFor(purchase)), deliverPaid(paidFor(purchase))]);
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 700, historyBalance: 700 });
    const [{ credits }] = await tokens.dataSource.query(`SELECT count(*)::int AS credits FROM wallet_transactions WHERE wallet_id = $1 AND kind = 'CREDIT'`, [wallet.id]);
    expect(credits).toBe(1);
  });

  it('refuses a payment that does not match the price, crediting nothing', async () => {
    const wallet = await createTestWallet(tokens);
    const { purchase } = await pendingPurchase(wallet, 1000);
    await deliverPaid(paidFor(purchase, { amountMinor: 1 }));
    await deliverPaid(paidFor(purchase, { currency: 'USD' }));
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 0 });
    expect((await tokens.services.purchases.get(purchase.id)).status).toBe('PENDING_PAYMENT');
  });
});
