import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs } from '../../../../../kit/pagination';
import type { FinanceContext } from '../../context';
import { Payment } from '../../payment/payment.entity';
import { assertKey } from '../provider.resolver';
import { Refund } from './refund.entity';
import { RefundPaymentInput } from './refund.input';

export const RefundConnection = Connection(Refund);

@Resolver(() => Refund)
export class RefundResolver {
  @Query(() => RefundConnection, { description: 'Refunds, latest first.' })
  refunds(@Arg('paymentId', () => ID, { nullable: true }) paymentId: string | undefined, @Args() page: PageArgs, @Ctx() ctx: FinanceContext) {
    return ctx.services.refunds.search(paymentId, page);
  }

  @Mutation(() => Refund, {
    description:
      'Refunds all or part of a payment (never more than was paid less earlier refunds and chargebacks): through Stripe or PayPal, ' +
      'or recorded with the reference of a refund made by hand (M-Pesa, bank). Posts a new ledger entry and re-opens the invoice by the amount.',
  })
  refundPayment(
    @Arg('input', () => RefundPaymentInput) input: RefundPaymentInput,
    @Arg('idempotencyKey', { description: 'Required: a retry with the same key returns the first refund and refunds nothing more.' }) idempotencyKey: string,
    @Ctx() ctx: FinanceContext,
  ): Promise<Refund> {
    assertKey(idempotencyKey);
    return ctx.services.refunds.refundPayment(input, idempotencyKey, ctx.actor.id);
  }

  @FieldResolver(() => Payment)
  async payment(@Root() refund: Refund, @Ctx() ctx: FinanceContext): Promise<Payment> {
    return (await ctx.loaders.paymentById.load(refund.paymentId))!;
  }
}

@Resolver(() => Payment)
export class PaymentRefundsResolver {
  @FieldResolver(() => [Refund], { description: 'Refunds of the payment, oldest first.' })
  refunds(@Root() payment: Payment, @Ctx() ctx: FinanceContext): Promise<Refund[]> {
    return ctx.loaders.refundsByPayment.load(payment.id);
  }
}
