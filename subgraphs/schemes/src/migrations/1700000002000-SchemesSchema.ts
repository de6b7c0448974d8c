import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Schemes, their versioned terms (benefits and rating) and the policies sold on them. */
export class SchemesSchema1700000002000 implements MigrationInterface {
  name = 'SchemesSchema1700000002000';

  async up(runner: QueryRunner): Promise<void> {
    // btree_gist lets one exclusion constraint combine "same member" (=) with "overlapping days" (&&).
    await runner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    await runner.query(`
      CREATE TABLE schemes (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code           text NOT NULL UNIQUE CHECK (code ~ '^[A-Z][A-Z0-9_-]{1,39}$'),
        name           text NOT NULL,
        description    text,
        status         text NOT NULL CHECK (status IN ('DRAFT', 'ACTIVE', 'SUSPENDED', 'RETIRED')),
        company_id     uuid,
        currency       text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        benefit_period text NOT NULL CHECK (benefit_period IN ('CALENDAR_YEAR', 'POLICY_YEAR')),
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    // company_id refers to the members subgraph's Company: no foreign key across databases.
    await runner.query(`CREATE INDEX schemes_company_idx ON schemes (company_id) WHERE company_id IS NOT NULL`);
    await runner.query(`CREATE INDEX schemes_status_idx ON schemes (status, code)`);

    await runner.query(`
      CREATE TABLE scheme_versions (
        id                                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        scheme_id                             uuid NOT NULL REFERENCES schemes (id),
        version_number                        int  NOT NULL CHECK (version_number > 0),
        status                                text NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED')),
        effective_from                        date,
        effective_to                          date,
        currency                              text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        base_monthly_premium_minor            bigint CHECK (base_monthly_premium_minor > 0),
        overall_annual_limit_per_person_minor bigint CHECK (overall_annual_limit_per_person_minor > 0),
        overall_annual_limit_per_family_minor bigint CHECK (overall_annual_limit_per_family_minor > 0),
        change_summary                        text,
        published_at                          timestamptz,
        published_by                          text,
        created_at                            timestamptz NOT NULL DEFAULT now(),
        updated_at                            timestamptz NOT NULL DEFAULT now(),
        UNIQUE (scheme_id, version_number),
        CONSTRAINT effective_period CHECK (effective_to IS NULL OR effective_to >= effective_from),
        CONSTRAINT family_limit_covers_person CHECK (
          overall_annual_limit_per_family_minor IS NULL OR overall_annual_limit_per_person_minor IS NULL OR
          overall_annual_limit_per_family_minor >= overall_annual_limit_per_person_minor),
        CONSTRAINT published_shape CHECK (
          status = 'DRAFT' OR (effective_from IS NOT NULL AND published_at IS NOT NULL AND base_monthly_premium_minor IS NOT NULL))
      )`);
    // New terms are drafted one version at a time.
    await runner.query(`CREATE UNIQUE INDEX scheme_versions_one_draft ON scheme_versions (scheme_id) WHERE status = 'DRAFT'`);
    await runner.query(`CREATE INDEX scheme_versions_in_effect_idx ON scheme_versions (scheme_id, effective_from) WHERE status = 'PUBLISHED'`);

    await runner.query(`
      CREATE TABLE benefits (
        id                               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        version_id                       uuid NOT NULL REFERENCES scheme_versions (id),
        code                             text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9_-]{1,29}$'),
        name                             text NOT NULL,
        description                      text,
        category                         text NOT NULL CHECK (category IN ('INPATIENT', 'OUTPATIENT', 'MATERNITY', 'DENTAL', 'OPTICAL',
                                           'CHRONIC', 'MENTAL_HEALTH', 'EMERGENCY', 'EVACUATION', 'WELLNESS', 'LAST_EXPENSE')),
        limit_basis                      text NOT NULL CHECK (limit_basis IN ('PER_PERSON', 'PER_FAMILY')),
        currency                         text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        annual_limit_minor               bigint NOT NULL CHECK (annual_limit_minor > 0),
        per_visit_limit_minor            bigint CHECK (per_visit_limit_minor > 0),
        waiting_period_days              int NOT NULL DEFAULT 0 CHECK (waiting_period_days BETWEEN 0 AND 730),
        deductible_minor                 bigint NOT NULL DEFAULT 0 CHECK (deductible_minor >= 0),
        copay_minor                      bigint NOT NULL DEFAULT 0 CHECK (copay_minor >= 0),
        coinsurance_bps                  int NOT NULL DEFAULT 0 CHECK (coinsurance_bps BETWEEN 0 AND 10000),
        requires_preauthorisation        boolean NOT NULL DEFAULT false,
        preauthorisation_threshold_minor bigint CHECK (preauthorisation_threshold_minor >= 0),
        min_age                          int CHECK (min_age BETWEEN 0 AND 120),
        max_age                          int CHECK (max_age BETWEEN 0 AND 120),
        gender                           text CHECK (gender IN ('FEMALE', 'MALE')),
        network_codes                    text[] NOT NULL DEFAULT '{}',
        exclusions                       text[] NOT NULL DEFAULT '{}',
        position                         int NOT NULL,
        created_at                       timestamptz NOT NULL DEFAULT now(),
        updated_at                       timestamptz NOT NULL DEFAULT now(),
        UNIQUE (version_id, code),
        CONSTRAINT age_range CHECK (min_age IS NULL OR max_age IS NULL OR min_age <= max_age),
        CONSTRAINT per_visit_within_annual CHECK (per_visit_limit_minor IS NULL OR per_visit_limit_minor <= annual_limit_minor),
        CONSTRAINT threshold_needs_preauthorisation CHECK (preauthorisation_threshold_minor IS NULL OR requires_preauthorisation)
      )`);
    await runner.query(`
      CREATE TABLE benefit_sub_limits (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        version_id       uuid NOT NULL REFERENCES scheme_versions (id),
        benefit_id       uuid NOT NULL REFERENCES benefits (id) ON DELETE CASCADE,
        name             text NOT NULL,
        service_category text,
        service_code     text,
        currency         text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        limit_minor      bigint NOT NULL CHECK (limit_minor > 0),
        position         int NOT NULL,
        CONSTRAINT names_a_service CHECK (service_category IS NOT NULL OR service_code IS NOT NULL)
      )`);
    await runner.query(`CREATE INDEX benefit_sub_limits_benefit_idx ON benefit_sub_limits (benefit_id, position)`);
    await runner.query(`
      CREATE TABLE benefit_quantity_limits (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        version_id   uuid NOT NULL REFERENCES scheme_versions (id),
        benefit_id   uuid NOT NULL REFERENCES benefits (id) ON DELETE CASCADE,
        unit         text NOT NULL CHECK (unit IN ('VISIT', 'ITEM', 'DAY', 'SESSION')),
        max_quantity int  NOT NULL CHECK (max_quantity > 0),
        per_days     int  CHECK (per_days BETWEEN 1 AND 3650),
        position     int  NOT NULL
      )`);
    await runner.query(`CREATE INDEX benefit_quantity_limits_benefit_idx ON benefit_quantity_limits (benefit_id, position)`);
    await runner.query(`
      CREATE TABLE rating_factors (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        version_id     uuid NOT NULL REFERENCES scheme_versions (id),
        type           text NOT NULL CHECK (type IN ('AGE_BAND', 'GENDER', 'REGION', 'COVER_LEVEL', 'LIFESTYLE', 'FAMILY_SIZE')),
        value          text NOT NULL,
        min_value      int,
        max_value      int,
        multiplier_bps int  NOT NULL CHECK (multiplier_bps BETWEEN 1 AND 100000),
        position       int  NOT NULL,
        UNIQUE (version_id, type, value),
        CONSTRAINT band_range CHECK (min_value IS NULL OR max_value IS NULL OR min_value <= max_value)
      )`);
    await runner.query(`CREATE INDEX rating_factors_version_idx ON rating_factors (version_id, position)`);

    // Published terms are immutable. The service refuses such changes with a readable error;
    // these triggers make sure no other path (a script, a console, a bug) can change them either.
    await runner.query(`
      CREATE FUNCTION refuse_published_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'PUBLISHED' THEN
          RAISE EXCEPTION 'scheme version % is published and cannot be changed', OLD.id USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END $$`);
    await runner.query(`
      CREATE TRIGGER scheme_versions_published_immutable BEFORE UPDATE OR DELETE ON scheme_versions
      FOR EACH ROW EXECUTE FUNCTION refuse_published_version_change()`);
    await runner.query(`
      CREATE FUNCTION refuse_published_terms_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        published boolean;
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          SELECT status = 'PUBLISHED' INTO published FROM scheme_versions WHERE id = OLD.version_id;
          IF published THEN
            RAISE EXCEPTION '% of published scheme version % cannot be changed', TG_TABLE_NAME, OLD.version_id
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          SELECT status = 'PUBLISHED' INTO published FROM scheme_versions WHERE id = NEW.version_id;
          IF published THEN
            RAISE EXCEPTION '% of published scheme version % cannot be changed', TG_TABLE_NAME, NEW.version_id
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END $$`);
    for (const table of ['benefits', 'benefit_sub_limits', 'benefit_quantity_limits', 'rating_factors']) {
      await runner.query(`
        CREATE TRIGGER ${table}_published_immutable BEFORE INSERT OR UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION refuse_published_terms_change()`);
    }

    await runner.query(`CREATE SEQUENCE policy_number_seq START 1`);
    await runner.query(`
      CREATE TABLE policies (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        policy_number     text NOT NULL UNIQUE,
        scheme_id         uuid NOT NULL REFERENCES schemes (id),
        scheme_version_id uuid NOT NULL REFERENCES scheme_versions (id),
        holder_member_id  uuid NOT NULL,
        company_id        uuid,
        start_date        date NOT NULL,
        end_date          date NOT NULL,
        cancellation_date date,
        status            text NOT NULL CHECK (status IN ('PENDING', 'ACTIVE', 'SUSPENDED', 'CANCELLED', 'EXPIRED')),
        billing_frequency text NOT NULL CHECK (billing_frequency IN ('MONTHLY', 'QUARTERLY', 'ANNUAL')),
        currency          text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        premium_minor     bigint NOT NULL CHECK (premium_minor > 0),
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT period CHECK (end_date >= start_date),
        CONSTRAINT cancellation_within_period CHECK (
          cancellation_date IS NULL OR (cancellation_date >= start_date - 1 AND cancellation_date <= end_date)),
        CONSTRAINT cancelled_shape CHECK ((status = 'CANCELLED') = (cancellation_date IS NOT NULL))
      )`);
    // holder_member_id and company_id refer to the members subgraph: references, not foreign keys.
    await runner.query(`CREATE INDEX policies_scheme_idx ON policies (scheme_id)`);
    await runner.query(`CREATE INDEX policies_holder_idx ON policies (holder_member_id)`);
    await runner.query(`CREATE INDEX policies_company_idx ON policies (company_id, scheme_id) WHERE company_id IS NOT NULL`);
    await runner.query(`CREATE INDEX policies_status_idx ON policies (status, policy_number)`);
    // A policy is sold on a published version of its own scheme, whatever path writes it.
    await runner.query(`
      CREATE FUNCTION require_published_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM scheme_versions
                       WHERE id = NEW.scheme_version_id AND scheme_id = NEW.scheme_id AND status = 'PUBLISHED') THEN
          RAISE EXCEPTION 'policy % must point at a published version of scheme %', NEW.policy_number, NEW.scheme_id
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await runner.query(`
      CREATE TRIGGER policies_published_version BEFORE INSERT OR UPDATE OF scheme_id, scheme_version_id ON policies
      FOR EACH ROW EXECUTE FUNCTION require_published_version()`);

    // covered_to is the last covered day; covered_to = covered_from - 1 is an empty window
    // (a member removed, or a policy cancelled, before their cover began).
    await runner.query(`
      CREATE TABLE policy_members (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        policy_id    uuid NOT NULL REFERENCES policies (id),
        member_id    uuid NOT NULL,
        covered_from date NOT NULL,
        covered_to   date NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cover_window CHECK (covered_to >= covered_from - 1),
        CONSTRAINT one_policy_per_member_per_day EXCLUDE USING gist (
          member_id WITH =, daterange(covered_from, covered_to + 1) WITH &&)
      )`);
    await runner.query(`CREATE INDEX policy_members_policy_idx ON policy_members (policy_id, covered_from)`);

    await runner.query(`
      CREATE TABLE policy_events (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        policy_id      uuid NOT NULL REFERENCES policies (id),
        type           text NOT NULL,
        from_status    text,
        to_status      text NOT NULL,
        member_id      uuid,
        actor_id       text NOT NULL,
        reason         text NOT NULL,
        effective_date date NOT NULL,
        recorded_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX policy_events_policy_idx ON policy_events (policy_id, recorded_at)`);
    await runner.query(`
      CREATE FUNCTION refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME; END $$`);
    await runner.query(`
      CREATE TRIGGER policy_events_append_only BEFORE UPDATE OR DELETE ON policy_events
      FOR EACH ROW EXECUTE FUNCTION refuse_event_change()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE policy_events');
    await runner.query('DROP FUNCTION refuse_event_change');
    await runner.query('DROP TABLE policy_members');
    await runner.query('DROP TABLE policies');
    await runner.query('DROP FUNCTION require_published_version');
    await runner.query('DROP SEQUENCE policy_number_seq');
    await runner.query('DROP TABLE rating_factors');
    await runner.query('DROP TABLE benefit_quantity_limits');
    await runner.query('DROP TABLE benefit_sub_limits');
    await runner.query('DROP TABLE benefits');
    await runner.query('DROP FUNCTION refuse_published_terms_change');
    await runner.query('DROP TABLE scheme_versions');
    await runner.query('DROP FUNCTION refuse_published_version_change');
    await runner.query('DROP TABLE schemes');
  }
}
