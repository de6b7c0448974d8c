import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEVELOPMENT_METERING_SECRET } from '../kit/auth/metering-signature';
import { systemClock } from '../kit/clock';
import { InProcessEventBus } from '../kit/events/bus';
import type { RunningServer } from '../kit/http';
import { createLogger } from '../kit/logger';
import { createSubgraphRuntime, serveSubgraph, type AnyRuntime, type SubgraphRuntime } from '../kit/subgraph';
import { eventually, execute, outboxEventsOf, startTestSubgraph, testDatabaseUrl, useOwnTestDatabases } from '../kit/testing';
// Claims and tokens meet only over HTTP and the bus: each runtime is wired here, neither imports the other.
import { ClaimService } from '../subgraphs/claims/src/claim/claim.service';
import type { SubmitClaimInput } from '../subgraphs/claims/src/claim/claim.input';
import { readClaimsConfig } from '../subgraphs/claims/src/config';
import { CLAIM_METERED, createClaimMetering } from '../subgraphs/claims/src/metering/claim-metering';
import { MeteringClient, MeteringUnavailable } from '../subgraphs/claims/src/metering/metering.client';
import { readClaimsMeteringConfig } from '../subgraphs/claims/src/metering/metering.config';
import { createClaimsServices, type ClaimsServices } from '../subgraphs/claims/src/services';
import { claimsSubgraph } from '../subgraphs/claims/src/subgraph';
import { applyEvents, createTestClaimInput, SUBMIT_CLAIM, testEvent, testMemberPayload } from '../subgraphs/claims/src/testing';
import { READ_MODEL_EVENTS } from '../subgraphs/claims/src/readmodel/read-model.events';
import type { TokensServices } from '../subgraphs/tokens/src/services';
import { tokensSubgraph } from '../subgraphs/tokens/src/subgraph';
import { createTestWallet, walletLedgerState } from '../subgraphs/tokens/src/testing';

// Its runtimes relay their outboxes: this file has databases of its own.
useOwnTestDatabases();

let bus: InProcessEventBus;
let tokens: SubgraphRuntime<TokensServices, unknown>;
let tokensServer: RunningServer;
let claims: AnyRuntime;

/** Claims as `npm start` runs it, metering against the tokens service at `url`. */
function meteredClaims(url: string) {
  return {
    ...claimsSubgraph,
    createServices: (dataSource: Parameters<typeof claimsSubgraph.createServices>[0], logger: Parameters<typeof claimsSubgraph.createServices>[1]) =>
      createClaimsServices(dataSource, readClaimsConfig(), logger, systemClock, createClaimMetering(readClaimsMeteringConfig({ CLAIMS_METERING_URL: url, NODE_ENV: 'test' }), logger)),
  };
}

beforeAll(async () => {
  bus = new InProcessEventBus();
  tokens = await startTestSubgraph<TokensServices, unknown>(tokensSubgraph, { bus });
  tokensServer = await serveSubgraph(tokens, 0, { host: '127.0.0.1', gatewaySecret: 'a-gateway-secret-of-at-least-32-characters' });
  claims = await startTestSubgraph(meteredClaims(tokensServer.url.replace('localhost', '127.0.0.1')), { bus });
});
afterAll(async () => {
  await claims.stop();
  await tokensServer.close();
  await tokens.stop();
  await bus.close();
});

const tokensUrl = () => tokensServer.url.replace('localhost', '127.0.0.1');

interface TokensProxy {
  url: string;
  /** Requests that reached the proxy for the reserve route (a reset one included). */
  reserveCalls: number;
  close(): Promise<void>;
}

/**
 * Stands between claims and the tokens service, passing requests through unchanged (their
 * signatures stay valid), counting reserve calls. `beforeReserve` runs while a reserve request
 * waits; `resetFirst` destroys the first request's socket instead of answering it.
 */
async function tokensProxy(options: { beforeReserve?: () => Promise<void>; resetFirst?: boolean } = {}): Promise<TokensProxy> {
  let reset = false;
  const proxy: TokensProxy = { url: '', reserveCalls: 0, close: async () => undefined };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.url === '/metering/reservations') {
      proxy.reserveCalls += 1;
      await options.beforeReserve?.();
    }
    if (options.resetFirst && !reset) {
      reset = true;
      req.socket.destroy();
      return;
    }
    const forwarded = http.request(`${tokensUrl()}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.end(Buffer.concat(chunks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => new Promise((resolve) => server.close(() => resolve()));
  server.on('connection', (socket) => server.once('close', () => socket.destroy()));
  return proxy;
}

const reservationsOf = (walletId: string): Promise<{ reference: string; status: string }[]> =>
  tokens.dataSource.query('SELECT reference, status FROM token_reservations WHERE wallet_id = $1 ORDER BY created_at', [walletId]);

/** A member of the company, as claims' read model learns it from the members domain. */
async function memberOf(companyId: string): Promise<string> {
  const member = testMemberPayload({ companyId });
  await applyEvents(claims, [testEvent(READ_MODEL_EVENTS.MEMBER_CHANGED, member)]);
  return member.id;
}

async function claimsOfMember(memberId: string): Promise<number> {
  const [{ n }] = await claims.dataSource.query('SELECT count(*)::int AS n FROM claims WHERE member_id = $1', [memberId]);
  return n;
}

describe('claim submission metered by the tokens service', () => {
  it("reserves one claim's tokens from the employer's wallet, then consumes them once the claim is written", async () => {
    // 1. An employer with 5 tokens, and one of its members.
    const wallet = await createTestWallet(tokens, 5);
    const memberId = await memberOf(wallet.companyId);

    // 2. Submitting the member's claim writes it, with its reservation, and tells tokens.
    const result = await execute(claims, SUBMIT_CLAIM, { input: createTestClaimInput({ memberId }) });
    expect(result.errors).toBeUndefined();
    const claimId = result.data!.submitClaim.id;
    const [metering] = await claims.dataSource.query('SELECT reservation_id, company_id, tokens::int FROM claim_meterings WHERE claim_id = $1', [claimId]);
    expect(metering).toMatchObject({ company_id: wallet.companyId, tokens: 1 });
    const [event] = await outboxEventsOf(claims, claimId, CLAIM_METERED);
    expect(event.payload).toEqual({ claimId, reservationId: metering.reservation_id, companyId: wallet.companyId });

    // 3. Tokens consumes the reservation: one token spent, none held.
    await eventually(async () => expect((await tokens.services.reservations.get(metering.reservation_id)).status).toBe('CONSUMED'));
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 4, reserved: 0, historyBalance: 4 });
    const reservation = await tokens.services.reservations.get(metering.reservation_id);
    expect(reservation).toMatchObject({ operation: 'claims.submission', reference: claimId, tokens: 1 });
  });

  it('refuses the claim of a company whose wallet is empty, writing nothing', async () => {
    const wallet = await createTestWallet(tokens, 0);
    const memberId = await memberOf(wallet.companyId);
    const result = await execute(claims, SUBMIT_CLAIM, { input: createTestClaimInput({ memberId }) });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'memberId', rule: 'INSUFFICIENT_TOKENS' });
    expect(result.errors?.[0].message).toContain(wallet.id);
    expect(await claimsOfMember(memberId)).toBe(0);
    expect(await claims.dataSource.query(`SELECT 1 FROM outbox_events WHERE type = $1 AND payload->>'companyId' = $2`, [CLAIM_METERED, wallet.companyId])).toEqual([]);
    expect(await tokens.dataSource.query('SELECT 1 FROM token_reservations WHERE wallet_id = $1', [wallet.id])).toEqual([]);
  });

  it('gives the reservation back when the claim is refused after reserving (a reused provider reference)', async () => {
    const wallet = await createTestWallet(tokens, 5);
    const memberId = await memberOf(wallet.companyId);
    const input = createTestClaimInput({ memberId });
    expect((await execute(claims, SUBMIT_CLAIM, { input })).errors).toBeUndefined();
    const duplicate = await execute(claims, SUBMIT_CLAIM, { input });
    expect(duplicate.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'providerReference' });
    expect(await claimsOfMember(memberId)).toBe(1);
    await eventually(async () => expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 4, reserved: 0 }));
    const statuses = await tokens.dataSource.query('SELECT status FROM token_reservations WHERE wallet_id = $1 ORDER BY created_at', [wallet.id]);
    expect(statuses.map((s: { status: string }) => s.status)).toEqual(['CONSUMED', 'RELEASED']);
  });

  it('does not meter the claim of a company without a wallet', async () => {
    const memberId = await memberOf(testMemberPayload().companyId!);
    const result = await execute(claims, SUBMIT_CLAIM, { input: createTestClaimInput({ memberId }) });
    expect(result.errors).toBeUndefined();
    expect(await claims.dataSource.query('SELECT 1 FROM claim_meterings WHERE claim_id = $1', [result.data!.submitClaim.id])).toEqual([]);
  });

  it('refuses the claim, writing nothing, when the tokens service cannot be reached', async () => {
    const wallet = await createTestWallet(tokens, 5);
    const memberId = await memberOf(wallet.companyId);
    // A port nothing listens on: the closed server's.
    const closed = await serveSubgraph(tokens, 0, { host: '127.0.0.1', gatewaySecret: 'a-gateway-secret-of-at-least-32-characters' });
    await closed.close();
    const offline = await startTestSubgraph(meteredClaims(`http://127.0.0.1:${closed.port}`));
    try {
      const result = await execute(offline, SUBMIT_CLAIM, { input: createTestClaimInput({ memberId }) });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', rule: 'METERING_UNAVAILABLE', retryable: true });
      expect(await claimsOfMember(memberId)).toBe(0);
    } finally {
      await offline.stop();
    }
  });
});

describe('claim submission holds no claims connection while tokens answers', () => {
  it('leaves the pool free for other claims queries while the reserve call is in flight', async () => {
    const wallet = await createTestWallet(tokens, 5);
    const memberId = await memberOf(wallet.companyId);
    // Claims with a pool of one: a connection held across the reserve call would leave none.
    let single: AnyRuntime | undefined;
    const probes: string[] = [];
    const proxy = await tokensProxy({
      beforeReserve: async () => {
        const probe = single!.dataSource.query('SELECT 1').then(() => 'answered');
        probes.push(await Promise.race([probe, new Promise<string>((resolve) => setTimeout(() => resolve('starved'), 1_000))]));
      },
    });
    single = await createSubgraphRuntime(meteredClaims(proxy.url), {
      databaseUrl: await testDatabaseUrl('claims'),
      logger: createLogger({ service: 'claims', test: true }),
      migrate: false,
      poolSize: 1,
    });
    try {
      const result = await execute(single, SUBMIT_CLAIM, { input: createTestClaimInput({ memberId }) });
      expect(result.errors).toBeUndefined();
      expect(probes).toEqual(['answered']);
      expect(await claims.dataSource.query('SELECT 1 FROM claim_meterings WHERE claim_id = $1', [result.data!.submitClaim.id])).toHaveLength(1);
    } finally {
      await single.stop();
      await proxy.close();
    }
  });

  it('reserves once for a retry with the same idempotency key, and gives back what a concurrent twin reserved', async () => {
    const wallet = await createTestWallet(tokens, 5);
    const memberId = await memberOf(wallet.companyId);
    const proxy = await tokensProxy();
    const viaProxy = await startTestSubgraph(meteredClaims(proxy.url));
    try {
      // 1. A retry after the first call completed returns its claim and asks tokens nothing.
      const input = createTestClaimInput({ memberId });
      const key = `retry-${randomUUID()}`;
      const first = await execute(viaProxy, SUBMIT_CLAIM, { input, key });
      const retry = await execute(viaProxy, SUBMIT_CLAIM, { input, key });
      expect(retry.data!.submitClaim.id).toBe(first.data!.submitClaim.id);
      expect(proxy.reserveCalls).toBe(1);

      // 2. Two calls with one key at once: one claim; the loser's reservation is released.
      const twin = createTestClaimInput({ memberId });
      const twinKey = `twin-${randomUUID()}`;
      const [a, b] = await Promise.all([execute(viaProxy, SUBMIT_CLAIM, { input: twin, key: twinKey }), execute(viaProxy, SUBMIT_CLAIM, { input: twin, key: twinKey })]);
      expect(a.data!.submitClaim.id).toBe(b.data!.submitClaim.id);
      // Both claims' tokens are spent (claims' relay delivers the events); anything else reserved went back.
      const written = [first.data!.submitClaim.id, a.data!.submitClaim.id];
      await eventually(async () => expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 3, reserved: 0 }));
      const reservations = await reservationsOf(wallet.id);
      expect(reservations.filter((r) => written.includes(r.reference)).map((r) => r.status)).toEqual(['CONSUMED', 'CONSUMED']);
      expect(reservations.filter((r) => !written.includes(r.reference)).every((r) => r.status === 'RELEASED')).toBe(true);
    } finally {
      await viaProxy.stop();
      await proxy.close();
    }
  });

  it('reserves once when adjudication on submission fails and the claim is stored undecided', async () => {
    const wallet = await createTestWallet(tokens, 5);
    const memberId = await memberOf(wallet.companyId);
    const proxy = await tokensProxy();
    const metering = createClaimMetering(readClaimsMeteringConfig({ CLAIMS_METERING_URL: proxy.url, NODE_ENV: 'test' }), claims.logger)!;
    const services = claims.services as ClaimsServices;
    const failingDecisions = new ClaimService(claims.dataSource, {
      submissionWindowDays: 90,
      diagnoses: services.diagnoses,
      medicalServices: services.medicalServices,
      decideOnSubmit: async () => {
        throw new Error('the engine broke');
      },
      metering,
    });
    try {
      const claim = await failingDecisions.submit(createTestClaimInput({ memberId }) as SubmitClaimInput, 'test-officer');
      expect(claim.status).toBe('SUBMITTED');
      expect(proxy.reserveCalls).toBe(1);
      expect(await reservationsOf(wallet.id)).toHaveLength(1);
      await eventually(async () => expect(await reservationsOf(wallet.id)).toEqual([{ reference: claim.id, status: 'CONSUMED' }]));
    } finally {
      await proxy.close();
    }
  });
});

describe('the metering client', () => {
  const client = (url: string) => new MeteringClient({ url, secret: DEVELOPMENT_METERING_SECRET, timeoutMs: 800 });

  it('sends a reserve whose connection was reset once more, reserving once', async () => {
    const wallet = await createTestWallet(tokens, 5);
    const proxy = await tokensProxy({ resetFirst: true });
    const metering = client(proxy.url);
    try {
      const reference = randomUUID();
      await expect(metering.reserve(wallet.companyId, reference)).resolves.toMatchObject({ kind: 'HELD', walletId: wallet.id, tokens: 1 });
      expect(proxy.reserveCalls).toBe(2);
      expect(await reservationsOf(wallet.id)).toEqual([{ reference, status: 'HELD' }]);
    } finally {
      metering.close();
      await proxy.close();
    }
  });

  it('takes only a HELD reservation as reserved: one already released holds nothing for the claim', async () => {
    const wallet = await createTestWallet(tokens, 5);
    const metering = client(tokensUrl());
    try {
      const reference = randomUUID();
      await metering.reserve(wallet.companyId, reference);
      await metering.release(reference);
      // The tokens service answers 201 with the first reservation, now RELEASED.
      await expect(metering.reserve(wallet.companyId, reference)).rejects.toThrow(MeteringUnavailable);
      await expect(metering.reserve(wallet.companyId, reference)).rejects.toThrow(/RELEASED, not HELD/);
      expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 5, reserved: 0 });
    } finally {
      metering.close();
    }
  });
});
