import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { FinanceContext } from '../context';
import { CommissionPayout, CommissionPayoutStatus } from './commission-payout.entity';

@Resolver(() => CommissionPayout)
export class CommissionPayoutResolver {
  @Query(() => CommissionPayout, { nullable: true })
  commissionDisbursement(@Arg('id', () => ID) id: string, @Ctx() ctx: FinanceContext): Promise<CommissionPayout | null> {
    return ctx.services.commissions.byId(id);
  }

  @Query(() => [CommissionPayout], { description: 'Commission payouts crm approved, as finance owes and pays them: latest approved first, by agent or status.' })
  commissionDisbursements(
    @Arg('agentId', () => ID, { nullable: true }) agentId: string | null,
    @Arg('status', () => CommissionPayoutStatus, { nullable: true }) status: CommissionPayoutStatus | null,
    @Ctx() ctx: FinanceContext,
  ): Promise<CommissionPayout[]> {
    return ctx.services.commissions.list({ agentId, status });
  }

  @Mutation(() => CommissionPayout, { description: 'Pays an approved commission payout to the agent\'s bank; paying it again with the same reference does nothing.' })
  payCommissionPayout(
    @Arg('payoutId', () => ID) payoutId: string,
    @Arg('bankReference') bankReference: string,
    @Ctx() ctx: FinanceContext,
  ): Promise<CommissionPayout> {
    return ctx.services.commissions.pay(payoutId, bankReference, ctx.actor.id);
  }
}
