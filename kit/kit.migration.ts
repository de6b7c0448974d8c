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
