import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { seesPersonalSubjects } from '../alerts/alert.rules';
import type { AnalyticsContext } from '../context';
import { ReportDefinition } from './report-definition.entity';
import { ReportRun } from './report-run.entity';
import { CreateReportDefinitionInput, RunReportInput, UpdateReportDefinitionInput } from './report.input';

@Resolver(() => ReportDefinition)
export class ReportDefinitionResolver {
  @Query(() => [ReportDefinition])
  reportDefinitions(@Ctx() ctx: AnalyticsContext): Promise<ReportDefinition[]> {
    return ctx.services.reports.definitions();
  }

  @Query(() => ReportDefinition, { nullable: true })
  reportDefinition(@Arg('id', () => ID) id: string, @Ctx() ctx: AnalyticsContext): Promise<ReportDefinition | null> {
    return ctx.loaders.reportDefinitionById.load(id);
  }

  @Query(() => ReportRun, { nullable: true })
  reportRun(@Arg('id', () => ID) id: string, @Ctx() ctx: AnalyticsContext): Promise<ReportRun | null> {
    return ctx.loaders.reportRunById.load(id);
  }

  @Mutation(() => ReportDefinition)
  createReportDefinition(@Arg('input', () => CreateReportDefinitionInput) input: CreateReportDefinitionInput, @Ctx() ctx: AnalyticsContext): Promise<ReportDefinition> {
    return ctx.services.reports.createDefinition(input, ctx.actor.id);
  }

  @Mutation(() => ReportDefinition)
  updateReportDefinition(@Arg('input', () => UpdateReportDefinitionInput) input: UpdateReportDefinitionInput, @Ctx() ctx: AnalyticsContext): Promise<ReportDefinition> {
    return ctx.services.reports.updateDefinition(input);
  }

  @Mutation(() => ReportRun, { description: 'Runs a report now; the run is kept in its history whatever the outcome.' })
  runReport(@Arg('input', () => RunReportInput) input: RunReportInput, @Ctx() ctx: AnalyticsContext): Promise<ReportRun> {
    return ctx.services.reports.runOnDemand(input, ctx.actor.id);
  }

  @FieldResolver(() => [ReportRun], { description: 'Its latest runs (up to 50), newest first.' })
  runs(@Root() definition: ReportDefinition, @Ctx() ctx: AnalyticsContext): Promise<ReportRun[]> {
    return ctx.loaders.runsByDefinition.load(definition.id);
  }
}

@Resolver(() => ReportRun)
export class ReportRunResolver {
  @FieldResolver(() => ReportDefinition, { nullable: true })
  definition(@Root() run: ReportRun, @Ctx() ctx: AnalyticsContext): Promise<ReportDefinition | null> {
    return ctx.loaders.reportDefinitionById.load(run.definitionId);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The rows as CSV (RFC 4180, CRLF line ends, header first); null until the run succeeded. Member and policy rows need the PII grant (or ADMIN).' })
  csv(@Root() run: ReportRun, @Ctx() ctx: AnalyticsContext): string | null {
    return ctx.services.reports.csvOf(run, seesPersonalSubjects(ctx.actor));
  }
}
