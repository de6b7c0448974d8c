import type { MigrationInterface, QueryRunner } from 'typeorm';

const CATEGORIES = `'INPATIENT', 'OUTPATIENT', 'MATERNITY', 'DENTAL', 'OPTICAL', 'CHRONIC', 'MENTAL_HEALTH', 'EMERGENCY'`;

/** Pre-authorisations: a provider asks before planned care; an officer approves or denies; unanswered ones escalate. */
export class Preauthorisations1700000003500 implements MigrationInterface {
  name = 'Preauthorisations1700000003500';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SEQUENCE preauthorisation_number_seq START 1`);
    await runner.query(`
      CREATE TABLE preauthorisations (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        preauth_number   text    NOT NULL UNIQUE,
        member_id        uuid    NOT NULL,
        provider_id      uuid    NOT NULL,
        benefit_category text    NOT NULL CHECK (benefit_category IN (${CATEGORIES})),
        currency         char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        estimated_minor  bigint  NOT NULL CHECK (estimated_minor > 0),
        diagnosis_codes  text[]  NOT NULL CHECK (cardinality(diagnosis_codes) >= 1),
        planned_date     date    NOT NULL,
        notes            text,
        status           text    NOT NULL CHECK (status IN ('REQUESTED', 'APPROVED', 'DENIED', 'EXPIRED', 'ESCALATED')),
        requested_at     timestamptz NOT NULL,
        requested_by     text    NOT NULL,
        escalation_tier  text    CHECK (escalation_tier IN ('TIER_1', 'TIER_2', 'TIER_3')),
        escalated_to     text,
        escalated_at     timestamptz,
        decided_at       timestamptz,
        decided_by       text,
        approved_minor   bigint  CHECK (approved_minor > 0),
        valid_from       date,
        valid_to         date,
        decision_note    text,
        denial_reason    text,
        used_minor       bigint  NOT NULL DEFAULT 0 CHECK (used_minor >= 0),
        expired_at       timestamptz,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        version          int     NOT NULL DEFAULT 1,
        CONSTRAINT preauthorisations_approval CHECK (
          approved_minor IS NULL OR (valid_from IS NOT NULL AND valid_to IS NOT NULL AND valid_to >= valid_from)),
        CONSTRAINT preauthorisations_escalation CHECK ((status = 'ESCALATED') <= (escalation_tier IS NOT NULL))
      )`);
    await runner.query(`CREATE INDEX preauthorisations_status_idx ON preauthorisations (status, requested_at)`);
    await runner.query(`CREATE INDEX preauthorisations_member_idx ON preauthorisations (member_id, preauth_number DESC)`);
    await runner.query(`CREATE INDEX preauthorisations_provider_idx ON preauthorisations (provider_id, preauth_number DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE preauthorisations');
    await runner.query('DROP SEQUENCE preauthorisation_number_seq');
  }
}
