import { randomUUID } from 'node:crypto';
import { DEVELOPMENT_METERING_SECRET, signMeteringRequest } from '../../../../kit/auth/metering-signature';
import type { RunningServer } from '../../../../kit/http';
import { serveSubgraph, type SubgraphRuntime } from '../../../../kit/subgraph';
import { startTestSubgraph } from '../../../../kit/testing';
import type { TokensLoaders } from '../loaders';
import type { TokensServices } from '../services';
import { tokensSubgraph } from '../subgraph';
import { createTestWallet, walletLedgerState } from '../testing';

let tokens: SubgraphRuntime<TokensServices, TokensLoaders>;
let server: RunningServer;
beforeAll(async () => {
  tokens = await startTestSubgraph(tokensSubgraph);
  server = await serveSubgraph(tokens, 0, { host: '127.0.0.1', gatewaySecret: 'a-gateway-secret-of-at-least-32-characters' });
});
afterAll(async () => {
  await server.close();
  await tokens.stop();
});

interface SignOptions {
  secret?: string;
  timestamp?: number;
  signedPath?: string;
}

async function post(path: string, payload: unknown, options: SignOptions = {}) {
  const body = JSON.stringify(payload);
  const headers = signMeteringRequest(options.secret ?? DEVELOPMENT_METERING_SECRET, 'POST', options.signedPath ?? path, body, options.timestamp);
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const reservationsOf = (walletId: string) => tokens.dataSource.query('SELECT status FROM token_reservations WHERE wallet_id = $1', [walletId]);

describe('the metering route', () => {
  it('reserves a claim submission for a signed request, once per reference', async () => {
    const wallet = await createTestWallet(tokens, 3);
    const request = { companyId: wallet.companyId, operation: 'claims.submission', reference: randomUUID() };
    const first = await post('/metering/reservations', request);
    expect(first).toMatchObject({ status: 201, body: { metered: true, walletId: wallet.id, tokens: 1, status: 'HELD' } });
    const again = await post('/metering/reservations', request);
    expect(again.body.reservationId).toBe(first.body.reservationId);
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 3, reserved: 1 });
  });

  it('answers 409 INSUFFICIENT_TOKENS with the wallet and the shortfall', async () => {
    const wallet = await createTestWallet(tokens, 0);
    const answer = await post('/metering/reservations', { companyId: wallet.companyId, operation: 'claims.submission', reference: randomUUID() });
    expect(answer).toMatchObject({ status: 409, body: { code: 'INSUFFICIENT_TOKENS', walletId: wallet.id, requested: 1, available: 0, shortfall: 1 } });
  });

  it('says a company without a wallet is not metered', async () => {
    const answer = await post('/metering/reservations', { companyId: randomUUID(), operation: 'claims.submission', reference: randomUUID() });
    expect(answer).toEqual({ status: 200, body: { metered: false } });
  });

  it('refuses an operation it does not meter, naming the field', async () => {
    const answer = await post('/metering/reservations', { companyId: randomUUID(), operation: 'claims.anything', reference: randomUUID() });
    expect(answer).toMatchObject({ status: 400, body: { violations: [{ field: 'operation', rule: 'METERED_OPERATION' }] } });
  });

  it.each([
    ['a signature made with another secret', { secret: 'another-secret-that-is-at-least-32-characters-long' }, 'signature'],
    ['a timestamp ten minutes old', { timestamp: Math.floor(Date.now() / 1000) - 600 }, 'stale'],
    ['a timestamp two minutes ahead (within the past allowance, but not a clock drift)', { timestamp: Math.floor(Date.now() / 1000) + 120 }, 'future'],
    ['a signature made for another path', { signedPath: '/metering/reservations/release' }, 'signature'],
  ])('refuses %s with 401, reserving nothing', async (_case, options, reason) => {
    const wallet = await createTestWallet(tokens, 3);
    const answer = await post('/metering/reservations', { companyId: wallet.companyId, operation: 'claims.submission', reference: randomUUID() }, options);
    expect(answer).toMatchObject({ status: 401, body: { reason } });
    expect(await reservationsOf(wallet.id)).toEqual([]);
  });

  it('refuses an unsigned request with 401', async () => {
    const wallet = await createTestWallet(tokens, 3);
    const response = await fetch(`http://127.0.0.1:${server.port}/metering/reservations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ companyId: wallet.companyId, operation: 'claims.submission', reference: randomUUID() }),
    });
    expect(response.status).toBe(401);
    expect(await reservationsOf(wallet.id)).toEqual([]);
  });

  it('refuses with 401 a request whose raw JSON body was not captured, rather than checking the signature of no body', async () => {
    const wallet = await createTestWallet(tokens, 3);
    const reference = randomUUID();
    await post('/metering/reservations', { companyId: wallet.companyId, operation: 'claims.submission', reference });
    // Signed over an empty body, sent as text: the JSON parser never reads it, so no raw body is kept.
    const headers = signMeteringRequest(DEVELOPMENT_METERING_SECRET, 'POST', '/metering/reservations/release', '');
    const response = await fetch(`http://127.0.0.1:${server.port}/metering/reservations/release`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...headers },
      body: JSON.stringify({ operation: 'claims.submission', reference }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ reason: 'body' });
    expect(await reservationsOf(wallet.id)).toEqual([{ status: 'HELD' }]);
  });

  it('releases by operation and reference, once', async () => {
    const wallet = await createTestWallet(tokens, 3);
    const reference = randomUUID();
    await post('/metering/reservations', { companyId: wallet.companyId, operation: 'claims.submission', reference });
    const released = await post('/metering/reservations/release', { operation: 'claims.submission', reference });
    expect(released).toMatchObject({ status: 200, body: { status: 'RELEASED' } });
    expect((await post('/metering/reservations/release', { operation: 'claims.submission', reference })).status).toBe(200);
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 3, reserved: 0 });
    expect(await post('/metering/reservations/release', { operation: 'claims.submission', reference: randomUUID() })).toEqual({ status: 200, body: { metered: false } });
  });
});
