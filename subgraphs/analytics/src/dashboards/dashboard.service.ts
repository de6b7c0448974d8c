import { In, Not, type DataSource, type EntityManager } from 'typeorm';
import { hasRole, type Actor } from '../../../../kit/auth/identity';
import { ForbiddenError } from '../../../../kit/auth/rules';
import { NotFoundError, Violations } from '../../../../kit/errors';
import { isUuid } from '../../../../kit/ids';
import { Dashboard } from './dashboard.entity';
import type { AddWidgetInput, CreateDashboardInput, UpdateDashboardInput, UpdateWidgetInput } from './dashboard.input';
import { checkWidget } from './dashboard.rules';
import { DashboardWidget } from './widget.entity';

const isAdmin = (actor: Actor) => hasRole(actor, 'ADMIN');

/** Dashboards and their widgets: an administrator manages any and shares them; others manage their own. */
export class DashboardService {
  constructor(private readonly dataSource: DataSource) {}

  /** The dashboards the actor sees: their own and the shared ones (an administrator: all). */
  visibleTo(actor: Actor): Promise<Dashboard[]> {
    const repo = this.dataSource.getRepository(Dashboard);
    return isAdmin(actor)
      ? repo.find({ order: { createdAt: 'ASC', id: 'ASC' } })
      : repo.find({ where: [{ ownerId: actor.id }, { shared: true }], order: { createdAt: 'ASC', id: 'ASC' } });
  }

  byIds(ids: readonly string[]): Promise<Dashboard[]> {
    return this.dataSource.getRepository(Dashboard).findBy({ id: In([...ids]) });
  }

  widgetsOf(dashboardIds: readonly string[]): Promise<DashboardWidget[]> {
    return this.dataSource.getRepository(DashboardWidget).find({ where: { dashboardId: In([...dashboardIds]) }, order: { y: 'ASC', x: 'ASC', id: 'ASC' } });
  }

  /** Whether the actor may see this dashboard. */
  canSee(actor: Actor, dashboard: Dashboard): boolean {
    return isAdmin(actor) || dashboard.shared || dashboard.ownerId === actor.id;
  }

  async create(input: CreateDashboardInput, actor: Actor): Promise<Dashboard> {
    const violations = new Violations();
    checkName(violations, input.name);
    if (input.shared && !isAdmin(actor)) violations.add('shared', 'adminOnly', 'only an administrator shares a dashboard');
    violations.throwIfAny();
    const repo = this.dataSource.getRepository(Dashboard);
    return repo.save(repo.create({ name: input.name.trim(), ownerId: actor.id, shared: input.shared }));
  }

  async update(input: UpdateDashboardInput, actor: Actor): Promise<Dashboard> {
    const violations = new Violations();
    if (input.name !== undefined && input.name !== null) checkName(violations, input.name);
    if (input.shared !== undefined && input.shared !== null && !isAdmin(actor)) violations.add('shared', 'adminOnly', 'only an administrator shares a dashboard');
    violations.throwIfAny();
    return this.dataSource.transaction(async (manager) => {
      const dashboard = await this.ownDashboard(manager, input.id, actor);
      if (input.name) dashboard.name = input.name.trim();
      if (input.shared !== undefined && input.shared !== null) dashboard.shared = input.shared;
      return manager.save(dashboard);
    });
  }

  async remove(id: string, actor: Actor): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const dashboard = await this.ownDashboard(manager, id, actor);
      await manager.delete(Dashboard, { id: dashboard.id });
      return true;
    });
  }

  async addWidget(input: AddWidgetInput, actor: Actor): Promise<DashboardWidget> {
    return this.dataSource.transaction(async (manager) => {
      // The dashboard's row lock makes two widgets added at once check their places one after the other.
      const dashboard = await this.ownDashboard(manager, input.dashboardId, actor);
      const others = await manager.find(DashboardWidget, { where: { dashboardId: dashboard.id } });
      const spec = { title: input.title, metric: input.metric, currency: input.currency, lastDays: input.lastDays, ...input.position };
      const violations = new Violations();
      checkWidget(violations, spec, others);
      violations.throwIfAny();
      return manager.save(
        manager.create(DashboardWidget, {
          dashboardId: dashboard.id,
          title: input.title.trim(),
          type: input.type,
          metric: input.metric,
          dimension: input.dimension ?? null,
          currency: input.currency ?? null,
          lastDays: input.lastDays,
          ...input.position,
        }),
      );
    });
  }

  async updateWidget(input: UpdateWidgetInput, actor: Actor): Promise<DashboardWidget> {
    return this.dataSource.transaction(async (manager) => {
      const widget = isUuid(input.id) ? await manager.findOneBy(DashboardWidget, { id: input.id }) : null;
      if (!widget) throw new NotFoundError('DashboardWidget', input.id);
      await this.ownDashboard(manager, widget.dashboardId, actor);
      const next: DashboardWidget = {
        ...widget,
        title: input.title ?? widget.title,
        type: input.type ?? widget.type,
        metric: input.metric ?? widget.metric,
        dimension: input.dimension !== undefined ? input.dimension : widget.dimension,
        currency: input.currency !== undefined ? input.currency : widget.currency,
        lastDays: input.lastDays ?? widget.lastDays,
        ...(input.position ?? {}),
      };
      const others = await manager.find(DashboardWidget, { where: { dashboardId: widget.dashboardId, id: Not(widget.id) } });
      const violations = new Violations();
      checkWidget(violations, next, others);
      violations.throwIfAny();
      return manager.save(DashboardWidget, { ...next, title: next.title.trim() });
    });
  }

  async removeWidget(id: string, actor: Actor): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const widget = isUuid(id) ? await manager.findOneBy(DashboardWidget, { id }) : null;
      if (!widget) throw new NotFoundError('DashboardWidget', id);
      await this.ownDashboard(manager, widget.dashboardId, actor);
      await manager.delete(DashboardWidget, { id });
      return true;
    });
  }

  /** The dashboard, locked, when the actor may change it: its owner, or an administrator. */
  private async ownDashboard(manager: EntityManager, id: string, actor: Actor): Promise<Dashboard> {
    const dashboard = isUuid(id) ? await manager.findOne(Dashboard, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!dashboard || !this.canSee(actor, dashboard)) throw new NotFoundError('Dashboard', id);
    if (!isAdmin(actor) && dashboard.ownerId !== actor.id) throw new ForbiddenError("another user's dashboard");
    return dashboard;
  }
}

function checkName(violations: Violations, name: string): void {
  if (!name.trim()) violations.add('name', 'required', 'give the dashboard a name');
  else if (name.length > 120) violations.add('name', 'maxLength', 'at most 120 characters');
}
