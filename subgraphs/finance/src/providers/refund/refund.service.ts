import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { today as dateIn, BUSINESS_TIME_ZONE } from '../../../../../kit/dates';
import { DomainError, ErrorCode, NotFoundError, Violations } from '../../../../../kit/errors';
import { runIdempotent } from '../../../../../kit/idempotency';
import { readMoneyInput } from '../../../../../kit/money';
import { paginate, type Page, type PageArgs } from '../../../../../kit/pagination';
import type { Clock } from '../../../../../kit/clock';
import type { Logger } from '../../../../../kit/logger';
import { Invoice } from '../../invoice/invoice.entity';
import { statusForPaid } from '../../invoice/invoice.rules';
import { postEntry } from '../../ledger/ledger.service';
import { Payment, PaymentMethod } from '../../payment/payment.entity';
import { ProviderCallError, ProviderName } from '../provider';
import { refundPosting } from '../provider.postings';
import type { ProviderAdapters } from '../provider.service';
import { Refund, RefundStatus } from './refund.entity';
import type { RefundPaymentInput } from './refund.input';
import { checkRefundAmount, formatRefundNumber } from './refund.rules';

/** How much of a payment refunds (completed, or under way) and chargebacks (open or lost) have already taken back. */
export async function reversedMinor(manager: EntityManager, paymentId: string): Promise<number> {
  const [row] = await manager.query(
    `SELECT (SELECT coalesce(sum(amount_minor), 0) FROM refunds WHERE payment_id = $1 AND status IN ('PENDING', 'COMPLETED'))
          + (SELECT coalesce(sum(amount_minor), 0) FROM payment_disputes WHERE payment_id = $1 AND status IN ('OPEN', 'LOST')) AS reversed`,
    [paymentId],
  );
  return Number(row.reversed);
}

/** How much of a payment our refunds return, counting one the provider is still being asked for (its report of it is no new refund). */
export async function refundedMinor(manager: EntityManager, paymentId: string): Promise<number> {
  const [row] = await manager.query(`SELECT coalesce(sum(amount_minor), 0) AS refunded FROM refunds WHERE payment_id = $1 AND status IN ('PENDING', 'COMPLETED')`, [
    paymentId,
  ]);
  return Number(row.refunded);
}

/** Takes money back off an invoice's paid amount (a refund or a lost chargeback): what was paid is owed again. */
export async function reopenInvoice(manager: EntityManager, invoiceId: string, amountMinor: number): Promise<Invoice> {
  const invoice = await manager.findOneOrFail(Invoice, { where: { id: invoiceId }, lock: { mode: 'pessimistic_write' } });
  // Each payment's reversals are capped at its amount, so this can only be a defect: refuse it rather than owe a payer a negative sum.
  if (amountMinor > invoice.amountPaidMinor) throw new Error(`taking ${amountMinor} back from invoice ${invoice.invoiceNumber} would leave less than nothing paid (${invoice.amountPaidMinor})`);
  invoice.amountPaidMinor -= amountMinor;
  invoice.status = statusForPaid(invoice.totalMinor, invoice.amountPaidMinor, invoice.creditedMinor ?? 0);
  await manager.update(Invoice, { id: invoice.id }, { amountPaidMinor: invoice.amountPaidMinor, status: invoice.status });
  return invoice;
}

export interface NewRefund {
  amountMinor: number;
  providerRefundId: string;
  reason: string;
  refundedAt: Date;
}

/** Records a refund on a payment the caller has locked as PENDING: numbered, and its amount reserved against the payment. */
async function reserveRefundIn(manager: EntityManager, payment: Payment, facts: Omit<NewRefund, 'providerRefundId'>, actorId: string): Promise<Refund> {
  const [{ number }] = await manager.query(`SELECT nextval('refund_number_seq') AS number`);
  const refund = manager.create(Refund, {
    id: randomUUID(),
    refundNumber: formatRefundNumber(dateIn(BUSINESS_TIME_ZONE, facts.refundedAt), Number(number)),
    paymentId: payment.id,
    invoiceId: payment.invoiceId,
    memberId: payment.memberId,
    method: payment.method,
    currency: payment.currency,
    amountMinor: facts.amountMinor,
    providerRefundId: null,
    status: RefundStatus.PENDING,
    failureReason: null,
    reason: facts.reason,
    refundedAt: facts.refundedAt,
    journalEntryId: null,
    createdBy: actorId,
  });
  await manager.insert(Refund, refund);
  return refund;
}

/** Completes a PENDING refund in the caller's transaction: posts it as a new ledger entry and re-opens the invoice by the amount. */
async function completeRefundIn(manager: EntityManager, refund: Refund, payment: Payment, providerRefundId: string, refundedAt: Date, actorId: string): Promise<void> {
  const refundedOn = dateIn(BUSINESS_TIME_ZONE, refundedAt);
  const invoice = await reopenInvoice(manager, payment.invoiceId, refund.amountMinor);
  const entry = await postEntry(
    manager,
    refundPosting({
      id: refund.id,
      refundNumber: refund.refundNumber,
      paymentNumber: payment.paymentNumber,
      invoiceNumber: invoice.invoiceNumber,
      memberId: payment.memberId,
      method: payment.method,
      currency: payment.currency,
      amountMinor: refund.amountMinor,
      refundedOn,
    }),
    actorId,
  );
  await manager.update(Refund, { id: refund.id }, { status: RefundStatus.COMPLETED, providerRefundId, refundedAt, journalEntryId: entry.id });
}

/**
 * Records a refund already made (by hand, or at the provider's dashboard) on a payment the caller
 * has locked, in the caller's transaction: stores it, posts it and re-opens the invoice by the amount.
 */
export async function applyRefundIn(manager: EntityManager, payment: Payment, facts: NewRefund, actorId: string): Promise<Refund> {
  const refund = await reserveRefundIn(manager, payment, facts, actorId);
  await completeRefundIn(manager, refund, payment, facts.providerRefundId, facts.refundedAt, actorId);
  return refund;
}

/** The provider whose API returns money for a payment method; M-Pesa and bank transfers are refunded by hand. */
export function refundProviderFor(method: PaymentMethod): ProviderName | null {
  if (method === PaymentMethod.CARD) return ProviderName.STRIPE;
  if (method === PaymentMethod.PAYPAL) return ProviderName.PAYPAL;
  return null;
}

const REFUND_SORT = { column: 'created_at', property: 'createdAt', direction: 'DESC' } as const;

/** Refunds of payments: through the provider's refund API, or recorded by hand with their reference. */
export class RefundService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly adapters: ProviderAdapters,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /**
   * Refunds all or part of a payment, never more than was paid less what was already taken back.
   * A refund through a provider is recorded PENDING first (its amount reserved, committed), the
   * provider is asked outside any transaction, and then it is posted, or marked FAILED when the
   * provider refuses. The idempotency key names the refund here and at the provider, so a retry
   * neither refunds twice nor asks again once the refund is settled.
   */
  async refundPayment(input: RefundPaymentInput, idempotencyKey: string, actorId: string): Promise<Refund> {
    const refund = await runIdempotent(this.dataSource, {
      operation: 'refundPayment',
      key: idempotencyKey,
      request: input,
      load: (id) => this.get(id),
      run: async (manager) => {
        const payment = await manager.findOne(Payment, { where: { id: input.paymentId }, lock: { mode: 'pessimistic_write' } });
        if (!payment) throw new NotFoundError('Payment', input.paymentId);
        const violations = new Violations();
        const requested = input.amount ? readMoneyInput(input.amount, 'amount', violations) : null;
        const amountMinor = checkRefundAmount(requested, payment, await reversedMinor(manager, payment.id), violations);
        const provider = refundProviderFor(payment.method);
        if (!provider && !input.manualReference?.trim()) {
          violations.add('manualReference', 'REQUIRED', `${payment.method} payments are refunded by hand: give the reference of the money sent back`);
        }
        if (provider && !this.adapters[provider]) throw providerDisabled(provider);
        violations.throwIfAny();
        const facts = { amountMinor, reason: input.reason.trim(), refundedAt: this.clock.now() };
        if (!provider) return (await applyRefundIn(manager, payment, { ...facts, providerRefundId: input.manualReference!.trim() }, actorId)).id;
        return (await reserveRefundIn(manager, payment, facts, actorId)).id;
      },
    });
    if (refund.status === RefundStatus.COMPLETED) return refund;
    if (refund.status === RefundStatus.FAILED) {
      throw providerFailed(new ProviderCallError(refundProviderFor(refund.method)!, refund.failureReason ?? 'the refund failed', 400));
    }
    return this.askProvider(refund, idempotencyKey, actorId);
  }

  /** Asks the provider to return a PENDING refund's money, then posts it, or marks it FAILED when the provider refuses. */
  private async askProvider(refund: Refund, idempotencyKey: string, actorId: string): Promise<Refund> {
    const provider = refundProviderFor(refund.method)!;
    const adapter = this.adapters[provider];
    if (!adapter) throw providerDisabled(provider);
    const payment = await this.dataSource.getRepository(Payment).findOneByOrFail({ id: refund.paymentId });
    let providerRefundId: string;
    try {
      const made = await adapter.refund({ externalReference: payment.externalReference, amountMinor: refund.amountMinor, currency: refund.currency, idempotencyKey });
      providerRefundId = made!.providerRefundId;
    } catch (error) {
      if (!(error instanceof ProviderCallError)) throw error;
      if (error.uncertain) {
        // The provider may have refunded: the refund stays PENDING (its amount reserved) until a retry with the key asks again.
        this.logger.warn('refund got no clear answer from the provider', { provider, refundId: refund.id, error: error.message });
        throw providerUncertain(error);
      }
      await this.dataSource.getRepository(Refund).update({ id: refund.id, status: RefundStatus.PENDING }, { status: RefundStatus.FAILED, failureReason: error.message.slice(0, 500) });
      this.logger.warn('refund refused by the provider', { provider, refundId: refund.id, error: error.message });
      throw providerFailed(error);
    }
    await this.dataSource.transaction(async (manager) => {
      const pending = await manager.findOne(Refund, { where: { id: refund.id }, lock: { mode: 'pessimistic_write' } });
      // A retry racing this one completed it first.
      if (pending?.status !== RefundStatus.PENDING) return;
      const locked = await manager.findOneOrFail(Payment, { where: { id: refund.paymentId }, lock: { mode: 'pessimistic_write' } });
      await completeRefundIn(manager, pending, locked, providerRefundId, this.clock.now(), actorId);
    });
    return this.get(refund.id);
  }

  async get(id: string): Promise<Refund> {
    const refund = await this.dataSource.getRepository(Refund).findOneBy({ id });
    if (!refund) throw new NotFoundError('Refund', id);
    return refund;
  }

  byIds(ids: readonly string[]): Promise<Refund[]> {
    return this.dataSource.getRepository(Refund).findBy({ id: In([...ids]) });
  }

  ofPayments(paymentIds: readonly string[]): Promise<Refund[]> {
    return this.dataSource.getRepository(Refund).find({ where: { paymentId: In([...paymentIds]) }, order: { createdAt: 'ASC' } });
  }

  search(paymentId: string | null | undefined, page: PageArgs): Promise<Page<Refund>> {
    const query = this.dataSource.getRepository(Refund).createQueryBuilder('refund');
    if (paymentId) query.andWhere('refund.payment_id = :paymentId', { paymentId });
    return paginate(query, 'refund', REFUND_SORT, page);
  }
}

/** A provider whose credentials are not configured. */
export function providerDisabled(provider: ProviderName): DomainError {
  return new DomainError(ErrorCode.BAD_USER_INPUT, `${provider} payments are not available: the provider is not configured.`, {
    field: 'provider',
    rule: 'PROVIDER_ENABLED',
  });
}

/** A provider that gave no clear answer: it may have acted. Retrying with the same idempotency key finds out without acting twice. */
export function providerUncertain(error: ProviderCallError): DomainError {
  return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, `${error.message}. The provider may have acted: retry with the same idempotencyKey.`, {
    rule: 'PROVIDER_NO_ANSWER',
    provider: error.provider,
  });
}

/** A provider that refused or could not be reached; nothing was recorded. */
export function providerFailed(error: ProviderCallError): DomainError {
  return new DomainError(ErrorCode.CONFLICT, `${error.message}. Nothing was recorded; try again later.`, { rule: 'PROVIDER_CALL_FAILED', provider: error.provider });
}
