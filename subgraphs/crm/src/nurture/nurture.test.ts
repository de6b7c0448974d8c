import { randomUUID } from 'node:crypto';
import { handleOnce } from '../../../../kit/events/inbox';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, staffActor, startTestSubgraph, useOwnTestDatabases } from '../../../../kit/testing';
import type { CrmLoaders } from '../loaders';
import type { CrmServices } from '../services';
import { createCrmSubgraph } from '../subgraph';
import { createTestAgent, createTestCampaign, createTestLead, createTestTerritory, domainEvent, manager, outboxEventsOf, TestClock, TEST_STEPS } from '../testing';
import { CONSENT_CHANGED, MESSAGE_REQUESTED, MESSAGE_SETTLED, type MessageSettledPayload } from './nurture.events';
import { nurtureSendJob } from './nurture.jobs';

// Own databases: the nurture job sends every due enrolment, and activation enrols every matching lead, of the database.
useOwnTestDatabases();

const config = { clawbackWindowDays: 180, nurtureJobMs: 60_000 };
const clock = new TestClock(new Date());
const crm = createCrmSubgraph({ config, clock });
let runtime: SubgraphRuntime<CrmServices, CrmLoaders>;
beforeAll(async () => {
  runtime = await startTestSubgraph(crm);
});
afterAll(() => runtime.stop());

const job = nurtureSendJob(config);
const runJob = () => job.run(runtime.services);
const asAgent = (agent: { userId: string }) => staffActor(agent.userId, 'SALES_AGENT');

async function consentingLead(region = 'Nairobi', overrides: Record<string, unknown> = {}) {
  return createTestLead(runtime, region, { marketingConsent: true, ...overrides });
}

async function enrol(campaignId: string, leadIds: string[], actor = manager()) {
  const data = await executeOk(
    runtime,
    `mutation($c: ID!, $l: [ID!]!) { enrolLeadsInCampaign(campaignId: $c, leadIds: $l) { enrolled { id leadId status } alreadyEnrolled refused { leadId reason } } }`,
    { c: campaignId, l: leadIds },
    actor,
  );
  return data.enrolLeadsInCampaign as { enrolled: { id: string; leadId: string; status: string }[]; alreadyEnrolled: string[]; refused: { leadId: string; reason: string }[] };
}

interface EnrolmentRow {
  id: string;
  status: string;
  next_step_number: number | null;
  end_reason: string | null;
}
async function enrolmentOf(campaignId: string, leadId: string): Promise<EnrolmentRow | undefined> {
  const [row] = await runtime.dataSource.query(`SELECT id, status, next_step_number, end_reason FROM nurture_enrolments WHERE campaign_id = $1 AND lead_id = $2`, [campaignId, leadId]);
  return row;
}

async function messagesOf(enrolmentId: string): Promise<{ id: string; step_number: number; channel: string; recipient: string | null; status: string; reason: string | null; body: string }[]> {
  return runtime.dataSource.query(`SELECT id, step_number, channel, recipient, status, reason, body FROM nurture_messages WHERE enrolment_id = $1 ORDER BY step_number`, [enrolmentId]);
}

const changeStatus = (campaignId: string, status: string) =>
  execute(runtime, `mutation($id: ID!, $s: NurtureCampaignStatus!) { changeNurtureCampaignStatus(campaignId: $id, status: $s) { id status } }`, { id: campaignId, s: status }, manager());

async function moveLead(leadId: string, ...statuses: string[]) {
  for (const status of statuses) {
    await executeOk(runtime, `mutation($input: ChangeLeadStatusInput!) { changeLeadStatus(input: $input) { id } }`, { input: { leadId, status, reason: status === 'DISQUALIFIED' ? 'No budget this year' : undefined } }, manager());
  }
}
async function convert(leadId: string) {
  await moveLead(leadId, 'CONTACTED', 'QUALIFIED');
  await executeOk(runtime, `mutation($input: ConvertLeadInput!) { convertLead(input: $input) { id } }`, { input: { leadId } }, manager());
}
const recordConsent = (leadId: string, consent: boolean, actor = manager()) =>
  execute(runtime, `mutation($input: RecordLeadMarketingConsentInput!) { recordLeadMarketingConsent(input: $input) { id marketingConsent } }`, { input: { leadId, consent, source: 'Phone call' } }, actor);

/** Statements of this test database waiting on a lock now. */
async function lockWaits(): Promise<number> {
  const [{ n }] = await runtime.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
  return n;
}

/** True once at least `n` statements wait on a lock; false if `finished()` says the work ended without that. */
async function lockWaitsReach(n: number, finished: () => boolean = () => false): Promise<boolean> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    if ((await lockWaits()) >= n) return true;
    if (finished()) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never saw ${n} statements waiting on a lock`);
}

/** Runs `body` while a transaction of the test's own holds the rows `lockSql` locks, then commits it. */
async function whileHolding<T>(lockSql: string, params: unknown[], body: () => Promise<T>, end: 'commit' | 'rollback' = 'commit'): Promise<T> {
  const holder = runtime.dataSource.createQueryRunner();
  await holder.connect();
  await holder.startTransaction();
  try {
    await holder.query(lockSql, params);
    return await body();
  } finally {
    if (holder.isTransactionActive) await (end === 'commit' ? holder.commitTransaction() : holder.rollbackTransaction());
    await holder.release();
  }
}

/** A promise with a flag saying whether it has settled. */
function tracked<T>(promise: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let settled = false;
  const watched = promise.finally(() => {
    settled = true;
  });
  return { promise: watched, settled: () => settled };
}

describe('campaign rules', () => {
  it('refuses broken steps and audience, naming each field and rule', async () => {
    const result = await execute(
      runtime,
      `mutation($input: CreateNurtureCampaignInput!) { createNurtureCampaign(input: $input) { id } }`,
      {
        input: {
          name: 'Broken campaign',
          audience: { regions: ['Atlantis'], minScore: 120 },
          steps: [
            { delayDays: 2, channel: 'EMAIL', body: 'No subject' },
            { delayDays: 1, channel: 'SMS', subject: 'SMS has none', body: 'x'.repeat(481) },
            { delayDays: 3, channel: 'EMAIL', subject: 'Hi {{firstName}}', body: 'Dear {{policyNumber}}' },
            { delayDays: 4, channel: 'SMS', body: '   ' },
            { delayDays: 5, channel: 'SMS', body: 'Hello {{contactName' },
          ],
        },
      },
      manager(),
    );
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const violations = (result.errors?.[0].extensions?.violations as { field: string; rule: string }[]).map((v) => `${v.field} ${v.rule}`);
    expect(violations).toEqual([
      'audience.regions KENYAN_COUNTY',
      'audience.minScore SCORE_RANGE',
      'steps[0].subject REQUIRED_FOR_EMAIL',
      'steps[1].delayDays NON_DECREASING_DELAY',
      'steps[1].subject ABSENT_FOR_SMS',
      'steps[1].body SMS_MAX_LENGTH',
      'steps[2].subject KNOWN_PLACEHOLDERS',
      'steps[2].body KNOWN_PLACEHOLDERS',
      'steps[3].body NOT_EMPTY',
      'steps[4].body KNOWN_PLACEHOLDERS',
    ]);
    expect(await runtime.dataSource.query(`SELECT 1 FROM nurture_campaigns WHERE name = 'Broken campaign'`)).toEqual([]);
    // An SMS of exactly 480 characters is fine.
    await createTestCampaign(runtime, { status: 'DRAFT', steps: [{ delayDays: 0, channel: 'SMS', body: 'y'.repeat(480) }] });
  });

  it('moves a campaign only along its lifecycle; steps change only while DRAFT and going live needs one', async () => {
    const campaign = await createTestCampaign(runtime, { status: 'DRAFT', steps: [] });
    const empty = await changeStatus(campaign.id, 'ACTIVE');
    expect(empty.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(empty.errors?.[0].message).toMatch(/at least one step/);
    expect((await changeStatus(campaign.id, 'PAUSED')).errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');

    const setSteps = (steps: unknown[]) =>
      execute(runtime, `mutation($id: ID!, $steps: [NurtureStepInput!]!) { setNurtureCampaignSteps(campaignId: $id, steps: $steps) { steps { stepNumber delayDays channel subject } } }`, { id: campaign.id, steps }, manager());
    expect((await setSteps([{ delayDays: 0, channel: 'SMS', body: 'Hi {{contactName}}' }])).data?.setNurtureCampaignSteps.steps).toHaveLength(1);
    // Replacing all of them.
    const replaced = await setSteps(TEST_STEPS);
    expect(replaced.data?.setNurtureCampaignSteps.steps.map((s: { stepNumber: number; delayDays: number }) => [s.stepNumber, s.delayDays])).toEqual([[1, 0], [2, 3], [3, 7]]);

    expect((await changeStatus(campaign.id, 'ACTIVE')).data?.changeNurtureCampaignStatus.status).toBe('ACTIVE');
    expect((await setSteps(TEST_STEPS)).errors?.[0].extensions).toMatchObject({ field: 'steps', rule: 'ONLY_WHILE_DRAFT' });
    expect((await changeStatus(campaign.id, 'ACTIVE')).errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect((await changeStatus(campaign.id, 'DRAFT')).errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect((await changeStatus(campaign.id, 'PAUSED')).data?.changeNurtureCampaignStatus.status).toBe('PAUSED');
    expect((await changeStatus(campaign.id, 'ACTIVE')).data?.changeNurtureCampaignStatus.status).toBe('ACTIVE');
    expect((await changeStatus(campaign.id, 'ARCHIVED')).data?.changeNurtureCampaignStatus.status).toBe('ARCHIVED');
    const final = await changeStatus(campaign.id, 'ACTIVE');
    expect(final.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect(final.errors?.[0].message).toMatch(/ARCHIVED is final/);
  });

  it('refuses a campaign name that is blank once trimmed, naming the field', async () => {
    const result = await execute(runtime, `mutation($input: CreateNurtureCampaignInput!) { createNurtureCampaign(input: $input) { id } }`, { input: { name: '     ', steps: TEST_STEPS } }, manager());
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name', rule: 'NOT_EMPTY' });
    const short = await execute(runtime, `mutation($input: CreateNurtureCampaignInput!) { createNurtureCampaign(input: $input) { id } }`, { input: { name: ' x ', steps: TEST_STEPS } }, manager());
    expect(short.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name', rule: 'MIN_LENGTH' });
    const trimmed = await executeOk(runtime, `mutation($input: CreateNurtureCampaignInput!) { createNurtureCampaign(input: $input) { name } }`, { input: { name: '  Spaced name  ', steps: [] } }, manager());
    expect(trimmed.createNurtureCampaign.name).toBe('Spaced name');
  });

  it('lets only sales managers manage campaigns', async () => {
    const agent = await createTestAgent(runtime);
    const result = await execute(runtime, `mutation($input: CreateNurtureCampaignInput!) { createNurtureCampaign(input: $input) { id } }`, { input: { name: 'Agent campaign', steps: [] } }, asAgent(agent));
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('marketing consent', () => {
  it('records consent and its withdrawal with a note, a rising version and crm.lead.consent-changed', async () => {
    const lead = await consentingLead();
    const withdrawn = await recordConsent(lead.id, false);
    expect(withdrawn.data?.recordLeadMarketingConsent).toEqual({ id: lead.id, marketingConsent: false });
    const events = await outboxEventsOf(runtime, lead.id, CONSENT_CHANGED);
    expect(events.map((e) => [e.payload.marketingConsent, e.payload.version])).toEqual([[true, 1], [false, 2]]);
    expect(Object.keys(events[1].payload).sort()).toEqual(['changedAt', 'leadId', 'marketingConsent', 'version']);
    expect(events[1].payload.leadId).toBe(lead.id);
    expect(new Date(events[1].payload.changedAt).toISOString()).toBe(events[1].payload.changedAt);
    const data = await executeOk(runtime, `query($id: ID!) { lead(id: $id) { marketingConsent marketingConsentAt activities { type note } } }`, { id: lead.id }, manager());
    expect(data.lead.marketingConsent).toBe(false);
    expect(data.lead.marketingConsentAt).toBe(events[1].payload.changedAt);
    expect(data.lead.activities.map((a: { note: string }) => a.note)).toEqual(expect.arrayContaining(['Marketing consent given at intake', 'Marketing consent withdrawn (Phone call)']));
  });

  it('treats consent as personal data: an analyst without the PII grant is refused it', async () => {
    const lead = await consentingLead();
    const result = await execute(runtime, `query($id: ID!) { lead(id: $id) { id marketingConsent } }`, { id: lead.id }, staffActor('analyst-n', 'ANALYST'));
    // The field is non-null, so the refusal nulls the lead (as for contactName).
    expect(result.data?.lead).toBeNull();
    expect(result.errors?.[0]).toMatchObject({ path: ['lead', 'marketingConsent'], extensions: { code: 'FORBIDDEN' } });
    const granted = await executeOk(runtime, `query($id: ID!) { lead(id: $id) { marketingConsent } }`, { id: lead.id }, { ...staffActor('analyst-p', 'ANALYST'), grants: ['PII'] });
    expect(granted.lead.marketingConsent).toBe(true);
  });

  it("refuses an agent recording consent on another agent's lead", async () => {
    const territory = await createTestTerritory(runtime, ['Embu']);
    await createTestAgent(runtime, { territoryId: territory.id });
    const other = await createTestAgent(runtime);
    const lead = await createTestLead(runtime, 'Embu');
    expect((await recordConsent(lead.id, true, asAgent(other))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('enrolling leads', () => {
  it('enrols lead by lead: refusals reported, the others enrolled, an enrolled lead left as it is', async () => {
    const campaign = await createTestCampaign(runtime);
    const ok = await consentingLead();
    const noConsent = await createTestLead(runtime, 'Nairobi');
    const converted = await consentingLead();
    await convert(converted.id);
    const disqualified = await consentingLead();
    await moveLead(disqualified.id, 'DISQUALIFIED');
    const unknown = randomUUID();

    const first = await enrol(campaign.id, [ok.id, noConsent.id, converted.id, disqualified.id, unknown]);
    expect(first.enrolled.map((e) => [e.leadId, e.status])).toEqual([[ok.id, 'ACTIVE']]);
    expect(first.alreadyEnrolled).toEqual([]);
    expect(first.refused).toEqual([
      { leadId: noConsent.id, reason: 'NO_CONSENT' },
      { leadId: converted.id, reason: 'LEAD_CONVERTED' },
      { leadId: disqualified.id, reason: 'LEAD_DISQUALIFIED' },
      { leadId: unknown, reason: 'NOT_FOUND' },
    ]);

    // Again, and twice at once: the enrolment stays the one it was.
    const again = await Promise.all([enrol(campaign.id, [ok.id]), enrol(campaign.id, [ok.id])]);
    expect(again.map((r) => [r.enrolled.length, r.alreadyEnrolled])).toEqual([[0, [ok.id]], [0, [ok.id]]]);
    const rows = await runtime.dataSource.query(`SELECT id FROM nurture_enrolments WHERE campaign_id = $1`, [campaign.id]);
    expect(rows).toEqual([{ id: first.enrolled[0].id }]);
  });

  it('refuses a DRAFT campaign, and an agent enrolling another agent’s lead', async () => {
    const draft = await createTestCampaign(runtime, { status: 'DRAFT' });
    const lead = await consentingLead();
    const result = await execute(runtime, `mutation($c: ID!, $l: [ID!]!) { enrolLeadsInCampaign(campaignId: $c, leadIds: $l) { alreadyEnrolled } }`, { c: draft.id, l: [lead.id] }, manager());
    expect(result.errors?.[0].extensions).toMatchObject({ field: 'campaignId', rule: 'CAMPAIGN_OPEN' });

    const campaign = await createTestCampaign(runtime);
    const territory = await createTestTerritory(runtime, ['Meru']);
    const owner = await createTestAgent(runtime, { territoryId: territory.id });
    const other = await createTestAgent(runtime);
    const theirs = await consentingLead('Meru');
    // Another agent's lead is NOT_FOUND, as an id that does not exist: nothing tells the agent it does.
    expect((await enrol(campaign.id, [theirs.id], asAgent(other))).refused).toEqual([{ leadId: theirs.id, reason: 'NOT_FOUND' }]);
    expect((await enrol(campaign.id, [theirs.id], asAgent(owner))).enrolled).toHaveLength(1);
    // Not even that it is enrolled already.
    expect(await enrol(campaign.id, [theirs.id], asAgent(other))).toEqual({ enrolled: [], alreadyEnrolled: [], refused: [{ leadId: theirs.id, reason: 'NOT_FOUND' }] });
  });

  it('auto-enrols a new consenting lead in the ACTIVE auto-enrol campaigns whose audience it matches', async () => {
    const campaign = await createTestCampaign(runtime, { autoEnrol: true, audience: { regions: ['Kitui'], productInterests: ['PREMIER'] } });
    const strict = await createTestCampaign(runtime, { autoEnrol: true, audience: { regions: ['Kitui'], minScore: 95 } });
    const paused = await createTestCampaign(runtime, { autoEnrol: true, audience: { regions: ['Kitui'] } });
    await changeStatus(paused.id, 'PAUSED');

    const match = await consentingLead('Kitui', { productInterest: 'PREMIER' });
    const otherProduct = await consentingLead('Kitui', { productInterest: 'ESSENTIAL' });
    const noConsent = await createTestLead(runtime, 'Kitui', { productInterest: 'PREMIER' });
    expect((await enrolmentOf(campaign.id, match.id))?.status).toBe('ACTIVE');
    expect(await enrolmentOf(campaign.id, otherProduct.id)).toBeUndefined();
    expect(await enrolmentOf(campaign.id, noConsent.id)).toBeUndefined();
    // Below the minimum score, and a paused campaign: not enrolled.
    expect(await enrolmentOf(strict.id, match.id)).toBeUndefined();
    expect(await enrolmentOf(paused.id, match.id)).toBeUndefined();
    // Consent given later enrols the lead too.
    await recordConsent(noConsent.id, true);
    expect((await enrolmentOf(campaign.id, noConsent.id))?.status).toBe('ACTIVE');
  });

  it('auto-enrols the open, consenting, matching leads when an auto-enrol campaign is activated', async () => {
    const open = await consentingLead('Kajiado', { source: 'EVENT' });
    const otherSource = await consentingLead('Kajiado', { source: 'WEBSITE' });
    const closed = await consentingLead('Kajiado', { source: 'EVENT' });
    await moveLead(closed.id, 'DISQUALIFIED');
    const noConsent = await createTestLead(runtime, 'Kajiado', { source: 'EVENT' });
    const campaign = await createTestCampaign(runtime, { autoEnrol: true, audience: { regions: ['Kajiado'], sources: ['EVENT'] }, status: 'DRAFT' });
    expect(await enrolmentOf(campaign.id, open.id)).toBeUndefined();
    await changeStatus(campaign.id, 'ACTIVE');
    expect((await enrolmentOf(campaign.id, open.id))?.status).toBe('ACTIVE');
    expect(await enrolmentOf(campaign.id, otherSource.id)).toBeUndefined();
    expect(await enrolmentOf(campaign.id, closed.id)).toBeUndefined();
    // Matching, open, but without marketing consent: not enrolled.
    expect(await enrolmentOf(campaign.id, noConsent.id)).toBeUndefined();
  });
});

describe('auto-enrolment racing a campaign going live', () => {
  // The campaign's status change is held part-way: its scan of open leads waits on a matching
  // lead the test locks, so its snapshot is taken before the racing lead commits.
  it.each([
    ['a new lead comes in while an auto-enrol campaign is activated', 'Nyeri', 'DRAFT'],
    ['a lead gives consent while an auto-enrol campaign is resumed', 'Laikipia', 'PAUSED'],
  ] as const)('enrols the lead when %s', async (_, region, from) => {
    const blocker = await consentingLead(region);
    const late = from === 'PAUSED' ? await createTestLead(runtime, region) : null;
    const campaign = await createTestCampaign(runtime, { autoEnrol: true, audience: { regions: [region] }, status: from === 'DRAFT' ? 'DRAFT' : 'ACTIVE' });
    if (from === 'PAUSED') expect((await changeStatus(campaign.id, 'PAUSED')).errors).toBeUndefined();

    let arrivedId = late?.id;
    const [going, arriving] = await whileHolding(`SELECT 1 FROM leads WHERE id = $1 FOR UPDATE`, [blocker.id], async () => {
      const going = changeStatus(campaign.id, 'ACTIVE');
      await lockWaitsReach(1);
      const arrive = async (): Promise<void> => {
        if (late) expect((await recordConsent(late.id, true)).errors).toBeUndefined();
        else arrivedId = (await consentingLead(region)).id;
      };
      const arriving = tracked(arrive());
      // Fixed, the lead's transaction waits for the status change to commit (two waits); unfixed it went ahead without it.
      await lockWaitsReach(2, arriving.settled);
      return [going, arriving.promise] as const;
    });
    expect((await going).errors).toBeUndefined();
    await arriving;
    expect((await enrolmentOf(campaign.id, blocker.id))?.status).toBe('ACTIVE');
    expect((await enrolmentOf(campaign.id, arrivedId!))?.status).toBe('ACTIVE');
  });

  it('does not deadlock an activation with consent recorded again on a lead that had it', async () => {
    const [low, high] = (await Promise.all([consentingLead('Vihiga'), consentingLead('Vihiga')])).sort((a, b) => (a.id < b.id ? -1 : 1));
    const campaign = await createTestCampaign(runtime, { autoEnrol: true, audience: { regions: ['Vihiga'] }, status: 'DRAFT' });
    const [going, again] = await whileHolding(`SELECT 1 FROM leads WHERE id = $1 FOR UPDATE`, [low.id], async () => {
      // The activation share-locks the leads in id order: it waits on the lower one, the higher one still to come.
      const going = changeStatus(campaign.id, 'ACTIVE');
      await lockWaitsReach(1);
      // Consent given again (yes to yes) locks the higher lead; it must not then wait for the campaign.
      const again = tracked(recordConsent(high.id, true));
      await lockWaitsReach(2, again.settled);
      return [going, again.promise] as const;
    });
    expect((await going).errors).toBeUndefined();
    expect((await again).errors).toBeUndefined();
    expect((await enrolmentOf(campaign.id, low.id))?.status).toBe('ACTIVE');
    expect((await enrolmentOf(campaign.id, high.id))?.status).toBe('ACTIVE');
  });

  it('has the job enrol a recently consenting lead an auto-enrol campaign missed, once', async () => {
    const campaign = await createTestCampaign(runtime, { autoEnrol: true, audience: { regions: ['Siaya'] } });
    const missed = await createTestLead(runtime, 'Siaya');
    const long = await createTestLead(runtime, 'Siaya');
    const other = await createTestLead(runtime, 'Busia');
    // Consent set by a way that ran no hook (a data fix, or a lost race): nobody enrolled them.
    const consent = (leadId: string, at: Date) => runtime.dataSource.query(`UPDATE leads SET marketing_consent = true, marketing_consent_at = $2 WHERE id = $1`, [leadId, at]);
    await consent(missed.id, clock.now());
    await consent(other.id, clock.now());
    await consent(long.id, new Date(clock.now().getTime() - 3 * 86_400_000));
    expect(await enrolmentOf(campaign.id, missed.id)).toBeUndefined();

    await runJob();
    const enrolment = await enrolmentOf(campaign.id, missed.id);
    expect(enrolment?.status).toBe('ACTIVE');
    // In the same run its first step went.
    expect((await messagesOf(enrolment!.id)).map((m) => m.step_number)).toEqual([1]);
    // Outside the audience, or consent older than the job looks back: left alone.
    expect(await enrolmentOf(campaign.id, other.id)).toBeUndefined();
    expect(await enrolmentOf(campaign.id, long.id)).toBeUndefined();

    await Promise.all([runJob(), runJob()]);
    expect(await runtime.dataSource.query(`SELECT id FROM nurture_enrolments WHERE campaign_id = $1`, [campaign.id])).toEqual([{ id: enrolment!.id }]);
  });
});

describe('the nurture job', () => {
  it('sends each step at its time, once, with the contract payload, then completes', async () => {
    const territory = await createTestTerritory(runtime, ['Nyandarua']);
    const agent = await createTestAgent(runtime, { territoryId: territory.id, name: 'Otieno Agent' });
    const campaign = await createTestCampaign(runtime);
    const lead = await consentingLead('Nyandarua', { companyName: 'Baraka Bakers Ltd' });
    const [enrolment] = (await enrol(campaign.id, [lead.id])).enrolled;
    expect(agent.id).toBeTruthy();

    // 1. Day 0: the e-mail goes, rendered, and the job run again sends nothing more.
    await runJob();
    await runJob();
    let messages = await messagesOf(enrolment.id);
    expect(messages.map((m) => [m.step_number, m.channel, m.recipient, m.status])).toEqual([[1, 'EMAIL', 'wanjiru@example.co.ke', 'REQUESTED']]);
    expect(messages[0].body).toBe('Hello Wanjiru Kamau, Otieno Agent here about cover for Baraka Bakers Ltd.');
    const [event] = await outboxEventsOf(runtime, enrolment.id, MESSAGE_REQUESTED);
    expect(event.payload).toEqual({
      messageId: messages[0].id,
      enrolmentId: enrolment.id,
      campaignId: campaign.id,
      leadId: lead.id,
      stepNumber: 1,
      channel: 'EMAIL',
      recipient: 'wanjiru@example.co.ke',
      subject: 'Cover for Baraka Bakers Ltd',
      body: 'Hello Wanjiru Kamau, Otieno Agent here about cover for Baraka Bakers Ltd.',
      requestedAt: clock.now().toISOString(),
    });

    // 2. Two days on, nothing is due; on day three the SMS goes to the phone, without a subject.
    clock.advanceDays(2);
    await runJob();
    expect(await messagesOf(enrolment.id)).toHaveLength(1);
    clock.advanceDays(1);
    await runJob();
    messages = await messagesOf(enrolment.id);
    expect(messages.map((m) => [m.step_number, m.channel, m.recipient])).toEqual([[1, 'EMAIL', 'wanjiru@example.co.ke'], [2, 'SMS', '+254711222333']]);
    const events = await outboxEventsOf(runtime, enrolment.id, MESSAGE_REQUESTED);
    expect(events[1].payload).toMatchObject({ channel: 'SMS', subject: null, stepNumber: 2 });

    // 3. Day seven: the last step, and the enrolment is COMPLETED.
    clock.advanceDays(4);
    await runJob();
    expect((await messagesOf(enrolment.id)).map((m) => m.step_number)).toEqual([1, 2, 3]);
    expect(await enrolmentOf(campaign.id, lead.id)).toMatchObject({ status: 'COMPLETED', next_step_number: null, end_reason: 'ALL_STEPS_DONE' });
    clock.advanceDays(30);
    await runJob();
    expect(await outboxEventsOf(runtime, enrolment.id, MESSAGE_REQUESTED)).toHaveLength(3);
  });

  it('sends each step once when job runs overlap', async () => {
    const campaign = await createTestCampaign(runtime);
    const leads = await Promise.all(Array.from({ length: 12 }, () => consentingLead()));
    const { enrolled } = await enrol(campaign.id, leads.map((l) => l.id));
    expect(enrolled).toHaveLength(12);
    // Three runs at once over twelve due enrolments, then three more for the next step.
    await Promise.all([runJob(), runJob(), runJob()]);
    clock.advanceDays(3);
    await Promise.all([runJob(), runJob(), runJob()]);
    const rows: { enrolment_id: string; steps: number[] }[] = await runtime.dataSource.query(
      `SELECT enrolment_id, array_agg(step_number ORDER BY step_number) AS steps FROM nurture_messages WHERE enrolment_id = ANY($1) GROUP BY enrolment_id`,
      [enrolled.map((e) => e.id)],
    );
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.steps.join() === '1,2')).toBe(true);
    const [{ events }] = await runtime.dataSource.query(`SELECT count(*)::int AS events FROM outbox_events WHERE type = $1 AND aggregate_id = ANY($2)`, [MESSAGE_REQUESTED, enrolled.map((e) => e.id)]);
    expect(events).toBe(24);
  });

  it('skips a campaign a status change holds instead of waiting for it, and the archive then ends its enrolments', async () => {
    const archiving = await createTestCampaign(runtime);
    const going = await createTestCampaign(runtime);
    const [heldLead, otherLead] = await Promise.all([consentingLead(), consentingLead()]);
    const [held] = (await enrol(archiving.id, [heldLead.id])).enrolled;
    const [sent] = (await enrol(going.id, [otherLead.id])).enrolled;

    // The campaign row locked as changeNurtureCampaignStatus locks it first.
    const [waited, run] = await whileHolding(
      `SELECT 1 FROM nurture_campaigns WHERE id = $1 FOR UPDATE`,
      [archiving.id],
      async () => {
        const run = tracked(runJob());
        return [await lockWaitsReach(1, run.settled), run.promise] as const;
      },
      'rollback',
    );
    await run;
    // Unfixed, the job claimed the enrolment and then waited for its campaign (and archiving it then deadlocked).
    expect(waited).toBe(false);
    expect(await messagesOf(held.id)).toEqual([]);
    expect((await messagesOf(sent.id)).map((m) => m.step_number)).toEqual([1]);

    expect((await changeStatus(archiving.id, 'ARCHIVED')).errors).toBeUndefined();
    expect(await enrolmentOf(archiving.id, heldLead.id)).toMatchObject({ status: 'EXITED', end_reason: 'CAMPAIGN_ARCHIVED' });
    await runJob();
    expect(await messagesOf(held.id)).toEqual([]);
  });

  it('archives a campaign while the job is sending one of its steps: the archive waits, then ends the enrolment', async () => {
    const campaign = await createTestCampaign(runtime);
    const lead = await consentingLead();
    const [enrolment] = (await enrol(campaign.id, [lead.id])).enrolled;
    // An uncommitted message for the step holds the job after its claim, on the (enrolment, step) key.
    const [archived, run] = await whileHolding(
      `INSERT INTO nurture_messages (id, enrolment_id, step_number, channel, body, status, requested_at) VALUES ($1, $2, 1, 'EMAIL', 'held', 'REQUESTED', now())`,
      [randomUUID(), enrolment.id],
      async () => {
        const run = runJob();
        await lockWaitsReach(1);
        const archived = tracked(changeStatus(campaign.id, 'ARCHIVED'));
        // The archive waits for the job's share lock on the campaign.
        expect(await lockWaitsReach(2, archived.settled)).toBe(true);
        return [archived.promise, run] as const;
      },
      'rollback',
    );
    await run;
    expect((await archived).errors).toBeUndefined();
    expect((await messagesOf(enrolment.id)).map((m) => [m.step_number, m.status])).toEqual([[1, 'REQUESTED']]);
    expect(await enrolmentOf(campaign.id, lead.id)).toMatchObject({ status: 'EXITED', end_reason: 'CAMPAIGN_ARCHIVED' });
  });

  it('sends nothing while a campaign is paused, and goes on when it is resumed', async () => {
    const campaign = await createTestCampaign(runtime);
    const lead = await consentingLead();
    const [enrolment] = (await enrol(campaign.id, [lead.id])).enrolled;
    await changeStatus(campaign.id, 'PAUSED');
    clock.advanceDays(1);
    await runJob();
    expect(await messagesOf(enrolment.id)).toEqual([]);
    await changeStatus(campaign.id, 'ACTIVE');
    await runJob();
    expect((await messagesOf(enrolment.id)).map((m) => m.step_number)).toEqual([1]);
  });

  it('ends enrolments when the lead converts or is disqualified, in the same change', async () => {
    const campaign = await createTestCampaign(runtime);
    const converting = await consentingLead();
    const disqualified = await consentingLead();
    await enrol(campaign.id, [converting.id, disqualified.id]);
    await convert(converting.id);
    await moveLead(disqualified.id, 'DISQUALIFIED');
    expect(await enrolmentOf(campaign.id, converting.id)).toMatchObject({ status: 'CONVERTED', end_reason: 'LEAD_CONVERTED' });
    expect(await enrolmentOf(campaign.id, disqualified.id)).toMatchObject({ status: 'EXITED', end_reason: 'LEAD_DISQUALIFIED' });
    await runJob();
    expect(await runtime.dataSource.query(`SELECT 1 FROM nurture_messages m JOIN nurture_enrolments e ON e.id = m.enrolment_id WHERE e.campaign_id = $1`, [campaign.id])).toEqual([]);
    const stats = await executeOk(runtime, `query($id: ID!) { nurtureCampaign(id: $id) { stats { enrolled active converted exited conversionRateBps messagesRequested } } }`, { id: campaign.id }, manager());
    expect(stats.nurtureCampaign.stats).toEqual({ enrolled: 2, active: 0, converted: 1, exited: 1, conversionRateBps: 5000, messagesRequested: 0 });
  });

  it('opts a lead out when consent is withdrawn, and re-checks the lead before each send', async () => {
    const campaign = await createTestCampaign(runtime);
    const withdrawing = await consentingLead();
    const quiet = await consentingLead();
    await enrol(campaign.id, [withdrawing.id, quiet.id]);
    await recordConsent(withdrawing.id, false);
    expect(await enrolmentOf(campaign.id, withdrawing.id)).toMatchObject({ status: 'OPTED_OUT', end_reason: 'CONSENT_WITHDRAWN' });
    // Consent gone by a way that ran no hook (a data fix): the job still sends nothing and opts the lead out.
    await runtime.dataSource.query(`UPDATE leads SET marketing_consent = false WHERE id = $1`, [quiet.id]);
    await runJob();
    const enrolment = await enrolmentOf(campaign.id, quiet.id);
    expect(enrolment).toMatchObject({ status: 'OPTED_OUT', end_reason: 'CONSENT_WITHDRAWN' });
    expect(await messagesOf(enrolment!.id)).toEqual([]);
  });

  it('suppresses a step the lead has no contact for (NO_CONTACT), asks engagement for nothing, and moves on', async () => {
    const campaign = await createTestCampaign(runtime);
    const lead = await consentingLead('Nairobi', { contactEmail: null });
    const [enrolment] = (await enrol(campaign.id, [lead.id])).enrolled;
    await runJob();
    clock.advanceDays(3);
    await runJob();
    expect((await messagesOf(enrolment.id)).map((m) => [m.step_number, m.status, m.reason, m.recipient])).toEqual([
      [1, 'SUPPRESSED', 'NO_CONTACT', null],
      [2, 'REQUESTED', null, '+254711222333'],
    ]);
    expect((await outboxEventsOf(runtime, enrolment.id, MESSAGE_REQUESTED)).map((e) => e.payload.stepNumber)).toEqual([2]);
  });
});

describe('delivery outcomes from engagement', () => {
  const deliver = (payload: MessageSettledPayload, id?: string) =>
    handleOnce(runtime.dataSource, crm.subscriptions!, runtime.services, { ...domainEvent(MESSAGE_SETTLED, payload.messageId, payload), ...(id ? { id } : {}) });

  it('settles a message once, however often the outcome arrives, and ignores an unknown message', async () => {
    const campaign = await createTestCampaign(runtime);
    const lead = await consentingLead();
    const [enrolment] = (await enrol(campaign.id, [lead.id])).enrolled;
    await runJob();
    const [message] = await messagesOf(enrolment.id);
    const sent: MessageSettledPayload = { messageId: message.id, leadId: lead.id, status: 'SENT', reason: null, providerMessageId: 'sg-123', settledAt: '2026-05-04T07:00:00.000Z' };
    const eventId = randomUUID();
    expect(await deliver(sent, eventId)).toBe(true);
    expect(await deliver(sent, eventId)).toBe(false);
    // A different event for the same message (a republish) changes nothing either.
    await deliver({ ...sent, status: 'FAILED', reason: 'BOUNCED', providerMessageId: null });
    const [row] = await runtime.dataSource.query(`SELECT status, reason, provider_message_id, settled_at FROM nurture_messages WHERE id = $1`, [message.id]);
    expect(row).toEqual({ status: 'SENT', reason: null, provider_message_id: 'sg-123', settled_at: new Date('2026-05-04T07:00:00.000Z') });

    expect(await deliver({ ...sent, messageId: randomUUID() })).toBe(true);
    const stats = await executeOk(runtime, `query($id: ID!) { nurtureCampaign(id: $id) { stats { messagesSent messagesRequested } } }`, { id: campaign.id }, manager());
    expect(stats.nurtureCampaign.stats).toEqual({ messagesSent: 1, messagesRequested: 0 });
  });
});

describe('who sees enrolments', () => {
  it("shows a sales agent only their own leads' enrolments and messages", async () => {
    const territory = await createTestTerritory(runtime, ['Bomet']);
    const mine = await createTestAgent(runtime, { territoryId: territory.id });
    const campaign = await createTestCampaign(runtime);
    const myLead = await consentingLead('Bomet');
    const otherTerritory = await createTestTerritory(runtime, ['Narok']);
    const other = await createTestAgent(runtime, { territoryId: otherTerritory.id });
    const theirLead = await consentingLead('Narok');
    await enrol(campaign.id, [myLead.id, theirLead.id]);
    await runJob();

    const query = `query($id: ID!) { nurtureCampaign(id: $id) { name enrolments(first: 50) { edges { node { leadId status messages { recipient body } } } } } }`;
    const asMine = await executeOk(runtime, query, { id: campaign.id }, asAgent(mine));
    expect(asMine.nurtureCampaign.enrolments.edges.map((e: { node: { leadId: string } }) => e.node.leadId)).toEqual([myLead.id]);
    expect(asMine.nurtureCampaign.enrolments.edges[0].node.messages[0].recipient).toBe('wanjiru@example.co.ke');
    const asManager = await executeOk(runtime, query, { id: campaign.id }, manager());
    expect(asManager.nurtureCampaign.enrolments.edges.map((e: { node: { leadId: string } }) => e.node.leadId).sort()).toEqual([myLead.id, theirLead.id].sort());

    // Through the other agent's lead: refused, and nothing of it reaches the agent.
    const theirs = await execute(runtime, `query($id: ID!) { lead(id: $id) { nurtureEnrolments { status messages { body } } } }`, { id: theirLead.id }, asAgent(mine));
    expect(theirs.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(theirs.data)).not.toContain('Wanjiru');
    const own = await executeOk(runtime, `query($id: ID!) { lead(id: $id) { nurtureEnrolments { campaign { id } messages { stepNumber status } } } }`, { id: theirLead.id }, asAgent(other));
    expect(own.lead.nurtureEnrolments).toEqual([{ campaign: { id: campaign.id }, messages: [{ stepNumber: 1, status: 'REQUESTED' }] }]);

    // Engagement's outcome: a reason quoting the address, and the provider's id.
    const [message] = await runtime.dataSource.query(`SELECT m.id FROM nurture_messages m JOIN nurture_enrolments e ON e.id = m.enrolment_id WHERE e.lead_id = $1`, [myLead.id]);
    await runtime.dataSource.transaction((tx) =>
      runtime.services.nurture.onMessageSettled(tx, { messageId: message.id, leadId: myLead.id, status: 'FAILED', reason: 'Mailbox wanjiru@example.co.ke is full', providerMessageId: 'sg-pii-1', settledAt: clock.now().toISOString() }),
    );

    // An analyst sees statuses, not where messages went, what they said or what became of them.
    const messageQuery = `query($id: ID!) { lead(id: $id) { nurtureEnrolments { status messages { status reason providerMessageId body } } } }`;
    const analyst = await execute(runtime, messageQuery, { id: myLead.id }, staffActor('analyst-m', 'ANALYST'));
    expect(analyst.errors?.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect(new Set(analyst.errors?.map((e) => e.path?.at(-1)))).toEqual(new Set(['reason', 'providerMessageId', 'body']));
    expect(JSON.stringify(analyst.data)).not.toContain('Wanjiru');
    expect(JSON.stringify(analyst.data)).not.toContain('wanjiru@');
    expect(JSON.stringify(analyst.data)).not.toContain('sg-pii-1');
    const granted = await executeOk(runtime, messageQuery, { id: myLead.id }, { ...staffActor('analyst-g', 'ANALYST'), grants: ['PII'] });
    expect(granted.lead.nurtureEnrolments[0].messages[0]).toMatchObject({ status: 'FAILED', reason: 'Mailbox wanjiru@example.co.ke is full', providerMessageId: 'sg-pii-1' });
  });
});
