import { addDays } from '../../../../kit/dates';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { eventually, execute, executeOk, memberActor, startTestSubgraph } from '../../../../kit/testing';
import { readWellnessConfig } from '../config';
import { startFakeDeviceApis, type FakeDeviceApis } from '../fakes/device-apis.fake';
import type { WellnessLoaders } from '../loaders';
import { createWellnessServices, type WellnessServices } from '../services';
import { wellnessSubgraph } from '../subgraph';
import { TokenCipher } from './token-cipher';
import { appleStepsPayload, clockAt, fakeSourceEnv, newMemberId } from '../testing';

let fake: FakeDeviceApis;
let wellness: SubgraphRuntime<WellnessServices, WellnessLoaders>;
beforeAll(async () => {
  fake = await startFakeDeviceApis();
  Object.assign(process.env, fakeSourceEnv(fake));
  wellness = await startTestSubgraph(wellnessSubgraph);
});
afterAll(async () => {
  await wellness.stop();
  await fake.close();
});

const today = () => new Date().toISOString().slice(0, 10);
const CONNECT = `mutation($m: ID!, $p: DeviceProvider!) { connectDevice(memberId: $m, provider: $p) { authorisationUrl connection { id status } } }`;
const COMPLETE = `mutation($m: ID!, $s: String!, $c: String!) { completeDeviceConnection(memberId: $m, state: $s, code: $c) { id status connectedAt } }`;
const SYNC = `mutation($id: ID!) { syncDeviceConnection(id: $id) { inserted updated unchanged rejected } }`;

/** A member who connected `provider` through the whole OAuth dance, as the fake user `userId`. */
async function connected(memberId: string, provider: 'FITBIT' | 'GOOGLE_FIT', userId: string): Promise<string> {
  const member = memberActor(memberId);
  const { connectDevice } = await executeOk(wellness, CONNECT, { m: memberId, p: provider }, member);
  expect(connectDevice.connection.status).toBe('PENDING_AUTHORISATION');
  const { code, state } = fake.approve(connectDevice.authorisationUrl, userId);
  const { completeDeviceConnection } = await executeOk(wellness, COMPLETE, { m: memberId, s: state, c: code }, member);
  expect(completeDeviceConnection.status).toBe('CONNECTED');
  return completeDeviceConnection.id;
}

async function stepsOf(memberId: string): Promise<{ day: string; value: string; source: string }[]> {
  return wellness.dataSource.query(`SELECT day::text, value::text, source FROM health_metrics WHERE member_id = $1 AND metric = 'STEPS' ORDER BY day`, [memberId]);
}

describe('device connections', () => {
  it('connects Fitbit by OAuth with PKCE, stores the tokens encrypted, and syncs readings', async () => {
    const memberId = newMemberId();
    const userId = `fitbit-${memberId}`;
    fake.record(userId, addDays(today(), -1), { steps: 9000, restingHeartRate: 60, sleepMinutes: 400 });
    fake.record(userId, today(), { steps: 1200 });
    const id = await connected(memberId, 'FITBIT', userId);

    const [stored] = await wellness.dataSource.query(`SELECT access_token_enc, refresh_token_enc, oauth_state, code_verifier FROM device_connections WHERE id = $1`, [id]);
    expect(stored.refresh_token_enc).toMatch(/^v1\./);
    expect(stored.refresh_token_enc).not.toContain('fitbit-rt-');
    expect(stored.access_token_enc).not.toContain('fitbit-at-');
    expect(stored.oauth_state).toBeNull();
    expect(stored.code_verifier).toBeNull();

    const { syncDeviceConnection } = await executeOk(wellness, SYNC, { id }, memberActor(memberId));
    expect(syncDeviceConnection).toEqual({ inserted: 4, updated: 0, unchanged: 0, rejected: 0 });
    expect(await stepsOf(memberId)).toEqual([
      { day: addDays(today(), -1), value: '9000.00', source: 'FITBIT' },
      { day: today(), value: '1200.00', source: 'FITBIT' },
    ]);
  });

  it('never doubles a day on re-sync: the same readings change nothing, a grown day is replaced', async () => {
    const memberId = newMemberId();
    const userId = `google-${memberId}`;
    fake.record(userId, addDays(today(), -2), { steps: 7000 });
    fake.record(userId, today(), { steps: 2000 });
    const id = await connected(memberId, 'GOOGLE_FIT', userId);
    const member = memberActor(memberId);
    expect((await executeOk(wellness, SYNC, { id }, member)).syncDeviceConnection).toEqual({ inserted: 2, updated: 0, unchanged: 0, rejected: 0 });

    // Re-syncing (twice, at once) from the cursor sees today's steps again: no new row, no sum.
    await Promise.all([executeOk(wellness, SYNC, { id }, member), executeOk(wellness, SYNC, { id }, member)]);
    expect(await stepsOf(memberId)).toEqual([
      { day: addDays(today(), -2), value: '7000.00', source: 'GOOGLE_FIT' },
      { day: today(), value: '2000.00', source: 'GOOGLE_FIT' },
    ]);

    fake.record(userId, today(), { steps: 5500 });
    expect((await executeOk(wellness, SYNC, { id }, member)).syncDeviceConnection).toEqual({ inserted: 0, updated: 1, unchanged: 0, rejected: 0 });
    expect((await stepsOf(memberId)).map((r) => r.value)).toEqual(['7000.00', '5500.00']);
  });

  it('refuses a callback whose state was not issued to this member, and a state used twice', async () => {
    const memberId = newMemberId();
    const member = memberActor(memberId);
    const { connectDevice } = await executeOk(wellness, CONNECT, { m: memberId, p: 'FITBIT' }, member);
    const { code, state } = fake.approve(connectDevice.authorisationUrl, `fitbit-${memberId}`);

    const forged = await execute(wellness, COMPLETE, { m: memberId, s: 'forged-state', c: code }, member);
    expect(forged.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'state', rule: 'STATE_MATCHES' });
    // Another member replaying the first member's state gets nothing either.
    const intruder = newMemberId();
    const stolen = await execute(wellness, COMPLETE, { m: intruder, s: state, c: code }, memberActor(intruder));
    expect(stolen.errors?.[0].extensions).toMatchObject({ rule: 'STATE_MATCHES' });

    await executeOk(wellness, COMPLETE, { m: memberId, s: state, c: code }, member);
    const replay = await execute(wellness, COMPLETE, { m: memberId, s: state, c: code }, member);
    expect(replay.errors?.[0].extensions).toMatchObject({ field: 'state', rule: 'STATE_MATCHES' });
  });

  it('refuses a state older than its time to live', async () => {
    const memberId = newMemberId();
    const { connectDevice } = await executeOk(wellness, CONNECT, { m: memberId, p: 'GOOGLE_FIT' }, memberActor(memberId));
    const { code, state } = fake.approve(connectDevice.authorisationUrl, `google-${memberId}`);
    const later = createWellnessServices(wellness.dataSource, readWellnessConfig(), clockAt(new Date(Date.now() + 16 * 60_000)), wellness.logger);
    await expect(later.connections.complete(memberId, state, code)).rejects.toMatchObject({ extensions: { rule: 'STATE_FRESH' } });
  });

  it('refreshes an expired access token during a sync, and marks the connection EXPIRED when the refresh is refused', async () => {
    const memberId = newMemberId();
    const userId = `fitbit-${memberId}`;
    fake.record(userId, today(), { steps: 3000 });
    const id = await connected(memberId, 'FITBIT', userId);
    const [before] = await wellness.dataSource.query(`SELECT refresh_token_enc FROM device_connections WHERE id = $1`, [id]);
    fake.expireAccessTokens();
    await executeOk(wellness, SYNC, { id }, memberActor(memberId));
    const [after] = await wellness.dataSource.query(`SELECT refresh_token_enc FROM device_connections WHERE id = $1`, [id]);
    expect(after.refresh_token_enc).not.toBe(before.refresh_token_enc);

    // The member withdraws access at Fitbit: every token we hold stops working.
    const { refresh_token_enc } = after;
    const refreshToken = new TokenCipher(readWellnessConfig().tokenKey).decrypt(refresh_token_enc);
    await fetch(`${fake.url}/oauth2/revoke`, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from(`${fake.fitbit.clientId}:${fake.fitbit.clientSecret}`).toString('base64')}` }, body: new URLSearchParams({ token: refreshToken }) });
    fake.expireAccessTokens();
    const result = await execute(wellness, SYNC, { id }, memberActor(memberId));
    expect(result.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    const { deviceConnections } = await executeOk(wellness, `query($m: ID!) { deviceConnections(memberId: $m) { id status } }`, { m: memberId }, memberActor(memberId));
    expect(deviceConnections).toEqual([{ id, status: 'EXPIRED' }]);
  });

  it('disconnects: revoked at the provider, tokens wiped, and connectable again', async () => {
    const memberId = newMemberId();
    const id = await connected(memberId, 'GOOGLE_FIT', `google-${memberId}`);
    const revokedBefore = fake.revoked.size;
    const { disconnectDevice } = await executeOk(wellness, `mutation($id: ID!) { disconnectDevice(id: $id) { status revokedAt } }`, { id }, memberActor(memberId));
    expect(disconnectDevice.status).toBe('REVOKED');
    expect(fake.revoked.size).toBe(revokedBefore + 1);
    const [row] = await wellness.dataSource.query(`SELECT access_token_enc, refresh_token_enc FROM device_connections WHERE id = $1`, [id]);
    expect(row).toEqual({ access_token_enc: null, refresh_token_enc: null });
    await connected(memberId, 'GOOGLE_FIT', `google-${memberId}`);
  });

  it('refuses a second live connection to the same provider', async () => {
    const memberId = newMemberId();
    await connected(memberId, 'FITBIT', `fitbit-${memberId}`);
    const again = await execute(wellness, CONNECT, { m: memberId, p: 'FITBIT' }, memberActor(memberId));
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'ONE_CONNECTION' });
  });

  it('accepts Apple Health uploads idempotently, and refuses a bad one whole', async () => {
    const memberId = newMemberId();
    const member = memberActor(memberId);
    const { connectDevice } = await executeOk(wellness, CONNECT, { m: memberId, p: 'APPLE_HEALTH' }, member);
    expect(connectDevice).toMatchObject({ authorisationUrl: null, connection: { status: 'CONNECTED' } });
    const UPLOAD = `mutation($id: ID!, $p: JSONObject!) { uploadAppleHealthData(connectionId: $id, payload: $p) { inserted updated unchanged } }`;
    const payload = appleStepsPayload([{ day: addDays(today(), -1), steps: 6000 }, { day: today(), steps: 4000 }]);
    expect((await executeOk(wellness, UPLOAD, { id: connectDevice.connection.id, p: payload }, member)).uploadAppleHealthData).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect((await executeOk(wellness, UPLOAD, { id: connectDevice.connection.id, p: payload }, member)).uploadAppleHealthData).toEqual({ inserted: 0, updated: 0, unchanged: 2 });

    const bad = { samples: [...payload.samples, { type: 'HKQuantityTypeIdentifierStepCount', value: 12, unit: 'kg', startDate: `${today()}T09:00:00Z` }] };
    const refused = await execute(wellness, UPLOAD, { id: connectDevice.connection.id, p: bad }, member);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'samples[2].unit', rule: 'METRIC_UNIT' });
    expect(await stepsOf(memberId)).toHaveLength(2);
  });

  it('lets a member manage only their own connections', async () => {
    const memberId = newMemberId();
    const dependant = newMemberId();
    const family = memberActor(memberId, [memberId, dependant]);
    const forOther = await execute(wellness, CONNECT, { m: newMemberId(), p: 'FITBIT' }, memberActor(memberId));
    expect(forOther.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const forDependant = await execute(wellness, CONNECT, { m: dependant, p: 'FITBIT' }, family);
    expect(forDependant.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const id = await connected(memberId, 'FITBIT', `fitbit-${memberId}`);
    const stranger = newMemberId();
    const disconnect = await execute(wellness, `mutation($id: ID!) { disconnectDevice(id: $id) { status } }`, { id }, memberActor(stranger));
    expect(disconnect.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

/**
 * Runs `work` while another transaction disconnects the connection: the disconnect holds the row
 * until `work` is seen waiting on a lock, then commits.
 */
async function whileDisconnecting<T>(connectionId: string, work: () => Promise<T>): Promise<PromiseSettledResult<T>> {
  const runner = wellness.dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await runner.query(`UPDATE device_connections SET status = 'REVOKED', revoked_at = now(), access_token_enc = NULL, refresh_token_enc = NULL WHERE id = $1`, [connectionId]);
    const running = Promise.allSettled([work()]).then(([settled]) => settled);
    await eventually(async () => {
      const [waiting] = await wellness.dataSource.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%device_connections%'`,
      );
      expect(waiting.n).toBeGreaterThan(0);
    });
    await runner.commitTransaction();
    return await running;
  } finally {
    await runner.release();
  }
}

describe('connections changing under a sync', () => {
  it('stores nothing from a sync when the member disconnected while the readings were fetched', async () => {
    const memberId = newMemberId();
    const userId = `fitbit-${memberId}`;
    fake.record(userId, today(), { steps: 5000 });
    const id = await connected(memberId, 'FITBIT', userId);
    const outcome = await whileDisconnecting(id, () => wellness.services.connections.sync(id));
    expect(outcome).toMatchObject({ status: 'rejected', reason: { extensions: { code: 'INVALID_TRANSITION' } } });
    expect(await stepsOf(memberId)).toEqual([]);
  });

  it('stores nothing from an Apple Health upload when the member disconnected meanwhile', async () => {
    const memberId = newMemberId();
    const { connectDevice } = await executeOk(wellness, CONNECT, { m: memberId, p: 'APPLE_HEALTH' }, memberActor(memberId));
    const id = connectDevice.connection.id;
    const outcome = await whileDisconnecting(id, () => wellness.services.connections.upload(id, appleStepsPayload([{ day: today(), steps: 4000 }])));
    expect(outcome).toMatchObject({ status: 'rejected', reason: { extensions: { code: 'INVALID_TRANSITION' } } });
    expect(await stepsOf(memberId)).toEqual([]);
  });

  it('refreshes Fitbit tokens once when two syncs find the access token refused together', async () => {
    const memberId = newMemberId();
    const userId = `fitbit-${memberId}`;
    fake.record(userId, today(), { steps: 3000 });
    const id = await connected(memberId, 'FITBIT', userId);
    fake.expireAccessTokens();
    const refreshesBefore = fake.calls.filter((call) => call === 'POST /oauth2/token').length;
    // Fitbit rotates refresh tokens: a second refresh with the same one would be refused and the connection lost.
    const results = await Promise.allSettled([wellness.services.connections.sync(id), wellness.services.connections.sync(id)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(fake.calls.filter((call) => call === 'POST /oauth2/token').length - refreshesBefore).toBe(1);
    const [row] = await wellness.dataSource.query(`SELECT status FROM device_connections WHERE id = $1`, [id]);
    expect(row.status).toBe('CONNECTED');
  });
});

describe('an unconfigured provider', () => {
  it('is disabled with a clear error', async () => {
    const services = createWellnessServices(wellness.dataSource, readWellnessConfig({}), undefined, wellness.logger);
    await expect(services.connections.start(newMemberId(), 'GOOGLE_FIT' as never)).rejects.toMatchObject({ message: expect.stringMatching(/GOOGLE_FIT is not enabled/), extensions: { rule: 'PROVIDER_ENABLED' } });
  });
});
