import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Nurture campaigns: marketing consent on leads (Kenya's Data Protection Act makes direct
 * marketing depend on it), campaigns with their audience and steps, the leads enrolled in them,
 * and every message crm asked engagement to send (or suppressed) with its outcome.
 */
export class NurtureCampaigns1700000007200 implements MigrationInterface {
  name = 'NurtureCampaigns1700000007200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE leads
        ADD COLUMN marketing_consent    boolean NOT NULL DEFAULT false,
        ADD COLUMN marketing_consent_at timestamptz,
        ADD COLUMN consent_version      int NOT NULL DEFAULT 0 CHECK (consent_version >= 0)`);
    // The nurture job's look for recent consents an auto-enrol campaign missed.
    await runner.query(`CREATE INDEX leads_recent_consent_idx ON leads (marketing_consent_at) WHERE marketing_consent`);

    // An empty audience array means "any": a campaign for every product, source or county.
    await runner.query(`
      CREATE TABLE nurture_campaigns (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name              text NOT NULL,
        status            text NOT NULL CHECK (status IN ('DRAFT', 'ACTIVE', 'PAUSED', 'ARCHIVED')),
        product_interests text[] NOT NULL DEFAULT '{}',
        sources           text[] NOT NULL DEFAULT '{}',
        regions           text[] NOT NULL DEFAULT '{}',
        min_score         int CHECK (min_score IS NULL OR min_score BETWEEN 0 AND 100),
        auto_enrol        boolean NOT NULL DEFAULT false,
        created_by        text NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now(),
        version           int NOT NULL DEFAULT 1
      )`);
    await runner.query(`CREATE INDEX nurture_campaigns_auto_idx ON nurture_campaigns (status) WHERE auto_enrol`);
    await runner.query(`
      CREATE TABLE nurture_steps (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES nurture_campaigns (id) ON DELETE CASCADE,
        step_number int  NOT NULL CHECK (step_number >= 1),
        delay_days  int  NOT NULL CHECK (delay_days >= 0),
        channel     text NOT NULL CHECK (channel IN ('EMAIL', 'SMS')),
        subject     text,
        body        text NOT NULL CHECK (length(body) > 0),
        CONSTRAINT nurture_steps_number_key UNIQUE (campaign_id, step_number),
        CONSTRAINT nurture_steps_subject_shape CHECK ((channel = 'EMAIL') = (subject IS NOT NULL))
      )`);
    await runner.query(`
      CREATE TABLE nurture_enrolments (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id      uuid NOT NULL REFERENCES nurture_campaigns (id),
        lead_id          uuid NOT NULL REFERENCES leads (id),
        status           text NOT NULL CHECK (status IN ('ACTIVE', 'COMPLETED', 'CONVERTED', 'EXITED', 'OPTED_OUT')),
        enrolled_at      timestamptz NOT NULL,
        next_step_number int,
        next_due_at      timestamptz,
        ended_at         timestamptz,
        end_reason       text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        version          int NOT NULL DEFAULT 1,
        -- A lead goes through a campaign once: enrolling it again (by hand or automatically) changes nothing.
        CONSTRAINT nurture_enrolments_lead_key UNIQUE (campaign_id, lead_id),
        CONSTRAINT nurture_enrolments_open_shape CHECK ((status = 'ACTIVE') = (ended_at IS NULL)),
        CONSTRAINT nurture_enrolments_due_shape CHECK ((status = 'ACTIVE') = (next_due_at IS NOT NULL AND next_step_number IS NOT NULL))
      )`);
    await runner.query(`CREATE INDEX nurture_enrolments_due_idx ON nurture_enrolments (next_due_at) WHERE status = 'ACTIVE'`);
    await runner.query(`CREATE INDEX nurture_enrolments_lead_idx ON nurture_enrolments (lead_id)`);
    await runner.query(`CREATE INDEX nurture_enrolments_campaign_idx ON nurture_enrolments (campaign_id, enrolled_at DESC, id DESC)`);
    await runner.query(`
      CREATE TABLE nurture_messages (
        id                  uuid PRIMARY KEY,
        enrolment_id        uuid NOT NULL REFERENCES nurture_enrolments (id),
        step_number         int  NOT NULL,
        channel             text NOT NULL CHECK (channel IN ('EMAIL', 'SMS')),
        recipient           text,
        subject             text,
        body                text NOT NULL,
        status              text NOT NULL CHECK (status IN ('REQUESTED', 'SENT', 'FAILED', 'SUPPRESSED')),
        reason              text,
        provider_message_id text,
        requested_at        timestamptz NOT NULL,
        settled_at          timestamptz,
        -- Each step is sent once per enrolment, however many job runs reach it at the same time.
        CONSTRAINT nurture_messages_step_key UNIQUE (enrolment_id, step_number),
        CONSTRAINT nurture_messages_settled_shape CHECK ((status = 'REQUESTED') = (settled_at IS NULL))
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE nurture_messages');
    await runner.query('DROP TABLE nurture_enrolments');
    await runner.query('DROP TABLE nurture_steps');
    await runner.query('DROP TABLE nurture_campaigns');
    await runner.query('ALTER TABLE leads DROP COLUMN consent_version, DROP COLUMN marketing_consent_at, DROP COLUMN marketing_consent');
  }
}
