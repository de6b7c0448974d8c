import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the risk rules need of a provider's claims, kept as running totals so reading them costs
 * the same for a busy hospital as for a small clinic: claims per service date, and per service
 * code and date the lines billed and their unit prices summed (the provider's average price).
 * Filled from the claims already stored.
 */
export class ProviderActivity1700000003900 implements MigrationInterface {
  name = 'ProviderActivity1700000003900';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE provider_claim_days (
        provider_id  uuid NOT NULL,
        service_date date NOT NULL,
        claims       int  NOT NULL CHECK (claims >= 0),
        PRIMARY KEY (provider_id, service_date)
      )`);
    await runner.query(`
      CREATE TABLE provider_service_prices (
        provider_id            uuid   NOT NULL,
        service_code           text   NOT NULL,
        service_date           date   NOT NULL,
        lines                  int    NOT NULL CHECK (lines >= 0),
        unit_price_total_minor bigint NOT NULL CHECK (unit_price_total_minor >= 0),
        PRIMARY KEY (provider_id, service_code, service_date)
      )`);
    await runner.query(`
      INSERT INTO provider_claim_days (provider_id, service_date, claims)
      SELECT provider_id, service_date, count(*) FROM claims WHERE status <> 'CANCELLED' GROUP BY provider_id, service_date`);
    await runner.query(`
      INSERT INTO provider_service_prices (provider_id, service_code, service_date, lines, unit_price_total_minor)
      SELECT c.provider_id, l.service_code, c.service_date, count(*), sum(l.unit_price_minor)
      FROM claim_lines l JOIN claims c ON c.id = l.claim_id WHERE c.status <> 'CANCELLED'
      GROUP BY c.provider_id, l.service_code, c.service_date`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE provider_service_prices');
    await runner.query('DROP TABLE provider_claim_days');
  }
}
