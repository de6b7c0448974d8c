import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Adjudication reads a member's claims and a provider's daily volume and prices by service date;
 * without these it scans every claim of a busy provider for each decision.
 */
export class AdjudicationIndexes1700000003700 implements MigrationInterface {
  name = 'AdjudicationIndexes1700000003700';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX claims_provider_service_date_idx ON claims (provider_id, service_date)`);
    await runner.query(`CREATE INDEX claims_member_service_date_idx ON claims (member_id, service_date)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX claims_member_service_date_idx');
    await runner.query('DROP INDEX claims_provider_service_date_idx');
  }
}
