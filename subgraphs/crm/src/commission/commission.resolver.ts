import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Connection, PageArgs } from '../../../../kit/pagination';
import { salesScopeOf } from '../access';
import { Agent } from '../agent/agent.entity';
import type { CrmContext } from '../context';
import { CommissionEntry } from './commission-entry.entity';
import { CommissionPayout } from './commission-payout.entity';
import { CommissionTier } from './commission-tier.entity';
import { CommissionEntryFilter, CreateCommissionTierInput } from './commission.input';

export const CommissionEntryConnection = Connection(CommissionEntry);
export const CommissionPayoutConnection = Connection(CommissionPayout);

@Resolver(() => CommissionEntry)
export class CommissionResolver {
  @Query(() => [CommissionTier], { description: 'Every commission tier, newest first.' })
  commissionTiers(@Ctx() ctx: CrmContext): Promise<CommissionTier[]> {
    return ctx.services.commissions.tiers();
  }

  @Query(() => CommissionEntryConnection, { description: "Accruals and clawbacks, newest first; a sales agent's list holds only their own." })
  async commissionEntries(
    @Arg('filter', () => CommissionEntryFilter, { nullable: true }) filter: CommissionEntryFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: CrmContext,
  ) {
    return ctx.services.commissions.entries(filter, page, await salesScopeOf(ctx));
  }

  @Query(() => CommissionPayoutConnection, { description: "Commission payouts, newest first; a sales agent's list holds only their own." })
  async commissionPayouts(@Arg('agentId', () => ID, { nullable: true }) agentId: string | null, @Args() page: PageArgs, @Ctx() ctx: CrmContext) {
    return ctx.services.commissions.payouts(agentId, page, await salesScopeOf(ctx));
  }

  @Query(() => CommissionPayout, { nullable: true })
  commissionPayout(@Arg('id', () => ID) id: string, @Ctx() ctx: CrmContext): Promise<CommissionPayout | null> {
    return ctx.loaders.payoutById.load(id);
  }

  @Mutation(() => CommissionTier)
  createCommissionTier(@Arg('input', () => CreateCommissionTierInput) input: CreateCommissionTierInput, @Ctx() ctx: CrmContext): Promise<CommissionTier> {
    return ctx.services.commissions.createTier(input);
  }

  @Mutation(() => [CommissionPayout], {
    description:
      "Approves the agent's accruals and clawbacks not yet paid, up to periodEnd: a positive net (per currency) becomes a payout finance pays; a negative net carries forward.",
  })
  approveCommissionPayout(
    @Arg('agentId', () => ID) agentId: string,
    @Arg('periodEnd', () => LocalDateResolver) periodEnd: string,
    @Ctx() ctx: CrmContext,
  ): Promise<CommissionPayout[]> {
    return ctx.services.commissions.approvePayout(agentId, periodEnd, ctx.actor.id);
  }

  @FieldResolver(() => CommissionTier, { nullable: true })
  tier(@Root() entry: CommissionEntry, @Ctx() ctx: CrmContext): Promise<CommissionTier | null> | null {
    return entry.tierId ? ctx.loaders.tierById.load(entry.tierId) : null;
  }

  @FieldResolver(() => Agent, { nullable: true })
  agent(@Root() entry: CommissionEntry, @Ctx() ctx: CrmContext): Promise<Agent | null> {
    return ctx.loaders.agentById.load(entry.agentId);
  }
}

@Resolver(() => CommissionPayout)
export class CommissionPayoutResolver {
  @FieldResolver(() => Agent, { nullable: true })
  agent(@Root() payout: CommissionPayout, @Ctx() ctx: CrmContext): Promise<Agent | null> {
    return ctx.loaders.agentById.load(payout.agentId);
  }
}
