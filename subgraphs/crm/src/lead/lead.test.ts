import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, staffActor, startTestSubgraph } from '../../../../kit/testing';
import type { CrmLoaders } from '../loaders';
import type { CrmServices } from '../services';
import { crmSubgraph } from '../subgraph';
import { createTestAgent, createTestLead, createTestTerritory, manager } from '../testing';

let runtime: SubgraphRuntime<CrmServices, CrmLoaders>;
beforeAll(async () => {
  runtime = await startTestSubgraph(crmSubgraph);
});
afterAll(() => runtime.stop());

const asAgent = (agent: { userId: string }) => staffActor(agent.userId, 'SALES_AGENT');

describe('lead routing', () => {
  it('routes each lead to the least-loaded active agent of the territory covering its county', async () => {
    const territory = await createTestTerritory(runtime, ['Lamu']);
    const b = await createTestAgent(runtime, { agentCode: 'LAMU-B', territoryId: territory.id });
    const a = await createTestAgent(runtime, { agentCode: 'LAMU-A', territoryId: territory.id });
    // Equal loads go to the lower code, then the other one catches up.
    const routed = [];
    for (let i = 0; i < 4; i += 1) routed.push((await createTestLead(runtime, 'Lamu')).agentId);
    expect(routed).toEqual([a.id, b.id, a.id, b.id]);
    // An inactive agent takes no leads.
    await executeOk(runtime, `mutation($input: UpdateAgentInput!) { updateAgent(input: $input) { id } }`, { input: { agentId: a.id, status: 'INACTIVE' } }, manager());
    expect((await createTestLead(runtime, 'Lamu')).agentId).toBe(b.id);
  });

  it('spreads leads arriving at once over the territory’s agents', async () => {
    const territory = await createTestTerritory(runtime, ['Samburu']);
    const agents = [await createTestAgent(runtime, { territoryId: territory.id }), await createTestAgent(runtime, { territoryId: territory.id })];
    const routed = await Promise.all([1, 2, 3, 4, 5, 6].map(() => createTestLead(runtime, 'Samburu')));
    // Each lead counts the ones routed before it, so six go three and three.
    expect(agents.map((agent) => routed.filter((lead) => lead.agentId === agent.id).length)).toEqual([3, 3]);
  });

  it('leaves a lead from an uncovered county unassigned, scored down for it', async () => {
    const lead = await createTestLead(runtime, 'Mandera', { source: 'WEBSITE', employeeCount: 25 });
    expect(lead.agentId).toBeNull();
    const data = await executeOk(runtime, `query($id: ID!) { lead(id: $id) { score { total grade signals { signal points reason } } } }`, { id: lead.id }, manager());
    expect(data.lead.score).toEqual({
      total: 15,
      grade: 'D',
      signals: [
        { signal: 'SOURCE', points: 10, reason: 'Came in as website' },
        { signal: 'GROUP_SIZE', points: 10, reason: '25 people to cover: a small group (10-49)' },
        { signal: 'BUDGET_FIT', points: 0, reason: 'No budget given yet' },
        { signal: 'ENGAGEMENT', points: 0, reason: 'Not contacted yet' },
        { signal: 'TERRITORY', points: -5, reason: 'No sales territory covers Mandera' },
      ],
    });
  });

  it('refuses a county that is not Kenyan, naming the field and rule', async () => {
    const result = await execute(
      runtime,
      `mutation($input: CreateLeadInput!) { createLead(input: $input) { id } }`,
      { input: { contactName: 'X Y', contactPhone: '+254711000000', employeeCount: 3, region: 'Atlantis', source: 'EVENT' } },
      manager(),
    );
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'region', rule: 'KENYAN_COUNTY' });
  });
});

describe('who sees and works a lead', () => {
  let mine: { id: string };
  let agent: Awaited<ReturnType<typeof createTestAgent>>;
  let other: Awaited<ReturnType<typeof createTestAgent>>;
  beforeAll(async () => {
    const territory = await createTestTerritory(runtime, ['Marsabit']);
    agent = await createTestAgent(runtime, { territoryId: territory.id });
    other = await createTestAgent(runtime);
    mine = await createTestLead(runtime, 'Marsabit');
  });

  it('shows a sales agent their own lead, contact details included', async () => {
    const data = await executeOk(runtime, `query($id: ID!) { lead(id: $id) { id contactPhone agent { id } } }`, { id: mine.id }, asAgent(agent));
    expect(data.lead).toEqual({ id: mine.id, contactPhone: '+254711222333', agent: { id: agent.id } });
    const list = await executeOk(runtime, `{ leads(first: 100) { edges { node { id agentId } } } }`, {}, asAgent(agent));
    expect(list.leads.edges.map((e: { node: { agentId: string } }) => e.node.agentId)).toEqual(list.leads.edges.map(() => agent.id));
    expect(list.leads.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(mine.id);
  });

  it("refuses another agent's lead (FORBIDDEN, null) and leaves it out of their list; a manager sees it", async () => {
    const result = await execute(runtime, `query($id: ID!) { lead(id: $id) { id contactName } }`, { id: mine.id }, asAgent(other));
    expect(result.data?.lead).toBeNull();
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const list = await executeOk(runtime, `{ leads(first: 100) { edges { node { id } } } }`, {}, asAgent(other));
    expect(list.leads.edges).toEqual([]);
    const work = await execute(runtime, `mutation($input: ChangeLeadStatusInput!) { changeLeadStatus(input: $input) { id } }`, { input: { leadId: mine.id, status: 'CONTACTED' } }, asAgent(other));
    expect(work.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const asManager = await executeOk(runtime, `query($id: ID!) { lead(id: $id) { id contactName } }`, { id: mine.id }, manager());
    expect(asManager.lead).toEqual({ id: mine.id, contactName: 'Wanjiru Kamau' });
  });

  it("lets an analyst read a lead's plain fields but not its phone", async () => {
    const analyst = staffActor('analyst-1', 'ANALYST');
    const plain = await executeOk(runtime, `query($id: ID!) { lead(id: $id) { id region employeeCount score { total } } }`, { id: mine.id }, analyst);
    expect(plain.lead).toMatchObject({ id: mine.id, region: 'Marsabit', employeeCount: 25 });
    const phone = await execute(runtime, `query($id: ID!) { lead(id: $id) { id contactPhone } }`, { id: mine.id }, analyst);
    expect(phone.data?.lead).toEqual({ id: mine.id, contactPhone: null });
    expect(phone.errors?.[0]).toMatchObject({ path: ['lead', 'contactPhone'], extensions: { code: 'FORBIDDEN' } });
    expect(phone.errors?.[0].message).toMatch(/personal data/);
  });

  it('refuses an analyst without the PII grant the free text about a lead: disqualification reason and activity notes', async () => {
    const lead = await createTestLead(runtime, 'Marsabit');
    await executeOk(runtime, `mutation($input: LogLeadActivityInput!) { logLeadActivity(input: $input) { id } }`, { input: { leadId: lead.id, type: 'NOTE', note: 'Director is recovering from surgery' } }, manager());
    await executeOk(runtime, `mutation($input: ChangeLeadStatusInput!) { changeLeadStatus(input: $input) { id } }`, { input: { leadId: lead.id, status: 'DISQUALIFIED', reason: 'Owner bankrupt' } }, manager());
    const analyst = staffActor('analyst-2', 'ANALYST');

    const reason = await execute(runtime, `query($id: ID!) { lead(id: $id) { id status disqualificationReason } }`, { id: lead.id }, analyst);
    expect(reason.data?.lead).toEqual({ id: lead.id, status: 'DISQUALIFIED', disqualificationReason: null });
    expect(reason.errors?.[0]).toMatchObject({ path: ['lead', 'disqualificationReason'], extensions: { code: 'FORBIDDEN' } });
    // The activities' types are plain; their notes are refused (and no note reaches the analyst).
    expect((await executeOk(runtime, `query($id: ID!) { lead(id: $id) { activities { type } } }`, { id: lead.id }, analyst)).lead.activities).toHaveLength(3);
    const notes = await execute(runtime, `query($id: ID!) { lead(id: $id) { activities { type note } } }`, { id: lead.id }, analyst);
    expect(notes.errors?.length).toBeGreaterThan(0);
    expect(notes.errors?.every((e) => e.extensions?.code === 'FORBIDDEN' && e.path?.at(-1) === 'note')).toBe(true);
    expect(JSON.stringify(notes.data)).not.toContain('surgery');

    const query = `query($id: ID!) { lead(id: $id) { disqualificationReason activities { type note } } }`;
    const granted = await executeOk(runtime, query, { id: lead.id }, { ...staffActor('analyst-3', 'ANALYST'), grants: ['PII'] });
    expect(granted.lead.disqualificationReason).toBe('Owner bankrupt');
    expect(granted.lead.activities.map((a: { note: string }) => a.note)).toContain('Director is recovering from surgery');
  });
});

describe('working a lead into a won opportunity', () => {
  it('contacts, qualifies and converts a lead, then moves its opportunity through the pipeline with history', async () => {
    const territory = await createTestTerritory(runtime, ['Wajir']);
    const agent = await createTestAgent(runtime, { territoryId: territory.id });
    const lead = await createTestLead(runtime, 'Wajir', { budget: { amount: '540000.00', currency: 'KES' } });
    const me = asAgent(agent);

    // 1. A call marks it CONTACTED; converting before it is qualified is refused.
    const called = await executeOk(runtime, `mutation($input: LogLeadActivityInput!) { logLeadActivity(input: $input) { status lastContactedAt } }`, { input: { leadId: lead.id, type: 'CALL', note: 'Discussed cover for staff' } }, me);
    expect(called.logLeadActivity.status).toBe('CONTACTED');
    const early = await execute(runtime, `mutation($input: ConvertLeadInput!) { convertLead(input: $input) { id } }`, { input: { leadId: lead.id } }, me);
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION' });

    // 2. Qualified, then converted: the opportunity opens in PROSPECTING with the budget as expected premium.
    await executeOk(runtime, `mutation($input: ChangeLeadStatusInput!) { changeLeadStatus(input: $input) { status } }`, { input: { leadId: lead.id, status: 'QUALIFIED' } }, me);
    const converted = await executeOk(runtime, `mutation($input: ConvertLeadInput!) { convertLead(input: $input) { id stage agentId expectedAnnualPremium { minorUnits } } }`, { input: { leadId: lead.id } }, me);
    const opportunity = converted.convertLead;
    expect(opportunity).toMatchObject({ stage: 'PROSPECTING', agentId: agent.id, expectedAnnualPremium: { minorUnits: '54000000' } });

    // 3. Skipping a stage is refused naming the field and rule; losing needs a reason.
    const move = (stage: string, reason?: string) =>
      execute(runtime, `mutation($input: MoveOpportunityInput!) { moveOpportunity(input: $input) { stage } }`, { input: { opportunityId: opportunity.id, stage, reason } }, me);
    expect((await move('CLOSED_WON')).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'stage', rule: 'ALLOWED_TRANSITION' });
    expect((await move('CLOSED_LOST')).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason', rule: 'REQUIRED_WHEN_LOST' });
    for (const stage of ['QUALIFICATION', 'PROPOSAL', 'CLOSED_WON']) expect((await move(stage)).errors).toBeUndefined();

    const data = await executeOk(
      runtime,
      `query($id: ID!) { lead(id: $id) { status convertedOn activities { type } opportunity { stage closedOn stageHistory { fromStage toStage actorId } } } }`,
      { id: lead.id },
      me,
    );
    expect(data.lead.status).toBe('CONVERTED');
    expect(data.lead.activities.map((a: { type: string }) => a.type)).toEqual(['ASSIGNED', 'CALL', 'STATUS_CHANGE', 'STATUS_CHANGE', 'STATUS_CHANGE']);
    expect(data.lead.opportunity.stageHistory).toEqual([
      { fromStage: null, toStage: 'PROSPECTING', actorId: agent.userId },
      { fromStage: 'PROSPECTING', toStage: 'QUALIFICATION', actorId: agent.userId },
      { fromStage: 'QUALIFICATION', toStage: 'PROPOSAL', actorId: agent.userId },
      { fromStage: 'PROPOSAL', toStage: 'CLOSED_WON', actorId: agent.userId },
    ]);
    expect(data.lead.opportunity.closedOn).toBe(data.lead.convertedOn);
  });

  it("names an individual's opportunity after the lead's reference, never the contact's name", async () => {
    const lead = await createTestLead(runtime, 'Isiolo', { companyName: null, employeeCount: 1 });
    for (const status of ['CONTACTED', 'QUALIFIED']) {
      await executeOk(runtime, `mutation($input: ChangeLeadStatusInput!) { changeLeadStatus(input: $input) { id } }`, { input: { leadId: lead.id, status } }, manager());
    }
    const converted = await executeOk(runtime, `mutation($input: ConvertLeadInput!) { convertLead(input: $input) { name } }`, { input: { leadId: lead.id } }, manager());
    expect(converted.convertLead.name).toBe(`Lead ${lead.id.slice(0, 8).toUpperCase()}`);
  });

  it('disqualifies only with a reason', async () => {
    const lead = await createTestLead(runtime, 'Isiolo');
    const disqualify = (reason?: string) =>
      execute(runtime, `mutation($input: ChangeLeadStatusInput!) { changeLeadStatus(input: $input) { status disqualificationReason } }`, { input: { leadId: lead.id, status: 'DISQUALIFIED', reason } }, manager());
    expect((await disqualify()).errors?.[0].extensions).toMatchObject({ field: 'reason', rule: 'REQUIRED_TO_DISQUALIFY' });
    expect((await disqualify('No budget this year')).data?.changeLeadStatus).toEqual({ status: 'DISQUALIFIED', disqualificationReason: 'No budget this year' });
  });
});
