import type { Role } from '../../../kit/auth/identity';
import { nested, signedIn, staff } from '../../../kit/auth/rules';
import { systemClock, type Clock } from '../../../kit/clock';
import { defineSubgraph } from '../../../kit/subgraph';
import { salesRecord, salesRecordFields } from './access';
import { Agent } from './agent/agent.entity';
import { AgentResolver, SalesTeamResolver } from './agent/agent.resolver';
import { SalesTeam } from './agent/sales-team.entity';
import { Territory } from './agent/territory.entity';
import { CommissionEntry } from './commission/commission-entry.entity';
import { CommissionPayout } from './commission/commission-payout.entity';
import { CommissionTier } from './commission/commission-tier.entity';
import { CommissionPayoutResolver, CommissionResolver } from './commission/commission.resolver';
import { commissionReconcileJob } from './commission/commission.jobs';
import { commissionSubscriptions } from './commission/commission.subscriptions';
import { PolicySale } from './commission/policy-sale.entity';
import { readCrmConfig, type CrmConfig } from './config';
import { LeadActivity } from './lead/lead-activity.entity';
import { Lead } from './lead/lead.entity';
import { LeadResolver } from './lead/lead.resolver';
import { createCrmLoaders } from './loaders';
import { CrmSchema1700000007000 } from './migrations/1700000007000-CrmSchema';
import { CommissionPaidAmount1700000007100 } from './migrations/1700000007100-CommissionPaidAmount';
import { NurtureCampaigns1700000007200 } from './migrations/1700000007200-NurtureCampaigns';
import { NurtureCampaign } from './nurture/nurture-campaign.entity';
import { NurtureEnrolment } from './nurture/nurture-enrolment.entity';
import { NurtureMessage } from './nurture/nurture-message.entity';
import { NurtureStep } from './nurture/nurture-step.entity';
import { nurtureSendJob } from './nurture/nurture.jobs';
import { NurtureCampaignResolver, NurtureEnrolmentResolver } from './nurture/nurture.resolver';
import { nurtureSubscriptions } from './nurture/nurture.subscriptions';
import { OpportunityStageChange } from './opportunity/opportunity-stage-change.entity';
import { Opportunity } from './opportunity/opportunity.entity';
import { OpportunityResolver } from './opportunity/opportunity.resolver';
import { PerformanceResolver } from './performance/performance.resolver';
import { createCrmServices } from './services';

/** Everyone in sales, and analysts for the plain (non-personal) parts. */
const SALES_READERS: Role[] = ['SALES_AGENT', 'SALES_MANAGER', 'ANALYST'];
/** Who runs the sales organisation: territories, teams, agents, tiers, payouts. */
const SALES_MANAGERS: Role[] = ['SALES_MANAGER'];
/** Who works leads and opportunities (an agent only their own: the services check). */
const SALES_WORKERS: Role[] = ['SALES_AGENT', 'SALES_MANAGER'];

const byAgent = (record: { agentId: string | null }) => record.agentId;
/** An enrolment belongs to the agent working its lead (noted on it when it is read). */
const byLeadAgent = (enrolment: NurtureEnrolment) => enrolment.leadAgentId;

/** What tests (and a process embedding the subgraph) may put in place of the settings and the clock. */
export interface CrmOverrides {
  config?: CrmConfig;
  clock?: Clock;
}

/**
 * Leads, scoring, pipeline, agents, teams, territories, commission tiers, accruals, clawbacks,
 * payouts, agent performance, and nurture campaigns.
 */
export function createCrmSubgraph(overrides: CrmOverrides = {}) {
  // Read when services or jobs are made, so importing the definition reads no settings.
  const config = () => overrides.config ?? readCrmConfig();
  return defineSubgraph({
    name: 'crm',
    defaultPort: 4007,
    entities: [Territory, SalesTeam, Agent, Lead, LeadActivity, Opportunity, OpportunityStageChange, CommissionTier, PolicySale, CommissionEntry, CommissionPayout, NurtureCampaign, NurtureStep, NurtureEnrolment, NurtureMessage],
    migrations: [CrmSchema1700000007000, CommissionPaidAmount1700000007100, NurtureCampaigns1700000007200],
    resolvers: [AgentResolver, SalesTeamResolver, LeadResolver, OpportunityResolver, CommissionResolver, CommissionPayoutResolver, PerformanceResolver, NurtureCampaignResolver, NurtureEnrolmentResolver],
    referenceResolvers: {},
    permissions: {
      Query: {
        agent: staff(...SALES_READERS),
        currentAgent: signedIn,
        agents: staff(...SALES_READERS),
        territories: staff(...SALES_READERS),
        salesTeams: staff(...SALES_READERS),
        lead: staff(...SALES_READERS),
        leads: staff(...SALES_READERS),
        opportunity: staff(...SALES_READERS),
        opportunities: staff(...SALES_READERS),
        commissionTiers: staff(...SALES_READERS),
        commissionEntries: staff(...SALES_READERS),
        commissionPayouts: staff(...SALES_READERS),
        commissionPayout: staff(...SALES_READERS),
        agentPerformance: staff(...SALES_READERS),
        nurtureCampaigns: staff(...SALES_READERS),
        nurtureCampaign: staff(...SALES_READERS),
      },
      Mutation: {
        createTerritory: staff(...SALES_MANAGERS),
        createSalesTeam: staff(...SALES_MANAGERS),
        createAgent: staff(...SALES_MANAGERS),
        updateAgent: staff(...SALES_MANAGERS),
        createLead: staff(...SALES_WORKERS),
        logLeadActivity: staff(...SALES_WORKERS),
        changeLeadStatus: staff(...SALES_WORKERS),
        assignLead: staff(...SALES_MANAGERS),
        convertLead: staff(...SALES_WORKERS),
        moveOpportunity: staff(...SALES_WORKERS),
        linkOpportunityPolicy: staff(...SALES_WORKERS),
        createCommissionTier: staff(...SALES_MANAGERS),
        approveCommissionPayout: staff(...SALES_MANAGERS),
        // An agent records consent and enrols only on their own leads: the services check.
        recordLeadMarketingConsent: staff(...SALES_WORKERS),
        createNurtureCampaign: staff(...SALES_MANAGERS),
        setNurtureCampaignSteps: staff(...SALES_MANAGERS),
        changeNurtureCampaignStatus: staff(...SALES_MANAGERS),
        enrolLeadsInCampaign: staff(...SALES_WORKERS),
      },
      // An agent's work contacts: the agent, managers, and analysts with the PII grant.
      Agent: { '*': staff(...SALES_READERS), email: salesRecord((a: Agent) => a.id, 'personal'), phone: salesRecord((a: Agent) => a.id, 'personal') },
      SalesTeam: staff(...SALES_READERS),
      Territory: staff(...SALES_READERS),
      // A disqualification reason and an activity note are free text about the people at the lead.
      // Whether someone agreed to marketing, and when, is about the person like their contacts.
      Lead: salesRecordFields(byAgent, ['contactName', 'contactPhone', 'contactEmail', 'disqualificationReason', 'marketingConsent', 'marketingConsentAt']),
      LeadScore: staff(...SALES_READERS),
      LeadScoreSignal: staff(...SALES_READERS),
      // Reached only through a lead its rule let through; the note needs the PII grant of an analyst.
      LeadActivity: { '*': staff(...SALES_READERS), note: nested({ staff: SALES_READERS }, 'personal') },
      Opportunity: salesRecordFields(byAgent),
      OpportunityStageChange: staff(...SALES_READERS),
      CommissionTier: staff(...SALES_READERS),
      CommissionEntry: salesRecordFields(byAgent),
      CommissionPayout: salesRecordFields(byAgent),
      AgentPerformance: staff(...SALES_READERS),
      // Campaign definitions, steps and counts are plain data; managing them is for sales managers (above).
      NurtureCampaign: staff(...SALES_READERS),
      NurtureAudience: staff(...SALES_READERS),
      NurtureStep: staff(...SALES_READERS),
      NurtureCampaignStats: staff(...SALES_READERS),
      NurtureEnrolment: salesRecordFields(byLeadAgent),
      // Reached only through an enrolment its rule let through; where a message went and what it said are personal,
      // and so are engagement's reason (free text that may hold the address) and the provider's id (a key to the message there).
      NurtureMessage: {
        '*': staff(...SALES_READERS),
        recipient: nested({ staff: SALES_READERS }, 'personal'),
        subject: nested({ staff: SALES_READERS }, 'personal'),
        body: nested({ staff: SALES_READERS }, 'personal'),
        reason: nested({ staff: SALES_READERS }, 'personal'),
        providerMessageId: nested({ staff: SALES_READERS }, 'personal'),
      },
      EnrolLeadsResult: staff(...SALES_WORKERS),
      NurtureEnrolmentRefusal: staff(...SALES_WORKERS),
    },
    createServices: (dataSource, logger) => createCrmServices(dataSource, config(), overrides.clock ?? systemClock, logger),
    createLoaders: createCrmLoaders,
    subscriptions: [...commissionSubscriptions, ...nurtureSubscriptions],
    get jobs() {
      return [commissionReconcileJob, nurtureSendJob(config())];
    },
  });
}

export const crmSubgraph = createCrmSubgraph();
