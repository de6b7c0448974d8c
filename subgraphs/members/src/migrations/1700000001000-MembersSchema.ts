import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MembersSchema1700000001000 implements MigrationInterface {
  name = 'MembersSchema1700000001000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE companies (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name                text NOT NULL,
        registration_number text NOT NULL UNIQUE,
        industry            text,
        email               text NOT NULL,
        phone               text NOT NULL,
        county              text NOT NULL,
        status              text NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE')),
        child_max_age       int  NOT NULL CHECK (child_max_age BETWEEN 0 AND 30),
        parent_max_age      int  NOT NULL CHECK (parent_max_age BETWEEN 30 AND 120),
        max_spouses         int  NOT NULL CHECK (max_spouses BETWEEN 0 AND 4),
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX companies_name_idx ON companies (lower(name))`);
    await runner.query(`CREATE SEQUENCE member_number_seq START 100001`);
    await runner.query(`
      CREATE TABLE members (
        id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_number          text NOT NULL UNIQUE,
        type                   text NOT NULL CHECK (type IN ('PRINCIPAL', 'DEPENDANT')),
        relationship           text NOT NULL CHECK (relationship IN ('SELF', 'SPOUSE', 'CHILD', 'PARENT')),
        principal_id           uuid REFERENCES members (id),
        company_id             uuid NOT NULL REFERENCES companies (id),
        first_name             text NOT NULL,
        last_name              text NOT NULL,
        date_of_birth          date NOT NULL,
        gender                 text NOT NULL CHECK (gender IN ('FEMALE', 'MALE')),
        national_id            text,
        email                  text,
        phone                  text,
        status                 text NOT NULL CHECK (status IN ('PENDING', 'ACTIVE', 'SUSPENDED', 'TERMINATED', 'DECEASED')),
        enrolment_date         date NOT NULL,
        termination_date       date,
        next_dependant_suffix  int  NOT NULL DEFAULT 1,
        created_at             timestamptz NOT NULL DEFAULT now(),
        updated_at             timestamptz NOT NULL DEFAULT now(),
        version                int  NOT NULL DEFAULT 1,
        CONSTRAINT principal_shape CHECK (
          (type = 'PRINCIPAL' AND principal_id IS NULL AND relationship = 'SELF') OR
          (type = 'DEPENDANT' AND principal_id IS NOT NULL AND relationship <> 'SELF'))
      )`);
    await runner.query(`CREATE UNIQUE INDEX members_email_key ON members (lower(email)) WHERE email IS NOT NULL`);
    await runner.query(`CREATE UNIQUE INDEX members_phone_key ON members (phone) WHERE phone IS NOT NULL`);
    await runner.query(`CREATE UNIQUE INDEX members_national_id_key ON members (national_id) WHERE national_id IS NOT NULL`);
    await runner.query(`CREATE INDEX members_principal_idx ON members (principal_id)`);
    await runner.query(`CREATE INDEX members_company_idx ON members (company_id, member_number)`);
    await runner.query(`CREATE INDEX members_status_idx ON members (status, member_number)`);
    await runner.query(`CREATE INDEX members_name_idx ON members (lower(last_name), lower(first_name))`);
    await runner.query(`
      CREATE TABLE life_events (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id          uuid NOT NULL REFERENCES members (id),
        type               text NOT NULL,
        from_status        text,
        to_status          text NOT NULL,
        actor_id           text NOT NULL,
        reason             text NOT NULL,
        effective_date     date NOT NULL,
        cascaded_from_id   uuid REFERENCES life_events (id),
        approval_reference text,
        recorded_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX life_events_member_idx ON life_events (member_id, recorded_at)`);
    // Life events are a record of what happened: they are never edited or removed.
    await runner.query(`
      CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME; END $$`);
    await runner.query(`
      CREATE TRIGGER life_events_append_only BEFORE UPDATE OR DELETE ON life_events
      FOR EACH ROW EXECUTE FUNCTION forbid_change()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE life_events');
    await runner.query('DROP FUNCTION forbid_change');
    await runner.query('DROP TABLE members');
    await runner.query('DROP SEQUENCE member_number_seq');
    await runner.query('DROP TABLE companies');
  }
}
