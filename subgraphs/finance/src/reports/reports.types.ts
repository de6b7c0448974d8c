import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Money } from '../../../../kit/money';

export enum ReportGrouping {
  SCHEME = 'SCHEME',
  EMPLOYER = 'EMPLOYER',
  NONE = 'NONE',
}
registerEnumType(ReportGrouping, { name: 'ReportGrouping', description: 'How a financial report is broken down: by scheme, by employer (individual policies together), or not at all.' });

@ObjectType({ description: 'Receivables in one currency by how far past their due date they are.' })
export class AgeingBuckets {
  @Field()
  currency: string;

  @Field(() => Money, { description: 'Not yet due (due on or after the as-of day).' })
  notYetDue: Money;

  @Field(() => Money, { description: '1 to 30 days past due.' })
  days1To30: Money;

  @Field(() => Money, { description: '31 to 60 days past due.' })
  days31To60: Money;

  @Field(() => Money, { description: '61 to 90 days past due.' })
  days61To90: Money;

  @Field(() => Money, { description: 'More than 90 days past due.' })
  over90: Money;

  @Field(() => Money)
  total: Money;
}

@ObjectType({ description: 'What one debtor (a company, or a member billed directly) owes, aged.' })
export class AgeingDebtor extends AgeingBuckets {
  @Field(() => ID, { nullable: true })
  companyId: string | null;

  @Field(() => ID, { nullable: true })
  memberId: string | null;
}

@ObjectType({ description: 'Accounts receivable on a day, aged by days past due, per currency and per debtor.' })
export class ReceivablesAgeing {
  @Field(() => LocalDateResolver)
  asOf: string;

  @Field(() => [AgeingBuckets])
  currencies: AgeingBuckets[];

  @Field(() => [AgeingDebtor])
  debtors: AgeingDebtor[];
}

@ObjectType({ description: 'One group\'s premiums and claims in one currency over the report period.' })
export class FinancialReportRow {
  @Field(() => ID, { nullable: true, description: 'The scheme or employer (company) id; null for NONE, and for individual policies by employer.' })
  groupId: string | null;

  @Field()
  currency: string;

  @Field(() => Money, { description: 'Premium invoiced in the period (less credit notes issued in it).' })
  premiumsWritten: Money;

  @Field(() => Money, { description: 'Premium for the days of cover inside the period, pro rata.' })
  premiumsEarned: Money;

  @Field(() => Money, { description: 'Approved claims (settlements not reversed) decided in the period.' })
  claimsIncurred: Money;

  @Field(() => Money, { description: 'Claims paid out to providers in the period.' })
  claimsPaid: Money;

  @Field(() => Int, { nullable: true, description: 'Claims incurred over premiums earned, in basis points; null when nothing was earned.' })
  lossRatioBps: number | null;

  @Field(() => String, { nullable: true, description: 'The same ratio as an exact decimal, e.g. "0.6250".' })
  lossRatio: string | null;
}

@ObjectType({ description: 'Premiums and claims over a period, by scheme, employer or in total.' })
export class FinancialReport {
  @Field(() => LocalDateResolver)
  from: string;

  @Field(() => LocalDateResolver)
  to: string;

  @Field(() => ReportGrouping)
  groupBy: ReportGrouping;

  @Field(() => [FinancialReportRow])
  rows: FinancialReportRow[];
}
