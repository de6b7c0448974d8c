import { randomUUID } from 'node:crypto';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, memberActor, staffActor, startTestSubgraph } from '../../../../kit/testing';
import type { TokensLoaders } from '../loaders';
import type { TokensServices } from '../services';
import { tokensSubgraph } from '../subgraph';
import { createTestPackage, createTestWallet } from '../testing';

let tokens: SubgraphRuntime<TokensServices, TokensLoaders>;
beforeAll(async () => {
  tokens = await startTestSubgraph(tokensSubgraph);
});
afterAll(async () => {
  await tokens.stop();
});

const officer = staffActor('finance-1', 'FINANCE_OFFICER');
const analyst = staffActor('analyst-1', 'ANALYST');
const claimsOfficer = staffActor('claims-1', 'CLAIMS_OFFICER');

const WALLET = `query($companyId: ID!) { tokenWallet(companyId: $companyId) { id balance reserved available } }`;
const GRANT = `mutation($id: ID!, $tokens: SafeInt!, $reason: String!) { grantTokens(walletId: $id, tokens: $tokens, reason: $reason) { kind source amount balanceAfter reason actorId } }`;
const ADJUST = `mutation($id: ID!, $tokens: SafeInt!, $reason: String!) { adjustTokens(walletId: $id, tokens: $tokens, reason: $reason) { kind source amount balanceAfter } }`;

describe('token wallets', () => {
  it('opens one wallet per company', async () => {
    const companyId = randomUUID();
    const { createTokenWallet } = await executeOk(tokens, `mutation($c: ID!) { createTokenWallet(companyId: $c) { companyId balance reserved available } }`, { c: companyId }, officer);
    expect(createTokenWallet).toEqual({ companyId, balance: 0, reserved: 0, available: 0 });
    const again = await execute(tokens, `mutation($c: ID!) { createTokenWallet(companyId: $c) { id } }`, { c: companyId }, officer);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'companyId', rule: 'ONE_WALLET_PER_COMPANY' });
  });

  it('lets an administrator grant and adjust with a reason; an adjustment never takes more than is available', async () => {
    const wallet = await createTestWallet(tokens);
    const { grantTokens } = await executeOk(tokens, GRANT, { id: wallet.id, tokens: 100, reason: 'launch goodwill' });
    expect(grantTokens).toEqual({ kind: 'CREDIT', source: 'GRANT', amount: 100, balanceAfter: 100, reason: 'launch goodwill', actorId: 'test-officer' });
    expect((await executeOk(tokens, ADJUST, { id: wallet.id, tokens: -30, reason: 'double grant corrected' })).adjustTokens).toEqual({ kind: 'CREDIT', source: 'ADJUSTMENT', amount: -30, balanceAfter: 70 });
    const tooMuch = await execute(tokens, ADJUST, { id: wallet.id, tokens: -71, reason: 'too much' });
    expect(tooMuch.errors?.[0].extensions).toMatchObject({ rule: 'INSUFFICIENT_TOKENS', walletId: wallet.id, shortfall: 1 });
    const noReason = await execute(tokens, GRANT, { id: wallet.id, tokens: 5, reason: ' ' });
    expect(noReason.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason', rule: 'REQUIRED' });
    const negative = await execute(tokens, GRANT, { id: wallet.id, tokens: -5, reason: 'a grant' });
    expect(negative.errors?.[0].extensions).toMatchObject({ field: 'tokens', rule: 'POSITIVE' });
    expect((await executeOk(tokens, WALLET, { companyId: wallet.companyId })).tokenWallet).toMatchObject({ balance: 70, available: 70 });
  });

  it('pages the history newest first, within a period', async () => {
    const wallet = await createTestWallet(tokens);
    for (const tokensGranted of [1, 2, 3]) await executeOk(tokens, GRANT, { id: wallet.id, tokens: tokensGranted, reason: `grant ${tokensGranted}` });
    const HISTORY = `query($id: ID!, $first: Int, $after: String, $from: DateTimeISO, $to: DateTimeISO) {
      walletTransactions(walletId: $id, first: $first, after: $after, from: $from, to: $to) { edges { node { amount balanceAfter createdAt } } pageInfo { hasNextPage endCursor } } }`;
    const first = (await executeOk(tokens, HISTORY, { id: wallet.id, first: 2 })).walletTransactions;
    expect(first.edges.map((e: { node: { amount: number } }) => e.node.amount)).toEqual([3, 2]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = (await executeOk(tokens, HISTORY, { id: wallet.id, first: 2, after: first.pageInfo.endCursor })).walletTransactions;
    expect(rest.edges.map((e: { node: { amount: number } }) => e.node.amount)).toEqual([1]);
    const from = first.edges[1].node.createdAt;
    const within = (await executeOk(tokens, HISTORY, { id: wallet.id, from })).walletTransactions;
    expect(within.edges.map((e: { node: { amount: number } }) => e.node.amount)).toEqual([3, 2]);
    const bad = await execute(tokens, HISTORY, { id: wallet.id, from, to: from });
    expect(bad.errors?.[0].extensions).toMatchObject({ field: 'to', rule: 'AFTER_FROM' });
  });

  it('adds the wallet to Company through federation', async () => {
    const wallet = await createTestWallet(tokens, 9);
    const data = await executeOk(
      tokens,
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Company { id tokenWallet { id balance } } } }`,
      { reps: [{ __typename: 'Company', id: wallet.companyId }, { __typename: 'Company', id: randomUUID() }] },
      analyst,
    );
    expect(data._entities[0]).toEqual({ id: wallet.companyId, tokenWallet: { id: wallet.id, balance: 9 } });
    expect(data._entities[1].tokenWallet).toBeNull();
  });

  it('projects usage with its method stated', async () => {
    const wallet = await createTestWallet(tokens, 10);
    for (let i = 0; i < 3; i += 1) {
      const outcome = await tokens.services.reservations.reserve({ companyId: wallet.companyId, operation: 'claims.submission', reference: randomUUID(), tokens: 1, ttlSeconds: 60 });
      if (outcome.metered) await tokens.services.reservations.consume(outcome.reservation.id);
    }
    const { tokenForecast } = await executeOk(tokens, `query($id: ID!) { tokenForecast(walletId: $id, horizonDays: 10) { balance windowDays averageDailyConsumption runOutDate projectedBalanceAtHorizon method } }`, { id: wallet.id }, analyst);
    // 3 tokens in 30 days: 0.10 a day; 7 tokens last 70 days; 10 days use 1.
    expect(tokenForecast).toMatchObject({ balance: 7, windowDays: 30, averageDailyConsumption: '0.10', projectedBalanceAtHorizon: 6 });
    expect(tokenForecast.runOutDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(tokenForecast.method).toContain('last 30 days');
  });
});

describe('who may do what', () => {
  it('lets finance officers manage and analysts read, and refuses analysts writes', async () => {
    const wallet = await createTestWallet(tokens, 5);
    const pkg = await createTestPackage(tokens);
    expect((await execute(tokens, WALLET, { companyId: wallet.companyId }, analyst)).data?.tokenWallet).toMatchObject({ balance: 5 });
    const buy = `mutation($w: ID!, $c: String!) { purchaseTokens(walletId: $w, packageCode: $c) { status } }`;
    expect((await executeOk(tokens, buy, { w: wallet.id, c: pkg.code }, officer)).purchaseTokens.status).toBe('PENDING_PAYMENT');
    expect((await execute(tokens, buy, { w: wallet.id, c: pkg.code }, analyst)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps grants and adjustments to administrators', async () => {
    const wallet = await createTestWallet(tokens);
    expect((await execute(tokens, GRANT, { id: wallet.id, tokens: 5, reason: 'not mine to give' }, officer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('shows members and other staff nothing', async () => {
    const wallet = await createTestWallet(tokens, 5);
    for (const actor of [memberActor(randomUUID()), claimsOfficer]) {
      const result = await execute(tokens, WALLET, { companyId: wallet.companyId }, actor);
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const anonymous = await execute(tokens, `{ tokenPackages { code } }`, {}, { id: 'anonymous', roles: [] });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
