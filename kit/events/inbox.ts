import type { DataSource } from 'typeorm';
import { preparedQuery } from '../database';
import type { DeadLetter } from './bus';
import type { DomainEvent, EventSubscription } from './event';

/**
 * Applies an event at most once per consumer database: the inbox row and the handlers' effects
 * commit together, so a redelivery (after a crash before the acknowledgement, or a replay)
 * finds the row and does nothing. Returns false when the event had already been handled.
 */
export async function handleOnce<TServices>(
  dataSource: DataSource,
  subscriptions: EventSubscription<TServices>[],
  services: TServices,
  event: DomainEvent,
): Promise<boolean> {
  return (await handleBatchOnce(dataSource, subscriptions, services, [event])).length > 0;
}

/**
 * Applies several events in one transaction, each at most once (as `handleOnce`), in the order
 * given: one inbox statement claims them all, then each claimed event's handlers run. All or
 * none: when a handler throws, nothing of the batch is kept and the error is raised, so the
 * caller can deliver the events one by one. Returns the events applied now.
 */
export async function handleBatchOnce<TServices>(
  dataSource: DataSource,
  subscriptions: EventSubscription<TServices>[],
  services: TServices,
  events: DomainEvent[],
): Promise<DomainEvent[]> {
  const handled = events.filter((event) => subscriptions.some((s) => s.types.includes(event.type)));
  if (handled.length === 0) return [];
  return dataSource.transaction(async (manager) => {
    const claimed = await preparedQuery<{ event_id: string }>(
      manager,
      `INSERT INTO inbox_events (event_id, type, source) SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[])
       ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [handled.map((e) => e.id), handled.map((e) => e.type), handled.map((e) => e.source)],
    );
    // An event given twice (a redelivery in the same batch) is applied the first time only.
    const fresh = new Set(claimed.map((row) => row.event_id));
    const applied = handled.filter((event) => fresh.delete(event.id));
    for (const event of applied) {
      for (const subscription of subscriptions) if (subscription.types.includes(event.type)) await subscription.handle(event, manager, services);
    }
    return applied;
  });
}

/** Keeps a dead letter where an admin can see and replay it (the consumer's own database). */
export async function storeDeadLetter(dataSource: DataSource, consumer: string, letter: DeadLetter): Promise<void> {
  await dataSource.query(
    `INSERT INTO dead_letter_events (consumer, message_id, event_id, type, raw, error, deliveries)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [consumer, letter.messageId, letter.event?.id ?? null, letter.event?.type ?? null, letter.raw, letter.error.slice(0, 2000), letter.deliveries],
  );
}
