import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Analytics' own tables. Everything here derives from other domains' events: `event_log` keeps each
 * consumed event, the fact tables hold what the numbers are computed from (ids only: no names,
 * contacts or diagnoses), `metric_points` the daily series. Rules, alerts, reports and dashboards
 * are analytics' own configuration and history.
 */
export class AnalyticsSchema1700000010000 implements MigrationInterface {
  name = 'AnalyticsSchema1700000010000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE event_log (
        seq          bigserial PRIMARY KEY,
        event_id     uuid NOT NULL UNIQUE,
        type         text NOT NULL,
        aggregate_id text NOT NULL,
        occurred_at  timestamptz NOT NULL,
        payload      jsonb NOT NULL,
        received_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE claim_facts (
        claim_id                    uuid PRIMARY KEY,
        member_id                   uuid,
        provider_id                 uuid,
        policy_id                   uuid,
        scheme_version_id           uuid,
        benefit_category            text,
        benefit_period_start        date,
        service_date                date,
        submitted_at                timestamptz,
        decided_at                  timestamptz,
        decided_on                  date,
        decision                    text,
        decided_by                  text,
        currency                    text,
        payable_minor               bigint NOT NULL DEFAULT 0,
        member_responsibility_minor bigint NOT NULL DEFAULT 0,
        reversed_at                 timestamptz
      )`);
    await runner.query('CREATE INDEX claim_facts_decided_on ON claim_facts (decided_on)');
    await runner.query(`
      CREATE TABLE claim_line_facts (
        claim_id      uuid NOT NULL REFERENCES claim_facts (claim_id) ON DELETE CASCADE,
        line_number   int NOT NULL,
        benefit_id    uuid,
        payable_minor bigint NOT NULL,
        PRIMARY KEY (claim_id, line_number)
      )`);
    await runner.query('CREATE INDEX claim_line_facts_benefit ON claim_line_facts (benefit_id)');
    // A reversal counts only against the decision it reversed: a later decision (after a refused settlement) stands.
    // Only an approval is payable: a pended claim's provisional amount and a denial's count as 0.
    await runner.query(`
      CREATE VIEW claim_outcomes AS
        SELECT f.*, (f.reversed_at IS NOT NULL AND f.reversed_at >= f.decided_at) AS reversed,
               CASE WHEN f.reversed_at IS NOT NULL AND f.reversed_at >= f.decided_at THEN 0
                    WHEN f.decision IN ('APPROVED', 'PARTIALLY_APPROVED') THEN f.payable_minor ELSE 0 END AS net_payable_minor
          FROM claim_facts f WHERE f.decided_at IS NOT NULL`);
    await runner.query(`
      CREATE TABLE policy_facts (
        policy_id         uuid PRIMARY KEY,
        version           int NOT NULL,
        scheme_id         uuid NOT NULL,
        scheme_version_id uuid NOT NULL,
        company_id        uuid,
        status            text NOT NULL,
        premium_minor     bigint NOT NULL,
        billing_frequency text NOT NULL,
        currency          text NOT NULL
      )`);
    await runner.query('CREATE INDEX policy_facts_version ON policy_facts (scheme_version_id)');
    // Each covered member's window on the policy's latest version: a scheme's lives are counted per limit year from these.
    await runner.query(`
      CREATE TABLE policy_cover_facts (
        policy_id    uuid NOT NULL REFERENCES policy_facts (policy_id) ON DELETE CASCADE,
        member_id    uuid NOT NULL,
        covered_from date NOT NULL,
        covered_to   date NOT NULL,
        PRIMARY KEY (policy_id, member_id, covered_from)
      )`);
    await runner.query(`
      CREATE TABLE member_facts (
        member_id  uuid PRIMARY KEY,
        version    int NOT NULL,
        company_id uuid,
        status     text NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE benefit_limits (
        benefit_id         uuid PRIMARY KEY,
        scheme_version_id  uuid NOT NULL,
        scheme_id          uuid NOT NULL,
        category           text NOT NULL,
        annual_limit_minor bigint NOT NULL,
        limit_scope        text NOT NULL,
        currency           text NOT NULL
      )`);
    await runner.query('CREATE INDEX benefit_limits_version ON benefit_limits (scheme_version_id)');
    await runner.query(`
      CREATE TABLE premium_payments (
        invoice_id uuid NOT NULL,
        policy_id  uuid NOT NULL,
        -- The event of the latest payment: an invoice re-opened and paid again is one payment, on its latest day.
        event_id   uuid NOT NULL,
        paid_at    timestamptz NOT NULL,
        paid_on    date NOT NULL,
        -- What the invoice billed for the policy (net of VAT); absent from events before finance sent it.
        net_premium_minor bigint,
        currency   text,
        PRIMARY KEY (invoice_id, policy_id)
      )`);
    await runner.query('CREATE INDEX premium_payments_policy ON premium_payments (policy_id)');
    await runner.query('CREATE INDEX premium_payments_paid_on ON premium_payments (paid_on)');
    await runner.query(`
      CREATE TABLE overdue_invoices (
        invoice_id  uuid NOT NULL,
        policy_id   uuid NOT NULL,
        reported_on date NOT NULL,
        PRIMARY KEY (invoice_id, policy_id)
      )`);
    await runner.query(`
      CREATE TABLE settlement_facts (
        settlement_id text PRIMARY KEY,
        claim_id      uuid NOT NULL,
        amount_minor  bigint NOT NULL,
        currency      text NOT NULL,
        posted_on     date NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE metric_points (
        metric    text NOT NULL,
        day       date NOT NULL,
        dimension text NOT NULL DEFAULT '',
        currency  text NOT NULL DEFAULT '',
        value     bigint NOT NULL,
        PRIMARY KEY (metric, day, dimension, currency)
      )`);
    await runner.query('CREATE INDEX metric_points_day ON metric_points (day)');
    await runner.query(`
      CREATE TABLE alert_rules (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name             text NOT NULL,
        subject_type     text NOT NULL CHECK (subject_type IN ('MEMBER', 'POLICY', 'SCHEME')),
        benefit_category text,
        thresholds_pct   int[] NOT NULL,
        active           boolean NOT NULL DEFAULT true,
        created_by       text NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        version          int NOT NULL DEFAULT 1
      )`);
    await runner.query(`
      CREATE TABLE alert_instances (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        rule_id          uuid NOT NULL REFERENCES alert_rules (id),
        subject_type     text NOT NULL,
        subject_id       text NOT NULL,
        benefit_id       uuid NOT NULL,
        benefit_category text NOT NULL,
        limit_period     text NOT NULL,
        threshold_pct    int NOT NULL,
        consumed_minor   bigint NOT NULL,
        limit_minor      bigint NOT NULL,
        currency         text NOT NULL,
        status           text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'ACKNOWLEDGED')),
        raised_at        timestamptz NOT NULL DEFAULT now(),
        acknowledged_at  timestamptz,
        acknowledged_by  text,
        CONSTRAINT alert_instances_once UNIQUE (rule_id, subject_type, subject_id, benefit_id, limit_period, threshold_pct)
      )`);
    await runner.query('CREATE INDEX alert_instances_status ON alert_instances (status, raised_at DESC)');
    await runner.query(`
      CREATE TABLE report_definitions (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name        text NOT NULL,
        kind        text NOT NULL,
        metric      text,
        dimension   text,
        currency    text,
        range_days  int NOT NULL,
        schedule    text NOT NULL DEFAULT 'NONE' CHECK (schedule IN ('NONE', 'DAILY', 'WEEKLY')),
        next_run_at timestamptz,
        created_by  text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        version     int NOT NULL DEFAULT 1
      )`);
    await runner.query('CREATE INDEX report_definitions_due ON report_definitions (next_run_at) WHERE next_run_at IS NOT NULL');
    await runner.query(`
      CREATE TABLE report_runs (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        definition_id uuid NOT NULL REFERENCES report_definitions (id) ON DELETE CASCADE,
        trigger       text NOT NULL CHECK (trigger IN ('SCHEDULED', 'ON_DEMAND')),
        scheduled_for timestamptz,
        status        text NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
        parameters    jsonb NOT NULL CHECK (parameters ? 'from' AND parameters ? 'to'),
        started_at    timestamptz NOT NULL,
        finished_at   timestamptz,
        row_count     int,
        columns       text[] NOT NULL DEFAULT '{}',
        rows          jsonb,
        error         text,
        requested_by  text NOT NULL,
        CONSTRAINT report_runs_scheduled_once UNIQUE (definition_id, scheduled_for)
      )`);
    await runner.query('CREATE INDEX report_runs_definition ON report_runs (definition_id, started_at DESC)');
    await runner.query(`
      CREATE TABLE dashboards (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name       text NOT NULL,
        owner_id   text NOT NULL,
        shared     boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version    int NOT NULL DEFAULT 1
      )`);
    await runner.query('CREATE INDEX dashboards_owner ON dashboards (owner_id)');
    await runner.query(`
      CREATE TABLE dashboard_widgets (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dashboard_id uuid NOT NULL REFERENCES dashboards (id) ON DELETE CASCADE,
        title        text NOT NULL,
        type         text NOT NULL,
        metric       text NOT NULL,
        dimension    text,
        currency     text,
        last_days    int NOT NULL,
        x            int NOT NULL,
        y            int NOT NULL,
        width        int NOT NULL,
        height       int NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX dashboard_widgets_dashboard ON dashboard_widgets (dashboard_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE dashboard_widgets, dashboards, report_runs, report_definitions, alert_instances, alert_rules, metric_points,
      settlement_facts, overdue_invoices, premium_payments, benefit_limits, member_facts, policy_cover_facts, policy_facts`);
    await runner.query('DROP VIEW claim_outcomes');
    await runner.query('DROP TABLE claim_line_facts, claim_facts, event_log');
  }
}
