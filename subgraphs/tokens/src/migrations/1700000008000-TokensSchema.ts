import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Token wallets and everything that moves their balance. The invariants live here as well as in
 * the service: a wallet never goes negative and never holds more than it has (CHECKs that hold
 * under any concurrency), a reservation is held at most once per metered operation and reference,
 * one pending auto top-up per wallet, one purchase per subscription period, and the balance
 * history is append-only. A charge that could not be covered is owed as arrears, settled from the
 * next tokens to become available; an auto top-up left unpaid expires, so it cannot block the next.
 */
export class TokensSchema1700000008000 implements MigrationInterface {
  name = 'TokensSchema1700000008000';

  async up(runner: QueryRunner): Promise<void> {
    // company_id refers to the members subgraph: a reference, not a foreign key.
    await runner.query(`
      CREATE TABLE token_wallets (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        company_id  uuid   NOT NULL,
        balance     bigint NOT NULL DEFAULT 0,
        reserved    bigint NOT NULL DEFAULT 0,
        arrears     bigint NOT NULL DEFAULT 0,
        created_by  text   NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT token_wallets_company_key UNIQUE (company_id),
        CONSTRAINT token_wallets_balance_not_negative CHECK (balance >= 0),
        CONSTRAINT token_wallets_reserved_not_negative CHECK (reserved >= 0),
        CONSTRAINT token_wallets_reserved_within_balance CHECK (reserved <= balance),
        CONSTRAINT token_wallets_arrears_not_negative CHECK (arrears >= 0)
      )`);

    await runner.query(`
      CREATE TABLE wallet_transactions (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        wallet_id      uuid   NOT NULL REFERENCES token_wallets (id),
        kind           text   NOT NULL CHECK (kind IN ('CREDIT', 'RESERVE', 'CONSUME', 'RELEASE', 'EXPIRE', 'ARREARS')),
        source         text   CHECK (source IN ('PURCHASE', 'SUBSCRIPTION', 'AUTO_TOP_UP', 'GRANT', 'ADJUSTMENT')),
        amount         bigint NOT NULL,
        balance_after  bigint NOT NULL CHECK (balance_after >= 0),
        reserved_after bigint NOT NULL CHECK (reserved_after >= 0),
        reference      text,
        reason         text,
        actor_id       text   NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT wallet_transactions_credit_source CHECK ((kind = 'CREDIT') = (source IS NOT NULL)),
        -- Only an adjustment takes tokens away outside metering; every other movement is positive.
        CONSTRAINT wallet_transactions_amount CHECK (amount > 0 OR (kind = 'CREDIT' AND source = 'ADJUSTMENT' AND amount <> 0))
      )`);
    await runner.query(`CREATE INDEX wallet_transactions_wallet_idx ON wallet_transactions (wallet_id, created_at DESC, id DESC)`);
    await runner.query(`CREATE INDEX wallet_transactions_consumed_idx ON wallet_transactions (wallet_id, created_at) WHERE kind = 'CONSUME'`);
    await runner.query(`
      CREATE FUNCTION wallet_transactions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'wallet_transactions rows are append-only; record a correcting transaction instead';
      END $$`);
    await runner.query(`
      CREATE TRIGGER wallet_transactions_append_only BEFORE UPDATE OR DELETE ON wallet_transactions
      FOR EACH ROW EXECUTE FUNCTION wallet_transactions_append_only()`);

    await runner.query(`
      CREATE TABLE token_packages (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code        text   NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{1,39}$'),
        name        text   NOT NULL,
        tokens      bigint NOT NULL CHECK (tokens > 0),
        price_minor bigint NOT NULL CHECK (price_minor > 0),
        currency    text   NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        active      boolean NOT NULL DEFAULT true,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT token_packages_code_key UNIQUE (code)
      )`);

    await runner.query(`
      CREATE TABLE token_subscriptions (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        wallet_id         uuid NOT NULL REFERENCES token_wallets (id),
        package_id        uuid NOT NULL REFERENCES token_packages (id),
        period            text NOT NULL CHECK (period IN ('MONTHLY', 'QUARTERLY', 'ANNUAL')),
        status            text NOT NULL CHECK (status IN ('ACTIVE', 'CANCELLED')),
        start_date        date NOT NULL,
        next_period_start date NOT NULL,
        created_by        text NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        cancelled_at      timestamptz,
        cancelled_by      text,
        CONSTRAINT token_subscriptions_cancelled_shape CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL))
      )`);
    await runner.query(`CREATE INDEX token_subscriptions_due_idx ON token_subscriptions (next_period_start) WHERE status = 'ACTIVE'`);
    await runner.query(`CREATE INDEX token_subscriptions_wallet_idx ON token_subscriptions (wallet_id, created_at DESC)`);
    // Two active subscriptions to one package would buy it twice every period.
    await runner.query(`CREATE UNIQUE INDEX token_subscriptions_one_active ON token_subscriptions (wallet_id, package_id) WHERE status = 'ACTIVE'`);

    await runner.query(`
      CREATE TABLE token_purchases (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        wallet_id      uuid   NOT NULL REFERENCES token_wallets (id),
        company_id     uuid   NOT NULL,
        package_id     uuid   NOT NULL REFERENCES token_packages (id),
        package_code   text   NOT NULL,
        tokens         bigint NOT NULL CHECK (tokens > 0),
        amount_minor   bigint NOT NULL CHECK (amount_minor > 0),
        currency       text   NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        source         text   NOT NULL CHECK (source IN ('PURCHASE', 'SUBSCRIPTION', 'AUTO_TOP_UP')),
        status         text   NOT NULL CHECK (status IN ('PENDING_PAYMENT', 'CREDITED', 'EXPIRED', 'CANCELLED')),
        subscription_id uuid  REFERENCES token_subscriptions (id),
        period_start   date,
        invoice_id     uuid,
        invoice_number text,
        paid_at        timestamptz,
        credited_at    timestamptz,
        cancelled_at   timestamptz,
        cancelled_by   text,
        cancel_reason  text,
        payment_problem text,
        created_by     text   NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT token_purchases_subscription_shape CHECK ((source = 'SUBSCRIPTION') = (subscription_id IS NOT NULL AND period_start IS NOT NULL)),
        CONSTRAINT token_purchases_credited_shape CHECK ((status = 'CREDITED') = (credited_at IS NOT NULL)),
        -- A payment that arrives after all is still credited: then both times stay recorded.
        CONSTRAINT token_purchases_cancelled_shape CHECK (status NOT IN ('EXPIRED', 'CANCELLED') OR (cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL)),
        -- A subscription buys once per period, however often its job runs.
        CONSTRAINT token_purchases_subscription_period_key UNIQUE (subscription_id, period_start)
      )`);
    // At most one auto top-up waiting for payment per wallet: concurrent crossings make one purchase.
    await runner.query(`
      CREATE UNIQUE INDEX token_purchases_one_pending_top_up ON token_purchases (wallet_id)
      WHERE source = 'AUTO_TOP_UP' AND status = 'PENDING_PAYMENT'`);
    await runner.query(`CREATE INDEX token_purchases_pending_idx ON token_purchases (created_at) WHERE status = 'PENDING_PAYMENT'`);
    await runner.query(`CREATE INDEX token_purchases_wallet_idx ON token_purchases (wallet_id, created_at DESC, id DESC)`);

    await runner.query(`
      CREATE TABLE auto_top_up_policies (
        wallet_id          uuid PRIMARY KEY REFERENCES token_wallets (id),
        threshold          bigint NOT NULL CHECK (threshold > 0),
        package_id         uuid   NOT NULL REFERENCES token_packages (id),
        monthly_cap_tokens bigint CHECK (monthly_cap_tokens > 0),
        enabled            boolean NOT NULL DEFAULT true,
        updated_by         text   NOT NULL,
        updated_at         timestamptz NOT NULL DEFAULT now()
      )`);

    await runner.query(`
      CREATE TABLE token_reservations (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        wallet_id   uuid   NOT NULL REFERENCES token_wallets (id),
        company_id  uuid   NOT NULL,
        operation   text   NOT NULL,
        reference   text   NOT NULL,
        tokens      bigint NOT NULL CHECK (tokens > 0),
        status      text   NOT NULL CHECK (status IN ('HELD', 'CONSUMED', 'RELEASED', 'EXPIRED')),
        expires_at  timestamptz NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        settled_at  timestamptz,
        CONSTRAINT token_reservations_settled_shape CHECK ((status = 'HELD') = (settled_at IS NULL)),
        -- A metered operation reserves once per reference, however often its caller retries.
        CONSTRAINT token_reservations_operation_reference_key UNIQUE (operation, reference)
      )`);
    await runner.query(`CREATE INDEX token_reservations_expiry_idx ON token_reservations (expires_at) WHERE status = 'HELD'`);
    await runner.query(`CREATE INDEX token_reservations_wallet_idx ON token_reservations (wallet_id, created_at DESC, id DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE token_reservations');
    await runner.query('DROP TABLE auto_top_up_policies');
    await runner.query('DROP TABLE token_purchases');
    await runner.query('DROP TABLE token_subscriptions');
    await runner.query('DROP TABLE token_packages');
    await runner.query('DROP TABLE wallet_transactions');
    await runner.query('DROP FUNCTION wallet_transactions_append_only');
    await runner.query('DROP TABLE token_wallets');
  }
}
