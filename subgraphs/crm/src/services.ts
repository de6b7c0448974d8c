import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '../../../kit/clock';
import { createLogger, type Logger } from '../../../kit/logger';
import { AgentService } from './agent/agent.service';
import { CommissionService } from './commission/commission.service';
import type { CrmConfig } from './config';
import { LeadService } from './lead/lead.service';
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
  return {
    dataSource,
    logger,
    clock,
    agents,
    leads: new LeadService(dataSource, agents, clock),
    opportunities: new OpportunityService(dataSource, clock),
    commissions,
    performance: new PerformanceService(dataSource),
  };
}

export type CrmServices = ReturnType<typeof createCrmServices>;
