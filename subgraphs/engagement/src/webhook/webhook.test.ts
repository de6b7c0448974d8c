import { randomUUID } from 'node:crypto';
import { databaseUrlOn } from '../../../../kit/config';
import { recreateDatabase } from '../../../../kit/database';
import { createLogger } from '../../../../kit/logger';
import { createSubgraphRuntime, type SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, memberActor, staffActor } from '../../../../kit/testing';
import type { EngagementLoaders } from '../loaders';
import type { EngagementServices } from '../services';
import { createEngagementSubgraph } from '../subgraph';
import { deliverEvent, TestClock, testEngagementConfig, testEvent } from '../testing';
import { FakeReceiver } from './fakes';

type Runtime = SubgraphRuntime<EngagementServices, EngagementLoaders>;

const ADMIN = staffActor('admin-1');
const START = new Date('2026-03-10T10:00:00+03:00');

let runtime: Runtime;
let clock: TestClock;
const receivers: FakeReceiver[] = [];

beforeAll(async () => {
  clock = new TestClock(START);
  // Every endpoint hears every event of its types: a database of its own keeps other files' events away.
  const url = databaseUrlOn(process.env.TEST_POSTGRES_URL!, 'mcs_test_engagement_webhooks');
  await recreateDatabase(url);
  runtime = await createSubgraphRuntime(createEngagementSubgraph({ config: testEngagementConfig({ webhookDisableAfterFailures: 3, webhookMaxAttempts: 5, retryBaseSeconds: 10 }), clock }), {
    databaseUrl: url,
    logger: createLogger({ service: 'engagement', test: true }),
    poolSize: 5,
  });
});

afterAll(async () => {
  await runtime?.stop();
  await Promise.all(receivers.map((r) => r.close()));
});

/** A receiver with its endpoint registered for the given event types. */
async function registeredReceiver(eventTypes = ['claims.claim.decided']): Promise<{ receiver: FakeReceiver; endpointId: string }> {
  const receiver = await new FakeReceiver(() => clock.now().getTime()).start();
  receivers.push(receiver);
  const { registerWebhookEndpoint } = await executeOk(
    runtime,
    `mutation($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { secret endpoint { id enabled eventTypes } } }`,
    { input: { url: receiver.url, eventTypes, description: 'a test receiver' } },
    ADMIN,
  );
  receiver.secret = registerWebhookEndpoint.secret;
  return { receiver, endpointId: registerWebhookEndpoint.endpoint.id };
}

const claimEvent = () => testEvent('claims.claim.decided', randomUUID(), { claimId: randomUUID(), claimNumber: 'CLM-1', memberId: randomUUID(), decision: 'DENIED', currency: 'KES', payableMinor: 0, memberResponsibilityMinor: 0 });

async function deliveriesOf(endpointId: string) {
  const { webhookDeliveries } = await executeOk(
    runtime,
    `query($id: ID!) { webhookDeliveries(endpointId: $id) { id eventId status attempts replays lastStatusCode deliveryAttempts { attempt statusCode } } }`,
    { id: endpointId },
    ADMIN,
  );
  return webhookDeliveries as { id: string; eventId: string; status: string; attempts: number; replays: number; lastStatusCode: number | null; deliveryAttempts: { attempt: number; statusCode: number }[] }[];
}

async function endpoint(id: string) {
  const { webhookEndpoints } = await executeOk(runtime, `query { webhookEndpoints { id enabled consecutiveFailures disabledReason } }`, {}, ADMIN);
  return webhookEndpoints.find((e: { id: string }) => e.id === id);
}

beforeEach(async () => {
  clock.current = START;
  // Endpoints of earlier tests subscribe to the same event types: each test starts with only its own live.
  await runtime.dataSource.query(`UPDATE webhook_endpoints SET enabled = false WHERE enabled`);
});

describe('webhook deliveries', () => {
  it('signs each delivery so the receiver verifies it, once per endpoint and event', async () => {
    const { receiver, endpointId } = await registeredReceiver();
    const other = await registeredReceiver(['finance.invoice.overdue']);
    const event = claimEvent();
    await deliverEvent(runtime, event);
    // The same event again, past the inbox: still one delivery per endpoint.
    await runtime.dataSource.transaction((manager) => runtime.services.webhooks.fanOut(manager, event));
    await runtime.services.webhooks.deliverDue();

    expect(receiver.refused).toBe(0);
    expect(receiver.verified).toHaveLength(1);
    expect(JSON.parse(receiver.verified[0])).toMatchObject({ id: event.id, type: 'claims.claim.decided', data: { claimNumber: 'CLM-1' } });
    expect(other.receiver.verified).toHaveLength(0);
    const [delivery] = await deliveriesOf(endpointId);
    expect(delivery).toMatchObject({ eventId: event.id, status: 'DELIVERED', attempts: 1, lastStatusCode: 200 });
  });

  it('is refused by a receiver holding another secret (the signature really is checked)', async () => {
    const { receiver, endpointId } = await registeredReceiver();
    receiver.secret = 'whsec_not_the_right_one';
    await deliverEvent(runtime, claimEvent());
    await runtime.services.webhooks.deliverDue();
    expect(receiver.refused).toBe(1);
    expect((await deliveriesOf(endpointId))[0]).toMatchObject({ status: 'PENDING', lastStatusCode: 401 });
  });

  it('retries with exponential backoff until the receiver takes it', async () => {
    const { receiver, endpointId } = await registeredReceiver();
    receiver.failNext(2, 503);
    await deliverEvent(runtime, claimEvent());
    await runtime.services.webhooks.deliverDue();
    clock.advanceSeconds(9);
    await runtime.services.webhooks.deliverDue();
    expect((await deliveriesOf(endpointId))[0].attempts).toBe(1);
    clock.advanceSeconds(1);
    await runtime.services.webhooks.deliverDue();
    expect((await deliveriesOf(endpointId))[0].attempts).toBe(2);
    clock.advanceSeconds(19);
    await runtime.services.webhooks.deliverDue();
    expect((await deliveriesOf(endpointId))[0].attempts).toBe(2);
    clock.advanceSeconds(1);
    await runtime.services.webhooks.deliverDue();
    const [delivery] = await deliveriesOf(endpointId);
    expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 3 });
    expect(delivery.deliveryAttempts.map((a) => a.statusCode)).toEqual([503, 503, 200]);
    expect((await endpoint(endpointId)).consecutiveFailures).toBe(0);
  });

  it('disables an endpoint after 3 consecutive failures and holds its deliveries', async () => {
    const { receiver, endpointId } = await registeredReceiver();
    receiver.failAlways = 500;
    await deliverEvent(runtime, claimEvent());
    await deliverEvent(runtime, claimEvent());
    await runtime.services.webhooks.deliverDue();
    expect((await endpoint(endpointId)).enabled).toBe(true);
    clock.advanceSeconds(3_600);
    await runtime.services.webhooks.deliverDue();
    const disabled = await endpoint(endpointId);
    expect(disabled).toMatchObject({ enabled: false, consecutiveFailures: 3 });
    expect(disabled.disabledReason).toMatch(/3 consecutive failed deliveries/);

    // Nothing goes to a disabled endpoint, and new events are not queued for it.
    receiver.failAlways = null;
    await deliverEvent(runtime, claimEvent());
    clock.advanceSeconds(3_600);
    await runtime.services.webhooks.deliverDue();
    expect(receiver.verified).toHaveLength(0);
    expect(await deliveriesOf(endpointId)).toHaveLength(2);

    // Enabled again, the held deliveries go.
    await executeOk(runtime, `mutation($id: ID!) { setWebhookEndpointEnabled(id: $id, enabled: true) { enabled } }`, { id: endpointId }, ADMIN);
    await runtime.services.webhooks.deliverDue();
    expect(receiver.verified).toHaveLength(2);
  });

  it('replays a delivered delivery with the same event id', async () => {
    const { receiver, endpointId } = await registeredReceiver();
    await deliverEvent(runtime, claimEvent());
    await runtime.services.webhooks.deliverDue();
    const [delivery] = await deliveriesOf(endpointId);

    const { replayWebhookDelivery } = await executeOk(runtime, `mutation($id: ID!) { replayWebhookDelivery(deliveryId: $id) { status replays } }`, { id: delivery.id }, ADMIN);
    expect(replayWebhookDelivery).toEqual({ status: 'PENDING', replays: 1 });
    await runtime.services.webhooks.deliverDue();
    expect(receiver.verified).toHaveLength(2);
    expect(JSON.parse(receiver.verified[1]).id).toBe(delivery.eventId);
    expect((await deliveriesOf(endpointId))[0]).toMatchObject({ status: 'DELIVERED', replays: 1 });
  });

  it('refuses to replay to a disabled endpoint', async () => {
    const { endpointId } = await registeredReceiver();
    await deliverEvent(runtime, claimEvent());
    await executeOk(runtime, `mutation($id: ID!) { setWebhookEndpointEnabled(id: $id, enabled: false) { enabled } }`, { id: endpointId }, ADMIN);
    const [delivery] = await deliveriesOf(endpointId);
    const result = await execute(runtime, `mutation($id: ID!) { replayWebhookDelivery(deliveryId: $id) { id } }`, { id: delivery.id }, ADMIN);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'ENDPOINT_ENABLED' });
  });
});

describe('webhook senders side by side', () => {
  it('never sends one delivery twice when several instances run the job at once', async () => {
    const { receiver, endpointId } = await registeredReceiver();
    for (let i = 0; i < 12; i += 1) await deliverEvent(runtime, claimEvent());
    await Promise.all([1, 2, 3, 4].map(() => runtime.services.webhooks.deliverDue(3)));
    await runtime.services.webhooks.deliverDue();
    expect(receiver.verified).toHaveLength(12);
    expect(new Set(receiver.verified.map((body) => JSON.parse(body).id)).size).toBe(12);
    expect((await deliveriesOf(endpointId)).every((d) => d.attempts === 1)).toBe(true);
  });

  it('claims each delivery just before sending it, so a slow receiver cannot let another instance send the rest too', async () => {
    const { receiver, endpointId } = await registeredReceiver();
    for (let i = 0; i < 3; i += 1) await deliverEvent(runtime, claimEvent());
    // Each post takes two minutes, so the third ends after a five-minute lease taken at the start;
    // meanwhile a second instance runs the job.
    let posts = 0;
    receiver.whileReceiving = async () => {
      posts += 1;
      if (posts > 3) return;
      clock.advanceSeconds(2 * 60);
      if (posts === 3) await runtime.services.webhooks.deliverDue();
    };
    await runtime.services.webhooks.deliverDue();
    expect(receiver.verified).toHaveLength(3);
    expect(receiver.refused).toBe(0);
    expect(new Set(receiver.verified.map((body) => JSON.parse(body).id)).size).toBe(3);
    expect((await deliveriesOf(endpointId)).map((d) => [d.status, d.attempts])).toEqual([['DELIVERED', 1], ['DELIVERED', 1], ['DELIVERED', 1]]);
  });

  it('refuses to replay a delivery while it is being sent', async () => {
    const { receiver, endpointId } = await registeredReceiver();
    await deliverEvent(runtime, claimEvent());
    const [delivery] = await deliveriesOf(endpointId);
    let replayed: Awaited<ReturnType<typeof execute>> | undefined;
    receiver.whileReceiving = async () => {
      receiver.whileReceiving = null;
      replayed = await execute(runtime, `mutation($id: ID!) { replayWebhookDelivery(deliveryId: $id) { id } }`, { id: delivery.id }, ADMIN);
    };
    await runtime.services.webhooks.deliverDue();
    expect(replayed?.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'NOT_IN_FLIGHT' });
    expect((await deliveriesOf(endpointId))[0]).toMatchObject({ status: 'DELIVERED', attempts: 1, replays: 0 });
  });
});

describe('webhook registration', () => {
  it('refuses plain http to another host and unknown event types, naming the field', async () => {
    const result = await execute(
      runtime,
      `mutation { registerWebhookEndpoint(input: { url: "http://hooks.example.com/x", eventTypes: ["claims.claim.decided"] }) { secret } }`,
      {},
      ADMIN,
    );
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url', rule: 'HTTPS' });
  });

  it('shows the secret only on registration', async () => {
    const { endpointId } = await registeredReceiver();
    const [row] = await runtime.dataSource.query(`SELECT secret FROM webhook_endpoints WHERE id = $1`, [endpointId]);
    expect(row.secret).toMatch(/^whsec_/);
    const result = await execute(runtime, `query { webhookEndpoints { id secret } }`, {}, ADMIN);
    expect(result.errors?.[0].message).toMatch(/Cannot query field "secret"/);
  });

  it('is for administrators only', async () => {
    for (const actor of [staffActor('claims-1', 'CLAIMS_OFFICER'), memberActor(randomUUID())]) {
      const result = await execute(runtime, `query { webhookEndpoints { id } }`, {}, actor);
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });
});
