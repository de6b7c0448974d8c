import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log: one row per `<subgraph>.audit.recorded` event (the event id is the row's id, so a
 * redelivered event cannot be stored twice). Rows are evidence: a trigger refuses UPDATE, DELETE
 * and TRUNCATE for every user (the table owner included), and no role gets those privileges.
 */
export class AuditRecords1700000006500 implements MigrationInterface {
  name = 'AuditRecords1700000006500';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE audit_records (
        id              uuid        PRIMARY KEY,
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        subgraph        text        NOT NULL,
        actor_id        text        NOT NULL,
        actor_roles     text[]      NOT NULL DEFAULT '{}',
        ip              text,
        member_id       text,
        operation_type  text        NOT NULL CHECK (operation_type IN ('query', 'mutation')),
        operation       text        NOT NULL,
        fields          text[]      NOT NULL DEFAULT '{}',
        allowed         boolean     NOT NULL,
        correlation_id  text        NOT NULL,
        at              timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX audit_records_member_idx ON audit_records (member_id, at DESC, id DESC) WHERE member_id IS NOT NULL`);
    await runner.query(`CREATE INDEX audit_records_actor_idx ON audit_records (actor_id, at DESC, id DESC)`);
    await runner.query(`CREATE INDEX audit_records_at_idx ON audit_records (at DESC, id DESC)`);
    await runner.query(`
      CREATE FUNCTION audit_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit records are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await runner.query(`
      CREATE TRIGGER audit_records_no_update_delete BEFORE UPDATE OR DELETE ON audit_records
      FOR EACH ROW EXECUTE FUNCTION audit_records_append_only()`);
    await runner.query(`
      CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records
      FOR EACH STATEMENT EXECUTE FUNCTION audit_records_append_only()`);
    await runner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_records FROM PUBLIC`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE audit_records');
    await runner.query('DROP FUNCTION audit_records_append_only');
  }
}
