import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The crm domain: territories, sales teams and agents; leads with their activity; opportunities
 * with their stage history; commission tiers; the read model of sold policies; commission
 * accruals, clawbacks and payouts.
 */
export class CrmSchema1700000007000 implements MigrationInterface {
  name = 'CrmSchema1700000007000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE territories (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name       text   NOT NULL,
        regions    text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version    int NOT NULL DEFAULT 1,
        CONSTRAINT territories_name_key UNIQUE (name)
      )`);
    await runner.query(`CREATE INDEX territories_regions_idx ON territories USING gin (regions)`);
    await runner.query(`
      CREATE TABLE sales_teams (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name             text NOT NULL,
        manager_agent_id uuid,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        version          int NOT NULL DEFAULT 1,
        CONSTRAINT sales_teams_name_key UNIQUE (name)
      )`);
    // user_id refers to the identity subgraph's user: a reference, not a foreign key.
    await runner.query(`
      CREATE TABLE agents (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agent_code   text NOT NULL,
        name         text NOT NULL,
        email        text NOT NULL,
        phone        text NOT NULL,
        user_id      text,
        team_id      uuid REFERENCES sales_teams (id),
        territory_id uuid REFERENCES territories (id),
        status       text NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE')),
        hire_date    date NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        version      int NOT NULL DEFAULT 1,
        CONSTRAINT agents_agent_code_key UNIQUE (agent_code),
        CONSTRAINT agents_user_key UNIQUE (user_id)
      )`);
    await runner.query(`CREATE INDEX agents_territory_idx ON agents (territory_id, status)`);
    await runner.query(`CREATE INDEX agents_team_idx ON agents (team_id)`);
    await runner.query(`ALTER TABLE sales_teams ADD CONSTRAINT sales_teams_manager_fkey FOREIGN KEY (manager_agent_id) REFERENCES agents (id)`);

    await runner.query(`
      CREATE TABLE leads (
        id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contact_name            text NOT NULL,
        contact_phone           text,
        contact_email           text,
        company_name            text,
        employee_count          int  NOT NULL CHECK (employee_count > 0),
        region                  text NOT NULL,
        source                  text NOT NULL CHECK (source IN ('REFERRAL', 'WEBSITE', 'EVENT', 'COLD_CALL', 'PARTNER')),
        product_interest        text NOT NULL,
        budget_minor            bigint CHECK (budget_minor IS NULL OR budget_minor >= 0),
        currency                text NOT NULL,
        status                  text NOT NULL CHECK (status IN ('NEW', 'CONTACTED', 'QUALIFIED', 'CONVERTED', 'DISQUALIFIED')),
        disqualification_reason text,
        agent_id                uuid REFERENCES agents (id),
        received_on             date NOT NULL,
        converted_on            date,
        last_contacted_at       timestamptz,
        created_at              timestamptz NOT NULL DEFAULT now(),
        updated_at              timestamptz NOT NULL DEFAULT now(),
        version                 int NOT NULL DEFAULT 1,
        CONSTRAINT leads_disqualified_shape CHECK ((status = 'DISQUALIFIED') = (disqualification_reason IS NOT NULL)),
        CONSTRAINT leads_converted_shape CHECK ((status = 'CONVERTED') = (converted_on IS NOT NULL))
      )`);
    await runner.query(`CREATE INDEX leads_agent_idx ON leads (agent_id, status)`);
    await runner.query(`CREATE INDEX leads_created_idx ON leads (created_at DESC, id DESC)`);
    await runner.query(`
      CREATE TABLE lead_activities (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lead_id     uuid NOT NULL REFERENCES leads (id),
        type        text NOT NULL,
        note        text NOT NULL,
        actor_id    text NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        -- Activities logged together (a call and the status it moves the lead to) share a moment: this keeps their order.
        entry_order bigint GENERATED ALWAYS AS IDENTITY
      )`);
    await runner.query(`CREATE INDEX lead_activities_lead_idx ON lead_activities (lead_id, occurred_at)`);

    // scheme_id and policy_id refer to the schemes subgraph: references, not foreign keys.
    await runner.query(`
      CREATE TABLE opportunities (
        id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lead_id                uuid REFERENCES leads (id),
        agent_id               uuid REFERENCES agents (id),
        name                   text NOT NULL,
        stage                  text NOT NULL CHECK (stage IN ('PROSPECTING', 'QUALIFICATION', 'PROPOSAL', 'NEGOTIATION', 'CLOSED_WON', 'CLOSED_LOST')),
        scheme_id              uuid,
        expected_premium_minor bigint NOT NULL CHECK (expected_premium_minor >= 0),
        currency               text NOT NULL,
        lost_reason            text,
        policy_id              uuid,
        closed_on              date,
        created_at             timestamptz NOT NULL DEFAULT now(),
        updated_at             timestamptz NOT NULL DEFAULT now(),
        version                int NOT NULL DEFAULT 1,
        CONSTRAINT opportunities_lead_key UNIQUE (lead_id),
        CONSTRAINT opportunities_lost_shape CHECK ((stage = 'CLOSED_LOST') = (lost_reason IS NOT NULL)),
        CONSTRAINT opportunities_policy_only_won CHECK (policy_id IS NULL OR stage = 'CLOSED_WON'),
        CONSTRAINT opportunities_closed_shape CHECK ((stage IN ('CLOSED_WON', 'CLOSED_LOST')) = (closed_on IS NOT NULL))
      )`);
    await runner.query(`CREATE INDEX opportunities_agent_idx ON opportunities (agent_id, stage)`);
    await runner.query(`CREATE INDEX opportunities_created_idx ON opportunities (created_at DESC, id DESC)`);
    await runner.query(`
      CREATE TABLE opportunity_stage_changes (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        opportunity_id uuid NOT NULL REFERENCES opportunities (id),
        from_stage     text,
        to_stage       text NOT NULL,
        actor_id       text NOT NULL,
        reason         text,
        changed_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX opportunity_stage_changes_idx ON opportunity_stage_changes (opportunity_id, changed_at)`);

    await runner.query(`
      CREATE TABLE commission_tiers (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name           text NOT NULL,
        scheme_id      uuid,
        basis          text NOT NULL CHECK (basis IN ('POLICY_COUNT', 'PREMIUM')),
        band_from      bigint NOT NULL CHECK (band_from >= 0),
        band_to        bigint CHECK (band_to IS NULL OR band_to >= band_from),
        rate_bps       int NOT NULL CHECK (rate_bps BETWEEN 0 AND 10000),
        currency       text NOT NULL,
        effective_from date NOT NULL,
        effective_to   date CHECK (effective_to IS NULL OR effective_to >= effective_from),
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        version        int NOT NULL DEFAULT 1
      )`);

    // What crm knows of the policies its agents sold, from schemes.policy.changed.
    await runner.query(`
      CREATE TABLE policy_sales (
        policy_id           uuid PRIMARY KEY,
        policy_number       text NOT NULL,
        scheme_id           uuid NOT NULL,
        sales_agent_id      uuid,
        status              text NOT NULL,
        start_date          date NOT NULL,
        cancellation_date   date,
        billing_frequency   text NOT NULL,
        premium_minor       bigint NOT NULL,
        annual_premium_minor bigint NOT NULL,
        currency            text NOT NULL,
        policy_version      int NOT NULL,
        updated_at          timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX policy_sales_agent_idx ON policy_sales (sales_agent_id, start_date) WHERE sales_agent_id IS NOT NULL`);

    await runner.query(`CREATE SEQUENCE commission_payout_number_seq START 1`);
    await runner.query(`
      CREATE TABLE commission_payouts (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        payout_number  text NOT NULL,
        agent_id       uuid NOT NULL REFERENCES agents (id),
        period_start   date NOT NULL,
        period_end     date NOT NULL CHECK (period_end >= period_start),
        amount_minor   bigint NOT NULL CHECK (amount_minor > 0),
        currency       text NOT NULL,
        status         text NOT NULL CHECK (status IN ('APPROVED', 'PAID')),
        approved_by    text NOT NULL,
        approved_at    timestamptz NOT NULL,
        bank_reference text,
        paid_at        timestamptz,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        version        int NOT NULL DEFAULT 1,
        CONSTRAINT commission_payouts_number_key UNIQUE (payout_number),
        CONSTRAINT commission_payouts_paid_shape CHECK ((status = 'PAID') = (paid_at IS NOT NULL))
      )`);
    await runner.query(`CREATE INDEX commission_payouts_agent_idx ON commission_payouts (agent_id, period_end DESC)`);
    await runner.query(`
      CREATE TABLE commission_entries (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agent_id             uuid NOT NULL REFERENCES agents (id),
        policy_id            uuid NOT NULL REFERENCES policy_sales (policy_id),
        kind                 text NOT NULL CHECK (kind IN ('ACCRUAL', 'CLAWBACK')),
        amount_minor         bigint NOT NULL,
        currency             text NOT NULL,
        annual_premium_minor bigint NOT NULL,
        rate_bps             int NOT NULL,
        tier_id              uuid REFERENCES commission_tiers (id),
        earned_on            date NOT NULL,
        payout_id            uuid REFERENCES commission_payouts (id),
        created_at           timestamptz NOT NULL DEFAULT now(),
        -- One accrual and at most one clawback per policy, however often and in whatever order its events arrive.
        CONSTRAINT commission_entries_policy_kind_key UNIQUE (policy_id, kind),
        CONSTRAINT commission_entries_sign CHECK ((kind = 'ACCRUAL' AND amount_minor >= 0) OR (kind = 'CLAWBACK' AND amount_minor <= 0))
      )`);
    await runner.query(`CREATE INDEX commission_entries_agent_idx ON commission_entries (agent_id, earned_on)`);
    await runner.query(`CREATE INDEX commission_entries_unpaid_idx ON commission_entries (agent_id, earned_on) WHERE payout_id IS NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE commission_entries');
    await runner.query('DROP TABLE commission_payouts');
    await runner.query('DROP SEQUENCE commission_payout_number_seq');
    await runner.query('DROP TABLE policy_sales');
    await runner.query('DROP TABLE commission_tiers');
    await runner.query('DROP TABLE opportunity_stage_changes');
    await runner.query('DROP TABLE opportunities');
    await runner.query('DROP TABLE lead_activities');
    await runner.query('DROP TABLE leads');
    await runner.query('ALTER TABLE sales_teams DROP CONSTRAINT sales_teams_manager_fkey');
    await runner.query('DROP TABLE agents');
    await runner.query('DROP TABLE sales_teams');
    await runner.query('DROP TABLE territories');
  }
}
