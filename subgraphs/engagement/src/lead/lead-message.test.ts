import { randomUUID } from 'node:crypto';
import { InProcessEventBus } from '../../../../kit/events/bus';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { eventually, execute, executeOk, memberActor, outboxEventsOf, staffActor, startTestSubgraph, useOwnTestDatabases } from '../../../../kit/testing';
import type { EngagementLoaders } from '../loaders';
import { ChannelError, type ChannelAdapter, type OutgoingMessage } from '../notification/channels/channel';
import { NotificationChannel } from '../notification/notification.types';
import type { EngagementServices } from '../services';
import { createEngagementSubgraph } from '../subgraph';
import { deliverEvent, TestClock, testEngagementConfig, testEvent } from '../testing';
import type { LeadMessageSettled } from './lead-message.types';

// Its runtimes relay their outboxes, and the sender works through every due message: databases of its own.
useOwnTestDatabases();

type Runtime = SubgraphRuntime<EngagementServices, EngagementLoaders>;

/** 10:00 in Nairobi: outside marketing quiet hours (20:00-08:00). */
const DAYTIME = new Date('2026-03-10T10:00:00+03:00');
/** 21:30 in Nairobi: inside them. */
const EVENING = new Date('2026-03-10T21:30:00+03:00');
const MORNING = new Date('2026-03-11T08:00:00+03:00');

/**
 * A provider the test scripts, behind the adapter interface: it records what it is given, fails
 * the next calls when told to, and may run `during` while "sending" (to let another run overlap).
 */
class ScriptedChannel implements ChannelAdapter {
  readonly sent: OutgoingMessage[] = [];
  private failures: ChannelError[] = [];
  during: (() => Promise<void>) | null = null;
  constructor(readonly channel: NotificationChannel) {}

  failNext(times: number, retryable = true): void {
    for (let i = 0; i < times; i += 1) this.failures.push(new ChannelError(this.channel, 'HTTP 503: try again later', retryable));
  }

  async send(message: OutgoingMessage) {
    await this.during?.();
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push(message);
    return { providerMessageId: `${this.channel.toLowerCase()}-${this.sent.length}-${message.notificationId.slice(0, 8)}` };
  }

  to(recipient: string): OutgoingMessage[] {
    return this.sent.filter((m) => m.recipient === recipient);
  }
}

const email = new ScriptedChannel(NotificationChannel.EMAIL);
const sms = new ScriptedChannel(NotificationChannel.SMS);
let clock: TestClock;
let runtime: Runtime;

beforeAll(async () => {
  clock = new TestClock(DAYTIME);
  runtime = await startTestSubgraph(
    createEngagementSubgraph({ config: testEngagementConfig(), clock, adapters: { [NotificationChannel.EMAIL]: email, [NotificationChannel.SMS]: sms } }),
  );
});

afterAll(() => runtime?.stop());

beforeEach(() => {
  clock.current = DAYTIME;
  email.during = null;
  sms.during = null;
});

/** A fresh lead's e-mail address (unique, so a test finds its own messages at the fake provider). */
const uniqueEmail = () => `lead-${randomUUID().slice(0, 8)}@example.co.ke`;

function messageRequested(overrides: Record<string, unknown> = {}) {
  const payload = {
    messageId: randomUUID(),
    enrolmentId: randomUUID(),
    campaignId: randomUUID(),
    leadId: randomUUID(),
    stepNumber: 1,
    channel: 'EMAIL',
    recipient: uniqueEmail(),
    subject: 'Cover for your family',
    body: 'Hello, here is how our family cover works.',
    requestedAt: clock.now().toISOString(),
    ...overrides,
  };
  return testEvent('crm.nurture.message-requested', payload.enrolmentId as string, payload);
}

function consentChanged(leadId: string, marketingConsent: boolean, version: number) {
  return testEvent('crm.lead.consent-changed', leadId, { leadId, marketingConsent, version, changedAt: clock.now().toISOString() });
}

interface LeadMessageRow {
  id: string;
  status: string;
  reason: string | null;
  attempts: number;
  next_attempt_at: Date | null;
  provider_message_id: string | null;
  last_error: string | null;
  settled_event_published: boolean;
}

async function messagesOf(crmMessageId: string): Promise<LeadMessageRow[]> {
  return runtime.dataSource.query(
    `SELECT id, status, reason, attempts, next_attempt_at, provider_message_id, last_error, settled_event_published FROM lead_messages WHERE crm_message_id = $1`,
    [crmMessageId],
  );
}

async function messageOf(crmMessageId: string): Promise<LeadMessageRow> {
  const rows = await messagesOf(crmMessageId);
  expect(rows).toHaveLength(1);
  return rows[0];
}

/** The settled events engagement recorded for one of crm's messages. */
async function settledOf(crmMessageId: string): Promise<LeadMessageSettled[]> {
  return (await outboxEventsOf<LeadMessageSettled>(runtime, crmMessageId, 'engagement.lead-message.settled')).map((e) => e.payload);
}

const payloadOf = (event: ReturnType<typeof messageRequested>) => event.payload as { messageId: string; leadId: string; recipient: string };

describe("sending crm's nurture messages", () => {
  it('sends a message delivered twice once, and tells crm it was SENT once', async () => {
    const event = messageRequested();
    const { messageId, leadId, recipient } = payloadOf(event);
    expect(await deliverEvent(runtime, event)).toBe(true);
    expect(await deliverEvent(runtime, event)).toBe(false);
    // Even past the inbox (crm publishing the same message again under a new event id), one row.
    await deliverEvent(runtime, { ...event, id: randomUUID() });
    expect((await messageOf(messageId)).status).toBe('PENDING');

    await runtime.services.leadMessages.sendDue();
    await runtime.services.leadMessages.sendDue();
    expect(email.to(recipient)).toHaveLength(1);
    expect(email.to(recipient)[0]).toMatchObject({ subject: 'Cover for your family', text: 'Hello, here is how our family cover works.' });
    const row = await messageOf(messageId);
    expect(row).toMatchObject({ status: 'SENT', attempts: 1, reason: null, settled_event_published: true });
    expect(await settledOf(messageId)).toEqual([{ messageId, leadId, status: 'SENT', reason: null, providerMessageId: row.provider_message_id, settledAt: DAYTIME.toISOString() }]);
  });

  it('sends each message once when two sending runs overlap', async () => {
    const events = Array.from({ length: 6 }, (_, i) => messageRequested(i % 2 ? { channel: 'SMS', recipient: `+2547${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, subject: null } : {}));
    for (const event of events) await deliverEvent(runtime, event);
    // Every send yields, so the two runs' claims interleave on separate connections.
    email.during = sms.during = () => new Promise((resolve) => setTimeout(resolve, 5));
    const [a, b] = await Promise.all([runtime.services.leadMessages.sendDue(), runtime.services.leadMessages.sendDue()]);
    expect(a + b).toBeGreaterThanOrEqual(events.length);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    for (const event of events) {
      const { messageId, recipient } = payloadOf(event);
      expect([...email.to(recipient), ...sms.to(recipient)]).toHaveLength(1);
      expect((await messageOf(messageId)).status).toBe('SENT');
      expect(await settledOf(messageId)).toHaveLength(1);
    }
  });

  it('holds a message asked for in the evening until the end of marketing quiet hours, even an e-mail', async () => {
    clock.current = EVENING;
    const event = messageRequested();
    const { messageId, recipient } = payloadOf(event);
    await deliverEvent(runtime, event);
    expect((await messageOf(messageId)).next_attempt_at).toEqual(MORNING);

    await runtime.services.leadMessages.sendDue();
    clock.current = new Date(MORNING.getTime() - 1000);
    await runtime.services.leadMessages.sendDue();
    expect(email.to(recipient)).toHaveLength(0);
    expect(await settledOf(messageId)).toEqual([]);

    clock.current = MORNING;
    await runtime.services.leadMessages.sendDue();
    expect(email.to(recipient)).toHaveLength(1);
    expect(await messageOf(messageId)).toMatchObject({ status: 'SENT', attempts: 1 });
  });

  it('holds a retry that falls due inside quiet hours until they end, without counting an attempt', async () => {
    clock.current = new Date('2026-03-10T19:59:50+03:00');
    const event = messageRequested();
    const { messageId, recipient } = payloadOf(event);
    await deliverEvent(runtime, event);
    email.failNext(1);
    await runtime.services.leadMessages.sendDue();
    expect(await messageOf(messageId)).toMatchObject({ status: 'PENDING', attempts: 1, next_attempt_at: new Date('2026-03-10T20:00:20+03:00') });

    clock.current = new Date('2026-03-10T20:00:20+03:00');
    await runtime.services.leadMessages.sendDue();
    expect(await messageOf(messageId)).toMatchObject({ status: 'PENDING', attempts: 1, next_attempt_at: MORNING });
    expect(email.to(recipient)).toHaveLength(0);
  });
});

describe('marketing consent', () => {
  it('suppresses a message to a lead who withdrew consent, and tells crm why', async () => {
    const event = messageRequested();
    const { messageId, leadId, recipient } = payloadOf(event);
    await deliverEvent(runtime, event);
    // Withdrawn after crm asked, before the message went.
    await deliverEvent(runtime, consentChanged(leadId, false, 2));
    await runtime.services.leadMessages.sendDue();

    expect(email.to(recipient)).toHaveLength(0);
    expect(await messageOf(messageId)).toMatchObject({ status: 'SUPPRESSED', reason: 'CONSENT_WITHDRAWN', attempts: 0, next_attempt_at: null });
    expect(await settledOf(messageId)).toEqual([{ messageId, leadId, status: 'SUPPRESSED', reason: 'CONSENT_WITHDRAWN', providerMessageId: null, settledAt: DAYTIME.toISOString() }]);
    await runtime.services.leadMessages.sendDue();
    expect(await settledOf(messageId)).toHaveLength(1);
  });

  it('keeps the newest consent whatever order the events arrive in', async () => {
    const leadId = randomUUID();
    await deliverEvent(runtime, consentChanged(leadId, false, 5));
    // An older grant arriving late does not undo the withdrawal.
    await deliverEvent(runtime, consentChanged(leadId, true, 4));
    const withdrawn = messageRequested({ leadId });
    await deliverEvent(runtime, withdrawn);
    await runtime.services.leadMessages.sendDue();
    expect((await messageOf(payloadOf(withdrawn).messageId)).reason).toBe('CONSENT_WITHDRAWN');

    // A newer grant does.
    await deliverEvent(runtime, consentChanged(leadId, true, 6));
    const granted = messageRequested({ leadId });
    await deliverEvent(runtime, granted);
    await runtime.services.leadMessages.sendDue();
    expect((await messageOf(payloadOf(granted).messageId)).status).toBe('SENT');
    expect(await runtime.dataSource.query(`SELECT consent, version::int AS version FROM lead_marketing_consent WHERE lead_id = $1`, [leadId])).toEqual([{ consent: true, version: 6 }]);
  });
});

describe('a failing provider', () => {
  it('is retried with backoff, and the message ends FAILED after the configured attempts', async () => {
    // Earlier tests' messages go first, so the failures below meet this one.
    await runtime.services.leadMessages.sendDue();
    const event = messageRequested({ channel: 'SMS', recipient: '+254722000111', subject: null });
    const { messageId, leadId } = payloadOf(event);
    await deliverEvent(runtime, event);
    sms.failNext(4);
    const expectedWaits = [30, 60, 120];
    for (const [i, wait] of expectedWaits.entries()) {
      await runtime.services.leadMessages.sendDue();
      const row = await messageOf(messageId);
      expect(row).toMatchObject({ status: 'PENDING', attempts: i + 1 });
      expect(row.next_attempt_at).toEqual(new Date(clock.now().getTime() + wait * 1000));
      // Not yet due: nothing is tried.
      clock.advanceSeconds(wait - 1);
      await runtime.services.leadMessages.sendDue();
      expect((await messageOf(messageId)).attempts).toBe(i + 1);
      clock.advanceSeconds(1);
    }
    await runtime.services.leadMessages.sendDue();
    const failed = await messageOf(messageId);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 4, next_attempt_at: null, reason: 'SMS: HTTP 503: try again later', last_error: 'SMS: HTTP 503: try again later' });
    expect(await settledOf(messageId)).toEqual([{ messageId, leadId, status: 'FAILED', reason: 'SMS: HTTP 503: try again later', providerMessageId: null, settledAt: clock.now().toISOString() }]);
  });

  it('gives up at once on a refusal a retry cannot mend', async () => {
    await runtime.services.leadMessages.sendDue();
    const event = messageRequested();
    await deliverEvent(runtime, event);
    email.failNext(1, false);
    await runtime.services.leadMessages.sendDue();
    expect(await messageOf(payloadOf(event).messageId)).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(await settledOf(payloadOf(event).messageId)).toHaveLength(1);
  });
});

describe("checking crm's request", () => {
  it.each([
    ['an unknown channel', { channel: 'WHATSAPP' }, 'UNKNOWN_CHANNEL'],
    ['an empty recipient', { recipient: '' }, 'MISSING_RECIPIENT'],
    ['a phone number that is not E.164', { channel: 'SMS', recipient: '0712 345 678', subject: null }, 'INVALID_RECIPIENT'],
  ])('suppresses a message with %s and settles it at once, once', async (_what, overrides, reason) => {
    const event = messageRequested(overrides);
    const { messageId, leadId } = payloadOf(event);
    await deliverEvent(runtime, event);
    await deliverEvent(runtime, { ...event, id: randomUUID() });
    await runtime.services.leadMessages.sendDue();
    expect(await messageOf(messageId)).toMatchObject({ status: 'SUPPRESSED', reason, attempts: 0 });
    expect(await settledOf(messageId)).toEqual([{ messageId, leadId, status: 'SUPPRESSED', reason, providerMessageId: null, settledAt: DAYTIME.toISOString() }]);
  });

  it('refuses a request without a message id as a poison event, keeping nothing', async () => {
    const event = messageRequested({ messageId: undefined });
    await expect(deliverEvent(runtime, event)).rejects.toThrow(/messageId must be a UUID/);
    expect(await runtime.dataSource.query(`SELECT 1 FROM lead_messages WHERE lead_id = $1`, [(event.payload as { leadId: string }).leadId])).toEqual([]);
  });
});

describe("a lead's delivery log", () => {
  const LOG = `query($lead: ID!, $after: String) {
    leadMessages(leadId: $lead, first: 2, after: $after) { edges { node { crmMessageId channel status recipient body } } pageInfo { hasNextPage endCursor } }
  }`;

  it('lists the messages newest first, a page at a time', async () => {
    const leadId = randomUUID();
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const event = messageRequested({ leadId });
      ids.push(payloadOf(event).messageId);
      await deliverEvent(runtime, event);
      clock.advanceSeconds(60);
    }
    const manager = staffActor('sales-manager-1', 'SALES_MANAGER');
    const first = (await executeOk(runtime, LOG, { lead: leadId }, manager)).leadMessages;
    expect(first.edges.map((e: { node: { crmMessageId: string } }) => e.node.crmMessageId)).toEqual([ids[2], ids[1]]);
    expect(first.edges[0].node).toMatchObject({ channel: 'EMAIL', status: 'PENDING', body: 'Hello, here is how our family cover works.' });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await executeOk(runtime, LOG, { lead: leadId, after: first.pageInfo.endCursor }, manager)).leadMessages;
    expect(second.edges.map((e: { node: { crmMessageId: string } }) => e.node.crmMessageId)).toEqual([ids[0]]);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('is for sales managers and administrators; analysts see where and what only with the PII grant; agents and members not at all', async () => {
    const event = messageRequested();
    const { leadId } = payloadOf(event);
    await deliverEvent(runtime, event);
    const PLAIN = `query($lead: ID!) { leadMessages(leadId: $lead) { edges { node { status channel } } } }`;

    expect((await executeOk(runtime, LOG, { lead: leadId }, staffActor('admin-1'))).leadMessages.edges).toHaveLength(1);
    const analyst = staffActor('analyst-1', 'ANALYST');
    expect((await executeOk(runtime, PLAIN, { lead: leadId }, analyst)).leadMessages.edges).toEqual([{ node: { status: 'PENDING', channel: 'EMAIL' } }]);
    expect((await execute(runtime, LOG, { lead: leadId }, analyst)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // A provider's failure text may quote the address: it is personal too.
    for (const field of ['reason', 'lastError']) {
      const query = `query($lead: ID!) { leadMessages(leadId: $lead) { edges { node { status ${field} } } } }`;
      expect((await execute(runtime, query, { lead: leadId }, analyst)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect((await executeOk(runtime, LOG, { lead: leadId }, { ...analyst, grants: ['PII'] })).leadMessages.edges[0].node.recipient).toBe(payloadOf(event).recipient);
    for (const actor of [staffActor('agent-1', 'SALES_AGENT'), staffActor('claims-1', 'CLAIMS_OFFICER'), memberActor(randomUUID())]) {
      expect((await execute(runtime, PLAIN, { lead: leadId }, actor)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });
});

describe('through the event bus and the send job', () => {
  it("turns crm's published request into a sent message and a settled event, without anyone calling the sender", async () => {
    const bus = new InProcessEventBus();
    const running = await startTestSubgraph(
      createEngagementSubgraph({ config: testEngagementConfig({ deliveryJobMs: 100 }), clock, adapters: { [NotificationChannel.EMAIL]: email } }),
      { bus },
    );
    try {
      const event = messageRequested();
      const { messageId } = payloadOf(event);
      await bus.publish(event);
      await eventually(async () => {
        expect(email.to(payloadOf(event).recipient)).toHaveLength(1);
        expect(await outboxEventsOf(running, messageId, 'engagement.lead-message.settled')).toHaveLength(1);
      }, 15_000);
    } finally {
      await running.stop();
    }
  });
});
