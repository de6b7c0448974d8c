import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs } from '../../../../kit/pagination';
import type { FinanceContext } from '../context';
import { Invoice } from '../invoice/invoice.entity';
import { JournalEntry } from '../ledger/journal-entry.entity';
import { MemberReference, memberReference } from '../member.reference';
import { Payment } from './payment.entity';
import { PaymentFilter, RecordPaymentInput } from './payment.input';

export const PaymentConnection = Connection(Payment);

@Resolver(() => Payment)
export class PaymentResolver {
  @Query(() => Payment, { nullable: true, description: 'One payment, or null when the id is unknown.' })
  payment(@Arg('id', () => ID) id: string, @Ctx() ctx: FinanceContext): Promise<Payment | null> {
    return ctx.loaders.paymentById.load(id);
  }

  @Query(() => PaymentConnection, { description: 'Payments by member, invoice, method, status or reference, latest first.' })
  payments(
    @Arg('filter', () => PaymentFilter, { nullable: true }) filter: PaymentFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: FinanceContext,
  ) {
    return ctx.services.payments.search(filter, page);
  }

  @Mutation(() => Payment, {
    description:
      'Records a payment against an invoice and posts it to the ledger. The same provider reference recorded again returns the first payment.',
  })
  recordPayment(@Arg('input', () => RecordPaymentInput) input: RecordPaymentInput, @Ctx() ctx: FinanceContext): Promise<Payment> {
    return ctx.services.payments.recordPayment(input, ctx.actor.id);
  }

  @FieldResolver(() => Invoice)
  async invoice(@Root() payment: Payment, @Ctx() ctx: FinanceContext): Promise<Invoice> {
    return (await ctx.loaders.invoiceById.load(payment.invoiceId))!;
  }

  @FieldResolver(() => MemberReference, { nullable: true, description: 'The member whose account the payment is credited to; null when a company paid.' })
  member(@Root() payment: Payment): MemberReference | null {
    return payment.memberId ? memberReference(payment.memberId) : null;
  }

  @FieldResolver(() => [JournalEntry], { description: 'Ledger entries recording the payment.' })
  journalEntries(@Root() payment: Payment, @Ctx() ctx: FinanceContext): Promise<JournalEntry[]> {
    return ctx.loaders.journalEntriesBySource.load(payment.id);
  }
}
