import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs } from '../../../../kit/pagination';
import { salesScopeOf } from '../access';
import { Agent } from '../agent/agent.entity';
import type { CrmContext } from '../context';
import { OpportunityStageChange } from './opportunity-stage-change.entity';
import { Opportunity } from './opportunity.entity';
import { LinkOpportunityPolicyInput, MoveOpportunityInput, OpportunityFilter } from './opportunity.input';

export const OpportunityConnection = Connection(Opportunity);

@Resolver(() => Opportunity)
export class OpportunityResolver {
  @Query(() => Opportunity, { nullable: true, description: 'One opportunity, or null when the id is unknown; a sales agent sees only their own.' })
  opportunity(@Arg('id', () => ID) id: string, @Ctx() ctx: CrmContext): Promise<Opportunity | null> {
    return ctx.loaders.opportunityById.load(id);
  }

  @Query(() => OpportunityConnection, { description: "The pipeline, newest first; a sales agent's holds only their own." })
  async opportunities(
    @Arg('filter', () => OpportunityFilter, { nullable: true }) filter: OpportunityFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: CrmContext,
  ) {
    return ctx.services.opportunities.list(filter, page, await salesScopeOf(ctx));
  }

  @Mutation(() => Opportunity, { description: 'Moves an opportunity through the pipeline; losing it needs a reason.' })
  async moveOpportunity(@Arg('input', () => MoveOpportunityInput) input: MoveOpportunityInput, @Ctx() ctx: CrmContext): Promise<Opportunity> {
    return ctx.services.opportunities.move(input, ctx.actor.id, await salesScopeOf(ctx));
  }

  @Mutation(() => Opportunity, { description: 'Links a won opportunity to the policy issued for it.' })
  async linkOpportunityPolicy(@Arg('input', () => LinkOpportunityPolicyInput) input: LinkOpportunityPolicyInput, @Ctx() ctx: CrmContext): Promise<Opportunity> {
    return ctx.services.opportunities.linkPolicy(input, await salesScopeOf(ctx));
  }

  @FieldResolver(() => [OpportunityStageChange], { description: 'Every stage the opportunity went through, oldest first.' })
  stageHistory(@Root() opportunity: Opportunity, @Ctx() ctx: CrmContext): Promise<OpportunityStageChange[]> {
    return ctx.loaders.stageHistoryByOpportunity.load(opportunity.id);
  }

  @FieldResolver(() => Agent, { nullable: true })
  agent(@Root() opportunity: Opportunity, @Ctx() ctx: CrmContext): Promise<Agent | null> | null {
    return opportunity.agentId ? ctx.loaders.agentById.load(opportunity.agentId) : null;
  }
}
