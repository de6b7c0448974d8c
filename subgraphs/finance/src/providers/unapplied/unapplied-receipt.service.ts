import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { today as dateIn, BUSINESS_TIME_ZONE } from '../../../../../kit/dates';
import { InvalidTransitionError, NotFoundError, ValidationError } from '../../../../../kit/errors';
import type { Clock } from '../../../../../kit/clock';
import { paginate, type Page, type PageArgs } from '../../../../../kit/pagination';
import { postEntry } from '../../ledger/ledger.service';
import { notApplicableProblem } from '../../payment/payment.rules';
import { payInvoiceIn, type NewPayment } from '../../payment/payment.service';
import { unappliedAllocationPosting, unappliedReceiptPosting } from '../provider.postings';
import { UnappliedReceipt, UnappliedReceiptStatus } from './unapplied-receipt.entity';

export interface HeldMoney extends NewPayment {
  memberId: string | null;
  intendedInvoiceId: string | null;
  intentId: string | null;
  reason: string;
}

/**
 * Holds money no invoice took as unapplied cash, in the caller's transaction: posts it (Dr the
 * receiving account / Cr Unapplied cash) and keeps it for a clerk. The caller has checked that the
 * reference is not held already; the unique (method, reference) settles any race that remains.
 */
export async function holdUnappliedIn(manager: EntityManager, money: HeldMoney, actorId: string): Promise<UnappliedReceipt> {
  const id = randomUUID();
  const entry = await postEntry(
    manager,
    unappliedReceiptPosting({
      id,
      method: money.method,
      externalReference: money.externalReference,
      memberId: money.memberId,
      currency: money.currency,
      amountMinor: money.amountMinor,
      receivedOn: dateIn(BUSINESS_TIME_ZONE, money.receivedAt),
    }),
    actorId,
  );
  const receipt = manager.create(UnappliedReceipt, {
    id,
    method: money.method,
    externalReference: money.externalReference,
    currency: money.currency,
    amountMinor: money.amountMinor,
    receivedAt: money.receivedAt,
    payerPhone: money.payerPhone,
    memberId: money.memberId,
    intendedInvoiceId: money.intendedInvoiceId,
    intentId: money.intentId,
    reason: money.reason,
    status: UnappliedReceiptStatus.UNAPPLIED,
    receiptEntryId: entry.id,
    paymentId: null,
    resolvedBy: null,
    resolvedAt: null,
    createdBy: actorId,
  });
  await manager.insert(UnappliedReceipt, receipt);
  return receipt;
}

const RECEIPT_SORT = { column: 'created_at', property: 'createdAt', direction: 'DESC' } as const;

/** Unapplied cash: listing what waits, and allocating it to an invoice. */
export class UnappliedReceiptService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Pays an invoice with held money, the whole of it: the receipt becomes that invoice's payment
   * (same method and reference), posted Dr Unapplied cash / Cr Premiums receivable. The invoice
   * must take it under the same rule as any payment.
   */
  async allocate(receiptId: string, invoiceId: string, actorId: string): Promise<UnappliedReceipt> {
    await this.dataSource.transaction(async (manager) => {
      const receipt = await manager.findOne(UnappliedReceipt, { where: { id: receiptId }, lock: { mode: 'pessimistic_write' } });
      if (!receipt) throw new NotFoundError('UnappliedReceipt', receiptId);
      if (receipt.status !== UnappliedReceiptStatus.UNAPPLIED) {
        throw new InvalidTransitionError('unapplied receipt', receipt.status, 'allocate', `it was allocated to payment ${receipt.paymentId}`);
      }
      const result = await payInvoiceIn(
        manager,
        { id: invoiceId },
        {
          amountMinor: receipt.amountMinor,
          currency: receipt.currency,
          method: receipt.method,
          externalReference: receipt.externalReference,
          receivedAt: receipt.receivedAt,
          payerPhone: receipt.payerPhone,
        },
        actorId,
        unappliedAllocationPosting(receipt.id),
      );
      if (!result.applied) {
        const { rule, message } = notApplicableProblem(result.reason, result.invoice, receipt.currency);
        // The amount is the receipt's, not the caller's: the invoice is what the caller chose.
        throw new ValidationError([{ field: 'invoiceId', rule, message: `${message} (the receipt is ${receipt.amount.amount} ${receipt.currency})` }]);
      }
      await manager.update(
        UnappliedReceipt,
        { id: receipt.id },
        { status: UnappliedReceiptStatus.ALLOCATED, paymentId: result.payment.id, resolvedBy: actorId, resolvedAt: this.clock.now() },
      );
    });
    return this.get(receiptId);
  }

  async get(id: string): Promise<UnappliedReceipt> {
    const receipt = await this.dataSource.getRepository(UnappliedReceipt).findOneBy({ id });
    if (!receipt) throw new NotFoundError('UnappliedReceipt', id);
    return receipt;
  }

  byIds(ids: readonly string[]): Promise<UnappliedReceipt[]> {
    return this.dataSource.getRepository(UnappliedReceipt).findBy({ id: In([...ids]) });
  }

  search(status: UnappliedReceiptStatus | null | undefined, page: PageArgs): Promise<Page<UnappliedReceipt>> {
    const query = this.dataSource.getRepository(UnappliedReceipt).createQueryBuilder('receipt');
    if (status) query.andWhere('receipt.status = :status', { status });
    return paginate(query, 'receipt', RECEIPT_SORT, page);
  }
}
