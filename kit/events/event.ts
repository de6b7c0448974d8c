import type { EntityManager } from 'typeorm';

/**
 * A fact one domain tells the others, carried from the writer's outbox to each subscriber's
 * inbox. `type` is `<source subgraph>.<entity>.<what happened>`, e.g. `members.member.changed`.
 * Payloads carry the entity's state (not a diff) with a version, so a consumer can apply them
 * in any order and any number of times.
 */
export interface DomainEvent<TPayload = unknown> {
  id: string;
  type: string;
  /** The subgraph that wrote it (the first segment of `type`). */
  source: string;
  /** The id of the entity the event is about; events of one aggregate are delivered in order. */
  aggregateId: string;
  occurredAt: string;
  payload: TPayload;
}

export interface NewEvent<TPayload = unknown> {
  type: string;
  aggregateId: string;
  payload: TPayload;
}

/** What a subgraph does with another domain's events. Runs in the consumer's own transaction. */
export interface EventSubscription<TServices = unknown> {
  /** Event types handled, e.g. `['members.member.changed']`. */
  types: string[];
  handle(event: DomainEvent, manager: EntityManager, services: TServices): Promise<void>;
  /**
   * Apply each of these events in a transaction of its own rather than batched with others. For
   * handlers that lock a row requests also wait for (a wallet): a batch would hold the lock until
   * its last event is applied.
   */
  alone?: boolean;
}

/** Work a subgraph runs on a timer (grace periods, escalations), once across all its instances. */
export interface ScheduledJob<TServices = unknown> {
  name: string;
  everyMs: number;
  run(services: TServices): Promise<void>;
}

const EVENT_TYPE = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;

export function sourceOf(type: string): string {
  return type.split('.')[0];
}

/** Parses an event off the wire, refusing anything that is not one (a poison message). */
export function parseEvent(raw: string): DomainEvent {
  const value = JSON.parse(raw) as Partial<DomainEvent>;
  const ok =
    value &&
    typeof value.id === 'string' &&
    typeof value.type === 'string' &&
    EVENT_TYPE.test(value.type) &&
    typeof value.aggregateId === 'string' &&
    typeof value.occurredAt === 'string' &&
    value.payload !== undefined;
  if (!ok) throw new TypeError('not a domain event');
  return { ...(value as DomainEvent), source: sourceOf(value.type!) };
}

export function assertEventType(type: string): void {
  if (!EVENT_TYPE.test(type)) throw new Error(`Event type "${type}" must read <subgraph>.<entity>.<what-happened> in lower case`);
}

/**
 * Handles items of one aggregate one after another, in the order given, and those of different
 * aggregates side by side: the order a consumer may rely on, at the speed of the slowest aggregate.
 */
export async function inAggregateOrder<T>(items: readonly T[], aggregateOf: (item: T) => string, handle: (item: T) => Promise<void>): Promise<void> {
  const byAggregate = new Map<string, T[]>();
  for (const item of items) {
    const key = aggregateOf(item);
    const group = byAggregate.get(key);
    if (group) group.push(item);
    else byAggregate.set(key, [item]);
  }
  await Promise.all(
    [...byAggregate.values()].map(async (group) => {
      for (const item of group) await handle(item);
    }),
  );
}

/**
 * Splits items into at most `parts` lists that can be handled side by side: all of one
 * aggregate's items land in the same list, in the order given.
 */
export function splitByAggregate<T>(items: readonly T[], aggregateOf: (item: T) => string, parts: number): T[][] {
  const lists: T[][] = Array.from({ length: Math.max(1, parts) }, () => []);
  const placed = new Map<string, number>();
  for (const item of items) {
    const key = aggregateOf(item);
    let list = placed.get(key);
    if (list === undefined) {
      list = placed.size % lists.length;
      placed.set(key, list);
    }
    lists[list].push(item);
  }
  return lists.filter((list) => list.length > 0);
}
