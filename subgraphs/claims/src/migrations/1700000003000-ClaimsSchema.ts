import type { MigrationInterface, QueryRunner } from 'typeorm';

const CATEGORIES = `'INPATIENT', 'OUTPATIENT', 'MATERNITY', 'DENTAL', 'OPTICAL', 'CHRONIC', 'MENTAL_HEALTH', 'EMERGENCY'`;
const STATUSES = `'SUBMITTED', 'APPROVED', 'PARTIALLY_APPROVED', 'DENIED', 'PENDED', 'REVERSED', 'CANCELLED'`;
const UNITS = `'PER_VISIT', 'PER_DAY', 'PER_TEST', 'PER_STUDY', 'PER_PROCEDURE', 'PER_SESSION', 'PER_TOOTH', 'PER_ITEM', 'PER_TRIP'`;

/** The catalogues, claims and claim lines. Amounts are BIGINT minor units with a currency. */
export class ClaimsSchema1700000003000 implements MigrationInterface {
  name = 'ClaimsSchema1700000003000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE diagnosis_codes (
        code          text PRIMARY KEY CHECK (code ~ '^[A-Z][0-9]{2}([.][0-9]{1,2})?$'),
        description   text    NOT NULL,
        chapter       text    NOT NULL,
        chapter_title text    NOT NULL,
        billable      boolean NOT NULL
      )`);
    // Code-prefix search ignores the dot ("B509" finds B50.9).
    await runner.query(`CREATE INDEX diagnosis_codes_prefix_idx ON diagnosis_codes (replace(code, '.', '') text_pattern_ops)`);

    await runner.query(`
      CREATE TABLE medical_services (
        code     text PRIMARY KEY CHECK (code ~ '^[A-Z]{2,4}-[A-Z0-9-]+$'),
        name     text    NOT NULL,
        category text    NOT NULL CHECK (category IN (${CATEGORIES})),
        unit     text    NOT NULL CHECK (unit IN (${UNITS})),
        active   boolean NOT NULL DEFAULT true
      )`);
    await runner.query(`CREATE INDEX medical_services_category_idx ON medical_services (category, code)`);

    await runner.query(`CREATE SEQUENCE claim_number_seq START 1`);
    await runner.query(`
      CREATE TABLE claims (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        claim_number       text   NOT NULL UNIQUE,
        member_id          uuid   NOT NULL,
        provider_id        uuid   NOT NULL,
        provider_reference text   NOT NULL CHECK (length(provider_reference) BETWEEN 1 AND 64),
        benefit_category   text   NOT NULL CHECK (benefit_category IN (${CATEGORIES})),
        service_date       date   NOT NULL,
        admission_date     date,
        discharge_date     date,
        diagnosis_codes    text[] NOT NULL CHECK (cardinality(diagnosis_codes) >= 1),
        status             text   NOT NULL CHECK (status IN (${STATUSES})),
        currency           char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        total_billed_minor bigint NOT NULL CHECK (total_billed_minor > 0),
        submitted_at       timestamptz NOT NULL,
        submitted_by       text   NOT NULL,
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now(),
        version            int    NOT NULL DEFAULT 1,
        CONSTRAINT claims_stay CHECK (
          (admission_date IS NULL) = (discharge_date IS NULL) AND
          (discharge_date IS NULL OR (discharge_date >= admission_date AND service_date BETWEEN admission_date AND discharge_date)))
      )`);
    // The provider's reference is the "unique claim reference" of intake: the index settles races.
    await runner.query(`CREATE UNIQUE INDEX claims_provider_reference_key ON claims (provider_id, upper(provider_reference))`);
    await runner.query(`CREATE INDEX claims_member_idx ON claims (member_id, claim_number DESC)`);
    await runner.query(`CREATE INDEX claims_provider_idx ON claims (provider_id, claim_number DESC)`);
    await runner.query(`CREATE INDEX claims_status_idx ON claims (status, claim_number DESC)`);
    await runner.query(`CREATE INDEX claims_service_date_idx ON claims (service_date)`);

    await runner.query(`
      CREATE TABLE claim_lines (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        claim_id            uuid    NOT NULL REFERENCES claims (id),
        line_number         int     NOT NULL CHECK (line_number >= 1),
        service_code        text    NOT NULL REFERENCES medical_services (code),
        description         text    NOT NULL,
        quantity            int     NOT NULL CHECK (quantity >= 1),
        currency            char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        unit_price_minor    bigint  NOT NULL CHECK (unit_price_minor > 0),
        billed_amount_minor bigint  NOT NULL,
        diagnosis_codes     text[]  NOT NULL DEFAULT '{}',
        CONSTRAINT claim_lines_billed_exact CHECK (billed_amount_minor = quantity::bigint * unit_price_minor),
        CONSTRAINT claim_lines_number_key UNIQUE (claim_id, line_number)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE claim_lines');
    await runner.query('DROP TABLE claims');
    await runner.query('DROP SEQUENCE claim_number_seq');
    await runner.query('DROP TABLE medical_services');
    await runner.query('DROP TABLE diagnosis_codes');
  }
}
