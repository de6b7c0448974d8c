import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { preparedQuery } from '../../../../kit/database';
import { InvalidTransitionError, NotFoundError, Violations } from '../../../../kit/errors';
import { recordEvent } from '../../../../kit/events/outbox';
import { runIdempotent } from '../../../../kit/idempotency';
import { isUuid } from '../../../../kit/ids';
import type { Logger } from '../../../../kit/logger';
import { paginate, type Page, type PageArgs } from '../../../../kit/pagination';
import type { TokenPackage } from '../package/token-package.entity';
import type { PackageService } from '../package/package.service';
import { SYSTEM_ACTOR } from '../tokens';
import { CreditSource, WalletTransactionKind } from '../wallet/wallet-transaction.entity';
import { moveTokens } from '../wallet/wallet.ledger';
import {
  PURCHASE_CANCELLED,
  PURCHASE_CREATED,
  PURCHASE_CREDITED,
  type PurchaseCancelledPayload,
  type PurchaseCreatedPayload,
  type PurchaseCreditedPayload,
  type TokenPurchasePaidPayload,
} from './purchase.events';
import { PurchaseSource, PurchaseStatus, TokenPurchase } from './token-purchase.entity';

export interface NewPurchase {
  walletId: string;
  companyId: string;
  pkg: TokenPackage;
  source: PurchaseSource;
  subscriptionId?: string | null;
  periodStart?: string | null;
  actorId: string;
}

export type PaidOutcome = 'CREDITED' | 'ALREADY_CREDITED' | 'UNKNOWN_PURCHASE' | 'MISMATCH';

const CREDIT_SOURCE: Record<PurchaseSource, CreditSource> = {
  [PurchaseSource.PURCHASE]: CreditSource.PURCHASE,
  [PurchaseSource.SUBSCRIPTION]: CreditSource.SUBSCRIPTION,
  [PurchaseSource.AUTO_TOP_UP]: CreditSource.AUTO_TOP_UP,
};

/**
 * Writes a purchase PENDING_PAYMENT and records `tokens.purchase.created` for finance, in the
 * caller's transaction. A purchase the database already has one of (the pending auto top-up of
 * the wallet, the subscription's purchase of the period) is not made again: returns null.
 */
export async function createPurchaseIn(manager: EntityManager, purchase: NewPurchase): Promise<string | null> {
  const id = randomUUID();
  const rows = await preparedQuery<{ created_at: Date }>(
    manager,
    `INSERT INTO token_purchases (id, wallet_id, company_id, package_id, package_code, tokens, amount_minor, currency, source, status,
                                  subscription_id, period_start, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'PENDING_PAYMENT', $10, $11, $12)
     ON CONFLICT DO NOTHING RETURNING created_at`,
    [
      id,
      purchase.walletId,
      purchase.companyId,
      purchase.pkg.id,
      purchase.pkg.code,
      purchase.pkg.tokens,
      purchase.pkg.priceMinor,
      purchase.pkg.currency,
      purchase.source,
      purchase.subscriptionId ?? null,
      purchase.periodStart ?? null,
      purchase.actorId,
    ],
  );
  if (rows.length === 0) return null;
  await recordEvent<PurchaseCreatedPayload>(manager, {
    type: PURCHASE_CREATED,
    aggregateId: id,
    payload: {
      purchaseId: id,
      walletId: purchase.walletId,
      companyId: purchase.companyId,
      packageCode: purchase.pkg.code,
      tokens: purchase.pkg.tokens,
      amountMinor: purchase.pkg.priceMinor,
      currency: purchase.pkg.currency,
      createdAt: new Date(rows[0].created_at).toISOString(),
    },
  });
  return id;
}

/** Packages bought for wallets, and their crediting once finance says the invoice is paid. */
export class PurchaseService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly packages: PackageService,
    private readonly logger: Logger,
  ) {}

  private get purchases() {
    return this.dataSource.getRepository(TokenPurchase);
  }

  /** Buys a package for a wallet: PENDING_PAYMENT until finance's invoice is paid. Retries with the key return the first purchase. */
  async purchase(walletId: string, packageCode: string, actorId: string, idempotencyKey?: string | null): Promise<TokenPurchase> {
    if (!isUuid(walletId)) new Violations().add('walletId', 'VALID_ID', `"${walletId}" is not a valid id`).throwIfAny();
    return runIdempotent(this.dataSource, {
      operation: 'purchaseTokens',
      key: idempotencyKey,
      request: { walletId, packageCode },
      load: (id) => this.get(id),
      run: async (manager) => {
        const pkg = await this.packages.purchasable(packageCode, manager);
        const [wallet] = await preparedQuery<{ company_id: string }>(manager, 'SELECT company_id FROM token_wallets WHERE id = $1', [walletId]);
        if (!wallet) throw new NotFoundError('TokenWallet', walletId);
        const id = await createPurchaseIn(manager, { walletId, companyId: wallet.company_id, pkg, source: PurchaseSource.PURCHASE, actorId });
        return id!;
      },
    });
  }

  async get(id: string): Promise<TokenPurchase> {
    const purchase = isUuid(id) ? await this.purchases.findOneBy({ id }) : null;
    if (!purchase) throw new NotFoundError('TokenPurchase', id);
    return purchase;
  }

  byIds(ids: readonly string[]): Promise<TokenPurchase[]> {
    return this.purchases.findBy({ id: In([...ids]) });
  }

  list(walletId: string, status: PurchaseStatus | null | undefined, page: PageArgs): Promise<Page<TokenPurchase>> {
    if (!isUuid(walletId)) new Violations().add('walletId', 'VALID_ID', `"${walletId}" is not a valid id`).throwIfAny();
    const query = this.purchases.createQueryBuilder('purchase').where('purchase.wallet_id = :walletId', { walletId });
    if (status) query.andWhere('purchase.status = :status', { status });
    return paginate(query, 'purchase', { column: 'created_at', property: 'createdAt', direction: 'DESC' }, page);
  }

  /**
   * Withdraws a purchase still waiting for payment (staff): it no longer holds back the wallet's
   * auto top-up, and finance is told so it can void the invoice. A credited purchase cannot be.
   */
  async cancel(id: string, reason: string, actorId: string): Promise<TokenPurchase> {
    const violations = new Violations();
    if (!isUuid(id)) violations.add('id', 'VALID_ID', `"${id}" is not a valid id`);
    if ((reason ?? '').trim().length < 3) violations.add('reason', 'REQUIRED', 'say why, in a few words');
    violations.throwIfAny();
    await this.dataSource.transaction(async (manager) => {
      if (await this.closeIn(manager, id, PurchaseStatus.CANCELLED, reason.trim(), actorId)) return;
      const current = await manager.getRepository(TokenPurchase).findOneBy({ id });
      if (!current) throw new NotFoundError('TokenPurchase', id);
      throw new InvalidTransitionError('TokenPurchase', current.status, 'cancel', current.status === PurchaseStatus.CREDITED ? 'its tokens were credited' : 'it is no longer pending payment');
    });
    return this.get(id);
  }

  /**
   * Expires auto top-ups left unpaid for `ttlHours` (each in its own transaction), so the next
   * crossing of the threshold can buy again. Returns how many.
   */
  async expireUnpaidTopUps(ttlHours: number, limit = 500): Promise<number> {
    const due: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM token_purchases
       WHERE status = 'PENDING_PAYMENT' AND source = 'AUTO_TOP_UP' AND created_at <= clock_timestamp() - make_interval(hours => $1)
       ORDER BY created_at LIMIT $2`,
      [ttlHours, limit],
    );
    let expired = 0;
    for (const { id } of due) {
      const done = await this.dataSource.transaction((manager) => this.closeIn(manager, id, PurchaseStatus.EXPIRED, `unpaid after ${ttlHours} hours`, SYSTEM_ACTOR, ttlHours));
      if (done) expired += 1;
    }
    if (expired > 0) this.logger.info('unpaid auto top-ups expired', { expired, ttlHours });
    return expired;
  }

  /** Ends a purchase PENDING_PAYMENT (when `olderThanHours`, only one that old) and tells finance; false when it was not. */
  private async closeIn(
    manager: EntityManager,
    id: string,
    status: PurchaseStatus.EXPIRED | PurchaseStatus.CANCELLED,
    reason: string,
    actorId: string,
    olderThanHours: number | null = null,
  ): Promise<boolean> {
    const [closed] = await preparedQuery<{ wallet_id: string; company_id: string; cancelled_at: Date }>(
      manager,
      `WITH closed AS (
         UPDATE token_purchases SET status = $2, cancelled_at = clock_timestamp(), cancelled_by = $3, cancel_reason = $4
         WHERE id = $1 AND status = 'PENDING_PAYMENT' AND ($5::int IS NULL OR created_at <= clock_timestamp() - make_interval(hours => $5::int))
         RETURNING wallet_id, company_id, cancelled_at
       )
       SELECT wallet_id, company_id, cancelled_at FROM closed`,
      [id, status, actorId, reason, olderThanHours],
    );
    if (!closed) return false;
    await recordEvent<PurchaseCancelledPayload>(manager, {
      type: PURCHASE_CANCELLED,
      aggregateId: id,
      payload: { purchaseId: id, walletId: closed.wallet_id, companyId: closed.company_id, status, reason, cancelledAt: new Date(closed.cancelled_at).toISOString() },
    });
    return true;
  }

  /**
   * Finance was paid for a purchase: credits the wallet once. The purchase row is locked, so a
   * concurrent second delivery (even under another event id) waits and then finds it credited.
   * A payment that does not match the purchase's price is never credited: it is recorded on the
   * purchase for staff (who may cancel it) and logged. A matching payment for a purchase that
   * expired or was cancelled meanwhile is credited all the same: the company paid its invoice.
   */
  async onPaid(manager: EntityManager, paid: TokenPurchasePaidPayload): Promise<PaidOutcome> {
    if (!isUuid(String(paid.purchaseId))) {
      this.logger.error('token purchase payment names no valid purchase; ignored', { purchaseId: paid.purchaseId });
      return 'UNKNOWN_PURCHASE';
    }
    const purchase = await manager.getRepository(TokenPurchase).findOne({ where: { id: paid.purchaseId }, lock: { mode: 'pessimistic_write' } });
    if (!purchase) {
      this.logger.error('token purchase payment for an unknown purchase; ignored', { purchaseId: paid.purchaseId, invoiceId: paid.invoiceId });
      return 'UNKNOWN_PURCHASE';
    }
    if (purchase.status === PurchaseStatus.CREDITED) {
      this.logger.info('token purchase already credited; payment ignored', { purchaseId: purchase.id, invoiceId: paid.invoiceId });
      return 'ALREADY_CREDITED';
    }
    if (paid.amountMinor !== purchase.amountMinor || paid.currency !== purchase.currency) {
      this.logger.error('token purchase paid with an amount that does not match its price; not credited', {
        purchaseId: purchase.id,
        invoiceId: paid.invoiceId,
        expected: { amountMinor: purchase.amountMinor, currency: purchase.currency },
        paid: { amountMinor: paid.amountMinor, currency: paid.currency },
      });
      const problem = `invoice ${paid.invoiceNumber ?? paid.invoiceId} was paid ${paid.amountMinor} ${paid.currency} (minor units) against a price of ${purchase.amountMinor} ${purchase.currency}; not credited`;
      await preparedQuery(manager, 'UPDATE token_purchases SET payment_problem = $2 WHERE id = $1', [purchase.id, problem]);
      return 'MISMATCH';
    }
    const paidAt = new Date(paid.paidAt);
    const [credited] = await preparedQuery<{ credited_at: Date }>(
      manager,
      `WITH credited AS (
         UPDATE token_purchases SET status = 'CREDITED', invoice_id = $2, invoice_number = $3, paid_at = $4, credited_at = now()
         WHERE id = $1 AND status IN ('PENDING_PAYMENT', 'EXPIRED', 'CANCELLED') RETURNING credited_at
       )
       SELECT credited_at FROM credited`,
      [purchase.id, isUuid(String(paid.invoiceId)) ? paid.invoiceId : null, paid.invoiceNumber ?? null, Number.isNaN(paidAt.getTime()) ? null : paidAt],
    );
    if (!credited) throw new InvalidTransitionError('TokenPurchase', purchase.status, 'credit', 'it is no longer pending payment');
    if (purchase.status !== PurchaseStatus.PENDING_PAYMENT) {
      this.logger.warn('token purchase paid after it was given up; credited', { purchaseId: purchase.id, was: purchase.status, invoiceId: paid.invoiceId });
    }
    await moveTokens(manager, {
      walletId: purchase.walletId,
      kind: WalletTransactionKind.CREDIT,
      source: CREDIT_SOURCE[purchase.source],
      balanceDelta: purchase.tokens,
      reservedDelta: 0,
      amount: purchase.tokens,
      requireAvailable: 0,
      reference: `purchase:${purchase.id}`,
      reason: paid.invoiceNumber ? `invoice ${paid.invoiceNumber} paid` : null,
      actorId: SYSTEM_ACTOR,
    });
    await recordEvent<PurchaseCreditedPayload>(manager, {
      type: PURCHASE_CREDITED,
      aggregateId: purchase.id,
      payload: { purchaseId: purchase.id, walletId: purchase.walletId, companyId: purchase.companyId, tokens: purchase.tokens, creditedAt: new Date(credited.credited_at).toISOString() },
    });
    return 'CREDITED';
  }
}
