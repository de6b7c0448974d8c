import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The engagement domain: the contact and policy-status read models, notification templates,
 * preferences, notifications with their attempts, webhook endpoints with their deliveries and
 * attempts, and member support tickets with their comments.
 */
export class EngagementSchema1700000011000 implements MigrationInterface {
  name = 'EngagementSchema1700000011000';

  async up(runner: QueryRunner): Promise<void> {
    // Copies of what members publishes; version drops stale events. An erased member stays as a
    // tombstone (no details, the highest version) so a late change event cannot bring them back.
    await runner.query(`
      CREATE TABLE member_contacts (
        member_id    uuid PRIMARY KEY,
        principal_id uuid,
        company_id   uuid,
        email        text,
        phone        text,
        version      int NOT NULL,
        erased       boolean NOT NULL DEFAULT false,
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE policy_statuses (
        policy_id  uuid PRIMARY KEY,
        status     text NOT NULL,
        version    int NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE notification_templates (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event      text NOT NULL,
        channel    text NOT NULL CHECK (channel IN ('EMAIL', 'SMS', 'PUSH')),
        subject    text NOT NULL,
        body       text NOT NULL,
        updated_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version    int NOT NULL DEFAULT 1,
        CONSTRAINT notification_templates_event_channel_key UNIQUE (event, channel)
      )`);
    await runner.query(`
      CREATE TABLE notification_preferences (
        member_id  uuid NOT NULL,
        category   text NOT NULL,
        channel    text NOT NULL CHECK (channel IN ('EMAIL', 'SMS', 'PUSH')),
        opted_in   boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (member_id, category, channel)
      )`);
    // Beside the preferences: a member's own quiet hours (local minutes of the day; equal means none).
    await runner.query(`
      CREATE TABLE notification_quiet_hours (
        member_id    uuid PRIMARY KEY,
        start_minute int NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
        end_minute   int NOT NULL CHECK (end_minute BETWEEN 0 AND 1439),
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);
    // One notification per event, member and channel: a redelivered event cannot send twice.
    // lease_token names the sender holding a claim (until next_attempt_at); only it may record the result.
    await runner.query(`
      CREATE TABLE notifications (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id           uuid NOT NULL,
        source_event_id     uuid NOT NULL,
        event               text NOT NULL,
        category            text NOT NULL,
        channel             text NOT NULL CHECK (channel IN ('EMAIL', 'SMS', 'PUSH')),
        recipient           text,
        subject             text,
        body                text,
        html_body           text,
        status              text NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'SKIPPED')),
        skip_reason         text,
        attempts            int NOT NULL DEFAULT 0,
        next_attempt_at     timestamptz,
        lease_token         uuid,
        provider_message_id text,
        last_error          text,
        sent_at             timestamptz,
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notifications_event_member_channel_key UNIQUE (source_event_id, member_id, channel)
      )`);
    await runner.query(`CREATE INDEX notifications_due_idx ON notifications (next_attempt_at) WHERE status = 'PENDING'`);
    await runner.query(`CREATE INDEX notifications_member_idx ON notifications (member_id, created_at DESC)`);
    await runner.query(`
      CREATE TABLE notification_attempts (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notification_id     uuid NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
        attempt             int NOT NULL,
        succeeded           boolean NOT NULL,
        provider_message_id text,
        error               text,
        attempted_at        timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notification_attempts_key UNIQUE (notification_id, attempt)
      )`);
    await runner.query(`
      CREATE TABLE webhook_endpoints (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url                  text NOT NULL,
        description          text,
        secret               text NOT NULL,
        event_types          text[] NOT NULL,
        enabled              boolean NOT NULL DEFAULT true,
        consecutive_failures int NOT NULL DEFAULT 0,
        disabled_at          timestamptz,
        disabled_reason      text,
        created_by           text NOT NULL,
        created_at           timestamptz NOT NULL DEFAULT now(),
        updated_at           timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX webhook_endpoints_types_idx ON webhook_endpoints USING gin (event_types) WHERE enabled`);
    // Each domain event reaches each endpoint once; a replay re-sends the same delivery.
    await runner.query(`
      CREATE TABLE webhook_deliveries (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        endpoint_id      uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
        event_id         uuid NOT NULL,
        event_type       text NOT NULL,
        body             text NOT NULL,
        status           text NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
        attempts         int NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz,
        lease_token      uuid,
        last_status_code int,
        last_error       text,
        delivered_at     timestamptz,
        replays          int NOT NULL DEFAULT 0,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_deliveries_endpoint_event_key UNIQUE (endpoint_id, event_id)
      )`);
    await runner.query(`CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING'`);
    await runner.query(`
      CREATE TABLE webhook_delivery_attempts (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        delivery_id  uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
        attempt      int NOT NULL,
        status_code  int,
        error        text,
        duration_ms  int NOT NULL,
        attempted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX webhook_delivery_attempts_delivery_idx ON webhook_delivery_attempts (delivery_id, attempted_at)`);
    await runner.query(`CREATE SEQUENCE support_ticket_number_seq`);
    await runner.query(`
      CREATE TABLE support_tickets (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ticket_number    text NOT NULL DEFAULT ('TKT-' || lpad(nextval('support_ticket_number_seq')::text, 6, '0')),
        member_id        uuid NOT NULL,
        subject          text NOT NULL,
        description      text NOT NULL,
        category         text NOT NULL,
        status           text NOT NULL CHECK (status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_MEMBER', 'RESOLVED', 'CLOSED')),
        raised_by        text NOT NULL,
        raised_by_staff  boolean NOT NULL,
        assignee_id      text,
        resolved_at      timestamptz,
        closed_at        timestamptz,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        version          int NOT NULL DEFAULT 1,
        CONSTRAINT support_tickets_number_key UNIQUE (ticket_number)
      )`);
    await runner.query(`CREATE INDEX support_tickets_member_idx ON support_tickets (member_id, created_at DESC)`);
    await runner.query(`CREATE INDEX support_tickets_status_idx ON support_tickets (status, created_at DESC)`);
    await runner.query(`
      CREATE TABLE ticket_comments (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ticket_id  uuid NOT NULL REFERENCES support_tickets (id) ON DELETE CASCADE,
        author_id  text NOT NULL,
        by_staff   boolean NOT NULL,
        body       text NOT NULL,
        internal   boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ticket_comments_internal_staff CHECK (NOT internal OR by_staff)
      )`);
    await runner.query(`CREATE INDEX ticket_comments_ticket_idx ON ticket_comments (ticket_id, created_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'ticket_comments',
      'support_tickets',
      'webhook_delivery_attempts',
      'webhook_deliveries',
      'webhook_endpoints',
      'notification_attempts',
      'notifications',
      'notification_quiet_hours',
      'notification_preferences',
      'notification_templates',
      'policy_statuses',
      'member_contacts',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
    await runner.query(`DROP SEQUENCE support_ticket_number_seq`);
  }
}
