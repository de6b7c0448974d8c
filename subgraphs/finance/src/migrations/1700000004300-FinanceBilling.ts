import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scheduled premium billing: finance's copy of the policies it bills, invoice lines (one per policy
 * and period, so an employer pays one bill for all its policies), credit notes for mid-period
 * changes, invoices for token purchases, commission payouts, exchange rates, and the rate each
 * foreign-currency journal line was posted at; credit notes set against what invoices owe, and
 * payment of provider settlements.
 */
export class FinanceBilling1700000004300 implements MigrationInterface {
  name = 'FinanceBilling1700000004300';

  async up(runner: QueryRunner): Promise<void> {
    // What finance needs of a policy to bill it; fed by schemes.policy.changed, highest version wins.
    await runner.query(`
      CREATE TABLE billing_policies (
        policy_id          uuid PRIMARY KEY,
        policy_number      text   NOT NULL,
        scheme_id          uuid   NOT NULL,
        scheme_version_id  uuid   NOT NULL,
        holder_member_id   uuid   NOT NULL,
        company_id         uuid,
        start_date         date   NOT NULL,
        end_date           date   NOT NULL,
        last_covered_date  date   NOT NULL,
        status             text   NOT NULL,
        billing_frequency  text   NOT NULL CHECK (billing_frequency IN ('MONTHLY', 'QUARTERLY', 'ANNUAL')),
        premium_minor      bigint NOT NULL CHECK (premium_minor >= 0),
        currency           text   NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        covered_members    jsonb  NOT NULL DEFAULT '[]',
        version            int    NOT NULL,
        updated_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX billing_policies_company_idx ON billing_policies (company_id) WHERE company_id IS NOT NULL`);
    await runner.query(`CREATE INDEX billing_policies_status_idx ON billing_policies (status)`);

    // An invoice is premium, a supplementary premium charge, or a company's token purchase; group and
    // token invoices have no single policy or member.
    await runner.query(`ALTER TABLE invoices ADD COLUMN kind text NOT NULL DEFAULT 'PREMIUM' CHECK (kind IN ('PREMIUM', 'SUPPLEMENTARY', 'TOKEN_PURCHASE'))`);
    await runner.query(`ALTER TABLE invoices ADD COLUMN token_purchase_id uuid`);
    await runner.query(`ALTER TABLE invoices ALTER COLUMN policy_id DROP NOT NULL`);
    await runner.query(`ALTER TABLE invoices ALTER COLUMN billed_member_id DROP NOT NULL`);
    await runner.query(`ALTER TABLE invoices ADD CONSTRAINT invoices_has_debtor CHECK (billed_member_id IS NOT NULL OR company_id IS NOT NULL)`);
    await runner.query(`ALTER TABLE invoices ADD CONSTRAINT invoices_token_purchase_shape CHECK ((kind = 'TOKEN_PURCHASE') = (token_purchase_id IS NOT NULL))`);
    // One invoice per token purchase, however often its event arrives.
    await runner.query(`CREATE UNIQUE INDEX invoices_token_purchase_key ON invoices (token_purchase_id) WHERE token_purchase_id IS NOT NULL`);
    await runner.query(`DROP INDEX invoices_policy_period_key`);
    await runner.query(`CREATE UNIQUE INDEX invoices_policy_period_key ON invoices (policy_id, period_start) WHERE status <> 'VOID' AND kind = 'PREMIUM'`);
    // Credit notes applied against what the invoice still owed; amount due is total less paid less this.
    await runner.query(`ALTER TABLE invoices ADD COLUMN credited_minor bigint NOT NULL DEFAULT 0 CHECK (credited_minor >= 0)`);
    await runner.query(`ALTER TABLE invoices ADD CONSTRAINT invoices_settled_at_most_total CHECK (amount_paid_minor + credited_minor <= total_minor)`);
    // Settled (PAID) once payments and credit notes cover the total; a voided invoice has neither.
    await runner.query(`ALTER TABLE invoices DROP CONSTRAINT invoices_status_matches_paid`);
    await runner.query(`
      ALTER TABLE invoices ADD CONSTRAINT invoices_status_matches_paid CHECK (
        (status = 'OPEN' AND amount_paid_minor = 0 AND credited_minor < total_minor) OR
        (status = 'PARTIALLY_PAID' AND amount_paid_minor > 0 AND amount_paid_minor < total_minor) OR
        (status = 'PAID' AND amount_paid_minor + credited_minor = total_minor) OR
        (status = 'VOID' AND amount_paid_minor = 0 AND credited_minor = 0 AND voided_at IS NOT NULL))`);
    // The payer of a company invoice is the company: a payment names a member only when the invoice does.
    await runner.query(`ALTER TABLE payments ALTER COLUMN member_id DROP NOT NULL`);

    await runner.query(`
      CREATE TABLE invoice_lines (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        invoice_id           uuid   NOT NULL REFERENCES invoices (id),
        line_number          int    NOT NULL CHECK (line_number > 0),
        kind                 text   NOT NULL CHECK (kind IN ('PREMIUM', 'SUPPLEMENTARY', 'TOKEN_PURCHASE')),
        policy_id            uuid,
        member_id            uuid,
        period_start         date   NOT NULL,
        period_end           date   NOT NULL,
        description          text   NOT NULL,
        currency             text   NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        net_minor            bigint NOT NULL CHECK (net_minor > 0),
        period_premium_minor bigint,
        period_days          int,
        policy_version       int,
        voided               boolean NOT NULL DEFAULT false,
        CONSTRAINT invoice_lines_invoice_line_key UNIQUE (invoice_id, line_number),
        CONSTRAINT invoice_lines_period CHECK (period_end >= period_start),
        CONSTRAINT invoice_lines_policy_shape CHECK ((kind = 'TOKEN_PURCHASE') = (policy_id IS NULL))
      )`);
    // A policy's period is billed once, whichever run, invoice or employer group bills it.
    await runner.query(`CREATE UNIQUE INDEX invoice_lines_policy_period_key ON invoice_lines (policy_id, period_start) WHERE kind = 'PREMIUM' AND NOT voided`);
    await runner.query(`CREATE INDEX invoice_lines_invoice_idx ON invoice_lines (invoice_id, line_number)`);
    await runner.query(`CREATE INDEX invoice_lines_policy_idx ON invoice_lines (policy_id, period_end DESC) WHERE policy_id IS NOT NULL`);
    await runner.query(`
      INSERT INTO invoice_lines (invoice_id, line_number, kind, policy_id, member_id, period_start, period_end, description, currency, net_minor,
                                 period_premium_minor, period_days, voided)
      SELECT id, 1, 'PREMIUM', policy_id, billed_member_id, period_start, period_end, 'Premium ' || period_start || ' to ' || period_end, currency,
             net_minor, net_minor, period_end - period_start + 1, status = 'VOID'
        FROM invoices`);

    await runner.query(`CREATE SEQUENCE credit_note_number_seq START 1`);
    await runner.query(`
      CREATE TABLE credit_notes (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        credit_note_number text   NOT NULL,
        invoice_id         uuid   NOT NULL REFERENCES invoices (id),
        policy_id          uuid   NOT NULL,
        billed_member_id   uuid,
        company_id         uuid,
        period_start       date   NOT NULL,
        period_end         date   NOT NULL,
        issue_date         date   NOT NULL,
        currency           text   NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        net_minor          bigint NOT NULL CHECK (net_minor > 0),
        vat_rate_bps       int    NOT NULL CHECK (vat_rate_bps BETWEEN 0 AND 10000),
        vat_minor          bigint NOT NULL CHECK (vat_minor >= 0),
        total_minor        bigint NOT NULL,
        applied_minor      bigint NOT NULL CHECK (applied_minor >= 0),
        held_minor         bigint NOT NULL CHECK (held_minor >= 0),
        reason             text   NOT NULL,
        policy_version     int    NOT NULL,
        journal_entry_id   uuid   NOT NULL REFERENCES journal_entries (id),
        created_by         text   NOT NULL,
        created_at         timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT credit_notes_number_key UNIQUE (credit_note_number),
        CONSTRAINT credit_notes_total CHECK (total_minor = net_minor + vat_minor),
        -- Whatever the invoice no longer owed is held for the payer as a credit balance.
        CONSTRAINT credit_notes_split CHECK (applied_minor + held_minor = total_minor),
        -- One credit per billed period and policy change.
        CONSTRAINT credit_notes_change_key UNIQUE (invoice_id, policy_id, policy_version, period_start)
      )`);
    await runner.query(`CREATE INDEX credit_notes_policy_idx ON credit_notes (policy_id, issue_date DESC)`);
    // One supplementary charge per billed period and policy change.
    await runner.query(`CREATE UNIQUE INDEX invoice_lines_supplementary_key ON invoice_lines (policy_id, period_start, policy_version) WHERE kind = 'SUPPLEMENTARY' AND NOT voided`);

    await runner.query(`
      CREATE TABLE commission_payouts (
        id                uuid PRIMARY KEY,
        agent_id          uuid   NOT NULL,
        agent_code        text   NOT NULL,
        agent_name        text   NOT NULL,
        period_start      date   NOT NULL,
        period_end        date   NOT NULL,
        currency          text   NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        amount_minor      bigint NOT NULL CHECK (amount_minor > 0),
        approved_at       timestamptz NOT NULL,
        status            text   NOT NULL CHECK (status IN ('ACCRUED', 'PAID')),
        accrual_entry_id  uuid   NOT NULL REFERENCES journal_entries (id),
        payment_entry_id  uuid REFERENCES journal_entries (id),
        bank_reference    text,
        paid_at           timestamptz,
        paid_by           text,
        created_at        timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT commission_payouts_paid_shape CHECK ((status = 'PAID') = (payment_entry_id IS NOT NULL AND paid_at IS NOT NULL AND bank_reference IS NOT NULL))
      )`);
    await runner.query(`CREATE INDEX commission_payouts_agent_idx ON commission_payouts (agent_id, approved_at DESC)`);
    await runner.query(`CREATE INDEX commission_payouts_status_idx ON commission_payouts (status, approved_at DESC)`);

    await runner.query(`
      CREATE TABLE exchange_rates (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        from_currency  text    NOT NULL CHECK (from_currency ~ '^[A-Z]{3}$'),
        to_currency    text    NOT NULL CHECK (to_currency ~ '^[A-Z]{3}$'),
        rate           numeric(24, 10) NOT NULL CHECK (rate > 0),
        effective_from date    NOT NULL,
        recorded_by    text    NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT exchange_rates_pair CHECK (from_currency <> to_currency),
        CONSTRAINT exchange_rates_effective_key UNIQUE (from_currency, to_currency, effective_from)
      )`);
    // Adding nullable columns rewrites no row, so the append-only triggers do not fire; lines posted
    // before this carry no rate (they are all in the functional currency).
    await runner.query(`ALTER TABLE journal_lines ADD COLUMN fx_rate numeric(24, 10)`);
    await runner.query(`ALTER TABLE journal_lines ADD COLUMN functional_currency text`);
    await runner.query(`ALTER TABLE journal_lines ADD COLUMN functional_debit_minor bigint`);
    await runner.query(`ALTER TABLE journal_lines ADD COLUMN functional_credit_minor bigint`);

    // Paying providers what approved claims owe them: a settlement is PAID once, in a batch per provider.
    await runner.query(`CREATE SEQUENCE settlement_payment_number_seq START 1`);
    await runner.query(`ALTER TABLE settlements DROP CONSTRAINT settlements_status_check`);
    await runner.query(`ALTER TABLE settlements ADD CONSTRAINT settlements_status_check CHECK (status IN ('PENDING_PAYMENT', 'PAID', 'REVERSED', 'REJECTED'))`);
    await runner.query(`ALTER TABLE settlements ADD COLUMN paid_at timestamptz`);
    await runner.query(`ALTER TABLE settlements ADD COLUMN payment_reference text`);
    await runner.query(`ALTER TABLE settlements ADD COLUMN payment_entry_id uuid REFERENCES journal_entries (id)`);
    await runner.query(`ALTER TABLE settlements ADD COLUMN paid_by text`);
    await runner.query(
      // A paid settlement whose claim is later reversed keeps its payment (the provider owes it back).
      `ALTER TABLE settlements ADD CONSTRAINT settlements_paid_shape CHECK (status <> 'PAID' OR (paid_at IS NOT NULL AND payment_reference IS NOT NULL AND payment_entry_id IS NOT NULL))`,
    );
    await runner.query(`CREATE INDEX settlements_paid_idx ON settlements (paid_at) WHERE status = 'PAID'`);
    // Claims are incurred on the day of the care; decisions before claims sent it have none.
    await runner.query(`ALTER TABLE settlements ADD COLUMN service_date date`);

    await runner.query(`
      INSERT INTO ledger_accounts (code, name, type, description) VALUES
        ('2400', 'Commissions payable', 'LIABILITY', 'Approved agent commission payouts not yet paid.'),
        ('2300', 'Payer credit balances', 'LIABILITY', 'Credit notes owed back to members and companies beyond what their invoices still owed.'),
        ('2410', 'Deferred token revenue', 'LIABILITY', 'Tokens sold and invoiced but not yet used.'),
        ('5200', 'Commission expense', 'EXPENSE', 'Agent commissions earned on business written.')`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM ledger_accounts WHERE code IN ('2300', '2400', '2410', '5200')`);
    await runner.query('ALTER TABLE settlements DROP COLUMN service_date');
    await runner.query('DROP INDEX settlements_paid_idx');
    await runner.query('ALTER TABLE settlements DROP CONSTRAINT settlements_paid_shape');
    await runner.query('ALTER TABLE settlements DROP COLUMN paid_by');
    await runner.query('ALTER TABLE settlements DROP COLUMN payment_entry_id');
    await runner.query('ALTER TABLE settlements DROP COLUMN payment_reference');
    await runner.query('ALTER TABLE settlements DROP COLUMN paid_at');
    await runner.query(`ALTER TABLE settlements DROP CONSTRAINT settlements_status_check`);
    await runner.query(`ALTER TABLE settlements ADD CONSTRAINT settlements_status_check CHECK (status IN ('PENDING_PAYMENT', 'REVERSED', 'REJECTED'))`);
    await runner.query('DROP SEQUENCE settlement_payment_number_seq');
    await runner.query('ALTER TABLE journal_lines DROP COLUMN functional_credit_minor');
    await runner.query('ALTER TABLE journal_lines DROP COLUMN functional_debit_minor');
    await runner.query('ALTER TABLE journal_lines DROP COLUMN functional_currency');
    await runner.query('ALTER TABLE journal_lines DROP COLUMN fx_rate');
    await runner.query('DROP TABLE exchange_rates');
    await runner.query('DROP TABLE commission_payouts');
    await runner.query('DROP TABLE credit_notes');
    await runner.query('DROP SEQUENCE credit_note_number_seq');
    await runner.query('DROP TABLE invoice_lines');
    await runner.query('ALTER TABLE payments ALTER COLUMN member_id SET NOT NULL');
    await runner.query('ALTER TABLE invoices DROP CONSTRAINT invoices_status_matches_paid');
    await runner.query('ALTER TABLE invoices DROP CONSTRAINT invoices_settled_at_most_total');
    await runner.query('ALTER TABLE invoices DROP COLUMN credited_minor');
    await runner.query(`
      ALTER TABLE invoices ADD CONSTRAINT invoices_status_matches_paid CHECK (
        (status = 'OPEN' AND amount_paid_minor = 0) OR
        (status = 'PARTIALLY_PAID' AND amount_paid_minor > 0 AND amount_paid_minor < total_minor) OR
        (status = 'PAID' AND amount_paid_minor = total_minor) OR
        (status = 'VOID' AND amount_paid_minor = 0 AND voided_at IS NOT NULL))`);
    await runner.query('DROP INDEX invoices_policy_period_key');
    await runner.query(`CREATE UNIQUE INDEX invoices_policy_period_key ON invoices (policy_id, period_start) WHERE status <> 'VOID'`);
    await runner.query('DROP INDEX invoices_token_purchase_key');
    await runner.query('ALTER TABLE invoices DROP CONSTRAINT invoices_token_purchase_shape');
    await runner.query('ALTER TABLE invoices DROP CONSTRAINT invoices_has_debtor');
    await runner.query('ALTER TABLE invoices ALTER COLUMN billed_member_id SET NOT NULL');
    await runner.query('ALTER TABLE invoices ALTER COLUMN policy_id SET NOT NULL');
    await runner.query('ALTER TABLE invoices DROP COLUMN token_purchase_id');
    await runner.query('ALTER TABLE invoices DROP COLUMN kind');
  }
}
