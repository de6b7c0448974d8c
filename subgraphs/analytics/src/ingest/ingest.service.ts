import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../../../../kit/database';
import type { DomainEvent } from '../../../../kit/events/event';
import type { Logger } from '../../../../kit/logger';
import type { AlertService } from '../alerts/alert.service';
import type { MetricService } from '../metrics/metric.service';
import { applyToFacts, nothingAffected } from './facts';
import { keepDeclaredFields } from './ingest.events';

/** Consumers share this lock; a rebuild takes it alone, so no event is applied half-way through one. */
const REBUILD_LOCK = `hashtext('analytics:rebuild')`;

/** The tables a rebuild empties and fills again from the event log. Rules, alerts, reports and dashboards are not derived and stay. */
const DERIVED_TABLES = ['metric_points', 'claim_line_facts', 'claim_facts', 'policy_facts', 'member_facts', 'benefit_limits', 'premium_payments', 'policy_cover_facts', 'overdue_invoices', 'settlement_facts'];

export interface RebuildOutcome {
  eventsReplayed: number;
  daysRecomputed: number;
}

export class IngestService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: MetricService,
    private readonly alerts: AlertService,
    private readonly logger: Logger,
  ) {}

  /**
   * Takes in one event in the consumer's transaction: keeps its declared fields in the event log (for a rebuild),
   * applies it to the facts, recomputes the days it touched and raises the alerts it caused.
   */
  async ingest(manager: EntityManager, received: DomainEvent): Promise<void> {
    // Logged and applied alike, so a rebuild replays exactly what was applied.
    const event: DomainEvent = { ...received, payload: keepDeclaredFields(received.type, received.payload) };
    await preparedQuery(manager, `SELECT pg_advisory_xact_lock_shared(${REBUILD_LOCK})`, []);
    const logged = await preparedQuery(
      manager,
      `INSERT INTO event_log (event_id, type, aggregate_id, occurred_at, payload) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (event_id) DO NOTHING RETURNING seq`,
      [event.id, event.type, event.aggregateId, event.occurredAt, JSON.stringify(event.payload)],
    );
    // Already taken in (a replay from the log or a redelivery past the inbox): nothing to do.
    if (logged.length === 0) return;
    const affected = nothingAffected();
    await applyToFacts(manager, event, affected);
    await this.metrics.refreshDays(manager, affected.days);
    await this.alerts.evaluate(
      manager,
      [...affected.benefitIds],
      affected.everySubject ? null : { memberIds: [...affected.memberIds], policyIds: [...affected.policyIds], schemes: affected.schemes },
    );
  }

  /**
   * Recomputes every derived table from the event log in one transaction: empty them, apply each
   * logged event in the order it was taken in, recompute every day. Alerts already raised stay;
   * none is raised twice.
   */
  async rebuild(): Promise<RebuildOutcome> {
    return this.dataSource.transaction(async (manager) => {
      await preparedQuery(manager, `SELECT pg_advisory_xact_lock(${REBUILD_LOCK})`, []);
      await manager.query(`TRUNCATE ${DERIVED_TABLES.join(', ')}`);
      let replayed = 0;
      let after = 0;
      for (;;) {
        const batch = await preparedQuery<{ seq: string; event_id: string; type: string; aggregate_id: string; occurred_at: Date; payload: unknown }>(
          manager,
          'SELECT seq::text AS seq, event_id, type, aggregate_id, occurred_at, payload FROM event_log WHERE seq > $1 ORDER BY seq LIMIT 500',
          [after],
        );
        for (const row of batch) {
          const event: DomainEvent = {
            id: row.event_id,
            type: row.type,
            source: row.type.split('.')[0],
            aggregateId: row.aggregate_id,
            occurredAt: new Date(row.occurred_at).toISOString(),
            payload: row.payload,
          };
          await applyToFacts(manager, event, nothingAffected());
          replayed += 1;
        }
        if (batch.length < 500) break;
        after = Number(batch[batch.length - 1].seq);
      }
      const days = await this.metrics.allFactDays(manager);
      await this.metrics.refreshDays(manager, days);
      await this.alerts.evaluate(manager, null);
      this.logger.info('analytics rebuilt from its event log', { eventsReplayed: replayed, days: days.length });
      return { eventsReplayed: replayed, daysRecomputed: days.length };
    });
  }
}
