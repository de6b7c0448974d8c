import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { databaseUrlOn } from '../config';
import { createDataSource, recreateDatabase } from '../database';
import { KIT_MIGRATIONS } from '../kit.migration';
import { createLogger } from '../logger';
import { eventually } from '../testing';
import { InProcessEventBus, type BusSubscription, type DeadLetter, type EventBus } from './bus';
import { splitByAggregate, type DomainEvent, type EventSubscription } from './event';
import { handleBatchOnce, handleOnce, storeDeadLetter } from './inbox';
import { OutboxRelay, recordEvent } from './outbox';
import { RedisStreamsBus } from './redis-bus';
import { startEventFlow } from './flow';
import { Metrics } from '../metrics';

/*
 * The backbone on its own database (outbox, inbox, dead letters from the kit's migrations) and,
 * for the fault tests, the real Redis server (REDIS_URL, or the machine's own: see
 * test/global-setup.ts); those are reported skipped on a machine without Redis.
 */
const logger = createLogger({ service: 'events-test' });
let dataSource: DataSource;

beforeAll(async () => {
  const url = databaseUrlOn(process.env.TEST_POSTGRES_URL!, `mcs_test_kit_events_${process.pid}`);
  await recreateDatabase(url);
  dataSource = createDataSource({ url, entities: [], migrations: KIT_MIGRATIONS, logger, poolSize: 5 });
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.query('CREATE TABLE effects (event_id uuid NOT NULL, note text NOT NULL)');
});
afterAll(() => dataSource?.destroy());

/** A consumer that records one effect row per event it applies. */
const recordsEffect: EventSubscription<null> = {
  types: ['members.member.changed'],
  handle: async (event, manager) => {
    await manager.query('INSERT INTO effects (event_id, note) VALUES ($1, $2)', [event.id, (event.payload as { note: string }).note]);
  },
};

const effectsOf = async (eventId: string) => Number((await dataSource.query('SELECT count(*) AS n FROM effects WHERE event_id = $1', [eventId]))[0].n);

async function commitEvent(note: string, aggregateId = randomUUID()): Promise<DomainEvent> {
  return dataSource.transaction((manager) => recordEvent(manager, { type: 'members.member.changed', aggregateId, payload: { note } }));
}

/** Events of one aggregate, committed one after another: they travel, and are batched, together. */
async function commitEventsOfOne(...notes: string[]): Promise<DomainEvent[]> {
  const aggregateId = randomUUID();
  const events: DomainEvent[] = [];
  for (const note of notes) events.push(await commitEvent(note, aggregateId));
  return events;
}

/** Whether some batch held all these events, in this order (among others'). */
const batchedInOrder = (batches: DomainEvent[][], events: DomainEvent[]) => {
  const ids = events.map((e) => e.id);
  return batches.some((batch) => batch.map((e) => e.id).filter((id) => ids.includes(id)).join() === ids.join());
};

/** Records its effect like `recordsEffect`, but fails on every event whose note is "poison". */
const failsOnPoison: EventSubscription<null> = {
  types: recordsEffect.types,
  handle: async (event, manager, services) => {
    if ((event.payload as { note: string }).note === 'poison') throw new Error('handler bug');
    await recordsEffect.handle(event, manager, services);
  },
};

/**
 * Subscribes like a subgraph runtime does: apply once through the inbox, dead letters kept in
 * the database; with `batches`, events that arrive together are applied in one transaction,
 * each such batch noted in `batches`.
 */
function consume(
  bus: EventBus,
  options: { maxDeliveries?: number; deliver?: (event: DomainEvent) => Promise<void>; batches?: DomainEvent[][]; subscription?: EventSubscription<null> } = {},
): BusSubscription {
  const subscription = options.subscription ?? recordsEffect;
  const { batches } = options;
  return bus.subscribe('claims', ['members'], options.deliver ?? ((event) => handleOnce(dataSource, [subscription], null, event).then(() => undefined)), {
    deliverBatch: batches
      ? async (events) => {
          batches.push(events);
          await handleBatchOnce(dataSource, [subscription], null, events);
        }
      : undefined,
    maxDeliveries: options.maxDeliveries ?? 3,
    retryBaseMs: 30,
    onDeadLetter: (letter: DeadLetter) => storeDeadLetter(dataSource, 'claims', letter),
  });
}

describe('outbox and inbox', () => {
  it('writes no event when the change rolls back', async () => {
    const marker = randomUUID();
    await expect(
      dataSource.transaction(async (manager) => {
        await recordEvent(manager, { type: 'members.member.changed', aggregateId: marker, payload: { note: 'rolled back' } });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await dataSource.query('SELECT 1 FROM outbox_events WHERE aggregate_id = $1', [marker])).toHaveLength(0);
  });

  it('delivers a committed event once, even when the relay publishes it again after a crash', async () => {
    const bus = new InProcessEventBus();
    const subscription = consume(bus);
    const relay = new OutboxRelay(dataSource, (events) => bus.publishAll(events), logger);
    const event = await commitEvent('once');
    await relay.kick();
    expect(await effectsOf(event.id)).toBe(1);
    // The relay died after publishing but before marking: the event goes out a second time.
    await dataSource.query('UPDATE outbox_events SET published_at = NULL WHERE id = $1', [event.id]);
    await relay.kick();
    expect(await effectsOf(event.id)).toBe(1);
    await subscription.stop();
  });

  it('applies a batch in one transaction, each event once, a repeated one the first time only', async () => {
    const [a, b] = [await commitEvent('batch a'), await commitEvent('batch b')];
    expect((await handleBatchOnce(dataSource, [recordsEffect], null, [a, b, a])).map((e) => e.id)).toEqual([a.id, b.id]);
    expect(await handleBatchOnce(dataSource, [recordsEffect], null, [b, a])).toEqual([]);
    expect([await effectsOf(a.id), await effectsOf(b.id)]).toEqual([1, 1]);
  });

  it('keeps nothing of a batch in which one event fails', async () => {
    const [fine, poison] = [await commitEvent('fine'), await commitEvent('poison')];
    await expect(handleBatchOnce(dataSource, [failsOnPoison], null, [fine, poison])).rejects.toThrow('handler bug');
    expect(await effectsOf(fine.id)).toBe(0);
    expect(await dataSource.query('SELECT 1 FROM inbox_events WHERE event_id = $1', [fine.id])).toHaveLength(0);
  });

  it('hands a relay batch to the consumer as one, and event by event when that fails, dead-lettering only the bad one', async () => {
    const bus = new InProcessEventBus();
    const batches: DomainEvent[][] = [];
    const subscription = consume(bus, { batches, subscription: failsOnPoison });
    const relay = new OutboxRelay(dataSource, (events) => bus.publishAll(events), logger);
    const good = await commitEventsOfOne('one', 'two');
    await relay.kick();
    expect(batchedInOrder(batches, good)).toBe(true);
    expect([await effectsOf(good[0].id), await effectsOf(good[1].id)]).toEqual([1, 1]);

    const [before, poison, after] = await commitEventsOfOne('before', 'poison', 'after');
    await relay.kick();
    expect([await effectsOf(before.id), await effectsOf(poison.id), await effectsOf(after.id)]).toEqual([1, 0, 1]);
    const [dead] = await dataSource.query('SELECT deliveries FROM dead_letter_events WHERE event_id = $1', [poison.id]);
    expect(dead).toMatchObject({ deliveries: 3 });
    await subscription.stop();
  });

  it('gives up an event whose consumer stops while retrying it: no dead letter, and the outbox keeps it for the next start', async () => {
    const bus = new InProcessEventBus();
    let attempts = 0;
    let subscription: BusSubscription | undefined;
    // The consumer's database goes away with the process: every attempt fails, and shutdown comes after the second.
    subscription = consume(bus, {
      maxDeliveries: 5,
      deliver: async () => {
        attempts += 1;
        if (attempts === 2) await subscription!.stop();
        throw new Error('Driver not Connected');
      },
    });
    const relay = new OutboxRelay(dataSource, (events) => bus.publishAll(events), logger);
    const event = await commitEvent('during shutdown');
    await relay.kick();
    expect(attempts).toBe(2);
    expect(await dataSource.query('SELECT 1 FROM dead_letter_events WHERE event_id = $1', [event.id])).toEqual([]);
    const [row] = await dataSource.query('SELECT published_at FROM outbox_events WHERE id = $1', [event.id]);
    expect(row.published_at).toBeNull();

    // The next start's consumer applies it.
    const next = consume(bus);
    await relay.kick();
    expect(await effectsOf(event.id)).toBe(1);
    await next.stop();
  });

  it('refuses event types that do not name their source', async () => {
    await expect(
      dataSource.transaction((manager) => recordEvent(manager, { type: 'MemberChanged', aggregateId: 'x', payload: {} })),
    ).rejects.toThrow(/<subgraph>.<entity>.<what-happened>/);
  });
});

const redisUrl = process.env.REDIS_URL;
const describeWithRedis = redisUrl ? describe : describe.skip;

describeWithRedis('Redis Streams bus against real Redis (fault tests)', () => {
  let redis: Redis;
  let bus: RedisStreamsBus;
  let relay: OutboxRelay;
  const prefix = `test:${randomUUID()}`;

  beforeAll(() => {
    redis = new Redis(redisUrl!);
    bus = new RedisStreamsBus(redis, { prefix, logger, blockMs: 100, reclaimEveryMs: 40, drainTimeoutMs: 200 });
    relay = new OutboxRelay(dataSource, (events) => bus.publishAll(events), logger);
  });
  afterAll(async () => {
    await bus.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('delivers an event that was committed while the relay was stopped, once it runs again', async () => {
    const subscription = consume(bus);
    const event = await commitEvent('relay was down');
    expect((await dataSource.query('SELECT published_at FROM outbox_events WHERE id = $1', [event.id]))[0].published_at).toBeNull();
    await relay.kick(); // the relay restarts
    await eventually(async () => expect(await effectsOf(event.id)).toBe(1));
    await subscription.stop();
  });

  it('has no double effect when a consumer dies after its commit and before its acknowledgement', async () => {
    // Consumer A commits the effect, then "dies": it never returns, so it never acknowledges.
    let committed!: () => void;
    const committedOnce = new Promise<void>((resolve) => (committed = resolve));
    const dying = bus.subscribe('claims', ['members'], async (event) => {
      await handleOnce(dataSource, [recordsEffect], null, event);
      committed();
      await new Promise(() => undefined);
    }, { maxDeliveries: 5, retryBaseMs: 30, onDeadLetter: async () => undefined });
    const event = await commitEvent('commit then crash');
    await relay.kick();
    await committedOnce;
    await dying.stop();
    expect(await effectsOf(event.id)).toBe(1);
    const stream = bus.streamOf('members');
    expect((await redis.xpending(stream, 'claims'))[0]).toBeGreaterThan(0);

    // Consumer B (a restarted instance) reclaims the pending entry; the inbox makes it a no-op.
    const survivor = consume(bus);
    await eventually(async () => expect((await redis.xpending(stream, 'claims'))[0]).toBe(0));
    expect(await effectsOf(event.id)).toBe(1);
    await survivor.stop();
  });

  it('moves a malformed entry to the dead letters without blocking the events behind it', async () => {
    const subscription = consume(bus);
    const stream = bus.streamOf('members');
    await redis.xadd(stream, '*', 'event', '{"this is": "not an event"');
    const after = await commitEvent('after the poison');
    await relay.kick();
    await eventually(async () => expect(await effectsOf(after.id)).toBe(1));
    await eventually(async () => {
      const dead = await redis.xrange(bus.deadLetterStreamOf('claims'), '-', '+');
      expect(dead.some(([, fields]) => fields.includes('{"this is": "not an event"'))).toBe(true);
    });
    const [stored] = await dataSource.query(`SELECT error, event_id FROM dead_letter_events WHERE raw = '{"this is": "not an event"'`);
    expect(stored).toMatchObject({ event_id: null, error: expect.stringMatching(/^unreadable/) });
    await subscription.stop();
  });

  it('takes new entries as one batch, acknowledged together, and one by one when the batch fails', async () => {
    const batches: DomainEvent[][] = [];
    const stream = bus.streamOf('members');
    const [one, two] = await commitEventsOfOne('one', 'two');
    await relay.kick(); // published before anyone reads, so they arrive together
    const subscription = consume(bus, { batches, subscription: failsOnPoison });
    await eventually(async () => expect([await effectsOf(one.id), await effectsOf(two.id)]).toEqual([1, 1]));
    expect(batchedInOrder(batches, [one, two])).toBe(true);
    await eventually(async () => expect((await redis.xpending(stream, 'claims'))[0]).toBe(0));
    await subscription.stop();

    const [before, poison, after] = await commitEventsOfOne('before', 'poison', 'after');
    await relay.kick();
    const again = consume(bus, { batches, subscription: failsOnPoison });
    await eventually(async () => expect([await effectsOf(before.id), await effectsOf(after.id)]).toEqual([1, 1]));
    await eventually(async () => {
      const [dead] = await dataSource.query('SELECT deliveries FROM dead_letter_events WHERE event_id = $1', [poison.id]);
      expect(dead).toMatchObject({ deliveries: 3 });
    });
    expect(await effectsOf(poison.id)).toBe(0);
    await again.stop();
  });

  it('retries a failing event with backoff and dead-letters it after the last delivery', async () => {
    const attempts: number[] = [];
    const failing = await commitEvent('always fails');
    const fine = await commitEvent('fine');
    const subscription = consume(bus, {
      maxDeliveries: 3,
      deliver: async (event) => {
        if (event.id === failing.id) {
          attempts.push(Date.now());
          throw new Error('handler bug');
        }
        await handleOnce(dataSource, [recordsEffect], null, event);
      },
    });
    await relay.kick();
    await eventually(async () => expect(await effectsOf(fine.id)).toBe(1));
    await eventually(async () => {
      const [row] = await dataSource.query('SELECT deliveries, error FROM dead_letter_events WHERE event_id = $1', [failing.id]);
      expect(row).toMatchObject({ deliveries: 3 });
    });
    // Three deliveries, each retry only after a longer idle time than the last (30 ms, then 60 ms).
    expect(attempts).toHaveLength(3);
    expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(28);
    expect(attempts[2] - attempts[1]).toBeGreaterThanOrEqual(58);
    await subscription.stop();
  });
});

describe('splitting a delivery into batches side by side', () => {
  it("keeps each aggregate's items together and in order, in at most the parts asked", () => {
    const items = ['a1', 'b1', 'a2', 'c1', 'd1', 'e1', 'b2', 'a3'];
    const parts = splitByAggregate(items, (item) => item[0], 3);
    expect(parts).toHaveLength(3);
    expect(parts.flat().sort()).toEqual([...items].sort());
    for (const aggregate of ['a', 'b', 'c', 'd', 'e']) {
      const holding = parts.filter((part) => part.some((item) => item[0] === aggregate));
      expect(holding).toHaveLength(1);
      expect(holding[0].filter((item) => item[0] === aggregate)).toEqual(items.filter((item) => item[0] === aggregate));
    }
    expect(splitByAggregate([], (item: string) => item, 4)).toEqual([]);
  });
});

describe('a subscription that applies its events alone', () => {
  /** Starts a consumer as a subgraph runtime does, noting the transaction each event was applied in. */
  function flowNotingTransactions(alone: boolean, bus: InProcessEventBus, seen: Map<string, string>) {
    const notes: EventSubscription<null> = {
      types: ['members.member.changed'],
      alone,
      handle: async (event, manager) => {
        const [{ tx }] = await manager.query('SELECT txid_current()::text AS tx');
        seen.set(event.id, tx);
      },
    };
    return startEventFlow({ consumer: 'claims', dataSource, bus, subscriptions: [notes], jobs: [], services: null, logger, metrics: new Metrics(), maxDeliveries: 3, retryBaseMs: 30 });
  }

  const arrivingTogether = (n: number): DomainEvent[] =>
    Array.from({ length: n }, () => ({ id: randomUUID(), type: 'members.member.changed', source: 'members', aggregateId: randomUUID(), occurredAt: new Date().toISOString(), payload: {} }));

  it('applies events that arrive together in one transaction by default, and each in its own when the subscription asks', async () => {
    for (const alone of [false, true]) {
      const bus = new InProcessEventBus();
      const seen = new Map<string, string>();
      const flow = flowNotingTransactions(alone, bus, seen);
      const events = arrivingTogether(6);
      await bus.publishAll(events);
      await eventually(() => expect(seen.size).toBe(events.length));
      const transactions = new Set(seen.values()).size;
      if (alone) expect(transactions).toBe(events.length);
      else expect(transactions).toBeLessThan(events.length);
      await flow.stop();
      await bus.close();
    }
  });
});
