import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When (and why) a member's identity was erased; null while it has not been. */
export class MemberErasure1700000001100 implements MigrationInterface {
  name = 'MemberErasure1700000001100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE members ADD COLUMN erased_at timestamptz, ADD COLUMN erasure_reason text`);
    await runner.query(`ALTER TABLE members ADD CONSTRAINT members_erasure_shape CHECK ((erased_at IS NULL) = (erasure_reason IS NULL))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE members DROP CONSTRAINT members_erasure_shape`);
    await runner.query(`ALTER TABLE members DROP COLUMN erasure_reason, DROP COLUMN erased_at`);
  }
}
