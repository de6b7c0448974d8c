import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs } from '../../../../../kit/pagination';
import type { FinanceContext } from '../../context';
import { Payment } from '../../payment/payment.entity';
import { UnappliedReceipt, UnappliedReceiptStatus } from './unapplied-receipt.entity';

export const UnappliedReceiptConnection = Connection(UnappliedReceipt);

@Resolver(() => UnappliedReceipt)
export class UnappliedReceiptResolver {
  @Query(() => UnappliedReceiptConnection, { description: 'Money received that no invoice took, latest first: a finance officer allocates it.' })
  unappliedReceipts(
    @Arg('status', () => UnappliedReceiptStatus, { nullable: true }) status: UnappliedReceiptStatus | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: FinanceContext,
  ) {
    return ctx.services.unappliedReceipts.search(status, page);
  }

  @Mutation(() => UnappliedReceipt, { description: 'Pays an invoice with the whole of an unapplied receipt; the invoice must take it like any payment.' })
  allocateUnappliedReceipt(
    @Arg('receiptId', () => ID) receiptId: string,
    @Arg('invoiceId', () => ID) invoiceId: string,
    @Ctx() ctx: FinanceContext,
  ): Promise<UnappliedReceipt> {
    return ctx.services.unappliedReceipts.allocate(receiptId, invoiceId, ctx.actor.id);
  }

  @FieldResolver(() => Payment, { nullable: true, description: 'The payment it became when allocated.' })
  payment(@Root() receipt: UnappliedReceipt, @Ctx() ctx: FinanceContext): Promise<Payment | null> | null {
    return receipt.paymentId ? ctx.loaders.paymentById.load(receipt.paymentId) : null;
  }
}
