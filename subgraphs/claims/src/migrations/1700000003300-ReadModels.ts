import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What claims knows of other domains, kept from their events (`rm_` = read model): members,
 * policies with the members they cover, published scheme versions with their benefits, providers
 * and their contracts. Each row keeps the source's `version`, so a stale or repeated event
 * changes nothing. Never written by claims' own use cases; `rebuildReadModels` truncates them.
 */
export class ReadModels1700000003300 implements MigrationInterface {
  name = 'ReadModels1700000003300';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE rm_members (
        id               uuid PRIMARY KEY,
        member_number    text   NOT NULL,
        type             text   NOT NULL,
        relationship     text,
        principal_id     uuid,
        family_id        uuid   NOT NULL,
        company_id       uuid,
        date_of_birth    date   NOT NULL,
        gender           text   NOT NULL,
        status           text   NOT NULL,
        enrolment_date   date   NOT NULL,
        termination_date date,
        version          bigint NOT NULL,
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX rm_members_family_idx ON rm_members (family_id)`);

    await runner.query(`
      CREATE TABLE rm_policies (
        id                 uuid PRIMARY KEY,
        policy_number      text    NOT NULL,
        scheme_id          uuid,
        scheme_version_id  uuid    NOT NULL,
        holder_member_id   uuid,
        company_id         uuid,
        start_date         date    NOT NULL,
        end_date           date,
        status             text    NOT NULL,
        premium_in_arrears boolean NOT NULL DEFAULT false,
        version            bigint  NOT NULL,
        updated_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE rm_policy_members (
        policy_id    uuid NOT NULL REFERENCES rm_policies (id) ON DELETE CASCADE,
        member_id    uuid NOT NULL,
        covered_from date NOT NULL,
        covered_to   date,
        PRIMARY KEY (policy_id, member_id)
      )`);
    await runner.query(`CREATE INDEX rm_policy_members_member_idx ON rm_policy_members (member_id, covered_from)`);

    await runner.query(`
      CREATE TABLE rm_scheme_versions (
        id                                    uuid PRIMARY KEY,
        scheme_id                             uuid,
        scheme_code                           text    NOT NULL,
        scheme_name                           text    NOT NULL,
        version_number                        int     NOT NULL,
        currency                              char(3) NOT NULL,
        benefit_period                        text    NOT NULL CHECK (benefit_period IN ('CALENDAR_YEAR', 'POLICY_YEAR')),
        effective_from                        date,
        overall_annual_limit_per_person_minor bigint  NOT NULL,
        overall_annual_limit_per_family_minor bigint,
        allowed_network_codes                 text[]  NOT NULL DEFAULT '{}',
        auto_deny_critical_risk               boolean NOT NULL DEFAULT false,
        benefits                              jsonb   NOT NULL,
        received_at                           timestamptz NOT NULL DEFAULT now()
      )`);

    await runner.query(`
      CREATE TABLE rm_providers (
        id          uuid PRIMARY KEY,
        name        text    NOT NULL,
        type        text    NOT NULL,
        status      text    NOT NULL,
        blacklisted boolean NOT NULL DEFAULT false,
        county      text,
        licences    jsonb   NOT NULL DEFAULT '[]',
        networks    jsonb   NOT NULL DEFAULT '[]',
        version     bigint  NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE rm_provider_contracts (
        id          uuid PRIMARY KEY,
        provider_id uuid    NOT NULL,
        status      text    NOT NULL,
        valid_from  date    NOT NULL,
        valid_to    date,
        currency    char(3) NOT NULL,
        tariffs     jsonb   NOT NULL DEFAULT '[]',
        version     bigint  NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX rm_provider_contracts_provider_idx ON rm_provider_contracts (provider_id, valid_from)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE rm_provider_contracts');
    await runner.query('DROP TABLE rm_providers');
    await runner.query('DROP TABLE rm_scheme_versions');
    await runner.query('DROP TABLE rm_policy_members');
    await runner.query('DROP TABLE rm_policies');
    await runner.query('DROP TABLE rm_members');
  }
}
