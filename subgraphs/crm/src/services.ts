import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '../../../kit/clock';
import { createLogger, type Logger } from '../../../kit/logger';
import { AgentService } from './agent/agent.service';
import { CommissionService } from './commission/commission.service';
import type { CrmConfig } from './config';
import { LeadStatus } from './lead/lead.entity';
import { LeadService } from './lead/lead.service';
import { EnrolmentEndReason, NurtureEnrolmentStatus } from './nurture/nurture-enrolment.entity';
import { NurtureService } from './nurture/nurture.service';
import { OpportunityService } from './opportunity/opportunity.service';
import { PerformanceService } from './performance/performance.service';

export function createCrmServices(
  dataSource: DataSource,
  config: CrmConfig,
  clock: Clock = systemClock,
  logger: Logger = createLogger({ service: 'crm' }),
) {
  const commissions = new CommissionService(dataSource, clock, logger, { clawbackWindowDays: config.clawbackWindowDays });
  // Sales of an agent crm did not know yet accrue once the agent is created.
  const agents = new AgentService(dataSource, { onAgentCreated: (agentId) => commissions.reconcileAfterChange({ agentId }) });
  const nurture: NurtureService = new NurtureService(dataSource, clock, logger, (manager, list) => leads.scores(list, manager));
  // Nurture enrolments start and end in the lead's own transactions.
  const leads: LeadService = new LeadService(dataSource, agents, clock, {
    onLeadOpenToMarketing: (manager, lead) => nurture.autoEnrolLead(manager, lead),
    onConsentWithdrawn: async (manager, lead) => {
      await nurture.endEnrolmentsOfLead(manager, lead.id, NurtureEnrolmentStatus.OPTED_OUT, EnrolmentEndReason.CONSENT_WITHDRAWN);
    },
    onLeadClosed: async (manager, lead) => {
      const converted = lead.status === LeadStatus.CONVERTED;
      await nurture.endEnrolmentsOfLead(
        manager,
        lead.id,
        converted ? NurtureEnrolmentStatus.CONVERTED : NurtureEnrolmentStatus.EXITED,
        converted ? EnrolmentEndReason.LEAD_CONVERTED : EnrolmentEndReason.LEAD_DISQUALIFIED,
      );
    },
  });
  return {
    dataSource,
    logger,
    clock,
    agents,
    leads,
    opportunities: new OpportunityService(dataSource, clock),
    commissions,
    nurture,
    performance: new PerformanceService(dataSource),
  };
}

export type CrmServices = ReturnType<typeof createCrmServices>;
