import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Messages of crm's nurture campaigns to leads, sent by the same sender as members' notifications
 * (so the same sending columns), and the newest marketing consent of each lead.
 */
export class LeadMessages1700000011100 implements MigrationInterface {
  name = 'LeadMessages1700000011100';

  async up(runner: QueryRunner): Promise<void> {
    // One row per crm message: a redelivered request cannot send twice. lease_token names the
    // sender holding a claim (until next_attempt_at); only it may record the result.
    await runner.query(`
      CREATE TABLE lead_messages (
        id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        crm_message_id          uuid NOT NULL,
        lead_id                 uuid NOT NULL,
        campaign_id             text,
        enrolment_id            text,
        step_number             int,
        channel                 text CHECK (channel IN ('EMAIL', 'SMS')),
        recipient               text,
        subject                 text,
        body                    text,
        status                  text NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'SUPPRESSED')),
        reason                  text,
        attempts                int NOT NULL DEFAULT 0,
        next_attempt_at         timestamptz,
        lease_token             uuid,
        provider_message_id     text,
        last_error              text,
        sent_at                 timestamptz,
        requested_at            timestamptz,
        settled_at              timestamptz,
        settled_event_published boolean NOT NULL DEFAULT false,
        created_at              timestamptz NOT NULL DEFAULT now(),
        updated_at              timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT lead_messages_crm_message_id_key UNIQUE (crm_message_id),
        CONSTRAINT lead_messages_pending_is_due CHECK ((status = 'PENDING') = (next_attempt_at IS NOT NULL))
      )`);
    await runner.query(`CREATE INDEX lead_messages_due_idx ON lead_messages (next_attempt_at) WHERE status = 'PENDING'`);
    await runner.query(`CREATE INDEX lead_messages_lead_idx ON lead_messages (lead_id, created_at DESC, id DESC)`);
    // The version orders crm's consent events: the highest wins, whatever order they arrive in.
    await runner.query(`
      CREATE TABLE lead_marketing_consent (
        lead_id    uuid PRIMARY KEY,
        consent    boolean NOT NULL,
        version    bigint NOT NULL,
        changed_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE lead_marketing_consent`);
    await runner.query(`DROP TABLE lead_messages`);
  }
}
