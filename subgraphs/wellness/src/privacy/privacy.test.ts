import { randomUUID } from 'node:crypto';
import { InProcessEventBus } from '../../../../kit/events/bus';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { eventually, executeOk, memberActor, startTestSubgraph, useOwnTestDatabases } from '../../../../kit/testing';
import { startFakeDeviceApis, type FakeDeviceApis } from '../fakes/device-apis.fake';
import type { WellnessLoaders } from '../loaders';
import type { WellnessServices } from '../services';
import { wellnessSubgraph } from '../subgraph';
import { appleStepsPayload, fakeSourceEnv, newMemberId } from '../testing';
import { MEMBER_ERASED } from './member-erased.subscription';

// Its runtimes relay their outboxes: this file has databases of its own.
useOwnTestDatabases();

let fake: FakeDeviceApis;
let bus: InProcessEventBus;
let wellness: SubgraphRuntime<WellnessServices, WellnessLoaders>;
beforeAll(async () => {
  fake = await startFakeDeviceApis();
  Object.assign(process.env, fakeSourceEnv(fake));
  bus = new InProcessEventBus();
  wellness = await startTestSubgraph(wellnessSubgraph, { bus });
});
afterAll(async () => {
  await wellness.stop();
  await fake.close();
});

const today = () => new Date().toISOString().slice(0, 10);

describe('members.member.erased', () => {
  it("deletes the member's readings and revokes every connection (at the provider too), once however often it arrives", async () => {
    const memberId = newMemberId();
    const bystander = newMemberId();
    const member = memberActor(memberId);
    for (const who of [memberId, bystander]) {
      const { connectDevice } = await executeOk(wellness, `mutation($m: ID!) { connectDevice(memberId: $m, provider: APPLE_HEALTH) { connection { id } } }`, { m: who }, memberActor(who));
      await executeOk(wellness, `mutation($id: ID!, $p: JSONObject!) { uploadAppleHealthData(connectionId: $id, payload: $p) { inserted } }`, { id: connectDevice.connection.id, p: appleStepsPayload([{ day: today(), steps: 4321 }]) }, memberActor(who));
    }
    const { connectDevice } = await executeOk(wellness, `mutation($m: ID!) { connectDevice(memberId: $m, provider: FITBIT) { authorisationUrl } }`, { m: memberId }, member);
    const { code, state } = fake.approve(connectDevice.authorisationUrl, `fitbit-${memberId}`);
    await executeOk(wellness, `mutation($m: ID!, $s: String!, $c: String!) { completeDeviceConnection(memberId: $m, state: $s, code: $c) { id } }`, { m: memberId, s: state, c: code }, member);
    const revokedBefore = fake.revoked.size;

    const event = { id: randomUUID(), type: MEMBER_ERASED, source: 'members', aggregateId: memberId, occurredAt: new Date().toISOString(), payload: { memberId } };
    await bus.publish(event);
    await bus.publish(event);

    await eventually(async () => {
      const connections = await wellness.dataSource.query(`SELECT status, access_token_enc, refresh_token_enc FROM device_connections WHERE member_id = $1`, [memberId]);
      expect(connections).toEqual([
        { status: 'REVOKED', access_token_enc: null, refresh_token_enc: null },
        { status: 'REVOKED', access_token_enc: null, refresh_token_enc: null },
      ]);
    });
    expect(await wellness.dataSource.query(`SELECT id FROM health_metrics WHERE member_id = $1`, [memberId])).toEqual([]);
    expect(fake.revoked.size).toBe(revokedBefore + 1);
    expect(await wellness.dataSource.query(`SELECT value::text FROM health_metrics WHERE member_id = $1`, [bystander])).toEqual([{ value: '4321.00' }]);
  });

  it('also removes readings an ingest was storing when the erasure arrived', async () => {
    const memberId = newMemberId();
    const { connectDevice } = await executeOk(wellness, `mutation($m: ID!) { connectDevice(memberId: $m, provider: APPLE_HEALTH) { connection { id } } }`, { m: memberId }, memberActor(memberId));
    // An upload in flight: it holds the connection's lock and has written a reading, not yet committed.
    const ingest = wellness.dataSource.createQueryRunner();
    await ingest.connect();
    try {
      await ingest.startTransaction();
      await ingest.query(`SELECT status FROM device_connections WHERE id = $1 FOR UPDATE`, [connectDevice.connection.id]);
      await ingest.query(`INSERT INTO health_metrics (member_id, metric, source, measured_at, day, value, unit) VALUES ($1, 'STEPS', 'APPLE_HEALTH', now(), current_date, 1000, 'count')`, [memberId]);
      const erased = bus.publish({ id: randomUUID(), type: MEMBER_ERASED, source: 'members', aggregateId: memberId, occurredAt: new Date().toISOString(), payload: { memberId } });
      await eventually(async () => {
        const [waiting] = await wellness.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%device_connections%'`);
        expect(waiting.n).toBeGreaterThan(0);
      });
      await ingest.commitTransaction();
      await erased;
    } finally {
      await ingest.release();
    }
    expect(await wellness.dataSource.query(`SELECT id FROM health_metrics WHERE member_id = $1`, [memberId])).toEqual([]);
  });
});
