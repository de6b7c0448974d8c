import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Providers, their licences, personnel and standing history, networks, and contracts with tariffs. */
export class ProvidersSchema1700000005000 implements MigrationInterface {
  name = 'ProvidersSchema1700000005000';

  async up(runner: QueryRunner): Promise<void> {
    // btree_gist lets one exclusion constraint combine "same provider" (=) with "overlapping days" (&&).
    await runner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    const regulator = `('KMPDC', 'PPB', 'NCK', 'COC', 'KMLTTB', 'PCK', 'KNRA', 'OTHER')`;

    await runner.query(`
      CREATE TABLE providers (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name                text NOT NULL,
        registration_number text NOT NULL UNIQUE,
        type                text NOT NULL CHECK (type IN ('HOSPITAL', 'CLINIC', 'PHARMACY', 'LABORATORY', 'DENTAL', 'OPTICAL', 'IMAGING', 'PHYSIOTHERAPY')),
        county              text NOT NULL,
        physical_address    text,
        email               text NOT NULL,
        phone               text NOT NULL,
        contact_person      text,
        status              text NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED', 'CLOSED')),
        blacklisted         boolean NOT NULL DEFAULT false,
        version             int  NOT NULL DEFAULT 1 CHECK (version > 0),
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX providers_name_idx ON providers (name, id)`);
    await runner.query(`CREATE INDEX providers_search_idx ON providers (lower(name))`);
    await runner.query(`CREATE INDEX providers_county_idx ON providers (county, type)`);

    // Append-only records: what happened stays as it was recorded.
    await runner.query(`
      CREATE FUNCTION providers_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation'; END $$`);

    await runner.query(`
      CREATE TABLE provider_events (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_id    uuid NOT NULL REFERENCES providers (id),
        type           text NOT NULL CHECK (type IN ('REGISTERED', 'STATUS_CHANGED', 'BLACKLISTED', 'BLACKLIST_LIFTED')),
        from_status    text,
        to_status      text NOT NULL,
        actor_id       text NOT NULL,
        reason         text NOT NULL,
        effective_date date NOT NULL,
        recorded_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX provider_events_provider_idx ON provider_events (provider_id, recorded_at)`);

    await runner.query(`
      CREATE TABLE provider_licences (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_id  uuid NOT NULL REFERENCES providers (id),
        issuing_body text NOT NULL CHECK (issuing_body IN ${regulator}),
        number       text NOT NULL,
        valid_from   date NOT NULL,
        valid_to     date NOT NULL,
        recorded_by  text NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now(),
        UNIQUE (issuing_body, number),
        CONSTRAINT licence_period CHECK (valid_to >= valid_from)
      )`);
    await runner.query(`CREATE INDEX provider_licences_provider_idx ON provider_licences (provider_id, valid_from)`);

    await runner.query(`
      CREATE TABLE provider_accreditations (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_id uuid NOT NULL REFERENCES providers (id),
        body        text NOT NULL,
        level       text,
        awarded_on  date NOT NULL,
        expires_on  date,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT accreditation_period CHECK (expires_on IS NULL OR expires_on >= awarded_on)
      )`);
    await runner.query(`CREATE INDEX provider_accreditations_provider_idx ON provider_accreditations (provider_id, awarded_on)`);
    for (const table of ['provider_events', 'provider_licences', 'provider_accreditations']) {
      await runner.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION providers_forbid_change()`);
    }

    await runner.query(`
      CREATE TABLE medical_personnel (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_id         uuid NOT NULL REFERENCES providers (id),
        first_name          text NOT NULL,
        last_name           text NOT NULL,
        cadre               text NOT NULL CHECK (cadre IN ('DOCTOR', 'DENTIST', 'CLINICAL_OFFICER', 'NURSE', 'PHARMACIST',
                              'PHARMACEUTICAL_TECHNOLOGIST', 'LABORATORY_TECHNOLOGIST', 'RADIOGRAPHER', 'OPTOMETRIST', 'PHYSIOTHERAPIST')),
        registration_body   text NOT NULL CHECK (registration_body IN ${regulator}),
        registration_number text NOT NULL,
        specialty           text,
        email               text,
        phone               text,
        created_at          timestamptz NOT NULL DEFAULT now(),
        UNIQUE (registration_body, registration_number)
      )`);
    await runner.query(`CREATE INDEX medical_personnel_provider_idx ON medical_personnel (provider_id, last_name)`);
    await runner.query(`CREATE INDEX medical_personnel_name_idx ON medical_personnel (last_name, id)`);

    await runner.query(`
      CREATE TABLE provider_networks (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$' AND length(code) <= 40),
        name        text NOT NULL,
        tier        text NOT NULL CHECK (tier IN ('BASIC', 'PLUS', 'PREMIER')),
        description text,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE network_memberships (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id  uuid NOT NULL REFERENCES provider_networks (id),
        provider_id uuid NOT NULL REFERENCES providers (id),
        joined_on   date NOT NULL,
        left_on     date,
        joined_by   text NOT NULL,
        left_by     text,
        left_reason text,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT membership_period CHECK (left_on IS NULL OR left_on >= joined_on),
        CONSTRAINT left_shape CHECK ((left_on IS NULL) = (left_by IS NULL)),
        -- One stay at a time: stays of a provider in a network never overlap, whatever path writes them.
        CONSTRAINT one_stay_at_a_time EXCLUDE USING gist (
          network_id WITH =, provider_id WITH =, daterange(joined_on, left_on, '[]') WITH &&)
      )`);
    await runner.query(`CREATE INDEX network_memberships_provider_idx ON network_memberships (provider_id, joined_on)`);
    // A stay is closed once (leftOn set from nothing); otherwise memberships are history and never change.
    await runner.query(`
      CREATE FUNCTION network_memberships_close_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.left_on IS NOT NULL
           OR (NEW.network_id, NEW.provider_id, NEW.joined_on, NEW.joined_by, NEW.recorded_at)
              IS DISTINCT FROM (OLD.network_id, OLD.provider_id, OLD.joined_on, OLD.joined_by, OLD.recorded_at) THEN
          RAISE EXCEPTION 'network membership % is history: it can only be closed, once', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await runner.query(`
      CREATE TRIGGER network_memberships_history BEFORE UPDATE OR DELETE ON network_memberships
      FOR EACH ROW EXECUTE FUNCTION network_memberships_close_only()`);

    await runner.query(`CREATE SEQUENCE contract_number_seq START 1`);
    await runner.query(`
      CREATE TABLE provider_contracts (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contract_number    text NOT NULL,
        revision           int  NOT NULL CHECK (revision > 0),
        supersedes_id      uuid REFERENCES provider_contracts (id),
        provider_id        uuid NOT NULL REFERENCES providers (id),
        status             text NOT NULL CHECK (status IN ('DRAFT', 'ACTIVE', 'TERMINATED')),
        valid_from         date NOT NULL,
        valid_to           date NOT NULL,
        end_date           date,
        end_reason         text,
        currency           text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        created_by         text NOT NULL,
        activated_by       text,
        terminated_by      text,
        version            int  NOT NULL DEFAULT 1 CHECK (version > 0),
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now(),
        -- The days the prices apply: none while a draft, cut short by a termination or a later revision.
        in_force           daterange GENERATED ALWAYS AS (
          CASE WHEN status = 'DRAFT' THEN NULL
               ELSE daterange(valid_from, LEAST(valid_to, COALESCE(end_date, valid_to)), '[]') END) STORED,
        UNIQUE (contract_number, revision),
        CONSTRAINT contract_period CHECK (valid_to >= valid_from),
        CONSTRAINT end_within_period CHECK (end_date IS NULL OR end_date BETWEEN valid_from AND valid_to),
        CONSTRAINT terminated_shape CHECK (status <> 'TERMINATED' OR end_date IS NOT NULL),
        CONSTRAINT draft_shape CHECK (status <> 'DRAFT' OR end_date IS NULL),
        -- One set of agreed prices per provider on any day.
        CONSTRAINT one_contract_in_force EXCLUDE USING gist (provider_id WITH =, in_force WITH &&)
      )`);
    await runner.query(`CREATE INDEX provider_contracts_provider_idx ON provider_contracts (provider_id, valid_from)`);
    // Agreed terms are fixed once the contract leaves DRAFT; an end, once set, stays; TERMINATED is final.
    await runner.query(`
      CREATE FUNCTION provider_contracts_terms_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.status <> 'DRAFT' THEN
            RAISE EXCEPTION 'contract % is %; it cannot be deleted', OLD.id, OLD.status USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN OLD;
        END IF;
        IF OLD.status <> 'DRAFT' AND (NEW.provider_id, NEW.valid_from, NEW.valid_to, NEW.currency, NEW.contract_number, NEW.revision)
             IS DISTINCT FROM (OLD.provider_id, OLD.valid_from, OLD.valid_to, OLD.currency, OLD.contract_number, OLD.revision) THEN
          RAISE EXCEPTION 'the terms of contract % are fixed once it is %', OLD.id, OLD.status USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF OLD.end_date IS NOT NULL AND (NEW.end_date, NEW.end_reason) IS DISTINCT FROM (OLD.end_date, OLD.end_reason) THEN
          RAISE EXCEPTION 'contract % already ends on %', OLD.id, OLD.end_date USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF OLD.status = 'TERMINATED' AND NEW.status <> 'TERMINATED' THEN
          RAISE EXCEPTION 'contract % is terminated', OLD.id USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await runner.query(`
      CREATE TRIGGER provider_contracts_terms BEFORE UPDATE OR DELETE ON provider_contracts
      FOR EACH ROW EXECUTE FUNCTION provider_contracts_terms_fixed()`);

    await runner.query(`
      CREATE TABLE contract_tariffs (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contract_id  uuid NOT NULL REFERENCES provider_contracts (id),
        service_code text NOT NULL CHECK (service_code ~ '^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$' AND length(service_code) <= 40),
        currency     text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        price_minor  bigint NOT NULL CHECK (price_minor > 0),
        UNIQUE (contract_id, service_code)
      )`);
    // Tariffs are written with their draft contract and never change after.
    await runner.query(`
      CREATE FUNCTION contract_tariffs_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        contract_status text;
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          RAISE EXCEPTION 'contract tariffs are never changed: agree new prices in a new revision' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        SELECT status INTO contract_status FROM provider_contracts WHERE id = NEW.contract_id;
        IF contract_status <> 'DRAFT' THEN
          RAISE EXCEPTION 'contract % is %; its tariffs are fixed', NEW.contract_id, contract_status USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await runner.query(`
      CREATE TRIGGER contract_tariffs_history BEFORE INSERT OR UPDATE OR DELETE ON contract_tariffs
      FOR EACH ROW EXECUTE FUNCTION contract_tariffs_fixed()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE contract_tariffs');
    await runner.query('DROP FUNCTION contract_tariffs_fixed');
    await runner.query('DROP TABLE provider_contracts');
    await runner.query('DROP FUNCTION provider_contracts_terms_fixed');
    await runner.query('DROP SEQUENCE contract_number_seq');
    await runner.query('DROP TABLE network_memberships');
    await runner.query('DROP FUNCTION network_memberships_close_only');
    await runner.query('DROP TABLE provider_networks');
    await runner.query('DROP TABLE medical_personnel');
    await runner.query('DROP TABLE provider_accreditations');
    await runner.query('DROP TABLE provider_licences');
    await runner.query('DROP TABLE provider_events');
    await runner.query('DROP FUNCTION providers_forbid_change');
    await runner.query('DROP TABLE providers');
  }
}
