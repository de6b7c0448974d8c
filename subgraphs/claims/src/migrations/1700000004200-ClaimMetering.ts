import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The token reservation each metered claim was written with (the tokens subgraph's id). One per
 * claim; a claim of a company without a wallet is not metered and has none.
 */
export class ClaimMetering1700000004200 implements MigrationInterface {
  name = 'ClaimMetering1700000004200';

  async up(runner: QueryRunner): Promise<void> {
    // Written in the claim's own transaction, just before the claim row: no foreign key needed to keep them together.
    await runner.query(`
      CREATE TABLE claim_meterings (
        claim_id       uuid PRIMARY KEY,
        reservation_id uuid NOT NULL,
        company_id     uuid NOT NULL,
        tokens         bigint NOT NULL CHECK (tokens > 0),
        created_at     timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE claim_meterings');
  }
}
