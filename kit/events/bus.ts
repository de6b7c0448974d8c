import type { DomainEvent } from './event';

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
  /** Delivers every event of the given sources to `deliver`, at least once, as consumer group `consumer`. */
  subscribe(consumer: string, sources: string[], deliver: (event: DomainEvent) => Promise<void>, options: SubscribeOptions): BusSubscription;
  close(): Promise<void>;
}

export function backoffMs(base: number, deliveries: number): number {
  return Math.min(base * 2 ** Math.max(0, deliveries - 1), 60_000);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The bus of a single process (`npm start` without Redis): `publish` resolves only when every
 * subscriber has handled the event or dead-lettered it, so the outbox row stays unpublished,
 * and is retried after a restart, until every consumer is done with it.
 */
export class InProcessEventBus implements EventBus {
  readonly kind = 'in-process' as const;
  private readonly subscribers = new Set<{
    consumer: string;
    sources: Set<string>;
    deliver: (event: DomainEvent) => Promise<void>;
    options: SubscribeOptions;
  }>();
  private sequence = 0;

  async publish(event: DomainEvent): Promise<void> {
    const messageId = String(++this.sequence);
    const targets = [...this.subscribers].filter((s) => s.sources.has(event.source));
    await Promise.all(
      targets.map(async (subscriber) => {
        for (let deliveries = 1; ; deliveries += 1) {
          try {
            await subscriber.deliver(event);
            return;
          } catch (error) {
            if (deliveries >= subscriber.options.maxDeliveries) {
              await subscriber.options.onDeadLetter({ messageId, event, raw: JSON.stringify(event), error: String((error as Error)?.message ?? error), deliveries });
              return;
            }
            await sleep(backoffMs(subscriber.options.retryBaseMs, deliveries));
          }
        }
      }),
    );
  }

  subscribe(consumer: string, sources: string[], deliver: (event: DomainEvent) => Promise<void>, options: SubscribeOptions): BusSubscription {
    const subscriber = { consumer, sources: new Set(sources), deliver, options };
    this.subscribers.add(subscriber);
    return {
      stop: async () => {
        this.subscribers.delete(subscriber);
      },
    };
  }

  async close(): Promise<void> {
    this.subscribers.clear();
  }
}
