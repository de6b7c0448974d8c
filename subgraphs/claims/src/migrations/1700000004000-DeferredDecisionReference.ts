import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A claim decided as it is submitted is written with its decision's id, and the decision (which
 * names the claim) right after it in the same transaction: the claim's reference to its current
 * decision is checked when the transaction commits, not statement by statement.
 */
export class DeferredDecisionReference1700000004000 implements MigrationInterface {
  name = 'DeferredDecisionReference1700000004000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE claims ALTER CONSTRAINT claims_adjudication_id_fkey DEFERRABLE INITIALLY DEFERRED');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE claims ALTER CONSTRAINT claims_adjudication_id_fkey NOT DEFERRABLE');
  }
}
