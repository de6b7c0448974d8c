import { randomInt, randomUUID } from 'node:crypto';
import { ManualClock } from '../kit/clock';
import { InProcessEventBus } from '../kit/events/bus';
import type { SubgraphRuntime } from '../kit/subgraph';
import { eventually, executeOk, startTestSubgraph, useOwnTestDatabases } from '../kit/testing';
// The saga spans two subgraphs: the test wires both runtimes to one bus (neither imports the other).
import type { CrmLoaders } from '../subgraphs/crm/src/loaders';
import type { CrmServices } from '../subgraphs/crm/src/services';
import { createCrmSubgraph } from '../subgraphs/crm/src/subgraph';
import { createTestCampaign, createTestLead, manager } from '../subgraphs/crm/src/testing';
import type { ChannelAdapter, OutgoingMessage } from '../subgraphs/engagement/src/notification/channels/channel';
import { NotificationChannel } from '../subgraphs/engagement/src/notification/notification.types';
import type { EngagementLoaders } from '../subgraphs/engagement/src/loaders';
import type { EngagementServices } from '../subgraphs/engagement/src/services';
import { createEngagementSubgraph } from '../subgraphs/engagement/src/subgraph';
import { testEngagementConfig } from '../subgraphs/engagement/src/testing';

// Its runtimes relay their outboxes: this file has databases of its own.
useOwnTestDatabases();

/** The e-mail or SMS provider, the one thing outside the platform: it keeps what it is given. */
class CapturingProvider implements ChannelAdapter {
  readonly sent: OutgoingMessage[] = [];
  constructor(readonly channel: NotificationChannel) {}
  async send(message: OutgoingMessage) {
    this.sent.push(message);
    return { providerMessageId: `${this.channel.toLowerCase()}-${this.sent.length}` };
  }
  to(recipient: string): OutgoingMessage[] {
    return this.sent.filter((m) => m.recipient === recipient);
  }
}

/** 10:00 in Nairobi on a Tuesday: outside marketing quiet hours. */
const clock = new ManualClock(new Date('2026-03-10T10:00:00+03:00'));
const email = new CapturingProvider(NotificationChannel.EMAIL);
const sms = new CapturingProvider(NotificationChannel.SMS);
let bus: InProcessEventBus;
let crm: SubgraphRuntime<CrmServices, CrmLoaders>;
let engagement: SubgraphRuntime<EngagementServices, EngagementLoaders>;

beforeAll(async () => {
  bus = new InProcessEventBus();
  // Both jobs run only when the test says (an hour apart on their own), so the test decides the order.
  crm = await startTestSubgraph(createCrmSubgraph({ clock, config: { clawbackWindowDays: 180, nurtureJobMs: 3_600_000 } }), { bus });
  engagement = await startTestSubgraph(
    createEngagementSubgraph({ config: testEngagementConfig({ deliveryJobMs: 3_600_000 }), clock, adapters: { [NotificationChannel.EMAIL]: email, [NotificationChannel.SMS]: sms } }),
    { bus },
  );
});
afterAll(async () => {
  await engagement?.stop();
  await crm?.stop();
  await bus?.close();
});

interface Enrolment {
  status: string;
  messages: { stepNumber: number; channel: string; status: string; reason: string | null; providerMessageId: string | null }[];
}

async function enrolmentOf(leadId: string): Promise<Enrolment> {
  const data = await executeOk(
    crm,
    `query($id: ID!) { lead(id: $id) { nurtureEnrolments { status messages { stepNumber channel status reason providerMessageId } } } }`,
    { id: leadId },
    manager(),
  );
  expect(data.lead.nurtureEnrolments).toHaveLength(1);
  const [enrolment] = data.lead.nurtureEnrolments as Enrolment[];
  return { ...enrolment, messages: [...enrolment.messages].sort((a, b) => a.stepNumber - b.stepNumber) };
}

/** A lead who agreed to marketing, with an address and a number no other test uses. */
async function consentingLead() {
  const contactEmail = `lead-${randomUUID().slice(0, 8)}@example.co.ke`;
  const contactPhone = `+2547${String(randomInt(10_000_000, 99_999_999))}`;
  const lead = await createTestLead(crm, 'Nairobi', { contactEmail, contactPhone, marketingConsent: true });
  return { ...lead, contactEmail, contactPhone };
}

async function enrol(campaignId: string, leadId: string): Promise<void> {
  const { enrolLeadsInCampaign } = await executeOk(
    crm,
    `mutation($c: ID!, $l: [ID!]!) { enrolLeadsInCampaign(campaignId: $c, leadIds: $l) { enrolled { id } refused { leadId reason } } }`,
    { c: campaignId, l: [leadId] },
    manager(),
  );
  expect(enrolLeadsInCampaign).toMatchObject({ enrolled: [{ id: expect.any(String) }], refused: [] });
}

/** Engagement's lead message for this lead, once crm's request has travelled to it. */
async function requestReachedEngagement(leadId: string, stepNumber: number): Promise<void> {
  await eventually(async () => {
    const rows = await engagement.dataSource.query('SELECT status FROM lead_messages WHERE lead_id = $1 AND step_number = $2', [leadId, stepNumber]);
    expect(rows).toEqual([{ status: 'PENDING' }]);
  }, 10_000);
}

describe('nurture campaign (crm → engagement → crm)', () => {
  it('sends each step on its day by its channel, and crm learns each was sent', async () => {
    const campaign = await createTestCampaign(crm); // e-mail on enrolment, SMS on day 3, e-mail on day 7
    const lead = await consentingLead();
    await enrol(campaign.id, lead.id);

    await crm.services.nurture.sendDue();
    await requestReachedEngagement(lead.id, 1);
    await engagement.services.leadMessages.sendDue();
    expect(email.to(lead.contactEmail)).toEqual([expect.objectContaining({ subject: expect.stringMatching(/^Cover for Test Co/), text: expect.stringMatching(/^Hello Wanjiru Kamau/) })]);
    await eventually(async () => expect((await enrolmentOf(lead.id)).messages).toEqual([{ stepNumber: 1, channel: 'EMAIL', status: 'SENT', reason: null, providerMessageId: expect.stringMatching(/^email-/) }]));

    // Nothing more until day 3; then the SMS.
    await crm.services.nurture.sendDue();
    expect(await engagement.dataSource.query('SELECT 1 FROM lead_messages WHERE lead_id = $1 AND step_number = 2', [lead.id])).toEqual([]);
    clock.advanceDays(3);
    await crm.services.nurture.sendDue();
    await requestReachedEngagement(lead.id, 2);
    await engagement.services.leadMessages.sendDue();
    expect(sms.to(lead.contactPhone)).toHaveLength(1);
    await eventually(async () => {
      const enrolment = await enrolmentOf(lead.id);
      expect(enrolment.status).toBe('ACTIVE');
      expect(enrolment.messages.map((m) => [m.stepNumber, m.channel, m.status])).toEqual([
        [1, 'EMAIL', 'SENT'],
        [2, 'SMS', 'SENT'],
      ]);
    });
    // Each step reached the provider once.
    expect(email.to(lead.contactEmail)).toHaveLength(1);
  });

  it('sends nothing when consent is withdrawn after crm asked and before engagement sent; crm records why', async () => {
    const campaign = await createTestCampaign(crm);
    const lead = await consentingLead();
    await enrol(campaign.id, lead.id);
    await crm.services.nurture.sendDue();
    await requestReachedEngagement(lead.id, 1);

    await executeOk(
      crm,
      `mutation($input: RecordLeadMarketingConsentInput!) { recordLeadMarketingConsent(input: $input) { marketingConsent } }`,
      { input: { leadId: lead.id, consent: false, source: 'Asked on the phone to stop' } },
      manager(),
    );
    await eventually(async () => {
      expect(await engagement.dataSource.query('SELECT consent FROM lead_marketing_consent WHERE lead_id = $1', [lead.id])).toEqual([{ consent: false }]);
    });
    await engagement.services.leadMessages.sendDue();

    expect(email.to(lead.contactEmail)).toEqual([]);
    await eventually(async () => {
      const enrolment = await enrolmentOf(lead.id);
      expect(enrolment.status).toBe('OPTED_OUT');
      expect(enrolment.messages).toEqual([{ stepNumber: 1, channel: 'EMAIL', status: 'SUPPRESSED', reason: 'CONSENT_WITHDRAWN', providerMessageId: null }]);
    });
  });
});
