import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Provider settlements of approved claims, the provider sub-ledger of claims payable, and the
 * mark that an invoice past its grace period has been reported (so it is reported once).
 */
export class FinanceSettlements1700000004100 implements MigrationInterface {
  name = 'FinanceSettlements1700000004100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE invoices ADD COLUMN overdue_notified_at timestamptz`);
    await runner.query(`
      CREATE INDEX invoices_overdue_unnotified_idx ON invoices (due_date)
      WHERE status IN ('OPEN', 'PARTIALLY_PAID') AND overdue_notified_at IS NULL`);

    // Adding a column rewrites no row, so the append-only triggers do not fire.
    await runner.query(`ALTER TABLE journal_lines ADD COLUMN provider_id uuid`);
    await runner.query(`CREATE INDEX journal_lines_provider_idx ON journal_lines (provider_id) WHERE provider_id IS NOT NULL`);

    await runner.query(`CREATE SEQUENCE settlement_number_seq START 1`);
    // claim_id, provider_id and member_id refer to other subgraphs: references, not foreign keys.
    await runner.query(`
      CREATE TABLE settlements (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        settlement_number text   NOT NULL,
        claim_id          uuid   NOT NULL,
        claim_number      text   NOT NULL,
        provider_id       uuid,
        member_id         uuid,
        currency          text   NOT NULL,
        amount_minor      bigint NOT NULL,
        status            text   NOT NULL CHECK (status IN ('PENDING_PAYMENT', 'REVERSED', 'REJECTED')),
        batch_date        date,
        decided_at        timestamptz NOT NULL,
        journal_entry_id  uuid REFERENCES journal_entries (id),
        reversal_entry_id uuid REFERENCES journal_entries (id),
        rejection_reason  text,
        reversal_reason   text,
        reversed_at       timestamptz,
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now(),
        version           int    NOT NULL DEFAULT 1,
        CONSTRAINT settlements_settlement_number_key UNIQUE (settlement_number),
        -- One settlement per claim, whatever path and however often its decision arrives.
        CONSTRAINT settlements_claim_key UNIQUE (claim_id),
        CONSTRAINT settlements_posted_shape CHECK (
          status = 'REJECTED' OR (amount_minor > 0 AND currency ~ '^[A-Z]{3}$' AND provider_id IS NOT NULL
                                  AND batch_date IS NOT NULL AND journal_entry_id IS NOT NULL)),
        CONSTRAINT settlements_rejected_shape CHECK ((status = 'REJECTED') = (rejection_reason IS NOT NULL)),
        CONSTRAINT settlements_reversed_shape CHECK ((status = 'REVERSED') = (reversal_entry_id IS NOT NULL AND reversed_at IS NOT NULL))
      )`);
    await runner.query(`CREATE INDEX settlements_provider_idx ON settlements (provider_id, settlement_number DESC)`);
    await runner.query(`CREATE INDEX settlements_status_idx ON settlements (status, settlement_number DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE settlements');
    await runner.query('DROP SEQUENCE settlement_number_seq');
    await runner.query('DROP INDEX journal_lines_provider_idx');
    await runner.query('ALTER TABLE journal_lines DROP COLUMN provider_id');
    await runner.query('DROP INDEX invoices_overdue_unnotified_idx');
    await runner.query('ALTER TABLE invoices DROP COLUMN overdue_notified_at');
  }
}
