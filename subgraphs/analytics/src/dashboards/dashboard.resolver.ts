import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AnalyticsContext } from '../context';
import { Dashboard } from './dashboard.entity';
import { AddWidgetInput, CreateDashboardInput, UpdateDashboardInput, UpdateWidgetInput } from './dashboard.input';
import { DashboardWidget, WidgetPosition } from './widget.entity';

@Resolver(() => Dashboard)
export class DashboardResolver {
  @Query(() => [Dashboard], { description: 'Your dashboards and the shared ones (an administrator sees all).' })
  dashboards(@Ctx() ctx: AnalyticsContext): Promise<Dashboard[]> {
    return ctx.services.dashboards.visibleTo(ctx.actor);
  }

  @Query(() => Dashboard, { nullable: true })
  async dashboard(@Arg('id', () => ID) id: string, @Ctx() ctx: AnalyticsContext): Promise<Dashboard | null> {
    const found = await ctx.loaders.dashboardById.load(id);
    return found && ctx.services.dashboards.canSee(ctx.actor, found) ? found : null;
  }

  @Mutation(() => Dashboard)
  createDashboard(@Arg('input', () => CreateDashboardInput) input: CreateDashboardInput, @Ctx() ctx: AnalyticsContext): Promise<Dashboard> {
    return ctx.services.dashboards.create(input, ctx.actor);
  }

  @Mutation(() => Dashboard)
  updateDashboard(@Arg('input', () => UpdateDashboardInput) input: UpdateDashboardInput, @Ctx() ctx: AnalyticsContext): Promise<Dashboard> {
    return ctx.services.dashboards.update(input, ctx.actor);
  }

  @Mutation(() => Boolean)
  deleteDashboard(@Arg('id', () => ID) id: string, @Ctx() ctx: AnalyticsContext): Promise<boolean> {
    return ctx.services.dashboards.remove(id, ctx.actor);
  }

  @Mutation(() => DashboardWidget)
  addDashboardWidget(@Arg('input', () => AddWidgetInput) input: AddWidgetInput, @Ctx() ctx: AnalyticsContext): Promise<DashboardWidget> {
    return ctx.services.dashboards.addWidget(input, ctx.actor);
  }

  @Mutation(() => DashboardWidget)
  updateDashboardWidget(@Arg('input', () => UpdateWidgetInput) input: UpdateWidgetInput, @Ctx() ctx: AnalyticsContext): Promise<DashboardWidget> {
    return ctx.services.dashboards.updateWidget(input, ctx.actor);
  }

  @Mutation(() => Boolean)
  removeDashboardWidget(@Arg('id', () => ID) id: string, @Ctx() ctx: AnalyticsContext): Promise<boolean> {
    return ctx.services.dashboards.removeWidget(id, ctx.actor);
  }

  @FieldResolver(() => [DashboardWidget], { description: 'Top to bottom, left to right.' })
  widgets(@Root() dashboard: Dashboard, @Ctx() ctx: AnalyticsContext): Promise<DashboardWidget[]> {
    return ctx.loaders.widgetsByDashboard.load(dashboard.id);
  }
}

@Resolver(() => DashboardWidget)
export class DashboardWidgetResolver {
  @FieldResolver(() => WidgetPosition)
  position(@Root() widget: DashboardWidget): WidgetPosition {
    return { x: widget.x, y: widget.y, width: widget.width, height: widget.height };
  }
}
