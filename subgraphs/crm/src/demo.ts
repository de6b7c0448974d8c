import type { EntityManager } from 'typeorm';
import { DEMO_TERRITORIES, demoSalesAgents, type DemoPlan } from '../../../demo/plan';
import { addDays } from '../../../kit/dates';
import { Agent, AgentStatus } from './agent/agent.entity';
import { SalesTeam } from './agent/sales-team.entity';
import { Territory } from './agent/territory.entity';
import { CommissionTier, TierBasis } from './commission/commission-tier.entity';
import { LeadActivity, LeadActivityType } from './lead/lead-activity.entity';
import { Lead, LeadSource, LeadStatus, ProductInterest } from './lead/lead.entity';
import { NurtureCampaign, NurtureCampaignStatus } from './nurture/nurture-campaign.entity';
import { NurtureChannel, NurtureStep } from './nurture/nurture-step.entity';
import { opportunityNameFor } from './lead/lead.rules';
import { OpportunityStageChange } from './opportunity/opportunity-stage-change.entity';
import { Opportunity, OpportunityStage } from './opportunity/opportunity.entity';

const DEMO_ACTOR = 'system:demo-seed';

/** How many staff users identity's demo creates before its sales agent (its ids come from `identity-users` in that order). */
const IDENTITY_USERS_BEFORE_SALES_AGENT = 5;

const PROSPECTS = [
  'Jambo Courier Services', 'Baraka Hardware Ltd', 'Tausi Schools Trust', 'Mvua Agrovet Supplies', 'Nuru Solar Kenya', 'Pwani Fisheries Co-op',
  'Simba Security Services', 'Upendo Children’s Homes', 'Kilele Engineering', 'Amani Microfinance', 'Zuri Salons Group', 'Tembo Construction',
  'Bahari Boat Builders', 'Neema Pharmaceuticals', 'Mlima Coffee Growers', 'Faraja Care Homes', 'Riziki Supermarkets', 'Uhuru Printing Press',
  'Msitu Timber Works', 'Jua Kali Artisans Sacco',
];
const CONTACTS = ['Achieng Otieno', 'Kamau Njoroge', 'Fatuma Said', 'Kiprono Bett', 'Wanjiku Maina', 'Omar Athman', 'Nafula Wekesa', 'Mutiso Kilonzo'];
const LEAD_REGIONS = ['Nairobi', 'Kiambu', 'Mombasa', 'Kilifi', 'Kisumu', 'Nakuru', 'Kericho', 'Machakos', 'Turkana', 'Nyeri'];

/**
 * Seeds the sales organisation of the demo world: three territories, two teams, six agents (the
 * first is identity's demo sales agent), commission tiers, and forty leads across every status
 * with the opportunities of those converted. Commission comes from the schemes' policy events,
 * which name the agents that sold them (`demoPolicySellers`).
 */
export async function seedCrmDemo(manager: EntityManager, plan: DemoPlan): Promise<void> {
  const random = plan.random('crm');
  const agents = demoSalesAgents(plan);

  const territoryIds = new Map<string, string>();
  for (const [name, regions] of Object.entries(DEMO_TERRITORIES)) {
    const id = random.uuid();
    territoryIds.set(name, id);
    await manager.insert(Territory, { id, name, regions });
  }
  const teamIds = new Map([
    ['Corporate Sales', random.uuid()],
    ['Regional Sales', random.uuid()],
  ]);
  for (const [name, id] of teamIds) await manager.insert(SalesTeam, { id, name, managerAgentId: null });

  const identityIds = plan.random('identity-users');
  for (let i = 0; i < IDENTITY_USERS_BEFORE_SALES_AGENT; i += 1) identityIds.uuid();
  const salesUserId = identityIds.uuid();
  await manager.insert(
    Agent,
    agents.map((a, i) => ({
      id: a.id,
      agentCode: a.agentCode,
      name: a.name,
      email: `${a.name.toLowerCase().replace(/[^a-z]+/g, '.')}@sales.demo.mcs.test`,
      phone: `+2547220000${String(i + 1).padStart(2, '0')}`,
      userId: i === 0 ? salesUserId : null,
      teamId: teamIds.get(a.team)!,
      territoryId: territoryIds.get(a.territory)!,
      status: AgentStatus.ACTIVE,
      hireDate: addDays('2022-01-10', i * 97),
    })),
  );
  // Each team is led by its most senior agent.
  await manager.update(SalesTeam, { id: teamIds.get('Corporate Sales')! }, { managerAgentId: agents[0].id });
  await manager.update(SalesTeam, { id: teamIds.get('Regional Sales')! }, { managerAgentId: agents[2].id });

  const premier = plan.schemes.find((s) => s.code === 'PREMIER')!;
  await manager.insert(CommissionTier, [
    { id: random.uuid(), name: 'Standard (1-5 policies a month)', schemeId: null, basis: TierBasis.POLICY_COUNT, bandFrom: 1, bandTo: 5, rateBps: 1000, currency: plan.currency, effectiveFrom: '2026-01-01', effectiveTo: null },
    { id: random.uuid(), name: 'High volume (6+ policies a month)', schemeId: null, basis: TierBasis.POLICY_COUNT, bandFrom: 6, bandTo: null, rateBps: 1250, currency: plan.currency, effectiveFrom: '2026-01-01', effectiveTo: null },
    { id: random.uuid(), name: 'Premier product', schemeId: premier.id, basis: TierBasis.POLICY_COUNT, bandFrom: 1, bandTo: null, rateBps: 1500, currency: plan.currency, effectiveFrom: '2026-01-01', effectiveTo: null },
  ]);

  const statuses = [LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.QUALIFIED, LeadStatus.CONVERTED, LeadStatus.DISQUALIFIED];
  const sources = Object.values(LeadSource);
  const products = Object.values(ProductInterest);
  const covered = new Map(Object.entries(DEMO_TERRITORIES).flatMap(([t, regions]) => regions.map((r) => [r, t] as const)));
  const byTerritory = (territory: string) => agents.filter((a) => a.territory === territory);
  const turn = new Map<string, number>();
  const activities: Partial<LeadActivity>[] = [];
  const stageChanges: Partial<OpportunityStageChange>[] = [];
  for (let i = 0; i < 40; i += 1) {
    const status = statuses[i % statuses.length];
    const region = LEAD_REGIONS[i % LEAD_REGIONS.length];
    const territory = covered.get(region);
    const n = territory ? (turn.get(territory) ?? 0) : 0;
    if (territory) turn.set(territory, n + 1);
    const agent = territory ? byTerritory(territory)[n % byTerritory(territory).length] : null;
    const receivedOn = addDays('2026-01-05', random.int(0, 290));
    const contacted = status !== LeadStatus.NEW;
    const employees = random.pick([1, 4, 12, 30, 45, 80, 150, 260]);
    const product = random.pick(products);
    const company = PROSPECTS[i % PROSPECTS.length];
    const lead = {
      id: random.uuid(),
      contactName: random.pick(CONTACTS),
      contactPhone: `+2547${String(random.int(10_000_000, 99_999_999))}`,
      contactEmail: `info${i + 1}@${company.toLowerCase().replace(/[^a-z]+/g, '')}.co.ke`,
      companyName: employees > 1 ? company : null,
      employeeCount: employees,
      region,
      source: sources[i % sources.length],
      productInterest: product,
      budgetMinor: random.chance(0.7) ? employees * random.int(15_000, 95_000) * 100 : null,
      currency: plan.currency,
      status,
      disqualificationReason: status === LeadStatus.DISQUALIFIED ? random.pick(['No budget this year', 'Chose a competitor', 'Too small for group cover']) : null,
      agentId: agent?.id ?? null,
      receivedOn,
      convertedOn: status === LeadStatus.CONVERTED ? addDays(receivedOn, 21) : null,
      lastContactedAt: contacted ? new Date(`${addDays(receivedOn, 3)}T09:00:00Z`) : null,
    };
    await manager.insert(Lead, lead);
    const at = (date: string) => new Date(`${date}T09:00:00Z`);
    activities.push({ id: random.uuid(), leadId: lead.id, type: LeadActivityType.ASSIGNED, note: agent ? `Routed to ${agent.agentCode}` : `No territory covers ${region}: unassigned`, actorId: DEMO_ACTOR, occurredAt: at(receivedOn) });
    if (contacted) activities.push({ id: random.uuid(), leadId: lead.id, type: LeadActivityType.CALL, note: 'Introductory call', actorId: DEMO_ACTOR, occurredAt: at(addDays(receivedOn, 3)) });
    if (status !== LeadStatus.CONVERTED) continue;

    const stage = [OpportunityStage.PROSPECTING, OpportunityStage.PROPOSAL, OpportunityStage.NEGOTIATION, OpportunityStage.CLOSED_WON, OpportunityStage.CLOSED_LOST][Math.floor(i / 5) % 5];
    const path = {
      PROSPECTING: [OpportunityStage.PROSPECTING],
      QUALIFICATION: [OpportunityStage.PROSPECTING, OpportunityStage.QUALIFICATION],
      PROPOSAL: [OpportunityStage.PROSPECTING, OpportunityStage.QUALIFICATION, OpportunityStage.PROPOSAL],
      NEGOTIATION: [OpportunityStage.PROSPECTING, OpportunityStage.QUALIFICATION, OpportunityStage.PROPOSAL, OpportunityStage.NEGOTIATION],
      CLOSED_WON: [OpportunityStage.PROSPECTING, OpportunityStage.QUALIFICATION, OpportunityStage.PROPOSAL, OpportunityStage.CLOSED_WON],
      CLOSED_LOST: [OpportunityStage.PROSPECTING, OpportunityStage.QUALIFICATION, OpportunityStage.CLOSED_LOST],
    }[stage];
    const opened = lead.convertedOn!;
    const closedOn = stage === OpportunityStage.CLOSED_WON || stage === OpportunityStage.CLOSED_LOST ? addDays(opened, 7 * (path.length - 1)) : null;
    const opportunity = {
      id: random.uuid(),
      leadId: lead.id,
      agentId: lead.agentId,
      name: opportunityNameFor(lead),
      stage,
      schemeId: product === ProductInterest.UNDECIDED ? null : plan.schemes.find((s) => s.code === product)!.id,
      expectedPremiumMinor: lead.budgetMinor ?? employees * 4_680_000,
      currency: plan.currency,
      lostReason: stage === OpportunityStage.CLOSED_LOST ? 'Price above budget' : null,
      policyId: null,
      closedOn,
    };
    await manager.insert(Opportunity, opportunity);
    path.forEach((to, step) =>
      stageChanges.push({
        id: random.uuid(),
        opportunityId: opportunity.id,
        fromStage: step === 0 ? null : path[step - 1],
        toStage: to,
        actorId: DEMO_ACTOR,
        reason: step === 0 ? 'Converted from a qualified lead' : to === OpportunityStage.CLOSED_LOST ? 'Price above budget' : null,
        changedAt: at(addDays(opened, 7 * step)),
      }),
    );
  }
  await manager.insert(LeadActivity, activities);
  await manager.insert(OpportunityStageChange, stageChanges);
  await seedNurtureCampaigns(manager, plan);
}

/**
 * Three nurture campaigns: a live one for corporate groups, a paused SMS drip for families, and a
 * draft. No lead is enrolled: the demo leads have given no marketing consent.
 */
async function seedNurtureCampaigns(manager: EntityManager, plan: DemoPlan): Promise<void> {
  // A stream of its own, so the ids seeded before it stay what they were.
  const random = plan.random('crm-nurture');
  const campaigns: { name: string; status: NurtureCampaignStatus; productInterests: ProductInterest[]; sources: LeadSource[]; regions: string[]; minScore: number | null; autoEnrol: boolean; steps: Omit<NurtureStep, 'id' | 'campaignId' | 'stepNumber'>[] }[] = [
    {
      name: 'Corporate group cover: first month',
      status: NurtureCampaignStatus.ACTIVE,
      productInterests: [ProductInterest.COMPREHENSIVE, ProductInterest.PREMIER],
      sources: [],
      regions: [],
      minScore: 40,
      autoEnrol: true,
      steps: [
        { delayDays: 0, channel: NurtureChannel.EMAIL, subject: 'Medical cover for the team at {{companyName}}', body: 'Dear {{contactName}},\n\nThank you for your interest in group medical cover. {{agentName}} will call you this week to understand what your staff need.\n\nKind regards,\nMedical Cover' },
        { delayDays: 3, channel: NurtureChannel.SMS, subject: null, body: 'Hi {{contactName}}, {{agentName}} from Medical Cover here. Reply or call to book a 20-minute review of your staff cover.' },
        { delayDays: 10, channel: NurtureChannel.EMAIL, subject: 'How other employers cover outpatient care', body: 'Dear {{contactName}},\n\nMany employers like {{companyName}} add outpatient and maternity cover to keep staff healthy and at work. {{agentName}} can send a quote with both.\n\nKind regards,\nMedical Cover' },
        { delayDays: 21, channel: NurtureChannel.SMS, subject: null, body: 'Hi {{contactName}}, your quote from {{agentName}} is ready when you are. Cover can start on the 1st of next month.' },
      ],
    },
    {
      name: 'Family cover SMS reminders',
      status: NurtureCampaignStatus.PAUSED,
      productInterests: [ProductInterest.ESSENTIAL],
      sources: [LeadSource.WEBSITE, LeadSource.EVENT],
      regions: [],
      minScore: null,
      autoEnrol: true,
      steps: [
        { delayDays: 1, channel: NurtureChannel.SMS, subject: null, body: 'Hi {{contactName}}, thanks for asking about Essential family cover. {{agentName}} will call you to go through the options.' },
        { delayDays: 7, channel: NurtureChannel.SMS, subject: null, body: 'Hi {{contactName}}, Essential cover includes inpatient care from day one. Reply YES and {{agentName}} will send the forms.' },
      ],
    },
    {
      name: 'Coast region follow-up (draft)',
      status: NurtureCampaignStatus.DRAFT,
      productInterests: [],
      sources: [],
      regions: ['Mombasa', 'Kilifi'],
      minScore: null,
      autoEnrol: false,
      steps: [{ delayDays: 0, channel: NurtureChannel.EMAIL, subject: 'Medical cover on the coast', body: 'Dear {{contactName}},\n\n{{agentName}} covers Mombasa and Kilifi and would be glad to meet you.' }],
    },
  ];
  for (const { steps, ...campaign } of campaigns) {
    const id = random.uuid();
    await manager.insert(NurtureCampaign, { id, ...campaign, createdBy: DEMO_ACTOR });
    await manager.insert(NurtureStep, steps.map((step, i) => ({ id: random.uuid(), campaignId: id, stepNumber: i + 1, ...step })));
  }
}
