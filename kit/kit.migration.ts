import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables the kit itself needs in every subgraph's database. */
export class KitTables1700000000000 implements MigrationInterface {
  name = 'KitTables1700000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await runner.query(`
      CREATE TABLE idempotency_keys (
        operation    text        NOT NULL,
        key          text        NOT NULL,
        request_hash text        NOT NULL,
        result_id    text,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (operation, key)
      )`);
    await runner.query(`
      CREATE TABLE seed_runs (
        name       text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE seed_runs');
    await runner.query('DROP TABLE idempotency_keys');
  }
}

/** The event backbone's tables: the outbox the relay drains, the inbox that makes handling idempotent, and dead letters. */
export class EventTables1700000000100 implements MigrationInterface {
  name = 'EventTables1700000000100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE outbox_events (
        position     bigserial   UNIQUE,
        id           uuid        PRIMARY KEY,
        type         text        NOT NULL,
        aggregate_id text        NOT NULL,
        payload      jsonb       NOT NULL,
        occurred_at  timestamptz NOT NULL,
        published_at timestamptz
      )`);
    await runner.query(`CREATE INDEX outbox_events_unpublished_idx ON outbox_events (position) WHERE published_at IS NULL`);
    await runner.query(`
      CREATE TABLE inbox_events (
        event_id     uuid        PRIMARY KEY,
        type         text        NOT NULL,
        source       text        NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE dead_letter_events (
        id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        consumer    text        NOT NULL,
        message_id  text        NOT NULL,
        event_id    uuid,
        type        text,
        raw         text        NOT NULL,
        error       text        NOT NULL,
        deliveries  int         NOT NULL,
        dead_at     timestamptz NOT NULL DEFAULT now(),
        replayed_at timestamptz
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE dead_letter_events');
    await runner.query('DROP TABLE inbox_events');
    await runner.query('DROP TABLE outbox_events');
  }
}

/** Every kit migration, in order; each subgraph's own migrations run after them. */
export const KIT_MIGRATIONS = [KitTables1700000000000, EventTables1700000000100];
