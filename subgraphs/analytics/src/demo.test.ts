import { buildDemoPlan } from '../../../demo/plan';
import { Violations } from '../../../kit/errors';
import type { SubgraphRuntime } from '../../../kit/subgraph';
import { startTestSubgraph } from '../../../kit/testing';
import { checkWidget } from './dashboards/dashboard.rules';
import { seedAnalyticsDemo } from './demo';
import type { AnalyticsLoaders } from './loaders';
import type { AnalyticsServices } from './services';
import { analyticsSubgraph } from './subgraph';

let runtime: SubgraphRuntime<AnalyticsServices, AnalyticsLoaders>;
beforeAll(async () => {
  runtime = await startTestSubgraph(analyticsSubgraph);
});
afterAll(() => runtime.stop());

class RolledBack extends Error {}

describe('analytics demo seed', () => {
  it('seeds alert rules, report definitions and a shared dashboard whose widgets obey the widget rules', async () => {
    const plan = buildDemoPlan();
    await runtime.dataSource
      .transaction(async (manager) => {
        await seedAnalyticsDemo(manager, plan);
        const [counts] = await manager.query(
          `SELECT (SELECT count(*) FROM alert_rules WHERE created_at = now())::int AS rules,
                  (SELECT count(*) FROM report_definitions WHERE created_at = now())::int AS reports,
                  (SELECT count(*) FROM report_definitions WHERE created_at = now() AND next_run_at IS NOT NULL)::int AS scheduled,
                  (SELECT count(*) FROM dashboards WHERE created_at = now() AND shared)::int AS shared_dashboards`,
        );
        expect(counts).toEqual({ rules: 3, reports: 3, scheduled: 2, shared_dashboards: 1 });
        const widgets = await manager.query(`SELECT id, title, metric, currency, last_days AS "lastDays", x, y, width, height FROM dashboard_widgets WHERE created_at = now()`);
        expect(widgets).toHaveLength(5);
        for (const widget of widgets) {
          const violations = new Violations();
          checkWidget(violations, widget, widgets.filter((w: { id: string }) => w.id !== widget.id));
          expect(violations.any).toBe(false);
        }
        throw new RolledBack();
      })
      .catch((error) => {
        if (!(error instanceof RolledBack)) throw error;
      });
  });
});
