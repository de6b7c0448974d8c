import { hostname } from 'node:os';
import type Redis from 'ioredis';
import type { Logger } from '../logger';
import { backoffMs, deliverTogether, sleep, type BusSubscription, type EventBus, type SubscribeOptions } from './bus';
import { parseEvent, type DomainEvent } from './event';

export interface RedisStreamsBusOptions {
  /** Namespaces every key, so environments (and tests) sharing a Redis never meet. */
  prefix: string;
  logger: Logger;
  /** This process's name within each consumer group. */
  consumerName?: string;
  /** How long one XREADGROUP waits for new entries. */
  blockMs?: number;
  /** How often pending entries (failed, or left by a dead consumer) are looked at again. */
  reclaimEveryMs?: number;
  /** Approximate length each stream is trimmed to. */
  maxLength?: number;
  /** How long stopping waits for deliveries under way. */
  drainTimeoutMs?: number;
}

type StreamEntry = [id: string, fields: string[]];

/**
 * Events over Redis Streams: one stream per publishing subgraph, one consumer group per
 * subscribing subgraph, acknowledged only after the consumer's transaction committed. Entries
 * that fail stay pending and are claimed again after a growing idle time (which also rescues
 * entries of a consumer that died); after `maxDeliveries` they go to the group's dead-letter
 * stream. An entry that is not an event at all is dead-lettered at once.
 */
export class RedisStreamsBus implements EventBus {
  readonly kind = 'redis' as const;
  private readonly subscriptions = new Set<BusSubscription>();

  constructor(private readonly redis: Redis, private readonly options: RedisStreamsBusOptions) {}

  streamOf(source: string): string {
    return `${this.options.prefix}:events:${source}`;
  }

  deadLetterStreamOf(consumer: string): string {
    return `${this.options.prefix}:dead:${consumer}`;
  }

  publish(event: DomainEvent): Promise<void> {
    return this.publishAll([event]);
  }

  /** One round trip for the lot; a stream keeps the order it was given. */
  async publishAll(events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const event of events) pipeline.xadd(this.streamOf(event.source), 'MAXLEN', '~', String(this.options.maxLength ?? 1_000_000), '*', 'event', JSON.stringify(event));
    for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
  }

  subscribe(consumer: string, sources: string[], deliver: (event: DomainEvent) => Promise<void>, options: SubscribeOptions): BusSubscription {
    const streams = sources.map((s) => this.streamOf(s));
    const name = this.options.consumerName ?? `${consumer}-${hostname()}-${process.pid}`;
    const reader = this.redis.duplicate();
    const logger = this.options.logger.child({ consumer, bus: 'redis' });
    let stopped = false;

    const deadLetter = async (stream: string, id: string, raw: string, error: string, deliveries: number, event: DomainEvent | null) => {
      await this.redis.xadd(this.deadLetterStreamOf(consumer), '*', 'stream', stream, 'id', id, 'event', raw, 'error', error, 'deliveries', String(deliveries));
      await options.onDeadLetter({ messageId: `${stream}/${id}`, event, raw, error, deliveries });
      await this.redis.xack(stream, consumer, id);
    };

    const handle = async (stream: string, [id, fields]: StreamEntry, deliveries: number) => {
      const raw = fieldValue(fields, 'event') ?? '';
      let event: DomainEvent;
      try {
        event = parseEvent(raw);
      } catch (error) {
        await deadLetter(stream, id, raw, `unreadable: ${(error as Error).message}`, deliveries, null);
        return;
      }
      try {
        await deliver(event);
        await this.redis.xack(stream, consumer, id);
      } catch (error) {
        // Left pending: the reclaim loop retries it after a backoff, or dead-letters it.
        logger.warn('event delivery failed', { type: event.type, id, deliveries, error: (error as Error).message });
      }
    };

    /** Entries of one aggregate stay in order; different aggregates are handled side by side. */
    const handleBatch = (stream: string, entries: StreamEntry[], deliveries: (id: string) => number) =>
      deliverTogether(entries, (entry) => aggregateOf(fieldValue(entry[1], 'event')), (entry) => handle(stream, entry, deliveries(entry[0])));

    /**
     * New entries: in a few batches side by side when the consumer takes batches (an aggregate's
     * entries all in one, in order; each acknowledged with its batch once it committed), else,
     * or when a batch fails, entry by entry. An unreadable entry is dead-lettered on its own.
     */
    const handleNew = async (stream: string, entries: StreamEntry[]) => {
      const { deliverBatch } = options;
      if (!deliverBatch) return handleBatch(stream, entries, () => 1);
      const readable: { entry: StreamEntry; event: DomainEvent }[] = [];
      for (const entry of entries) {
        const event = safeParse(fieldValue(entry[1], 'event'));
        if (event) readable.push({ entry, event });
        else await handle(stream, entry, 1);
      }
      await deliverTogether(readable, (r) => r.event.aggregateId, (r) => handle(stream, r.entry, 1), {
        deliver: async (part) => {
          await deliverBatch(part.map((r) => r.event));
          await this.redis.xack(stream, consumer, ...part.map((r) => r.entry[0]));
        },
        onFailed: (error, part) =>
          logger.warn('batch delivery failed; delivering its events one by one', { events: part.length, error: (error as Error).message }),
      });
    };

    const ready = Promise.all(
      streams.map((stream) =>
        this.redis.xgroup('CREATE', stream, consumer, '0', 'MKSTREAM').catch((error: Error) => {
          if (!String(error.message).includes('BUSYGROUP')) throw error;
        }),
      ),
    );

    const readLoop = (async () => {
      await ready;
      while (!stopped) {
        try {
          const answer = (await reader.xreadgroup(
            'GROUP', consumer, name, 'COUNT', 200, 'BLOCK', this.options.blockMs ?? 1000, 'STREAMS', ...streams, ...streams.map(() => '>'),
          )) as [string, StreamEntry[]][] | null;
          for (const [stream, entries] of answer ?? []) await handleNew(stream, entries);
        } catch (error) {
          if (stopped) return;
          logger.warn('reading the event stream failed; retrying', { error: (error as Error).message });
          await sleep(500);
        }
      }
    })();

    const reclaimLoop = (async () => {
      await ready;
      while (!stopped) {
        await sleep(this.options.reclaimEveryMs ?? Math.max(50, options.retryBaseMs));
        if (stopped) return;
        try {
          for (const stream of streams) {
            const pending = (await this.redis.xpending(stream, consumer, 'IDLE', options.retryBaseMs, '-', '+', 100)) as [string, string, number, number][];
            const due = pending.filter(([, , idle, deliveries]) => deliveries >= options.maxDeliveries || idle >= backoffMs(options.retryBaseMs, deliveries));
            if (due.length === 0) continue;
            const counts = new Map(due.map(([id, , , deliveries]) => [id, deliveries]));
            const claimed = (await this.redis.xclaim(stream, consumer, name, options.retryBaseMs, ...due.map(([id]) => id))) as StreamEntry[];
            const retry: StreamEntry[] = [];
            for (const entry of claimed) {
              const deliveries = counts.get(entry[0]) ?? 1;
              if (deliveries >= options.maxDeliveries) {
                await deadLetter(stream, entry[0], fieldValue(entry[1], 'event') ?? '', `failed ${deliveries} deliveries`, deliveries, safeParse(fieldValue(entry[1], 'event')));
              } else {
                retry.push(entry);
              }
            }
            // XCLAIM counted one more delivery for each retried entry.
            await handleBatch(stream, retry, (id) => (counts.get(id) ?? 0) + 1);
          }
        } catch (error) {
          if (!stopped) logger.warn('reclaiming pending events failed', { error: (error as Error).message });
        }
      }
    })();

    const subscription: BusSubscription = {
      stop: async () => {
        stopped = true;
        reader.disconnect();
        // Let deliveries under way finish, but never hang shutdown on one that does not.
        await Promise.race([Promise.allSettled([readLoop, reclaimLoop]), sleep(this.options.drainTimeoutMs ?? 5000)]);
        this.subscriptions.delete(subscription);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
  }
}

function fieldValue(fields: string[], name: string): string | undefined {
  for (let i = 0; i < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

function safeParse(raw: string | undefined): DomainEvent | null {
  try {
    return raw ? parseEvent(raw) : null;
  } catch {
    return null;
  }
}

function aggregateOf(raw: string | undefined): string {
  return safeParse(raw)?.aggregateId ?? `unreadable:${raw?.length ?? 0}`;
}

