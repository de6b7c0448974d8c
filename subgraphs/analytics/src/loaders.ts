import { loaderById, loaderGroupedBy } from '../../../kit/loaders';
import type { AnalyticsServices } from './services';

/** Per-request DataLoaders of the analytics subgraph. */
export function createAnalyticsLoaders(services: AnalyticsServices) {
  return {
    alertRuleById: loaderById((ids) => services.alerts.rulesByIds(ids)),
    reportDefinitionById: loaderById((ids) => services.reports.definitionsByIds(ids)),
    reportRunById: loaderById((ids) => services.reports.runsByIds(ids)),
    runsByDefinition: loaderGroupedBy((ids) => services.reports.runsOf(ids), (run) => run.definitionId),
    dashboardById: loaderById((ids) => services.dashboards.byIds(ids)),
    widgetsByDashboard: loaderGroupedBy((ids) => services.dashboards.widgetsOf(ids), (widget) => widget.dashboardId),
  };
}

export type AnalyticsLoaders = ReturnType<typeof createAnalyticsLoaders>;
