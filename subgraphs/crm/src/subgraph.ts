import type { Role } from '../../../kit/auth/identity';
import { nested, signedIn, staff } from '../../../kit/auth/rules';
import { systemClock } from '../../../kit/clock';
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
import { readCrmConfig } from './config';
import { LeadActivity } from './lead/lead-activity.entity';
import { Lead } from './lead/lead.entity';
import { LeadResolver } from './lead/lead.resolver';
import { createCrmLoaders } from './loaders';
import { CrmSchema1700000007000 } from './migrations/1700000007000-CrmSchema';
import { CommissionPaidAmount1700000007100 } from './migrations/1700000007100-CommissionPaidAmount';
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

/** Leads, scoring, pipeline, agents, teams, territories, commission tiers, accruals, clawbacks, payouts, agent performance. */
export const crmSubgraph = defineSubgraph({
  name: 'crm',
  defaultPort: 4007,
  entities: [Territory, SalesTeam, Agent, Lead, LeadActivity, Opportunity, OpportunityStageChange, CommissionTier, PolicySale, CommissionEntry, CommissionPayout],
  migrations: [CrmSchema1700000007000, CommissionPaidAmount1700000007100],
  resolvers: [AgentResolver, SalesTeamResolver, LeadResolver, OpportunityResolver, CommissionResolver, CommissionPayoutResolver, PerformanceResolver],
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
    },
    // An agent's work contacts: the agent, managers, and analysts with the PII grant.
    Agent: { '*': staff(...SALES_READERS), email: salesRecord((a: Agent) => a.id, 'personal'), phone: salesRecord((a: Agent) => a.id, 'personal') },
    SalesTeam: staff(...SALES_READERS),
    Territory: staff(...SALES_READERS),
    // A disqualification reason and an activity note are free text about the people at the lead.
    Lead: salesRecordFields(byAgent, ['contactName', 'contactPhone', 'contactEmail', 'disqualificationReason']),
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
  },
  createServices: (dataSource, logger) => createCrmServices(dataSource, readCrmConfig(), systemClock, logger),
  createLoaders: createCrmLoaders,
  subscriptions: commissionSubscriptions,
  jobs: [commissionReconcileJob],
});
