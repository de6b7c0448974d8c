import { randomUUID } from 'node:crypto';
import { databaseUrlOn } from '../../../../kit/config';
import { recreateDatabase } from '../../../../kit/database';
import { InProcessEventBus } from '../../../../kit/events/bus';
import { createLogger } from '../../../../kit/logger';
import { createSubgraphRuntime } from '../../../../kit/subgraph';
import { eventually, execute, executeOk, memberActor, staffActor, useOwnTestDatabases } from '../../../../kit/testing';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { startTestSubgraph } from '../../../../kit/testing';
import type { EngagementLoaders } from '../loaders';
import type { EngagementServices } from '../services';
import { createEngagementSubgraph } from '../subgraph';
import { createTestFamily, deliverEvent, TestClock, testEngagementConfig, testEvent } from '../testing';
import { ChannelError, type ChannelAdapter, type OutgoingMessage } from './channels/channel';
import { startFakeAfricasTalking, startFakeFcm, startFakeSendGrid } from './fakes/providers.fake';
import { NotificationChannel } from './notification.types';
import type { RunningFake } from '../../../../kit/fake-server';

// Its runtimes relay their outboxes: this file has databases of its own.
useOwnTestDatabases();

/** 10:00 in Nairobi: outside quiet hours. */
const DAYTIME = new Date('2026-03-10T10:00:00+03:00');
/** 22:30 in Nairobi: inside quiet hours. */
const NIGHT = new Date('2026-03-10T22:30:00+03:00');

type Runtime = SubgraphRuntime<EngagementServices, EngagementLoaders>;

let runtime: Runtime;
let clock: TestClock;
let providers: ReturnType<typeof testEngagementConfig>;
let sendgrid: RunningFake & { failNext(n: number, status?: number): void };
let africasTalking: RunningFake & { failNext(n: number, status?: number): void };
let fcm: RunningFake & { failNext(n: number, status?: number): void };

const ADMIN = staffActor('admin-1');

interface NotificationRow {
  id: string;
  channel: string;
  status: string;
  skip_reason: string | null;
  recipient: string | null;
  next_attempt_at: Date | null;
  attempts: number;
  provider_message_id: string | null;
  body: string | null;
  html_body: string | null;
}

function notificationsOf(memberId: string, sourceEventId?: string, on: Runtime = runtime): Promise<NotificationRow[]> {
  return on.dataSource.query(
    `SELECT id, channel, status, skip_reason, recipient, next_attempt_at, attempts, provider_message_id, body, html_body FROM notifications
     WHERE member_id = $1 AND ($2::uuid IS NULL OR source_event_id = $2) ORDER BY channel`,
    [memberId, sourceEventId ?? null],
  );
}

const byChannel = (rows: NotificationRow[]) => Object.fromEntries(rows.map((r) => [r.channel, r]));

function claimDecided(memberId: string, overrides: Record<string, unknown> = {}) {
  return testEvent('claims.claim.decided', randomUUID(), {
    claimId: randomUUID(),
    claimNumber: `CLM-${Math.floor(Math.random() * 1e6)}`,
    memberId,
    providerId: randomUUID(),
    serviceDate: '2026-03-01',
    decision: 'APPROVED',
    currency: 'KES',
    payableMinor: 1_250_050,
    memberResponsibilityMinor: 0,
    decidedAt: '2026-03-10T07:00:00Z',
    lines: [],
    ...overrides,
  });
}

beforeAll(async () => {
  [sendgrid, africasTalking, fcm] = await Promise.all([startFakeSendGrid('SG.test'), startFakeAfricasTalking('mcs', 'at-test'), startFakeFcm('mcs-app', 'ya29.test')]);
  clock = new TestClock(DAYTIME);
  const config = (providers = testEngagementConfig({
    email: { baseUrl: sendgrid.url, apiKey: 'SG.test', fromEmail: 'care@mcs.example', fromName: 'MCS' },
    sms: { baseUrl: africasTalking.url, username: 'mcs', apiKey: 'at-test' },
    push: { baseUrl: fcm.url, projectId: 'mcs-app', accessToken: 'ya29.test' },
  }));
  runtime = await startTestSubgraph(createEngagementSubgraph({ config, clock }));
  for (const channel of ['EMAIL', 'SMS', 'PUSH']) {
    await executeOk(
      runtime,
      `mutation($input: NotificationTemplateInput!) { upsertNotificationTemplate(input: $input) { id } }`,
      { input: { event: 'CLAIM_DECIDED', channel, subject: 'Claim {{claimNumber}}', body: 'Your claim {{claimNumber}} was {{decision}}: {{payableAmount}} payable.' } },
      ADMIN,
    );
  }
});

afterAll(async () => {
  await runtime?.stop();
  await Promise.all([sendgrid?.close(), africasTalking?.close(), fcm?.close()]);
});

beforeEach(() => {
  clock.current = DAYTIME;
});

describe('notifications on a decided claim', () => {
  it('writes one per channel in the day and sends them all, logging the provider ids', async () => {
    const family = await createTestFamily(runtime);
    const event = claimDecided(family.principalId);
    await deliverEvent(runtime, event);

    const pending = byChannel(await notificationsOf(family.principalId, event.id));
    expect(Object.values(pending).map((n) => n.status)).toEqual(['PENDING', 'PENDING', 'PENDING']);
    expect(pending.EMAIL.recipient).toBe(family.email);
    expect(pending.SMS.recipient).toBe(family.phone);
    expect(pending.PUSH.recipient).toBe(`member_${family.principalId}`);
    expect(pending.SMS.body).toBe(`Your claim ${(event.payload as { claimNumber: string }).claimNumber} was approved: KES 12500.50 payable.`);

    await runtime.services.notifications.sendDue();
    const sent = byChannel(await notificationsOf(family.principalId, event.id));
    expect(Object.values(sent).map((n) => [n.status, n.attempts])).toEqual([['SENT', 1], ['SENT', 1], ['SENT', 1]]);
    expect(sent.EMAIL.provider_message_id).toMatch(/^sg-/);
    expect(sent.SMS.provider_message_id).toMatch(/^ATXid_/);
    expect(sent.PUSH.provider_message_id).toMatch(/^projects\/mcs-app\/messages\//);
    // The push topic is not private: what FCM was sent names no claim and no amount.
    const push = fcm.requests.map((r) => r.body).find((body) => body.includes(sent.PUSH.id));
    expect(push).toBeDefined();
    expect(push).not.toContain((event.payload as { claimNumber: string }).claimNumber);
    expect(push).not.toContain('12500.50');
  });

  it('holds SMS and push decided at 22:30 until 07:00, but sends the e-mail at once', async () => {
    const family = await createTestFamily(runtime);
    clock.current = NIGHT;
    const event = claimDecided(family.principalId);
    await deliverEvent(runtime, event);

    const rows = byChannel(await notificationsOf(family.principalId, event.id));
    const morning = new Date('2026-03-11T07:00:00+03:00');
    expect(rows.SMS.next_attempt_at).toEqual(morning);
    expect(rows.PUSH.next_attempt_at).toEqual(morning);
    expect(rows.EMAIL.next_attempt_at).toEqual(NIGHT);

    await runtime.services.notifications.sendDue();
    const night = byChannel(await notificationsOf(family.principalId, event.id));
    expect([night.EMAIL.status, night.SMS.status, night.PUSH.status]).toEqual(['SENT', 'PENDING', 'PENDING']);

    clock.current = new Date(morning.getTime() - 1000);
    await runtime.services.notifications.sendDue();
    expect(byChannel(await notificationsOf(family.principalId, event.id)).SMS.status).toBe('PENDING');

    clock.current = morning;
    await runtime.services.notifications.sendDue();
    const after = byChannel(await notificationsOf(family.principalId, event.id));
    expect([after.SMS.status, after.PUSH.status]).toEqual(['SENT', 'SENT']);
  });

  it("holds SMS and push for a member's own quiet hours instead of the default", async () => {
    const family = await createTestFamily(runtime);
    const other = await createTestFamily(runtime);
    const member = memberActor(family.principalId, [family.principalId, family.dependantId]);
    const SET = `mutation($m: ID!, $s: Int!, $e: Int!) { setNotificationQuietHours(memberId: $m, startMinute: $s, endMinute: $e) { memberId startMinute endMinute } }`;
    const bad = await execute(runtime, SET, { m: family.principalId, s: 13 * 60, e: 1440 }, member);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endMinute', rule: 'MINUTE_OF_DAY' });
    await executeOk(runtime, SET, { m: family.principalId, s: 13 * 60, e: 15 * 60 }, member);
    const { notificationQuietHours } = await executeOk(runtime, `query($m: ID!) { notificationQuietHours(memberId: $m) { startMinute endMinute } }`, { m: family.principalId }, member);
    expect(notificationQuietHours).toEqual({ startMinute: 780, endMinute: 900 });

    // 14:00 in Nairobi: inside this member's quiet hours, outside the default ones.
    clock.current = new Date('2026-03-10T14:00:00+03:00');
    const event = claimDecided(family.principalId);
    const otherEvent = claimDecided(other.principalId);
    await deliverEvent(runtime, event);
    await deliverEvent(runtime, otherEvent);
    const rows = byChannel(await notificationsOf(family.principalId, event.id));
    expect([rows.EMAIL.next_attempt_at, rows.SMS.next_attempt_at, rows.PUSH.next_attempt_at]).toEqual([clock.now(), new Date('2026-03-10T15:00:00+03:00'), new Date('2026-03-10T15:00:00+03:00')]);
    expect(byChannel(await notificationsOf(other.principalId, otherEvent.id)).SMS.next_attempt_at).toEqual(clock.now());
  });

  it('respects an opt-out: the channel is SKIPPED with the reason, the others go', async () => {
    const family = await createTestFamily(runtime);
    await executeOk(
      runtime,
      `mutation($m: ID!) { setNotificationPreference(memberId: $m, category: CLAIMS, channel: SMS, optedIn: false) { optedIn } }`,
      { m: family.principalId },
      memberActor(family.principalId, [family.principalId, family.dependantId]),
    );
    const event = claimDecided(family.principalId);
    await deliverEvent(runtime, event);
    const rows = byChannel(await notificationsOf(family.principalId, event.id));
    expect(rows.SMS).toMatchObject({ status: 'SKIPPED', skip_reason: 'member opted out of CLAIMS by SMS', recipient: null });
    expect(rows.EMAIL.status).toBe('PENDING');

    const { notificationPreferences } = await executeOk(runtime, `query($m: ID!) { notificationPreferences(memberId: $m) { category channel optedIn } }`, { m: family.principalId }, memberActor(family.principalId));
    expect(notificationPreferences).toContainEqual({ category: 'CLAIMS', channel: 'SMS', optedIn: false });
    expect(notificationPreferences).toContainEqual({ category: 'CLAIMS', channel: 'EMAIL', optedIn: true });
  });

  it("reaches a dependant without contact details through the principal's", async () => {
    const family = await createTestFamily(runtime);
    const event = claimDecided(family.dependantId);
    await deliverEvent(runtime, event);
    const rows = byChannel(await notificationsOf(family.dependantId, event.id));
    expect(rows.EMAIL.recipient).toBe(family.email);
    expect(rows.SMS.recipient).toBe(family.phone);
  });

  it('retries a failing provider with exponential backoff, then succeeds', async () => {
    const family = await createTestFamily(runtime);
    await executeOk(runtime, `mutation($m: ID!) { a: setNotificationPreference(memberId: $m, category: CLAIMS, channel: EMAIL, optedIn: false) { optedIn } b: setNotificationPreference(memberId: $m, category: CLAIMS, channel: PUSH, optedIn: false) { optedIn } }`, { m: family.principalId }, ADMIN);
    // Earlier tests' notifications go first, so the failures below meet this one.
    await runtime.services.notifications.sendDue();
    const event = claimDecided(family.principalId);
    await deliverEvent(runtime, event);
    africasTalking.failNext(2, 503);

    await runtime.services.notifications.sendDue();
    let sms = byChannel(await notificationsOf(family.principalId, event.id)).SMS;
    expect(sms).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(sms.next_attempt_at).toEqual(new Date(DAYTIME.getTime() + 30_000));

    // Not yet due: nothing is tried.
    clock.advanceSeconds(29);
    await runtime.services.notifications.sendDue();
    expect(byChannel(await notificationsOf(family.principalId, event.id)).SMS.attempts).toBe(1);

    clock.advanceSeconds(1);
    await runtime.services.notifications.sendDue();
    sms = byChannel(await notificationsOf(family.principalId, event.id)).SMS;
    expect(sms).toMatchObject({ status: 'PENDING', attempts: 2 });
    expect(sms.next_attempt_at).toEqual(new Date(DAYTIME.getTime() + 30_000 + 60_000));

    clock.advanceSeconds(60);
    await runtime.services.notifications.sendDue();
    sms = byChannel(await notificationsOf(family.principalId, event.id)).SMS;
    expect(sms).toMatchObject({ status: 'SENT', attempts: 3 });

    const { notifications } = await executeOk(
      runtime,
      `query($m: ID!) { notifications(memberId: $m) { channel status deliveryAttempts { attempt succeeded error } } }`,
      { m: family.principalId },
      memberActor(family.principalId),
    );
    const log = notifications.find((n: { channel: string }) => n.channel === 'SMS').deliveryAttempts;
    expect(log.map((a: { attempt: number; succeeded: boolean }) => [a.attempt, a.succeeded])).toEqual([[1, false], [2, false], [3, true]]);
    expect(log[0].error).toMatch(/HTTP 503/);
  });

  it('gives up after the configured attempts and leaves the notification FAILED', async () => {
    const family = await createTestFamily(runtime);
    await runtime.services.notifications.sendDue();
    const event = claimDecided(family.principalId);
    await deliverEvent(runtime, event);
    sendgrid.failNext(4, 500);
    for (let i = 0; i < 4; i += 1) {
      await runtime.services.notifications.sendDue();
      clock.advanceSeconds(3_600);
    }
    const email = byChannel(await notificationsOf(family.principalId, event.id)).EMAIL;
    expect(email).toMatchObject({ status: 'FAILED', attempts: 4, next_attempt_at: null });
  });

  it('sends nothing twice when an event is delivered again', async () => {
    const family = await createTestFamily(runtime);
    const event = claimDecided(family.principalId);
    expect(await deliverEvent(runtime, event)).toBe(true);
    expect(await deliverEvent(runtime, event)).toBe(false);
    // Even past the inbox (a replayed dead letter, a handler run twice), the unique key holds.
    await runtime.dataSource.transaction((manager) => runtime.services.notifications.request(manager, { sourceEventId: event.id, event: 'CLAIM_DECIDED' as never, memberId: family.principalId, variables: {} }));
    expect(await notificationsOf(family.principalId, event.id)).toHaveLength(3);
  });

  it('escapes HTML in e-mail values', async () => {
    const family = await createTestFamily(runtime);
    const event = claimDecided(family.principalId, { claimNumber: '<b>CLM-9</b>' });
    await deliverEvent(runtime, event);
    const email = byChannel(await notificationsOf(family.principalId, event.id)).EMAIL;
    expect(email.html_body).toContain('&lt;b&gt;CLM-9&lt;/b&gt;');
    expect(email.body).toContain('<b>CLM-9</b>');
  });

  it('tells nobody about a pended claim', async () => {
    const family = await createTestFamily(runtime);
    const event = claimDecided(family.principalId, { decision: 'PENDED' });
    await deliverEvent(runtime, event);
    expect(await notificationsOf(family.principalId, event.id)).toHaveLength(0);
  });
});

describe('senders side by side', () => {
  /** An e-mail provider the test scripts: it records every message and runs `during` while "sending". */
  class ScriptedEmail implements ChannelAdapter {
    readonly channel = NotificationChannel.EMAIL;
    readonly sent: OutgoingMessage[] = [];
    during: ((message: OutgoingMessage, call: number) => Promise<void>) | null = null;
    async send(message: OutgoingMessage) {
      this.sent.push(message);
      await this.during?.(message, this.sent.length);
      return { providerMessageId: `scripted-${this.sent.length}` };
    }
  }

  let sending: Runtime;
  const email = new ScriptedEmail();

  beforeAll(async () => {
    // A database of its own: the scripted provider must see only this block's notifications.
    const url = databaseUrlOn(process.env.TEST_POSTGRES_URL!, 'mcs_test_engagement_sending');
    await recreateDatabase(url);
    sending = await createSubgraphRuntime(createEngagementSubgraph({ config: testEngagementConfig(), clock, adapters: { [NotificationChannel.EMAIL]: email } }), {
      databaseUrl: url,
      logger: createLogger({ service: 'engagement', test: true }),
      poolSize: 5,
    });
    await executeOk(sending, `mutation { upsertNotificationTemplate(input: { event: CLAIM_DECIDED, channel: EMAIL, subject: "Claim", body: "Your claim was decided." }) { id } }`, {}, ADMIN);
  });

  afterAll(() => sending?.stop());

  beforeEach(() => {
    email.sent.length = 0;
    email.during = null;
  });

  it('claims each notification just before sending it, so a slow provider cannot let another instance send the rest too', async () => {
    const family = await createTestFamily(sending);
    for (let i = 0; i < 3; i += 1) await deliverEvent(sending, claimDecided(family.principalId));
    // Each send takes two minutes, so the third ends after a five-minute lease taken at the start;
    // meanwhile a second instance runs the job.
    email.during = async (_message, call) => {
      if (call > 3) return;
      clock.advanceSeconds(2 * 60);
      if (call === 3) await sending.services.notifications.sendDue();
    };
    await sending.services.notifications.sendDue();
    expect(email.sent).toHaveLength(3);
    expect(new Set(email.sent.map((m) => m.notificationId)).size).toBe(3);
    const emails = (await notificationsOf(family.principalId, undefined, sending)).filter((n) => n.channel === 'EMAIL');
    expect(emails.map((n) => [n.status, n.attempts])).toEqual([['SENT', 1], ['SENT', 1], ['SENT', 1]]);
  });

  it('drops the result of a send whose lease lapsed and was taken over', async () => {
    const family = await createTestFamily(sending);
    await deliverEvent(sending, claimDecided(family.principalId));
    // The first send hangs past its lease; another instance claims and sends it; then the first fails.
    email.during = async (_message, call) => {
      if (call !== 1) return;
      clock.advanceSeconds(6 * 60);
      await sending.services.notifications.sendDue();
      throw new ChannelError(NotificationChannel.EMAIL, 'HTTP 503', true);
    };
    await sending.services.notifications.sendDue();
    const row = byChannel(await notificationsOf(family.principalId, undefined, sending)).EMAIL;
    expect(row).toMatchObject({ status: 'SENT', attempts: 1, provider_message_id: 'scripted-2' });
    const attempts = await sending.dataSource.query(`SELECT attempt, succeeded FROM notification_attempts WHERE notification_id = $1`, [row.id]);
    expect(attempts).toEqual([{ attempt: 1, succeeded: true }]);
  });
  it('never hands a provider a notification without a recipient', async () => {
    const memberId = randomUUID();
    const [row] = await sending.dataSource.query(
      `INSERT INTO notifications (member_id, source_event_id, event, category, channel, recipient, subject, body, status, next_attempt_at)
       VALUES ($1, $2, 'CLAIM_DECIDED', 'CLAIMS', 'EMAIL', NULL, 'Claim', 'Decided', 'PENDING', $3) RETURNING id`,
      [memberId, randomUUID(), clock.now()],
    );
    await sending.services.notifications.sendDue();
    expect(email.sent).toEqual([]);
    const [after] = await sending.dataSource.query(`SELECT status, last_error FROM notifications WHERE id = $1`, [row.id]);
    expect(after).toEqual({ status: 'FAILED', last_error: 'EMAIL: no recipient (the member was erased)' });
  });
});

describe('through the event bus and the send job', () => {
  it('turns a published claim decision into sent messages without anyone calling the sender', async () => {
    const bus = new InProcessEventBus();
    const running = await startTestSubgraph(createEngagementSubgraph({ config: { ...providers, deliveryJobMs: 100 }, clock }), { bus });
    try {
      const family = await createTestFamily(running);
      const event = claimDecided(family.principalId);
      // The in-process bus resolves once every subscriber has handled the event.
      await bus.publish(event);
      await eventually(async () => {
        const rows = await notificationsOf(family.principalId, event.id);
        expect(rows.map((r) => r.status)).toEqual(['SENT', 'SENT', 'SENT']);
        // The send job's timer and three provider calls: room for a loaded machine.
      }, 15_000);
    } finally {
      await running.stop();
    }
  });
});

describe('channels and templates', () => {
  it('marks notifications of an unconfigured channel SKIPPED with the reason', async () => {
    const bare = await startTestSubgraph(createEngagementSubgraph({ config: testEngagementConfig({ sms: { baseUrl: africasTalking.url, username: 'mcs', apiKey: 'at-test' } }), clock }));
    try {
      const family = await createTestFamily(bare);
      const event = claimDecided(family.principalId);
      await deliverEvent(bare, event);
      const rows = byChannel(await notificationsOf(family.principalId, event.id));
      expect(rows.EMAIL).toMatchObject({ status: 'SKIPPED', skip_reason: 'EMAIL is not configured' });
      expect(rows.PUSH).toMatchObject({ status: 'SKIPPED', skip_reason: 'PUSH is not configured' });
      expect(rows.SMS.status).toBe('PENDING');
    } finally {
      await bare.stop();
    }
  });

  it('refuses a template naming a variable its event does not have', async () => {
    const result = await execute(
      runtime,
      `mutation { upsertNotificationTemplate(input: { event: POLICY_SUSPENDED, channel: SMS, subject: "", body: "Policy {{policyNumber}} for {{claimNumber}}" }) { id } }`,
      {},
      ADMIN,
    );
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body', rule: 'KNOWN_VARIABLES' });
  });

  it('lets only administrators manage templates', async () => {
    const result = await execute(runtime, `query { notificationTemplates { id } }`, {}, staffActor('claims-1', 'CLAIMS_OFFICER'));
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('policy status transitions', () => {
  const policyEvent = (policyId: string, holderMemberId: string, status: string, version: number) =>
    testEvent('schemes.policy.changed', policyId, { id: policyId, policyNumber: 'POL-1', holderMemberId, status, version, startDate: '2026-01-01', endDate: '2026-12-31' });

  it('notifies on activation and suspension only, ignoring repeated and stale versions', async () => {
    await executeOk(runtime, `mutation { upsertNotificationTemplate(input: { event: POLICY_SUSPENDED, channel: EMAIL, subject: "Cover suspended", body: "Policy {{policyNumber}} is suspended." }) { id } }`, {}, ADMIN);
    await executeOk(runtime, `mutation { upsertNotificationTemplate(input: { event: POLICY_ACTIVATED, channel: EMAIL, subject: "Cover active", body: "Policy {{policyNumber}} is active." }) { id } }`, {}, ADMIN);
    const family = await createTestFamily(runtime);
    const policyId = randomUUID();
    const kinds = async () =>
      (await runtime.dataSource.query(`SELECT event FROM notifications WHERE member_id = $1 AND channel = 'EMAIL' ORDER BY created_at, event`, [family.principalId])).map((r: { event: string }) => r.event);

    await deliverEvent(runtime, policyEvent(policyId, family.principalId, 'PENDING', 1));
    await deliverEvent(runtime, policyEvent(policyId, family.principalId, 'ACTIVE', 2));
    expect(await kinds()).toEqual(['POLICY_ACTIVATED']);
    // Another change of an active policy (a new member covered) is no activation.
    await deliverEvent(runtime, policyEvent(policyId, family.principalId, 'ACTIVE', 3));
    await deliverEvent(runtime, policyEvent(policyId, family.principalId, 'SUSPENDED', 5));
    // Version 4 arrives late: stale, ignored.
    await deliverEvent(runtime, policyEvent(policyId, family.principalId, 'ACTIVE', 4));
    expect(await kinds()).toEqual(['POLICY_ACTIVATED', 'POLICY_SUSPENDED']);
    await deliverEvent(runtime, policyEvent(policyId, family.principalId, 'ACTIVE', 6));
    expect(await kinds()).toEqual(['POLICY_ACTIVATED', 'POLICY_SUSPENDED', 'POLICY_ACTIVATED']);
  });
});

describe('who sees notifications', () => {
  it("refuses a member another family's notifications and preferences", async () => {
    const mine = await createTestFamily(runtime);
    const theirs = await createTestFamily(runtime);
    const me = memberActor(mine.principalId, [mine.principalId, mine.dependantId]);
    const list = await execute(runtime, `query($m: ID!) { notifications(memberId: $m) { id } }`, { m: theirs.principalId }, me);
    expect(list.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const set = await execute(runtime, `mutation($m: ID!) { setNotificationPreference(memberId: $m, category: CLAIMS, channel: SMS, optedIn: false) { optedIn } }`, { m: theirs.principalId }, me);
    expect(set.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('hides where a message went from an analyst without a PII grant', async () => {
    const family = await createTestFamily(runtime);
    await deliverEvent(runtime, claimDecided(family.principalId));
    const result = await execute(runtime, `query($m: ID!) { notifications(memberId: $m) { id recipient } }`, { m: family.principalId }, staffActor('analyst-1', 'ANALYST'));
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('contact read model', () => {
  it('keeps an erased member as a tombstone, sends them nothing more, and blanks what was written to or about them', async () => {
    const family = await createTestFamily(runtime);
    const memberId = family.principalId;
    // 1. At night the e-mail goes at once; SMS and push wait for the morning.
    clock.current = NIGHT;
    await deliverEvent(runtime, claimDecided(memberId));
    await runtime.services.notifications.sendDue();
    const [ticket] = await runtime.dataSource.query(
      `INSERT INTO support_tickets (member_id, subject, description, category, status, raised_by, raised_by_staff) VALUES ($1, 'My knee', 'Physio refused', 'CLAIMS', 'OPEN', $2, false) RETURNING id`,
      [memberId, memberId],
    );
    await runtime.dataSource.query(`INSERT INTO ticket_comments (ticket_id, author_id, by_staff, body) VALUES ($1, $2, false, 'Still in pain')`, [ticket.id, memberId]);

    // 2. The member is erased.
    await deliverEvent(runtime, testEvent('members.member.erased', memberId, { memberId, pseudonym: 'Erased 1', erasedAt: new Date().toISOString() }));
    expect(await runtime.dataSource.query(`SELECT email, phone, erased FROM member_contacts WHERE member_id = $1`, [memberId])).toEqual([{ email: null, phone: null, erased: true }]);
    const rows = byChannel(await notificationsOf(memberId));
    expect(Object.values(rows).map((r) => [r.recipient, r.body, r.html_body])).toEqual([[null, null, null], [null, null, null], [null, null, null]]);
    expect([rows.EMAIL.status, rows.SMS.status, rows.PUSH.status]).toEqual(['SENT', 'SKIPPED', 'SKIPPED']);
    expect(rows.SMS.skip_reason).toBe('member erased');
    expect(await runtime.dataSource.query(`SELECT subject, description FROM support_tickets WHERE id = $1`, [ticket.id])).toEqual([{ subject: '[erased]', description: '[erased]' }]);
    expect(await runtime.dataSource.query(`SELECT body FROM ticket_comments WHERE ticket_id = $1`, [ticket.id])).toEqual([{ body: '[erased]' }]);

    // 3. A change event that arrives late does not bring the contact back, and a late claim decision reaches nobody.
    await deliverEvent(runtime, testEvent('members.member.changed', memberId, { id: memberId, principalId: null, companyId: family.companyId, email: family.email, phone: family.phone, version: 2 }));
    expect(await runtime.dataSource.query(`SELECT email, phone, erased FROM member_contacts WHERE member_id = $1`, [memberId])).toEqual([{ email: null, phone: null, erased: true }]);
    const late = claimDecided(memberId);
    await deliverEvent(runtime, late);
    expect((await notificationsOf(memberId, late.id)).map((r) => [r.status, r.skip_reason, r.body])).toEqual([
      ['SKIPPED', 'member erased', null],
      ['SKIPPED', 'member erased', null],
      ['SKIPPED', 'member erased', null],
    ]);

    // 4. In the morning nothing of theirs is sent.
    clock.current = new Date('2026-03-11T07:00:00+03:00');
    await runtime.services.notifications.sendDue();
    expect(byChannel(await notificationsOf(memberId)).SMS.status).toBe('SKIPPED');
  });

  it('keeps the newest version of a member', async () => {
    const family = await createTestFamily(runtime);
    await deliverEvent(runtime, testEvent('members.member.changed', family.principalId, { id: family.principalId, principalId: null, companyId: family.companyId, email: 'new@example.com', version: 3 }));
    await deliverEvent(runtime, testEvent('members.member.changed', family.principalId, { id: family.principalId, principalId: null, companyId: family.companyId, email: 'old@example.com', version: 2 }));
    const [row] = await runtime.dataSource.query(`SELECT email FROM member_contacts WHERE member_id = $1`, [family.principalId]);
    expect(row.email).toBe('new@example.com');
  });
});
