import DataLoader from 'dataloader';
import { loaderById, loaderFromMap, loaderGroupedBy, pagePerOwnerLoader } from '../../../kit/loaders';
import type { SalesScope } from './access';
import type { Agent } from './agent/agent.entity';
import type { Lead } from './lead/lead.entity';
import type { NurtureEnrolment } from './nurture/nurture-enrolment.entity';
import { emptyStats, type NurtureCampaignStats } from './nurture/nurture.types';
import type { Opportunity } from './opportunity/opportunity.entity';
import type { Score } from './lead/lead-score';
import type { CrmServices } from './services';

/** Per-request DataLoaders of the crm subgraph. */
export function createCrmLoaders(services: CrmServices) {
  return {
    agentById: loaderById((ids) => services.agents.byIds(ids)),
    /** The agent a signed-in user is (null: the user is no agent). */
    agentByUserId: loaderFromMap<string, Agent | null>(async (userIds) => new Map((await services.agents.byUserIds(userIds)).map((a) => [a.userId!, a])), null),
    teamById: loaderById((ids) => services.agents.teamsByIds(ids)),
    territoryById: loaderById((ids) => services.agents.territoriesByIds(ids)),
    leadById: loaderById((ids) => services.leads.byIds(ids)),
    activitiesByLead: loaderGroupedBy((ids) => services.leads.activitiesOf(ids), (a) => a.leadId),
    scoreOfLead: new DataLoader<Lead, Score, string>((leads) => services.leads.scores(leads), { cacheKeyFn: (lead) => lead.id }),
    opportunityById: loaderById((ids) => services.opportunities.byIds(ids)),
    opportunityByLead: loaderFromMap<string, Opportunity | null>(async (leadIds) => new Map((await services.opportunities.byLeads(leadIds)).map((o) => [o.leadId!, o])), null),
    stageHistoryByOpportunity: loaderGroupedBy((ids) => services.opportunities.historyOf(ids), (c) => c.opportunityId),
    tierById: loaderById((ids) => services.commissions.tiersByIds(ids)),
    payoutById: loaderById((ids) => services.commissions.payoutsByIds(ids)),
    nurtureCampaignById: loaderById((ids) => services.nurture.campaignsByIds(ids)),
    nurtureStepsByCampaign: loaderGroupedBy((ids) => services.nurture.stepsOf(ids), (s) => s.campaignId),
    /** Each campaign's page of enrolments; the caller's sales scope travels as the filter. */
    nurtureEnrolmentPageByCampaign: pagePerOwnerLoader<NurtureEnrolment, SalesScope>((ids, page, scope) => services.nurture.enrolmentPages(ids, page, scope ?? { agentId: null })),
    nurtureStatsByCampaign: loaderFromMap<string, NurtureCampaignStats>((ids) => services.nurture.stats(ids), emptyStats()),
    nurtureEnrolmentsByLead: loaderGroupedBy((ids) => services.nurture.enrolmentsOfLeads(ids), (e) => e.leadId),
    nurtureMessagesByEnrolment: loaderGroupedBy((ids) => services.nurture.messagesOf(ids), (m) => m.enrolmentId),
  };
}

export type CrmLoaders = ReturnType<typeof createCrmLoaders>;
