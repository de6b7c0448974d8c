import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users (staff and members), their sessions and refresh tokens, and the family read model. */
export class IdentitySchema1700000006000 implements MigrationInterface {
  name = 'IdentitySchema1700000006000';

  async up(runner: QueryRunner): Promise<void> {
    const roles = `ARRAY['ADMIN', 'ENROLMENT_OFFICER', 'UNDERWRITER', 'CLAIMS_OFFICER', 'FINANCE_OFFICER', 'SALES_AGENT', 'SALES_MANAGER', 'ANALYST', 'MEMBER']::text[]`;
    await runner.query(`
      CREATE TABLE users (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email               text NOT NULL CHECK (email = lower(email) AND position('@' IN email) > 1),
        display_name        text NOT NULL,
        roles               text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ${roles}),
        grants              text[] NOT NULL DEFAULT '{}' CHECK (grants <@ ARRAY['PII', 'DIAGNOSES']::text[]),
        member_id           uuid,
        status              text NOT NULL CHECK (status IN ('ACTIVE', 'DISABLED')),
        password_hash       text NOT NULL,
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        failed_sign_ins     int NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
        locked_until        timestamptz,
        totp_secret         text,
        totp_enabled        boolean NOT NULL DEFAULT false,
        totp_last_step      bigint,
        last_sign_in_at     timestamptz,
        created_by          text NOT NULL,
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        -- A member user is exactly MEMBER and names its member; staff users name none.
        CONSTRAINT users_member_shape CHECK (
          (member_id IS NOT NULL AND roles = ARRAY['MEMBER']::text[]) OR (member_id IS NULL AND NOT 'MEMBER' = ANY (roles))),
        CONSTRAINT users_grants_need_analyst CHECK (cardinality(grants) = 0 OR 'ANALYST' = ANY (roles)),
        CONSTRAINT users_totp_needs_secret CHECK (NOT totp_enabled OR totp_secret IS NOT NULL)
      )`);
    // E-mail addresses are unique whatever their case (stored lower-cased, and indexed so).
    await runner.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await runner.query(`CREATE INDEX users_email_order_idx ON users (email, id)`);
    await runner.query(`CREATE UNIQUE INDEX users_member_key ON users (member_id) WHERE member_id IS NOT NULL`);

    await runner.query(`
      CREATE TABLE sessions (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id           uuid NOT NULL REFERENCES users (id),
        ip                text,
        created_at        timestamptz NOT NULL DEFAULT now(),
        last_refreshed_at timestamptz,
        expires_at        timestamptz NOT NULL,
        revoked_at        timestamptz,
        revoked_reason    text
      )`);
    await runner.query(`CREATE INDEX sessions_user_idx ON sessions (user_id, created_at DESC)`);

    // Only the SHA-256 of each refresh token is kept: a copy of the table signs nobody in.
    await runner.query(`
      CREATE TABLE refresh_tokens (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id  uuid NOT NULL REFERENCES sessions (id),
        token_hash  text NOT NULL UNIQUE,
        issued_at   timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz
      )`);
    await runner.query(`CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id)`);

    // Read model from members.member.changed: who belongs to whose family.
    await runner.query(`
      CREATE TABLE family_members (
        member_id    uuid PRIMARY KEY,
        principal_id uuid,
        status       text NOT NULL,
        version      int NOT NULL,
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX family_members_principal_idx ON family_members (principal_id) WHERE principal_id IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE family_members');
    await runner.query('DROP TABLE refresh_tokens');
    await runner.query('DROP TABLE sessions');
    await runner.query('DROP TABLE users');
  }
}
