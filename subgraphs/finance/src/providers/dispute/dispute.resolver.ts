import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs } from '../../../../../kit/pagination';
import type { FinanceContext } from '../../context';
import { Payment } from '../../payment/payment.entity';
import { DisputeStatus, PaymentDispute } from './dispute.entity';

export const PaymentDisputeConnection = Connection(PaymentDispute);

@Resolver(() => PaymentDispute)
export class PaymentDisputeResolver {
  @Query(() => PaymentDisputeConnection, { description: 'Chargebacks reported by Stripe and PayPal, latest first.' })
  paymentDisputes(
    @Arg('paymentId', () => ID, { nullable: true }) paymentId: string | undefined,
    @Arg('status', () => DisputeStatus, { nullable: true }) status: DisputeStatus | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: FinanceContext,
  ) {
    return ctx.services.disputes.search({ paymentId, status }, page);
  }

  @FieldResolver(() => Payment)
  async payment(@Root() dispute: PaymentDispute, @Ctx() ctx: FinanceContext): Promise<Payment> {
    return (await ctx.loaders.paymentById.load(dispute.paymentId))!;
  }
}
