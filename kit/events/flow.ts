import type { DataSource } from 'typeorm';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { BusSubscription, EventBus } from './bus';
import { sourceOf, type EventSubscription, type ScheduledJob } from './event';
import { handleBatchOnce, handleOnce, storeDeadLetter } from './inbox';
import { startJobs } from './jobs';
import { OutboxRelay } from './outbox';

/**
 * A subgraph's part in the event backbone: its consumer group (subscribed at once) and its
 * outbox relay and jobs (running from `start()`). A process that hosts several subgraphs starts
 * the relays only when every consumer has subscribed, so the in-process bus loses nothing.
 */
export interface EventFlow {
  relay: OutboxRelay;
  start(): void;
  stop(): Promise<void>;
}

export function startEventFlow<TServices>(options: {
  consumer: string;
  dataSource: DataSource;
  bus: EventBus;
  subscriptions: EventSubscription<TServices>[];
  jobs: ScheduledJob<TServices>[];
  services: TServices;
  logger: Logger;
  metrics: Metrics;
  maxDeliveries: number;
  retryBaseMs: number;
}): EventFlow {
  const { consumer, dataSource, bus, subscriptions, services, logger, metrics } = options;
  const countPublished = metrics.counter('events_published_total', 'Outbox events handed to the bus');
  const countHandled = metrics.counter('events_handled_total', 'Events applied by this consumer, by type');
  const countDead = metrics.counter('events_dead_lettered_total', 'Events moved to the dead letters');

  const relay = new OutboxRelay(dataSource, async (events) => {
    await bus.publishAll(events);
    for (const event of events) countPublished({ type: event.type });
  }, logger);

  let subscription: BusSubscription | undefined;
  const sources = [...new Set(subscriptions.flatMap((s) => s.types.map(sourceOf)))];
  const aloneTypes = new Set(subscriptions.filter((s) => s.alone).flatMap((s) => s.types));
  if (sources.length > 0) {
    subscription = bus.subscribe(
      consumer,
      sources,
      async (event) => {
        if (await handleOnce(dataSource, subscriptions, services, event)) countHandled({ type: event.type });
      },
      {
        // Many events in one transaction when they come together; one by one when that fails.
        deliverBatch: async (events) => {
          if (events.some((event) => aloneTypes.has(event.type))) {
            for (const event of events) if (await handleOnce(dataSource, subscriptions, services, event)) countHandled({ type: event.type });
            return;
          }
          for (const event of await handleBatchOnce(dataSource, subscriptions, services, events)) countHandled({ type: event.type });
        },
        maxDeliveries: options.maxDeliveries,
        retryBaseMs: options.retryBaseMs,
        onDeadLetter: async (letter) => {
          countDead({ type: letter.event?.type ?? 'unreadable' });
          logger.error('event dead-lettered', { messageId: letter.messageId, type: letter.event?.type, error: letter.error, deliveries: letter.deliveries });
          await storeDeadLetter(dataSource, consumer, letter);
        },
      },
    );
  }
  let jobs: { stop(): Promise<void> } | undefined;

  return {
    relay,
    start() {
      if (jobs) return;
      relay.start();
      jobs = startJobs(dataSource, options.jobs, services, logger);
    },
    async stop() {
      await jobs?.stop();
      await subscription?.stop();
      await relay.stop();
    },
  };
}
