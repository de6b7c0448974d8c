import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Who sold a policy: the crm agent commission accrues to (a reference to crm, not a foreign key). */
export class PolicySalesAgent1700000002200 implements MigrationInterface {
  name = 'PolicySalesAgent1700000002200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE policies ADD COLUMN sales_agent_id uuid`);
    await runner.query(`CREATE INDEX policies_sales_agent_idx ON policies (sales_agent_id) WHERE sales_agent_id IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX policies_sales_agent_idx');
    await runner.query('ALTER TABLE policies DROP COLUMN sales_agent_id');
  }
}
