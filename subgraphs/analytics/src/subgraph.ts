import type { Role } from '../../../kit/auth/identity';
import { selfService, staff } from '../../../kit/auth/rules';
import { defineSubgraph } from '../../../kit/subgraph';
import { AlertInstance } from './alerts/alert-instance.entity';
import { AlertRule } from './alerts/alert-rule.entity';
import { AlertResolver } from './alerts/alert.resolver';
import { readAnalyticsConfig } from './config';
import { Dashboard } from './dashboards/dashboard.entity';
import { DashboardResolver, DashboardWidgetResolver } from './dashboards/dashboard.resolver';
import { DashboardWidget } from './dashboards/widget.entity';
import { analyticsSubscriptions } from './ingest/ingest.subscriptions';
import { createAnalyticsLoaders } from './loaders';
import { MetricResolver } from './metrics/metric.resolver';
import { AnalyticsSchema1700000010000 } from './migrations/1700000010000-AnalyticsSchema';
import { ReportDefinition } from './reports/report-definition.entity';
import { ReportRun } from './reports/report-run.entity';
import { reportScheduleJob } from './reports/report.jobs';
import { ReportDefinitionResolver, ReportRunResolver } from './reports/report.resolver';
import { createAnalyticsServices } from './services';

/**
 * Analysts read everything here (ADMIN always may): it holds ids and numbers, no names, contacts or
 * diagnoses. A member's or policy's use of its limits is the exception: the alert and report services
 * show it only with the PII grant (per row, so scheme rows of the same lists stay readable).
 */
const READERS: Role[] = ['ANALYST'];
const read = staff(...READERS);
const admin = staff();
/**
 * An analyst's own dashboards and on-demand runs: like managing their own session, these change
 * nothing of the platform's data, so they are exempt from the analysts' read-only rule. The
 * services see to it that a non-administrator changes only their own dashboards and never shares one.
 */
const ownWork = selfService(staff(...READERS));

const config = readAnalyticsConfig();

/** Metric series fed by domain events, benefit utilisation and its alerts, reports and their runs, dashboards and widgets. */
export const analyticsSubgraph = defineSubgraph({
  name: 'analytics',
  defaultPort: 4010,
  entities: [AlertRule, AlertInstance, ReportDefinition, ReportRun, Dashboard, DashboardWidget],
  migrations: [AnalyticsSchema1700000010000],
  resolvers: [MetricResolver, AlertResolver, ReportDefinitionResolver, ReportRunResolver, DashboardResolver, DashboardWidgetResolver],
  referenceResolvers: {},
  permissions: {
    Query: {
      metricDefinitions: read,
      timeSeries: read,
      analyticsSummary: read,
      limitUtilisation: read,
      alertRules: read,
      alerts: read,
      reportDefinitions: read,
      reportDefinition: read,
      reportRun: read,
      dashboards: read,
      dashboard: read,
    },
    Mutation: {
      rebuildAnalytics: admin,
      createAlertRule: admin,
      updateAlertRule: admin,
      acknowledgeAlert: admin,
      createReportDefinition: admin,
      updateReportDefinition: admin,
      runReport: ownWork,
      createDashboard: ownWork,
      updateDashboard: ownWork,
      deleteDashboard: ownWork,
      addDashboardWidget: ownWork,
      updateDashboardWidget: ownWork,
      removeDashboardWidget: ownWork,
    },
    MetricDefinition: read,
    DataPoint: read,
    TimeSeries: read,
    AnalyticsSummary: read,
    AnalyticsRebuild: read,
    Money: read,
    LimitUtilisation: read,
    AlertRule: read,
    AlertInstance: read,
    AlertInstanceConnection: read,
    AlertInstanceEdge: read,
    PageInfo: read,
    ReportDefinition: read,
    ReportRun: read,
    ReportParameters: read,
    Dashboard: read,
    DashboardWidget: read,
    WidgetPosition: read,
  },
  createServices: (dataSource, logger) => createAnalyticsServices(dataSource, undefined, logger, { reportRunTimeoutMinutes: config.reportRunTimeoutMinutes }),
  createLoaders: createAnalyticsLoaders,
  subscriptions: analyticsSubscriptions,
  jobs: [reportScheduleJob(config.reportScheduleEverySeconds)],
});
