import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What finance says it paid for a commission payout, and whether that differs from what was
 * approved (for someone to reconcile), instead of only a warning in the log.
 */
export class CommissionPaidAmount1700000007100 implements MigrationInterface {
  name = 'CommissionPaidAmount1700000007100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE commission_payouts
        ADD COLUMN paid_amount_minor bigint,
        ADD COLUMN paid_currency     text,
        ADD COLUMN amount_mismatch   boolean NOT NULL DEFAULT false`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE commission_payouts DROP COLUMN amount_mismatch, DROP COLUMN paid_currency, DROP COLUMN paid_amount_minor');
  }
}
