import type { MigrationInterface, QueryRunner } from 'typeorm';

const DECISIONS = `'APPROVED', 'PARTIALLY_APPROVED', 'DENIED', 'PENDED'`;
const AMOUNTS = ['submitted', 'eligible', 'disallowed', 'deductible', 'copay', 'coinsurance', 'payable', 'exceeded'];

/**
 * Adjudication results: every decision on a claim (the engine's, then any officer's review) with
 * its reasons, risk, amounts and utilisation deltas, and per line the outcome and amounts. The
 * claim row carries the current decision, its pre-authorisation, settlement and reversal.
 */
export class Adjudication1700000003600 implements MigrationInterface {
  name = 'Adjudication1700000003600';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE claim_adjudications (
        id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        claim_id                    uuid    NOT NULL REFERENCES claims (id),
        sequence                    int     NOT NULL CHECK (sequence >= 1),
        kind                        text    NOT NULL CHECK (kind IN ('ENGINE', 'REVIEW')),
        decision                    text    NOT NULL CHECK (decision IN (${DECISIONS})),
        pend_reason                 text,
        reasons                     jsonb   NOT NULL DEFAULT '[]',
        risk_score                  int     NOT NULL CHECK (risk_score BETWEEN 0 AND 100),
        risk_level                  text    NOT NULL,
        risk_signals                jsonb   NOT NULL DEFAULT '[]',
        currency                    char(3) NOT NULL,
        ${AMOUNTS.map((a) => `${a}_minor bigint NOT NULL,`).join('\n        ')}
        member_responsibility_minor bigint  NOT NULL,
        utilisation                 jsonb   NOT NULL DEFAULT '[]',
        preauth_used_minor          bigint  NOT NULL DEFAULT 0 CHECK (preauth_used_minor >= 0),
        steps                       jsonb   NOT NULL DEFAULT '[]',
        duplicate_of_claim_id       uuid,
        facts                       jsonb   NOT NULL,
        decided_at                  timestamptz NOT NULL,
        decided_by                  text    NOT NULL,
        review_action               text    CHECK (review_action IN ('APPROVE', 'ADJUST', 'DENY')),
        review_reason               text,
        CONSTRAINT claim_adjudications_sequence_key UNIQUE (claim_id, sequence)
      )`);
    await runner.query(`
      CREATE TABLE claim_line_adjudications (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        adjudication_id   uuid  NOT NULL REFERENCES claim_adjudications (id),
        claim_id          uuid  NOT NULL REFERENCES claims (id),
        line_number       int   NOT NULL,
        outcome           text  NOT NULL CHECK (outcome IN (${DECISIONS})),
        benefit_id        uuid,
        reasons           jsonb NOT NULL DEFAULT '[]',
        approved_quantity int   NOT NULL CHECK (approved_quantity >= 0),
        ${AMOUNTS.map((a) => `${a}_minor bigint NOT NULL`).join(',\n        ')},
        CONSTRAINT claim_line_adjudications_line_key UNIQUE (adjudication_id, line_number)
      )`);
    await runner.query(`CREATE INDEX claim_line_adjudications_claim_idx ON claim_line_adjudications (claim_id)`);

    await runner.query(`
      ALTER TABLE claims
        ADD COLUMN preauthorisation_id         uuid REFERENCES preauthorisations (id),
        ADD COLUMN adjudication_id             uuid REFERENCES claim_adjudications (id),
        ADD COLUMN decision                    text CHECK (decision IN (${DECISIONS})),
        ADD COLUMN pend_reason                 text CHECK (pend_reason IN ('REVIEW', 'AUTHORIZATION', 'SETTLEMENT_REJECTED')),
        ADD COLUMN pend_detail                 text,
        ADD COLUMN adjudicated_at              timestamptz,
        ADD COLUMN payable_minor               bigint,
        ADD COLUMN member_responsibility_minor bigint,
        ADD COLUMN settlement_id               text,
        ADD COLUMN settled_at                  timestamptz,
        ADD COLUMN reversed_at                 timestamptz,
        ADD COLUMN reversed_by                 text,
        ADD COLUMN reversal_reason             text`);
    await runner.query(`CREATE INDEX claims_preauthorisation_idx ON claims (preauthorisation_id) WHERE preauthorisation_id IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX claims_preauthorisation_idx');
    await runner.query(`
      ALTER TABLE claims
        DROP COLUMN preauthorisation_id, DROP COLUMN adjudication_id, DROP COLUMN decision, DROP COLUMN pend_reason,
        DROP COLUMN pend_detail, DROP COLUMN adjudicated_at, DROP COLUMN payable_minor, DROP COLUMN member_responsibility_minor,
        DROP COLUMN settlement_id, DROP COLUMN settled_at, DROP COLUMN reversed_at, DROP COLUMN reversed_by, DROP COLUMN reversal_reason`);
    await runner.query('DROP TABLE claim_line_adjudications');
    await runner.query('DROP TABLE claim_adjudications');
  }
}
