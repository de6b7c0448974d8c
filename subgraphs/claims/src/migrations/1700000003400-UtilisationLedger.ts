import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The benefit utilisation ledger: what each member (and so each family) has used of each benefit
 * and of the overall limit in a benefit period, and every movement that changed it. Adjudication
 * moves it in the same transaction as the decision; a reversal moves it back.
 */
export class UtilisationLedger1700000003400 implements MigrationInterface {
  name = 'UtilisationLedger1700000003400';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE benefit_utilisation (
        member_id            uuid   NOT NULL,
        family_id            uuid   NOT NULL,
        benefit_id           uuid   NOT NULL,
        period_start         date   NOT NULL,
        period_end           date   NOT NULL,
        amount_minor         bigint NOT NULL DEFAULT 0 CHECK (amount_minor >= 0),
        sub_limits           jsonb  NOT NULL DEFAULT '{}',
        quantities           jsonb  NOT NULL DEFAULT '{}',
        visits               int    NOT NULL DEFAULT 0 CHECK (visits >= 0),
        deductible_met_minor bigint NOT NULL DEFAULT 0 CHECK (deductible_met_minor >= 0),
        updated_at           timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (member_id, benefit_id, period_start),
        CONSTRAINT benefit_utilisation_period CHECK (period_end >= period_start)
      )`);
    await runner.query(`CREATE INDEX benefit_utilisation_family_idx ON benefit_utilisation (family_id, benefit_id, period_start)`);

    // Overall annual limits: one row per member and one per family, per period.
    await runner.query(`
      CREATE TABLE utilisation_totals (
        scope        text   NOT NULL CHECK (scope IN ('MEMBER', 'FAMILY')),
        owner_id     uuid   NOT NULL,
        period_start date   NOT NULL,
        period_end   date   NOT NULL,
        amount_minor bigint NOT NULL DEFAULT 0 CHECK (amount_minor >= 0),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, owner_id, period_start)
      )`);

    // Every change to the ledger, signed: the ledger is the sum of these.
    await runner.query(`
      CREATE TABLE utilisation_movements (
        id               uuid   PRIMARY KEY DEFAULT gen_random_uuid(),
        claim_id         uuid   NOT NULL,
        adjudication_id  uuid   NOT NULL,
        direction        int    NOT NULL CHECK (direction IN (1, -1)),
        member_id        uuid   NOT NULL,
        family_id        uuid   NOT NULL,
        benefit_id       uuid   NOT NULL,
        period_start     date   NOT NULL,
        period_end       date   NOT NULL,
        amount_minor     bigint NOT NULL,
        sub_limits       jsonb  NOT NULL DEFAULT '{}',
        quantities       jsonb  NOT NULL DEFAULT '{}',
        visits           int    NOT NULL DEFAULT 0,
        deductible_minor bigint NOT NULL DEFAULT 0,
        reason           text   NOT NULL,
        recorded_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX utilisation_movements_claim_idx ON utilisation_movements (claim_id)`);
    await runner.query(`CREATE INDEX utilisation_movements_family_idx ON utilisation_movements (family_id, period_start)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE utilisation_movements');
    await runner.query('DROP TABLE utilisation_totals');
    await runner.query('DROP TABLE benefit_utilisation');
  }
}
