import type { EntityManager } from 'typeorm';
import type { DemoPlan } from '../../../demo/plan';
import { systemClock, type Clock } from '../../../kit/clock';
import { AlertRule, UtilisationSubject } from './alerts/alert-rule.entity';
import { DEFAULT_THRESHOLDS_PCT } from './alerts/alert.rules';
import { Dashboard } from './dashboards/dashboard.entity';
import { DashboardWidget, WidgetType } from './dashboards/widget.entity';
import { ReportDefinition, ReportKind } from './reports/report-definition.entity';
import { firstRunAt, ReportSchedule } from './reports/schedule.rules';

const DEMO_ACTOR = 'system:demo-seed';

/**
 * Seeds analytics' own configuration for the demo world: alert rules for members, family policies
 * and schemes, three report definitions (two scheduled), and a shared "Claims overview" dashboard.
 * The numbers themselves come from the other domains' demo events as they flow in at start-up.
 */
export async function seedAnalyticsDemo(manager: EntityManager, plan: DemoPlan, clock: Clock = systemClock): Promise<void> {
  const random = plan.random('analytics');
  await manager.insert(AlertRule, [
    { id: random.uuid(), name: 'Member near a benefit limit', subjectType: UtilisationSubject.MEMBER, benefitCategory: null, thresholdsPct: [...DEFAULT_THRESHOLDS_PCT], active: true, createdBy: DEMO_ACTOR },
    { id: random.uuid(), name: 'Family near a shared limit', subjectType: UtilisationSubject.POLICY, benefitCategory: null, thresholdsPct: [...DEFAULT_THRESHOLDS_PCT], active: true, createdBy: DEMO_ACTOR },
    { id: random.uuid(), name: 'Scheme inpatient pool', subjectType: UtilisationSubject.SCHEME, benefitCategory: 'INPATIENT', thresholdsPct: [50, 70, 85], active: true, createdBy: DEMO_ACTOR },
  ]);
  const now = clock.now();
  const report = (name: string, kind: ReportKind, metric: string | null, rangeDays: number, schedule: ReportSchedule) => ({
    id: random.uuid(),
    name,
    kind,
    metric,
    dimension: null,
    currency: null,
    rangeDays,
    schedule,
    nextRunAt: firstRunAt(schedule, now),
    createdBy: DEMO_ACTOR,
  });
  await manager.insert(ReportDefinition, [
    report('Daily claims by status', ReportKind.METRIC_SERIES, 'claims.by-status', 1, ReportSchedule.DAILY),
    report('Weekly loss ratio', ReportKind.METRIC_SERIES, 'loss-ratio', 7, ReportSchedule.WEEKLY),
    report('Benefit utilisation', ReportKind.UTILISATION, null, 1, ReportSchedule.NONE),
  ]);
  const dashboardId = random.uuid();
  await manager.insert(Dashboard, { id: dashboardId, name: 'Claims overview', ownerId: DEMO_ACTOR, shared: true });
  const widget = (title: string, type: WidgetType, metric: string, x: number, y: number, width: number, height: number) => ({
    id: random.uuid(),
    dashboardId,
    title,
    type,
    metric,
    dimension: null,
    currency: metric === 'claims.by-status' || metric.endsWith('rate') ? null : plan.currency,
    lastDays: 30,
    x,
    y,
    width,
    height,
  });
  await manager.insert(DashboardWidget, [
    widget('Claims by status', WidgetType.BAR_CHART, 'claims.by-status', 0, 0, 6, 4),
    widget('Claims payable', WidgetType.LINE_CHART, 'claims.payable', 6, 0, 6, 4),
    widget('Auto-adjudication rate', WidgetType.NUMBER, 'claims.auto-adjudication-rate', 0, 4, 4, 2),
    widget('Loss ratio (paid)', WidgetType.NUMBER, 'loss-ratio', 4, 4, 4, 2),
    widget('Premiums paid', WidgetType.LINE_CHART, 'premiums.paid', 8, 4, 4, 2),
  ]);
}
