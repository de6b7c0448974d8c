import { inAggregateOrder, splitByAggregate, type DomainEvent } from './event';

export interface DeadLetter {
  /** The stream entry or in-process sequence the message had. */
  messageId: string;
  /** The event, or null when the message could not be read as one (a poison message). */
  event: DomainEvent | null;
  raw: string;
  error: string;
  deliveries: number;
}

export interface SubscribeOptions {
  /**
   * Applies several events in one go, in the order given, all or none. When it throws, each of
   * them is delivered on its own instead (with the usual retries and dead letters), so one bad
   * event costs only the batch's speed, never the others.
   */
  deliverBatch?: (events: DomainEvent[]) => Promise<void>;
  /** Deliveries before a failing message is moved to the dead letters. */
  maxDeliveries: number;
  /** First retry delay; each further retry waits twice as long. */
  retryBaseMs: number;
  onDeadLetter(letter: DeadLetter): Promise<void>;
}

export interface BusSubscription {
  stop(): Promise<void>;
}

/**
 * How events travel between subgraphs: Redis Streams with a consumer group per subscribing
 * subgraph in production, or in-process when no Redis is configured. Either way a delivery
 * that throws is retried with backoff and, after `maxDeliveries`, dead-lettered.
 */
export interface EventBus {
  readonly kind: 'redis' | 'in-process';
  /** Hands an event over durably; resolves once the bus has it. */
  publish(event: DomainEvent): Promise<void>;
  /** Hands several events over at once (the outbox relay's batch), each aggregate's in order. */
  publishAll(events: DomainEvent[]): Promise<void>;
  /** Delivers every event of the given sources to `deliver`, at least once, as consumer group `consumer`. */
  subscribe(consumer: string, sources: string[], deliver: (event: DomainEvent) => Promise<void>, options: SubscribeOptions): BusSubscription;
  close(): Promise<void>;
}

export function backoffMs(base: number, deliveries: number): number {
  return Math.min(base * 2 ** Math.max(0, deliveries - 1), 60_000);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How many batches of one delivery a consumer applies at once (each its own transaction). */
export const BATCHES_SIDE_BY_SIDE = 4;

/**
 * Delivers items that arrived together: without `batch`, one by one, each aggregate's in order
 * and different aggregates side by side; with it, in a few batches side by side (each
 * aggregate's items in one batch, in order), a batch that fails going one by one instead, so
 * the item that fails is retried and dead-lettered alone.
 */
export async function deliverTogether<T>(
  items: readonly T[],
  aggregateOf: (item: T) => string,
  one: (item: T) => Promise<void>,
  batch?: { deliver: (part: T[]) => Promise<void>; onFailed?: (error: unknown, part: T[]) => void },
): Promise<void> {
  if (!batch) return inAggregateOrder(items, aggregateOf, one);
  await Promise.all(
    splitByAggregate(items, aggregateOf, BATCHES_SIDE_BY_SIDE).map(async (part) => {
      if (part.length > 1) {
        try {
          await batch.deliver(part);
          return;
        } catch (error) {
          batch.onFailed?.(error, part);
        }
      }
      await inAggregateOrder(part, aggregateOf, one);
    }),
  );
}

interface InProcessSubscriber {
  consumer: string;
  sources: Set<string>;
  deliver: (event: DomainEvent) => Promise<void>;
  options: SubscribeOptions;
  /** Set when the subscription stops: an event it is still retrying is given up, never dead-lettered. */
  stopped: boolean;
}

/** A consumer stopped (its process is shutting down) before it had handled an event it was given. */
export class ConsumerStopped extends Error {
  constructor(consumer: string, event: DomainEvent) {
    super(`${consumer} stopped before it handled ${event.type} ${event.id}; the event stays in the outbox for the next start`);
    this.name = 'ConsumerStopped';
  }
}

/**
 * The bus of a single process (`npm start` without Redis): `publish` resolves only when every
 * subscriber has handled the event or dead-lettered it, so the outbox row stays unpublished,
 * and is retried after a restart, until every consumer is done with it. A consumer that stops
 * while it is still retrying an event (shutdown closes its database) fails the publish instead
 * of dead-lettering an event that did nothing wrong.
 */
export class InProcessEventBus implements EventBus {
  readonly kind = 'in-process' as const;
  private readonly subscribers = new Set<InProcessSubscriber>();
  private sequence = 0;

  publish(event: DomainEvent): Promise<void> {
    return this.publishAll([event]);
  }

  /**
   * Each subscriber gets its share of the events in a few batches side by side when it takes
   * batches (an aggregate's events all in one, in order); otherwise, or when a batch fails,
   * event by event, each aggregate's in order.
   */
  async publishAll(events: DomainEvent[]): Promise<void> {
    const numbered = events.map((event) => ({ event, messageId: String(++this.sequence) }));
    await Promise.all(
      [...this.subscribers].map(async (subscriber) => {
        const mine = numbered.filter(({ event }) => subscriber.sources.has(event.source));
        if (mine.length === 0) return;
        const { deliverBatch } = subscriber.options;
        await deliverTogether(
          mine,
          ({ event }) => event.aggregateId,
          ({ event, messageId }) => this.deliverOne(subscriber, event, messageId),
          deliverBatch && { deliver: (part) => deliverBatch(part.map(({ event }) => event)) },
        );
      }),
    );
  }

  private async deliverOne(subscriber: InProcessSubscriber, event: DomainEvent, messageId: string): Promise<void> {
    for (let deliveries = 1; ; deliveries += 1) {
      if (subscriber.stopped) throw new ConsumerStopped(subscriber.consumer, event);
      try {
        await subscriber.deliver(event);
        return;
      } catch (error) {
        if (subscriber.stopped) throw new ConsumerStopped(subscriber.consumer, event);
        if (deliveries >= subscriber.options.maxDeliveries) {
          await subscriber.options.onDeadLetter({ messageId, event, raw: JSON.stringify(event), error: String((error as Error)?.message ?? error), deliveries });
          return;
        }
        await sleep(backoffMs(subscriber.options.retryBaseMs, deliveries));
      }
    }
  }

  subscribe(consumer: string, sources: string[], deliver: (event: DomainEvent) => Promise<void>, options: SubscribeOptions): BusSubscription {
    const subscriber: InProcessSubscriber = { consumer, sources: new Set(sources), deliver, options, stopped: false };
    this.subscribers.add(subscriber);
    return {
      stop: async () => {
        subscriber.stopped = true;
        this.subscribers.delete(subscriber);
      },
    };
  }

  async close(): Promise<void> {
    for (const subscriber of this.subscribers) subscriber.stopped = true;
    this.subscribers.clear();
  }
}
