import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Device connections, health metrics, goals and programmes, rewards and coach appointments. The
 * rules that must hold under concurrency live here: one metric row per member, metric, source and
 * timestamp (a re-sync updates, never doubles); one award per rule, member and period; a slot
 * booked at most once; a member never in two overlapping appointments; one live offer per slot.
 */
export class WellnessSchema1700000009000 implements MigrationInterface {
  name = 'WellnessSchema1700000009000';

  async up(runner: QueryRunner): Promise<void> {
    // btree_gist lets one exclusion constraint combine "same member" (=) with "overlapping times" (&&).
    await runner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    // member_id refers to the members subgraph: a reference, not a foreign key.
    await runner.query(`
      CREATE TABLE device_connections (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id         uuid NOT NULL,
        provider          text NOT NULL CHECK (provider IN ('FITBIT', 'GOOGLE_FIT', 'APPLE_HEALTH')),
        status            text NOT NULL CHECK (status IN ('PENDING_AUTHORISATION', 'CONNECTED', 'EXPIRED', 'REVOKED')),
        oauth_state       text UNIQUE,
        code_verifier     text,
        access_token_enc  text,
        refresh_token_enc text,
        token_expires_at  timestamptz,
        external_user_id  text,
        sync_cursor       date,
        last_synced_at    timestamptz,
        connected_at      timestamptz,
        revoked_at        timestamptz,
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    // One live connection per member and provider; a revoked one may be replaced.
    await runner.query(`CREATE UNIQUE INDEX device_connections_one_live ON device_connections (member_id, provider) WHERE status <> 'REVOKED'`);

    await runner.query(`
      CREATE TABLE health_metrics (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id   uuid NOT NULL,
        metric      text NOT NULL CHECK (metric IN ('STEPS', 'HEART_RATE', 'SLEEP_MINUTES', 'WEIGHT')),
        source      text NOT NULL CHECK (source IN ('FITBIT', 'GOOGLE_FIT', 'APPLE_HEALTH', 'MANUAL')),
        measured_at timestamptz NOT NULL,
        day         date NOT NULL,
        value       numeric(12, 2) NOT NULL CHECK (value >= 0),
        unit        text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT health_metrics_one_reading UNIQUE (member_id, metric, source, measured_at)
      )`);
    await runner.query(`CREATE INDEX health_metrics_member_day_idx ON health_metrics (member_id, metric, day)`);

    await runner.query(`
      CREATE TABLE goals (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id     uuid NOT NULL,
        metric        text NOT NULL CHECK (metric IN ('STEPS', 'HEART_RATE', 'SLEEP_MINUTES', 'WEIGHT')),
        daily_target  numeric(12, 2) NOT NULL CHECK (daily_target > 0),
        start_date    date NOT NULL,
        days          int  NOT NULL CHECK (days BETWEEN 1 AND 366),
        status        text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'ABANDONED')),
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX goals_member_idx ON goals (member_id)`);

    await runner.query(`
      CREATE TABLE programmes (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code                 text NOT NULL UNIQUE,
        name                 text NOT NULL,
        description          text NOT NULL,
        start_date           date NOT NULL,
        end_date             date NOT NULL,
        required_activities  jsonb NOT NULL,
        created_at           timestamptz NOT NULL DEFAULT now(),
        CHECK (end_date >= start_date)
      )`);
    await runner.query(`
      CREATE TABLE programme_enrolments (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id  uuid NOT NULL REFERENCES programmes (id),
        member_id     uuid NOT NULL,
        enrolled_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT programme_enrolments_once UNIQUE (programme_id, member_id)
      )`);

    await runner.query(`
      CREATE TABLE reward_rules (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code         text NOT NULL UNIQUE,
        description  text NOT NULL,
        period       text NOT NULL CHECK (period IN ('DAY', 'WEEK')),
        metric       text NOT NULL CHECK (metric IN ('STEPS', 'HEART_RATE', 'SLEEP_MINUTES', 'WEIGHT')),
        threshold    numeric(12, 2) NOT NULL CHECK (threshold > 0),
        days_required int NOT NULL DEFAULT 1 CHECK (days_required BETWEEN 1 AND 7),
        points       int NOT NULL CHECK (points > 0),
        active       boolean NOT NULL DEFAULT true,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE reward_awards (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        rule_id       uuid NOT NULL REFERENCES reward_rules (id),
        member_id     uuid NOT NULL,
        period_start  date NOT NULL,
        points        int NOT NULL CHECK (points > 0),
        earned_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT reward_awards_once_per_period UNIQUE (rule_id, member_id, period_start)
      )`);
    await runner.query(`CREATE INDEX reward_awards_member_idx ON reward_awards (member_id, earned_at DESC)`);

    await runner.query(`
      CREATE TABLE coaches (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name        text NOT NULL,
        speciality  text NOT NULL,
        active      boolean NOT NULL DEFAULT true,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE coach_slots (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        coach_id   uuid NOT NULL REFERENCES coaches (id),
        starts_at  timestamptz NOT NULL,
        ends_at    timestamptz NOT NULL,
        CHECK (ends_at > starts_at),
        CONSTRAINT coach_slots_no_overlap EXCLUDE USING gist (coach_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
      )`);
    await runner.query(`
      CREATE TABLE appointments (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slot_id       uuid NOT NULL REFERENCES coach_slots (id),
        coach_id      uuid NOT NULL REFERENCES coaches (id),
        member_id     uuid NOT NULL,
        starts_at     timestamptz NOT NULL,
        ends_at       timestamptz NOT NULL,
        status        text NOT NULL DEFAULT 'BOOKED' CHECK (status IN ('BOOKED', 'CANCELLED')),
        booked_by     text NOT NULL,
        booked_at     timestamptz NOT NULL DEFAULT now(),
        cancelled_at  timestamptz,
        CONSTRAINT appointments_member_no_overlap EXCLUDE USING gist (member_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status = 'BOOKED')
      )`);
    await runner.query(`CREATE UNIQUE INDEX appointments_slot_booked_once ON appointments (slot_id) WHERE status = 'BOOKED'`);
    await runner.query(`CREATE INDEX appointments_member_idx ON appointments (member_id, starts_at)`);

    await runner.query(`
      CREATE TABLE waiting_list_entries (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        coach_id          uuid NOT NULL REFERENCES coaches (id),
        day               date NOT NULL,
        member_id         uuid NOT NULL,
        status            text NOT NULL DEFAULT 'WAITING' CHECK (status IN ('WAITING', 'OFFERED', 'BOOKED', 'EXPIRED', 'LEFT')),
        offered_slot_id   uuid REFERENCES coach_slots (id),
        offer_expires_at  timestamptz,
        joined_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK ((status = 'OFFERED') = (offered_slot_id IS NOT NULL AND offer_expires_at IS NOT NULL) OR status IN ('BOOKED', 'EXPIRED'))
      )`);
    await runner.query(`CREATE UNIQUE INDEX waiting_list_once ON waiting_list_entries (coach_id, day, member_id) WHERE status IN ('WAITING', 'OFFERED')`);
    await runner.query(`CREATE UNIQUE INDEX waiting_list_one_offer_per_slot ON waiting_list_entries (offered_slot_id) WHERE status = 'OFFERED'`);
    await runner.query(`CREATE INDEX waiting_list_queue_idx ON waiting_list_entries (coach_id, day, joined_at) WHERE status = 'WAITING'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['waiting_list_entries', 'appointments', 'coach_slots', 'coaches', 'reward_awards', 'reward_rules', 'programme_enrolments', 'programmes', 'goals', 'health_metrics', 'device_connections']) {
      await runner.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
