import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payments taken through providers (M-Pesa, Stripe, PayPal) and bank statements: payment intents,
 * the log of every provider notification, refunds, disputes, imported statements and the batches
 * in which providers pay out what they collected. Each once-only rule is a constraint here, so two
 * deliveries racing each other cannot both act.
 */
export class FinancePaymentProviders1700000004200 implements MigrationInterface {
  name = 'FinancePaymentProviders1700000004200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      INSERT INTO ledger_accounts (code, name, type, description) VALUES
        ('1040', 'Disputed funds held', 'ASSET', 'Payments a provider holds back while a chargeback is disputed.'),
        ('2310', 'Unapplied cash', 'LIABILITY', 'Money received that no invoice could take yet, until a clerk allocates or refunds it.'),
        ('5100', 'Payment provider fees', 'EXPENSE', 'Fees providers deduct from what they pay out.')
      ON CONFLICT (code) DO NOTHING`);

    await runner.query(`
      CREATE TABLE payment_intents (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider             text   NOT NULL CHECK (provider IN ('MPESA', 'STRIPE', 'PAYPAL')),
        invoice_id           uuid   NOT NULL REFERENCES invoices (id),
        member_id            uuid,
        currency             text   NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        amount_minor         bigint NOT NULL CHECK (amount_minor > 0),
        provider_request_id  text,
        provider_account_id  text,
        client_secret        text,
        payer_phone          text,
        status               text   NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
        failure_reason       text,
        payment_id           uuid REFERENCES payments (id),
        idempotency_key      text   NOT NULL,
        created_by           text   NOT NULL,
        created_at           timestamptz NOT NULL DEFAULT now(),
        updated_at           timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT payment_intents_idempotency_key UNIQUE (idempotency_key),
        CONSTRAINT payment_intents_succeeded_has_payment CHECK ((status = 'SUCCEEDED') = (payment_id IS NOT NULL))
      )`);
    await runner.query(`CREATE UNIQUE INDEX payment_intents_request_key ON payment_intents (provider, provider_request_id) WHERE provider_request_id IS NOT NULL`);
    await runner.query(`CREATE INDEX payment_intents_invoice_idx ON payment_intents (invoice_id, created_at DESC)`);
    // One attempt at a time per invoice: a second payment started while one is pending would be money the invoice cannot take.
    await runner.query(`CREATE UNIQUE INDEX payment_intents_one_pending ON payment_intents (invoice_id) WHERE status = 'PENDING'`);
    await runner.query(`CREATE INDEX payment_intents_created_idx ON payment_intents (created_at DESC, id DESC)`);

    await runner.query(`
      CREATE TABLE provider_notifications (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider         text NOT NULL CHECK (provider IN ('MPESA', 'STRIPE', 'PAYPAL')),
        event_id         text,
        event_type       text,
        received_at      timestamptz NOT NULL,
        raw_body         text NOT NULL,
        signature_valid  boolean NOT NULL,
        outcome          text NOT NULL CHECK (outcome IN ('PROCESSING', 'POSTED', 'DUPLICATE', 'REJECTED', 'IGNORED')),
        reason           text,
        intent_id        uuid REFERENCES payment_intents (id),
        payment_id       uuid REFERENCES payments (id),
        replay_attempts  int  NOT NULL DEFAULT 0,
        replayed_at      timestamptz,
        CONSTRAINT provider_notifications_rejected_reason CHECK (outcome <> 'REJECTED' OR reason IS NOT NULL)
      )`);
    // Only an authenticated delivery claims its event id (a forged one must not shadow the genuine
    // event); one we failed to process, or could not yet match to a request, does not (the
    // provider's retry, or our replay, must still be handled). Kept in step with NOTIFICATION_CLAIMS.
    await runner.query(`
      CREATE UNIQUE INDEX provider_notifications_event_key ON provider_notifications (provider, event_id)
      WHERE event_id IS NOT NULL AND signature_valid AND outcome <> 'DUPLICATE'
        AND coalesce(reason, '') NOT IN ('PROCESSING_ERROR', 'UNKNOWN_REQUEST', 'REQUEST_ID_MISMATCH')`);
    await runner.query(`
      CREATE INDEX provider_notifications_replay_idx ON provider_notifications (received_at)
      WHERE signature_valid AND reason IN ('PROCESSING_ERROR', 'UNKNOWN_REQUEST')`);
    await runner.query(`CREATE INDEX provider_notifications_received_idx ON provider_notifications (received_at DESC, id DESC)`);

    await runner.query(`CREATE SEQUENCE refund_number_seq START 1`);
    await runner.query(`
      CREATE TABLE refunds (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        refund_number       text   NOT NULL,
        payment_id          uuid   NOT NULL REFERENCES payments (id),
        invoice_id          uuid   NOT NULL REFERENCES invoices (id),
        member_id           uuid,
        method              text   NOT NULL,
        currency            text   NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        amount_minor        bigint NOT NULL CHECK (amount_minor > 0),
        provider_refund_id  text,
        reason              text   NOT NULL,
        status              text   NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'FAILED')),
        failure_reason      text,
        refunded_at         timestamptz NOT NULL,
        journal_entry_id    uuid REFERENCES journal_entries (id),
        created_by          text   NOT NULL,
        created_at          timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT refunds_completed_shape CHECK ((status = 'COMPLETED') = (journal_entry_id IS NOT NULL AND provider_refund_id IS NOT NULL)),
        CONSTRAINT refunds_refund_number_key UNIQUE (refund_number),
        CONSTRAINT refunds_provider_refund_key UNIQUE (method, provider_refund_id)
      )`);
    await runner.query(`CREATE INDEX refunds_payment_idx ON refunds (payment_id)`);
    await runner.query(`CREATE INDEX refunds_created_idx ON refunds (created_at DESC, id DESC)`);

    await runner.query(`
      CREATE TABLE payment_disputes (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider             text   NOT NULL CHECK (provider IN ('STRIPE', 'PAYPAL')),
        provider_dispute_id  text   NOT NULL,
        payment_id           uuid   NOT NULL REFERENCES payments (id),
        invoice_id           uuid   NOT NULL REFERENCES invoices (id),
        member_id            uuid,
        currency             text   NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        amount_minor         bigint NOT NULL CHECK (amount_minor > 0),
        reason               text,
        status               text   NOT NULL CHECK (status IN ('OPEN', 'WON', 'LOST')),
        opened_at            timestamptz NOT NULL,
        closed_at            timestamptz,
        opening_entry_id     uuid   NOT NULL REFERENCES journal_entries (id),
        closing_entry_id     uuid REFERENCES journal_entries (id),
        created_at           timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT payment_disputes_provider_key UNIQUE (provider, provider_dispute_id),
        CONSTRAINT payment_disputes_closed_shape CHECK ((status = 'OPEN') = (closed_at IS NULL AND closing_entry_id IS NULL))
      )`);
    await runner.query(`CREATE INDEX payment_disputes_payment_idx ON payment_disputes (payment_id)`);
    await runner.query(`CREATE INDEX payment_disputes_opened_idx ON payment_disputes (opened_at DESC, id DESC)`);

    await runner.query(`
      CREATE TABLE unapplied_receipts (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        method              text   NOT NULL,
        external_reference  text   NOT NULL,
        currency            text   NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        amount_minor        bigint NOT NULL CHECK (amount_minor > 0),
        received_at         timestamptz NOT NULL,
        payer_phone         text,
        member_id           uuid,
        intended_invoice_id uuid REFERENCES invoices (id),
        intent_id           uuid REFERENCES payment_intents (id),
        reason              text   NOT NULL,
        status              text   NOT NULL CHECK (status IN ('UNAPPLIED', 'ALLOCATED')),
        receipt_entry_id    uuid   NOT NULL REFERENCES journal_entries (id),
        payment_id          uuid REFERENCES payments (id),
        resolved_by         text,
        resolved_at         timestamptz,
        created_by          text   NOT NULL,
        created_at          timestamptz NOT NULL DEFAULT now(),
        -- The same money, delivered again, is parked once; once allocated it is the payment of that reference.
        CONSTRAINT unapplied_receipts_reference_key UNIQUE (method, external_reference),
        CONSTRAINT unapplied_receipts_allocated_shape CHECK ((status = 'ALLOCATED') = (payment_id IS NOT NULL AND resolved_at IS NOT NULL))
      )`);
    await runner.query(`CREATE UNIQUE INDEX unapplied_receipts_payment_key ON unapplied_receipts (payment_id) WHERE payment_id IS NOT NULL`);
    await runner.query(`CREATE INDEX unapplied_receipts_created_idx ON unapplied_receipts (created_at DESC, id DESC)`);

    await runner.query(`
      CREATE TABLE bank_statement_imports (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        file_name       text NOT NULL,
        format          text NOT NULL CHECK (format IN ('CSV')),
        line_count      int  NOT NULL,
        matched_count   int  NOT NULL,
        duplicate_count int  NOT NULL,
        unmatched_count int  NOT NULL,
        imported_by     text NOT NULL,
        imported_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX bank_statement_imports_imported_idx ON bank_statement_imports (imported_at DESC, id DESC)`);
    await runner.query(`
      CREATE TABLE bank_statement_lines (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        import_id            uuid NOT NULL REFERENCES bank_statement_imports (id),
        line_number          int  NOT NULL,
        booked_on            date,
        reference            text NOT NULL,
        amount_minor         bigint,
        currency             text,
        bank_transaction_id  text,
        outcome              text NOT NULL CHECK (outcome IN ('MATCHED', 'DUPLICATE', 'UNMATCHED')),
        reason               text,
        invoice_id           uuid REFERENCES invoices (id),
        payment_id           uuid REFERENCES payments (id),
        CONSTRAINT bank_statement_lines_line_key UNIQUE (import_id, line_number),
        CONSTRAINT bank_statement_lines_unmatched_reason CHECK (outcome <> 'UNMATCHED' OR reason IS NOT NULL)
      )`);

    await runner.query(`
      CREATE TABLE provider_settlement_batches (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider         text   NOT NULL CHECK (provider IN ('MPESA', 'STRIPE', 'PAYPAL')),
        window_start     timestamptz NOT NULL,
        window_end       timestamptz NOT NULL,
        currency         text   NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        payment_count    int    NOT NULL,
        refund_count     int    NOT NULL,
        gross_minor      bigint NOT NULL,
        fees_minor       bigint NOT NULL CHECK (fees_minor >= 0),
        net_minor        bigint NOT NULL,
        payout_date      date   NOT NULL,
        journal_entry_id uuid REFERENCES journal_entries (id),
        created_by       text   NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT provider_settlement_batches_net CHECK (net_minor = gross_minor - fees_minor),
        CONSTRAINT provider_settlement_batches_window CHECK (window_end > window_start)
      )`);
    await runner.query(`CREATE INDEX provider_settlement_batches_created_idx ON provider_settlement_batches (created_at DESC, id DESC)`);
    // A payment (or refund) is paid out in exactly one batch.
    await runner.query(`
      CREATE TABLE provider_settlement_batch_payments (
        payment_id uuid PRIMARY KEY REFERENCES payments (id),
        batch_id   uuid NOT NULL REFERENCES provider_settlement_batches (id)
      )`);
    await runner.query(`
      CREATE TABLE provider_settlement_batch_refunds (
        refund_id uuid PRIMARY KEY REFERENCES refunds (id),
        batch_id  uuid NOT NULL REFERENCES provider_settlement_batches (id)
      )`);
    // Money a provider held for a chargeback, and released when it was won: each moment in one batch.
    await runner.query(`
      CREATE TABLE provider_settlement_batch_disputes (
        dispute_id uuid NOT NULL REFERENCES payment_disputes (id),
        moment     text NOT NULL CHECK (moment IN ('HELD', 'RELEASED')),
        batch_id   uuid NOT NULL REFERENCES provider_settlement_batches (id),
        PRIMARY KEY (dispute_id, moment)
      )`);
    await runner.query(`
      CREATE TABLE provider_settlement_batch_receipts (
        receipt_id uuid PRIMARY KEY REFERENCES unapplied_receipts (id),
        batch_id   uuid NOT NULL REFERENCES provider_settlement_batches (id)
      )`);
    await runner.query(`CREATE INDEX provider_settlement_batch_payments_batch_idx ON provider_settlement_batch_payments (batch_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE provider_settlement_batch_receipts');
    await runner.query('DROP TABLE provider_settlement_batch_disputes');
    await runner.query('DROP TABLE provider_settlement_batch_refunds');
    await runner.query('DROP TABLE provider_settlement_batch_payments');
    await runner.query('DROP TABLE provider_settlement_batches');
    await runner.query('DROP TABLE bank_statement_lines');
    await runner.query('DROP TABLE bank_statement_imports');
    await runner.query('DROP TABLE unapplied_receipts');
    await runner.query('DROP TABLE payment_disputes');
    await runner.query('DROP TABLE refunds');
    await runner.query('DROP SEQUENCE refund_number_seq');
    await runner.query('DROP TABLE provider_notifications');
    await runner.query('DROP TABLE payment_intents');
    await runner.query(`DELETE FROM ledger_accounts WHERE code IN ('1040', '2310', '5100')`);
  }
}
