import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the schemes events carry that the tables did not hold yet: a policy's version and its
 * arrears flag, a version's allowed networks and fraud auto-denial, and which services a
 * quantity limit counts.
 */
export class SchemesEvents1700000002100 implements MigrationInterface {
  name = 'SchemesEvents1700000002100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE policies
        ADD COLUMN version            int     NOT NULL DEFAULT 1,
        ADD COLUMN premium_in_arrears boolean NOT NULL DEFAULT false,
        ADD CONSTRAINT arrears_only_while_suspended CHECK (NOT premium_in_arrears OR status = 'SUSPENDED')`);
    // Adding columns with defaults rewrites no row, so the published-version triggers do not fire.
    await runner.query(`
      ALTER TABLE scheme_versions
        ADD COLUMN allowed_network_codes   text[]  NOT NULL DEFAULT '{}',
        ADD COLUMN auto_deny_critical_risk boolean NOT NULL DEFAULT false`);
    await runner.query(`
      ALTER TABLE benefit_quantity_limits
        ADD COLUMN service_category text,
        ADD COLUMN service_code     text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE benefit_quantity_limits DROP COLUMN service_code, DROP COLUMN service_category');
    await runner.query('ALTER TABLE scheme_versions DROP COLUMN auto_deny_critical_risk, DROP COLUMN allowed_network_codes');
    await runner.query('ALTER TABLE policies DROP CONSTRAINT arrears_only_while_suspended, DROP COLUMN premium_in_arrears, DROP COLUMN version');
  }
}
