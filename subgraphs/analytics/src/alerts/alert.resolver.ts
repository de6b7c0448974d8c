import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Money } from '../../../../kit/money';
import { Connection, PageArgs } from '../../../../kit/pagination';
import type { AnalyticsContext } from '../context';
import { AlertInstance } from './alert-instance.entity';
import { AlertRule } from './alert-rule.entity';
import { seesPersonalSubjects } from './alert.rules';
import { AlertFilterArgs, LimitUtilisation, CreateAlertRuleInput, UpdateAlertRuleInput, UtilisationArgs } from './alert.types';

export const AlertConnection = Connection(AlertInstance, 'AlertInstance');

@Resolver(() => AlertInstance)
export class AlertResolver {
  @Query(() => [LimitUtilisation], {
    description: "Use of benefit limits by subject, benefit and limit period, from paid claims net of reversals. MEMBER and POLICY subjects need the PII grant (or ADMIN).",
  })
  limitUtilisation(@Args() args: UtilisationArgs, @Ctx() ctx: AnalyticsContext): Promise<LimitUtilisation[]> {
    return ctx.services.alerts.utilisation(args, seesPersonalSubjects(ctx.actor));
  }

  @Query(() => [AlertRule])
  alertRules(@Ctx() ctx: AnalyticsContext): Promise<AlertRule[]> {
    return ctx.services.alerts.rules();
  }

  @Query(() => AlertConnection, { description: "Alerts raised, newest first. Without the PII grant (or ADMIN) only SCHEME alerts, and asking for MEMBER or POLICY is refused." })
  alerts(@Args() filter: AlertFilterArgs, @Args() page: PageArgs, @Ctx() ctx: AnalyticsContext) {
    return ctx.services.alerts.alerts(filter, page, seesPersonalSubjects(ctx.actor));
  }

  @Mutation(() => AlertRule, { description: 'A new rule; what already crossed its thresholds raises alerts at once.' })
  createAlertRule(@Arg('input', () => CreateAlertRuleInput) input: CreateAlertRuleInput, @Ctx() ctx: AnalyticsContext): Promise<AlertRule> {
    return ctx.services.alerts.createRule(input, ctx.actor.id);
  }

  @Mutation(() => AlertRule)
  updateAlertRule(@Arg('input', () => UpdateAlertRuleInput) input: UpdateAlertRuleInput, @Ctx() ctx: AnalyticsContext): Promise<AlertRule> {
    return ctx.services.alerts.updateRule(input);
  }

  @Mutation(() => AlertInstance)
  acknowledgeAlert(@Arg('id', () => ID) id: string, @Ctx() ctx: AnalyticsContext): Promise<AlertInstance> {
    return ctx.services.alerts.acknowledge(id, ctx.actor.id);
  }

  @FieldResolver(() => AlertRule, { nullable: true })
  rule(@Root() alert: AlertInstance, @Ctx() ctx: AnalyticsContext): Promise<AlertRule | null> {
    return ctx.loaders.alertRuleById.load(alert.ruleId);
  }

  @FieldResolver(() => Money, { description: 'What had been used when the alert was raised.' })
  consumed(@Root() alert: AlertInstance): Money {
    return Money.of(alert.consumedMinor, alert.currency);
  }

  @FieldResolver(() => Money)
  limit(@Root() alert: AlertInstance): Money {
    return Money.of(alert.limitMinor, alert.currency);
  }
}
