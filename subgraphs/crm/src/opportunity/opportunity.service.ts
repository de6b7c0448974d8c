import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Clock } from '../../../../kit/clock';
import { ForbiddenError } from '../../../../kit/auth/rules';
import { NotFoundError, Violations } from '../../../../kit/errors';
import { isUuid, uuidsOf } from '../../../../kit/ids';
import { paginate, type KeysetSort, type Page, type PageArgs } from '../../../../kit/pagination';
import { inScope, whereInScope, type SalesScope } from '../access';
import { OpportunityStageChange } from './opportunity-stage-change.entity';
import { Opportunity, OpportunityStage } from './opportunity.entity';
import type { LinkOpportunityPolicyInput, MoveOpportunityInput, OpportunityFilter } from './opportunity.input';
import { checkStageChange, isClosed } from './opportunity.rules';

export const OPPORTUNITY_SORT: KeysetSort<Opportunity> = { column: 'created_at', property: 'createdAt', direction: 'DESC' };

/** Opportunities through the pipeline, with their stage history. */
export class OpportunityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Moves an opportunity to another stage, if the pipeline allows it, and records who and when. */
  async move(input: MoveOpportunityInput, actorId: string, scope: SalesScope): Promise<Opportunity> {
    return this.dataSource.transaction(async (manager) => {
      const opportunity = await this.lockFor(manager, input.opportunityId, scope);
      const violations = new Violations();
      checkStageChange(opportunity.stage, input.stage, input.reason, violations);
      violations.throwIfAny();
      const from = opportunity.stage;
      opportunity.stage = input.stage;
      if (input.stage === OpportunityStage.CLOSED_LOST) opportunity.lostReason = input.reason!.trim();
      if (isClosed(input.stage)) opportunity.closedOn = this.clock.today();
      await manager.save(opportunity);
      await manager.insert(OpportunityStageChange, {
        opportunityId: opportunity.id,
        fromStage: from,
        toStage: input.stage,
        actorId,
        reason: input.reason?.trim() || null,
        changedAt: this.clock.now(),
      });
      return opportunity;
    });
  }

  /** Links a won opportunity to the policy that was issued for it. */
  async linkPolicy(input: LinkOpportunityPolicyInput, scope: SalesScope): Promise<Opportunity> {
    return this.dataSource.transaction(async (manager) => {
      const opportunity = await this.lockFor(manager, input.opportunityId, scope);
      if (opportunity.stage !== OpportunityStage.CLOSED_WON) {
        new Violations().add('opportunityId', 'WON_ONLY', `only a CLOSED_WON opportunity is linked to a policy (this one is ${opportunity.stage})`).throwIfAny();
      }
      opportunity.policyId = input.policyId;
      return manager.save(opportunity);
    });
  }

  private async lockFor(manager: EntityManager, id: string, scope: SalesScope): Promise<Opportunity> {
    const opportunity = isUuid(id) ? await manager.findOne(Opportunity, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!opportunity) throw new NotFoundError('Opportunity', id);
    if (!inScope(scope, opportunity.agentId)) throw new ForbiddenError("another agent's opportunity");
    return opportunity;
  }

  async byIds(ids: readonly string[]): Promise<Opportunity[]> {
    const valid = uuidsOf(ids);
    return valid.length ? this.dataSource.getRepository(Opportunity).findBy({ id: In(valid) }) : [];
  }

  async byLeads(leadIds: readonly string[]): Promise<Opportunity[]> {
    const valid = uuidsOf(leadIds);
    return valid.length ? this.dataSource.getRepository(Opportunity).findBy({ leadId: In(valid) }) : [];
  }

  async historyOf(ids: readonly string[]): Promise<OpportunityStageChange[]> {
    const valid = uuidsOf(ids);
    return valid.length
      ? this.dataSource.getRepository(OpportunityStageChange).find({ where: { opportunityId: In(valid) }, order: { changedAt: 'ASC', id: 'ASC' } })
      : [];
  }

  list(filter: OpportunityFilter | undefined, page: PageArgs, scope: SalesScope): Promise<Page<Opportunity>> {
    const query = this.dataSource.getRepository(Opportunity).createQueryBuilder('opportunity');
    whereInScope(query, 'opportunity.agent_id', scope);
    if (filter?.stage) query.andWhere('opportunity.stage = :stage', { stage: filter.stage });
    if (filter?.agentId) query.andWhere('opportunity.agent_id = :agentId', { agentId: filter.agentId });
    return paginate(query, 'opportunity', OPPORTUNITY_SORT, page);
  }
}
