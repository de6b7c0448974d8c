import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invoices, payments and the double-entry general ledger. The ledger's rules are enforced here as
 * well as in the service: every entry balances per currency at commit, has at least two lines of
 * positive amounts, and neither entries nor lines are ever updated or deleted.
 */
export class FinanceSchema1700000004000 implements MigrationInterface {
  name = 'FinanceSchema1700000004000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SEQUENCE invoice_number_seq START 1`);
    await runner.query(`CREATE SEQUENCE payment_number_seq START 1`);
    await runner.query(`CREATE SEQUENCE journal_entry_number_seq START 1`);

    await runner.query(`
      CREATE TABLE invoices (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        invoice_number     text   NOT NULL,
        policy_id          uuid   NOT NULL,
        billed_member_id   uuid   NOT NULL,
        company_id         uuid,
        period_start       date   NOT NULL,
        period_end         date   NOT NULL,
        issue_date         date   NOT NULL,
        due_date           date   NOT NULL,
        currency           text   NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        net_minor          bigint NOT NULL CHECK (net_minor > 0),
        vat_rate_bps       int    NOT NULL CHECK (vat_rate_bps BETWEEN 0 AND 10000),
        vat_minor          bigint NOT NULL CHECK (vat_minor >= 0),
        total_minor        bigint NOT NULL,
        amount_paid_minor  bigint NOT NULL DEFAULT 0,
        status             text   NOT NULL CHECK (status IN ('OPEN', 'PARTIALLY_PAID', 'PAID', 'VOID')),
        void_reason        text,
        voided_at          timestamptz,
        voided_by          text,
        created_by         text   NOT NULL,
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now(),
        version            int    NOT NULL DEFAULT 1,
        CONSTRAINT invoices_invoice_number_key UNIQUE (invoice_number),
        CONSTRAINT invoices_total CHECK (total_minor = net_minor + vat_minor),
        CONSTRAINT invoices_paid_within_total CHECK (amount_paid_minor BETWEEN 0 AND total_minor),
        CONSTRAINT invoices_period CHECK (period_end >= period_start),
        CONSTRAINT invoices_due_after_issue CHECK (due_date >= issue_date),
        CONSTRAINT invoices_status_matches_paid CHECK (
          (status = 'OPEN' AND amount_paid_minor = 0) OR
          (status = 'PARTIALLY_PAID' AND amount_paid_minor > 0 AND amount_paid_minor < total_minor) OR
          (status = 'PAID' AND amount_paid_minor = total_minor) OR
          (status = 'VOID' AND amount_paid_minor = 0 AND voided_at IS NOT NULL))
      )`);
    // One live invoice per policy and period; a voided invoice frees its period for the corrected one.
    await runner.query(`CREATE UNIQUE INDEX invoices_policy_period_key ON invoices (policy_id, period_start) WHERE status <> 'VOID'`);
    await runner.query(`CREATE INDEX invoices_member_idx ON invoices (billed_member_id, period_start DESC, id DESC)`);
    await runner.query(`CREATE INDEX invoices_company_idx ON invoices (company_id, period_start DESC, id DESC) WHERE company_id IS NOT NULL`);
    await runner.query(`CREATE INDEX invoices_policy_idx ON invoices (policy_id, period_start DESC)`);
    await runner.query(`CREATE INDEX invoices_period_idx ON invoices (period_start DESC, id DESC)`);
    await runner.query(`CREATE INDEX invoices_unpaid_due_idx ON invoices (due_date) WHERE status IN ('OPEN', 'PARTIALLY_PAID')`);

    await runner.query(`
      CREATE TABLE payments (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        payment_number      text   NOT NULL,
        invoice_id          uuid   NOT NULL REFERENCES invoices (id),
        member_id           uuid   NOT NULL,
        currency            text   NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        amount_minor        bigint NOT NULL CHECK (amount_minor > 0),
        method              text   NOT NULL CHECK (method IN ('MPESA', 'CARD', 'PAYPAL', 'BANK_TRANSFER')),
        external_reference  text   NOT NULL CHECK (length(external_reference) BETWEEN 1 AND 100),
        received_at         timestamptz(3) NOT NULL,
        payer_phone         text,
        status              text   NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'FAILED')),
        recorded_by         text   NOT NULL,
        created_at          timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT payments_payment_number_key UNIQUE (payment_number)
      )`);
    // A provider reference is recorded once: a callback delivered twice finds the first payment.
    await runner.query(`CREATE UNIQUE INDEX payments_method_reference_key ON payments (method, external_reference)`);
    await runner.query(`CREATE INDEX payments_member_idx ON payments (member_id, received_at DESC, id DESC)`);
    await runner.query(`CREATE INDEX payments_invoice_idx ON payments (invoice_id)`);
    await runner.query(`CREATE INDEX payments_received_idx ON payments (received_at DESC, id DESC)`);

    await runner.query(`
      CREATE TABLE ledger_accounts (
        code        text PRIMARY KEY CHECK (code ~ '^[0-9]{4}$'),
        name        text NOT NULL,
        type        text NOT NULL CHECK (type IN ('ASSET', 'LIABILITY', 'EQUITY', 'INCOME', 'EXPENSE')),
        description text,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      INSERT INTO ledger_accounts (code, name, type, description) VALUES
        ('1000', 'Bank', 'ASSET', 'Operating bank account; bank transfers land here.'),
        ('1010', 'M-Pesa clearing', 'ASSET', 'Paybill collections awaiting settlement to the bank.'),
        ('1020', 'Card clearing', 'ASSET', 'Card payments awaiting payout from the card processor.'),
        ('1030', 'PayPal clearing', 'ASSET', 'PayPal payments awaiting withdrawal to the bank.'),
        ('1100', 'Premiums receivable', 'ASSET', 'Premiums invoiced and not yet paid.'),
        ('2000', 'Claims payable', 'LIABILITY', 'Approved claims not yet settled to providers.'),
        ('2100', 'VAT payable', 'LIABILITY', 'VAT charged on invoices, owed to the tax authority.'),
        ('2200', 'Unearned premium', 'LIABILITY', 'Premium billed for cover not yet provided.'),
        ('3000', 'Retained earnings', 'EQUITY', 'Accumulated results of prior periods.'),
        ('4000', 'Premium income', 'INCOME', 'Premiums earned.'),
        ('5000', 'Claims expense', 'EXPENSE', 'Cost of claims incurred.')`);

    await runner.query(`
      CREATE TABLE journal_entries (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        entry_number       text NOT NULL,
        entry_date         date NOT NULL,
        posted_at          timestamptz NOT NULL DEFAULT now(),
        description        text NOT NULL,
        source_type        text NOT NULL,
        source_id          uuid NOT NULL,
        reverses_entry_id  uuid REFERENCES journal_entries (id),
        posted_by          text NOT NULL,
        CONSTRAINT journal_entries_entry_number_key UNIQUE (entry_number)
      )`);
    await runner.query(`CREATE INDEX journal_entries_source_idx ON journal_entries (source_id, source_type)`);
    await runner.query(`CREATE INDEX journal_entries_date_idx ON journal_entries (entry_date)`);
    await runner.query(`
      CREATE TABLE journal_lines (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        entry_id      uuid   NOT NULL REFERENCES journal_entries (id),
        line_number   int    NOT NULL CHECK (line_number > 0),
        account_code  text   NOT NULL REFERENCES ledger_accounts (code),
        currency      text   NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        debit_minor   bigint NOT NULL DEFAULT 0 CHECK (debit_minor >= 0),
        credit_minor  bigint NOT NULL DEFAULT 0 CHECK (credit_minor >= 0),
        member_id     uuid,
        CONSTRAINT journal_lines_one_side CHECK ((debit_minor > 0) <> (credit_minor > 0)),
        CONSTRAINT journal_lines_entry_line_key UNIQUE (entry_id, line_number)
      )`);
    await runner.query(`CREATE INDEX journal_lines_account_idx ON journal_lines (account_code, currency)`);
    await runner.query(`CREATE INDEX journal_lines_member_idx ON journal_lines (member_id) WHERE member_id IS NOT NULL`);

    // Double entry, checked when the transaction commits (lines arrive one by one before that).
    await runner.query(`
      CREATE FUNCTION assert_journal_entry_balanced(entry uuid) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        line_count int;
        unbalanced text;
      BEGIN
        SELECT count(*) INTO line_count FROM journal_lines WHERE entry_id = entry;
        IF line_count < 2 THEN
          RAISE EXCEPTION 'journal entry % has % line(s); an entry needs at least two', entry, line_count
            USING ERRCODE = 'check_violation';
        END IF;
        SELECT string_agg(format('%s debits %s <> credits %s', currency, debits, credits), '; ') INTO unbalanced
          FROM (SELECT currency, sum(debit_minor) AS debits, sum(credit_minor) AS credits
                  FROM journal_lines WHERE entry_id = entry GROUP BY currency
                HAVING sum(debit_minor) <> sum(credit_minor)) AS totals;
        IF unbalanced IS NOT NULL THEN
          RAISE EXCEPTION 'journal entry % does not balance: %', entry, unbalanced USING ERRCODE = 'check_violation';
        END IF;
      END $$`);
    await runner.query(`
      CREATE FUNCTION journal_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM assert_journal_entry_balanced(NEW.id); RETURN NULL; END $$`);
    await runner.query(`
      CREATE FUNCTION journal_line_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM assert_journal_entry_balanced(NEW.entry_id); RETURN NULL; END $$`);
    await runner.query(`
      CREATE CONSTRAINT TRIGGER journal_entries_balanced AFTER INSERT ON journal_entries
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced()`);
    await runner.query(`
      CREATE CONSTRAINT TRIGGER journal_lines_balanced AFTER INSERT ON journal_lines
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_line_balanced()`);

    // The ledger is append-only: corrections are new entries, never edits.
    await runner.query(`
      CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% rows are append-only; post a correcting entry instead', TG_TABLE_NAME
          USING ERRCODE = 'object_not_in_prerequisite_state';
      END $$`);
    for (const table of ['journal_entries', 'journal_lines']) {
      await runner.query(`CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
      await runner.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()`);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE journal_lines');
    await runner.query('DROP TABLE journal_entries');
    await runner.query('DROP FUNCTION ledger_append_only');
    await runner.query('DROP FUNCTION journal_line_balanced');
    await runner.query('DROP FUNCTION journal_entry_balanced');
    await runner.query('DROP FUNCTION assert_journal_entry_balanced');
    await runner.query('DROP TABLE ledger_accounts');
    await runner.query('DROP TABLE payments');
    await runner.query('DROP TABLE invoices');
    await runner.query('DROP SEQUENCE journal_entry_number_seq');
    await runner.query('DROP SEQUENCE payment_number_seq');
    await runner.query('DROP SEQUENCE invoice_number_seq');
  }
}
