import { Field, ID, InputType, Int } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { ReportKind } from './report-definition.entity';
import { ReportSchedule } from './schedule.rules';

@InputType()
export class CreateReportDefinitionInput {
  @Field()
  name: string;

  @Field(() => ReportKind)
  kind: ReportKind;

  @Field(() => String, { nullable: true })
  metric?: string | null;

  @Field(() => String, { nullable: true })
  dimension?: string | null;

  @Field(() => String, { nullable: true })
  currency?: string | null;

  @Field(() => Int, { defaultValue: 30 })
  rangeDays: number;

  @Field(() => ReportSchedule, { defaultValue: ReportSchedule.NONE })
  schedule: ReportSchedule;
}

@InputType()
export class UpdateReportDefinitionInput {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => Int, { nullable: true })
  rangeDays?: number | null;

  @Field(() => ReportSchedule, { nullable: true })
  schedule?: ReportSchedule | null;
}

@InputType()
export class RunReportInput {
  @Field(() => ID)
  definitionId: string;

  @Field(() => LocalDateResolver, { nullable: true, description: "Default: the report's span ending yesterday." })
  from?: string | null;

  @Field(() => LocalDateResolver, { nullable: true })
  to?: string | null;
}
