import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import type { FinanceContext } from '../context';
import { FinancialReport, ReceivablesAgeing, ReportGrouping } from './reports.types';

@Resolver()
export class ReportsResolver {
  @Query(() => ReceivablesAgeing, { description: 'Receivables on a day by days past due (not yet due, 1-30, 31-60, 61-90, over 90), per currency and debtor.' })
  receivablesAgeing(
    @Arg('asOf', () => LocalDateResolver) asOf: string,
    @Arg('companyId', () => ID, { nullable: true }) companyId: string | null,
    @Arg('memberId', () => ID, { nullable: true }) memberId: string | null,
    @Ctx() ctx: FinanceContext,
  ): Promise<ReceivablesAgeing> {
    return ctx.services.reports.receivablesAgeing(asOf, companyId, memberId);
  }

  @Query(() => FinancialReport, { description: 'Premiums written and earned, claims incurred and paid, and the loss ratio over a period.' })
  financialReport(
    @Arg('from', () => LocalDateResolver) from: string,
    @Arg('to', () => LocalDateResolver) to: string,
    @Arg('groupBy', () => ReportGrouping, { defaultValue: ReportGrouping.NONE }) groupBy: ReportGrouping,
    @Ctx() ctx: FinanceContext,
  ): Promise<FinancialReport> {
    return ctx.services.reports.financialReport(from, to, groupBy);
  }
}
