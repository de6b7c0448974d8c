import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { DEFAULT_CURRENCY, Money } from '../../../kit/money';
import { PageArgs } from '../../../kit/pagination';
import { checkedCurrency } from './amounts';
import type { FinanceContext } from './context';
import { InvoiceStatus } from './invoice/invoice.entity';
import { InvoiceConnection } from './invoice/invoice.resolver';
import { MemberReference } from './member.reference';
import { PaymentConnection } from './payment/payment.resolver';

/** `Member.invoices`, `Member.payments` and `Member.balance`: what finance adds to the members subgraph's `Member`. */
@Resolver(() => MemberReference)
export class MemberBillingResolver {
  @FieldResolver(() => InvoiceConnection, { nullable: true, description: 'Invoices billed to the member, latest period first (null only while this service is unavailable).' })
  invoices(
    @Root() member: MemberReference,
    @Arg('status', () => InvoiceStatus, { nullable: true }) status: InvoiceStatus | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: FinanceContext,
  ) {
    return ctx.loaders.invoicePageByMember.load({ ownerId: member.id, page, filter: status ?? null });
  }

  @FieldResolver(() => PaymentConnection, { nullable: true, description: 'Payments credited to the member, latest first (null only while this service is unavailable).' })
  payments(@Root() member: MemberReference, @Args() page: PageArgs, @Ctx() ctx: FinanceContext) {
    return ctx.loaders.paymentPageByMember.load({ ownerId: member.id, page, filter: null });
  }

  @FieldResolver(() => Money, { nullable: true, description: 'What the member owes: the amount due over their unpaid invoices zero when none, null only while this service is unavailable.' })
  async balance(
    @Root() member: MemberReference,
    @Arg('currency', () => String, { defaultValue: DEFAULT_CURRENCY }) currency: string,
    @Ctx() ctx: FinanceContext,
  ): Promise<Money> {
    const code = checkedCurrency(currency);
    const balances = await ctx.loaders.balanceByMember.load(member.id);
    return Money.of(balances.get(code) ?? 0, code);
  }
}
