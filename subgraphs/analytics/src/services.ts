import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '../../../kit/clock';
import { createLogger, type Logger } from '../../../kit/logger';
import { AlertService } from './alerts/alert.service';
import { DashboardService } from './dashboards/dashboard.service';
import { IngestService } from './ingest/ingest.service';
import { MetricService } from './metrics/metric.service';
import { ReportService } from './reports/report.service';

export interface AnalyticsServiceOptions {
  /** Minutes after which a run still RUNNING is taken for dead (see `ReportService.runDue`). */
  reportRunTimeoutMinutes?: number;
}

export function createAnalyticsServices(
  dataSource: DataSource,
  clock: Clock = systemClock,
  logger: Logger = createLogger({ service: 'analytics' }),
  options: AnalyticsServiceOptions = {},
) {
  const metrics = new MetricService(dataSource);
  const alerts = new AlertService(dataSource, clock);
  return {
    dataSource,
    logger,
    clock,
    metrics,
    alerts,
    ingest: new IngestService(dataSource, metrics, alerts, logger),
    reports: new ReportService(dataSource, metrics, alerts, clock, logger, options.reportRunTimeoutMinutes ?? 30),
    dashboards: new DashboardService(dataSource),
  };
}

export type AnalyticsServices = ReturnType<typeof createAnalyticsServices>;
