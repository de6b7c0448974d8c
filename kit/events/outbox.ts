import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../database';
import type { Logger } from '../logger';
import { assertEventType, sourceOf, type DomainEvent, type NewEvent } from './event';

/**
 * Records an event in the writer's outbox, inside the caller's transaction: the event exists if
 * and only if the change it describes was committed. The relay publishes it afterwards.
 */
export async function recordEvent<T>(manager: EntityManager, event: NewEvent<T> & { id?: string }): Promise<DomainEvent<T>> {
  assertEventType(event.type);
  const recorded: DomainEvent<T> = {
    // A caller may name the event itself (an id derived from the occurrence it records).
    id: event.id ?? randomUUID(),
    type: event.type,
    source: sourceOf(event.type),
    aggregateId: event.aggregateId,
    occurredAt: new Date().toISOString(),
    payload: event.payload,
  };
  await preparedQuery(
    manager,
    `INSERT INTO outbox_events (id, type, aggregate_id, payload, occurred_at) VALUES ($1, $2, $3, $4, $5)`,
    [recorded.id, recorded.type, recorded.aggregateId, JSON.stringify(recorded.payload), recorded.occurredAt],
  );
  return recorded;
}

/** Records several events in one statement (their order in the outbox is the order given). */
export async function recordEvents(manager: EntityManager, events: (NewEvent & { id?: string })[]): Promise<void> {
  if (events.length === 0) return;
  if (events.length === 1) {
    await recordEvent(manager, events[0]);
    return;
  }
  for (const event of events) assertEventType(event.type);
  const occurredAt = new Date().toISOString();
  await preparedQuery(
    manager,
    `INSERT INTO outbox_events (id, type, aggregate_id, payload, occurred_at)
     SELECT id, type, aggregate_id, payload, $5 FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[]) WITH ORDINALITY AS e(id, type, aggregate_id, payload, n)
     ORDER BY n`,
    [events.map((e) => e.id ?? randomUUID()), events.map((e) => e.type), events.map((e) => e.aggregateId), events.map((e) => JSON.stringify(e.payload)), occurredAt],
  );
}

interface OutboxRow {
  id: string;
  type: string;
  aggregate_id: string;
  payload: unknown;
  occurred_at: Date;
}

/**
 * Moves committed outbox events to the bus, oldest first, marking each published only once the
 * bus has taken it. A crash between the two publishes it again after restart; consumers'
 * inboxes make that harmless. Rows are claimed with SKIP LOCKED so instances never collide.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private publishedLastRound = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publish: (events: DomainEvent[]) => Promise<void>,
    private readonly logger: Logger,
    private readonly options: { pollMs?: number; idlePollMs?: number; batchSize?: number } = {},
  ) {}

  /**
   * Polls the outbox (not LISTEN/NOTIFY: NOTIFY takes a database-wide lock at commit and would
   * serialise every writer): every `pollMs` while events flow, backing off to `idlePollMs` while
   * none do, so an idle subgraph costs one cheap query a second.
   */
  start(): void {
    this.stopped = false;
    const fast = this.options.pollMs ?? 100;
    const slow = this.options.idlePollMs ?? 1000;
    let delay = fast;
    const poll = async () => {
      await this.kick();
      delay = this.publishedLastRound > 0 ? fast : Math.min(delay * 2, slow);
      if (this.stopped) return;
      this.timer = setTimeout(() => void poll(), delay);
      this.timer.unref();
    };
    void poll();
  }

  /** Publishes what is waiting now. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain()
      .catch((error) => this.logger.warn('outbox relay failed; will retry', { error }))
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          void this.kick();
        }
      });
    return this.running;
  }

  private async drain(): Promise<void> {
    this.publishedLastRound = 0;
    // A plain look at the partial index first: an empty outbox costs no transaction and no locks.
    const [{ waiting }] = await this.dataSource.query('SELECT EXISTS (SELECT 1 FROM outbox_events WHERE published_at IS NULL) AS waiting');
    if (!waiting) return;
    for (;;) {
      const published = await this.dataSource.transaction(async (manager) => {
        const rows: OutboxRow[] = await manager.query(
          `SELECT id, type, aggregate_id, payload, occurred_at FROM outbox_events
           WHERE published_at IS NULL ORDER BY position LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [this.options.batchSize ?? 100],
        );
        // The batch in outbox order, which keeps each aggregate's events in order.
        if (rows.length > 0) {
          await this.publish(
            rows.map((row) => ({
              id: row.id,
              type: row.type,
              source: sourceOf(row.type),
              aggregateId: row.aggregate_id,
              occurredAt: new Date(row.occurred_at).toISOString(),
              payload: row.payload,
            })),
          );
        }
        if (rows.length > 0) {
          await manager.query(`UPDATE outbox_events SET published_at = now() WHERE id = ANY($1)`, [rows.map((r) => r.id)]);
        }
        return rows.length;
      });
      this.publishedLastRound += published;
      if (published < (this.options.batchSize ?? 100) || this.stopped) return;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
