import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import type { FinanceContext } from '../context';
import { Invoice } from '../invoice/invoice.entity';
import { BillingPolicy } from './billing-policy.entity';
import { CreditNote } from './credit-note.entity';

@ObjectType({ description: 'What one premium billing run raised.' })
export class BillingRunResult {
  @Field(() => LocalDateResolver)
  asOf: string;

  @Field(() => Int)
  invoicesRaised: number;

  @Field(() => Int, { description: 'Policy periods billed (an employer\'s invoice has one line per policy).' })
  linesRaised: number;

  @Field(() => Int, { description: 'Invoices that could not be raised (each is logged, and tried again by the next run).' })
  groupsFailed: number;

  @Field(() => [Invoice])
  invoices: Invoice[];
}

@Resolver()
export class BillingResolver {
  @Mutation(() => BillingRunResult, {
    description: 'Raises every premium invoice due on asOf (default today) now, as the scheduled run would. Never bills a period twice.',
  })
  async runPremiumBilling(
    @Arg('asOf', () => LocalDateResolver, { nullable: true }) asOf: string | null,
    @Ctx() ctx: FinanceContext,
  ): Promise<BillingRunResult> {
    const run = await ctx.services.billing.run(asOf ?? undefined);
    const invoices = await ctx.services.invoices.byIds(run.invoiceIds);
    return { asOf: run.asOf, invoicesRaised: run.invoiceIds.length, linesRaised: run.linesRaised, groupsFailed: run.groupsFailed, invoices };
  }

  @Query(() => BillingPolicy, { nullable: true, description: 'What finance bills a policy for, as schemes last reported it.' })
  async billingPolicy(@Arg('policyId', () => ID) policyId: string, @Ctx() ctx: FinanceContext): Promise<BillingPolicy | null> {
    const [policy] = await ctx.services.billing.policiesByIds([policyId]);
    return policy ?? null;
  }

  @Query(() => [CreditNote], { description: 'Credit notes of a policy or against an invoice, oldest first.' })
  creditNotes(
    @Arg('policyId', () => ID, { nullable: true }) policyId: string | null,
    @Arg('invoiceId', () => ID, { nullable: true }) invoiceId: string | null,
    @Ctx() ctx: FinanceContext,
  ): Promise<CreditNote[]> {
    return ctx.services.billing.creditNotes({ policyId, invoiceId });
  }
}
