import { In, type DataSource, type EntityManager } from 'typeorm';
import { today as dateIn, BUSINESS_TIME_ZONE } from '../../../../kit/dates';
import { ConflictError, NotFoundError, ValidationError, Violations } from '../../../../kit/errors';
import { paginate, paginatePerOwner, type KeysetSort, type Page, type PageArgs } from '../../../../kit/pagination';

import type { Clock } from '../../../../kit/clock';
import { Invoice, InvoiceStatus } from '../invoice/invoice.entity';
import { recordInvoicePaid } from '../invoice/invoice.events';
import { statusForPaid } from '../invoice/invoice.rules';
import { paymentPosting, type PaymentFacts, type Posting } from '../ledger/ledger.rules';
import { postEntry } from '../ledger/ledger.service';
import { Payment, PaymentMethod, PaymentStatus } from './payment.entity';
import type { PaymentFilter, RecordPaymentInput } from './payment.input';
import { checkPayment, formatPaymentNumber, isSamePayment, normaliseReference, notApplicableProblem, whyNotApplicable, type NotApplicable } from './payment.rules';
import { readMoneyInput } from '../../../../kit/money';

export const PAYMENT_SORT: KeysetSort<Payment> = { column: 'received_at', property: 'receivedAt', direction: 'DESC' };

export interface NewPayment {
  /** Set by the demo seed for stable ids; generated otherwise. */
  id?: string;
  amountMinor: number;
  currency: string;
  method: PaymentMethod;
  externalReference: string;
  receivedAt: Date;
  payerPhone: string | null;
}

/**
 * Applies a completed payment to an invoice the caller has locked, inside the caller's transaction:
 * numbers and stores the payment, moves the invoice's paid amount and status, and posts the receipt
 * to the ledger (by default from the method's receiving account; `postingOf` names another source,
 * such as money held as unapplied). `payInvoiceIn` and the demo seed pay invoices through here.
 */
export async function applyPaymentIn(
  manager: EntityManager,
  invoice: Invoice,
  facts: NewPayment,
  actorId: string,
  postingOf: (payment: PaymentFacts) => Posting = paymentPosting,
): Promise<Payment> {
  const receivedOn = dateIn(BUSINESS_TIME_ZONE, facts.receivedAt);
  const [{ number }] = await manager.query(`SELECT nextval('payment_number_seq') AS number`);
  const payment = manager.create(Payment, {
    ...(facts.id ? { id: facts.id } : {}),
    paymentNumber: formatPaymentNumber(receivedOn, Number(number)),
    invoiceId: invoice.id,
    memberId: invoice.billedMemberId,
    currency: facts.currency,
    amountMinor: facts.amountMinor,
    method: facts.method,
    externalReference: facts.externalReference,
    receivedAt: facts.receivedAt,
    payerPhone: facts.payerPhone,
    status: PaymentStatus.COMPLETED,
    recordedBy: actorId,
  });
  await manager.insert(Payment, payment);
  invoice.amountPaidMinor += facts.amountMinor;
  invoice.status = statusForPaid(invoice.totalMinor, invoice.amountPaidMinor, invoice.creditedMinor ?? 0);
  await manager.update(Invoice, { id: invoice.id }, { amountPaidMinor: invoice.amountPaidMinor, status: invoice.status });
  await postEntry(
    manager,
    postingOf({
      id: payment.id,
      paymentNumber: payment.paymentNumber,
      invoiceNumber: invoice.invoiceNumber,
      memberId: payment.memberId,
      method: payment.method,
      externalReference: payment.externalReference,
      receivedOn,
      currency: payment.currency,
      amountMinor: payment.amountMinor,
    }),
    actorId,
  );
  return payment;
}

/** Money applied to an invoice, or why the invoice did not take it (the invoice, when it exists, is locked). */
export type PaymentApplication =
  | { applied: true; invoice: Invoice; payment: Payment }
  | { applied: false; invoice: Invoice | null; reason: NotApplicable };

/**
 * Pays an invoice with money received, inside the caller's transaction: locks the invoice, applies
 * the money when the invoice takes it (`whyNotApplicable`), and when the payment clears the invoice
 * tells schemes, in the same transaction, to keep cover in force. Money the invoice does not take
 * is left to the caller: refused to a clerk, kept on a statement line, or held as unapplied cash.
 */
export async function payInvoiceIn(
  manager: EntityManager,
  invoiceRef: { id: string } | { invoiceNumber: string },
  facts: NewPayment,
  actorId: string,
  postingOf?: (payment: PaymentFacts) => Posting,
): Promise<PaymentApplication> {
  const invoice = await manager.findOne(Invoice, { where: invoiceRef, lock: { mode: 'pessimistic_write' } });
  const reason = whyNotApplicable(invoice, facts.amountMinor, facts.currency);
  if (reason) return { applied: false, invoice, reason };
  const payment = await applyPaymentIn(manager, invoice!, facts, actorId, postingOf);
  if (invoice!.status === InvoiceStatus.PAID) await recordInvoicePaid(manager, invoice!, facts.receivedAt);
  return { applied: true, invoice: invoice!, payment };
}

/** Premium payments: recording (once per provider reference) and look-ups. */
export class PaymentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  private get payments() {
    return this.dataSource.getRepository(Payment);
  }

  /**
   * Records a payment against an invoice. A reference already recorded for the method returns the
   * first payment and posts nothing, even when two deliveries race: the invoice row is locked while
   * the payment is applied, and the unique (method, reference) index settles any race that remains.
   */
  async recordPayment(input: RecordPaymentInput, actorId: string): Promise<Payment> {
    const reference = normaliseReference(input.method, input.externalReference);
    const receivedAt = input.receivedAt ?? this.clock.now();
    const violations = new Violations();
    // The input on its own first; what the invoice takes is decided under its lock, below.
    const checked = checkPayment({ ...input, externalReference: reference, receivedAt }, null, this.clock.now(), violations);
    try {
      const id = await this.dataSource.transaction(async (manager) => {
        const earlier = await manager.findOneBy(Payment, { method: input.method, externalReference: reference });
        if (earlier) return this.repeatOf(earlier, input);
        violations.throwIfAny();
        const result = await payInvoiceIn(manager, { id: input.invoiceId }, { ...checked, method: input.method, externalReference: reference, receivedAt }, actorId);
        if (result.applied) return result.payment.id;
        // Checked again after the lock, so a delivery that waited for a twin sees the twin's payment.
        const recorded = await manager.findOneBy(Payment, { method: input.method, externalReference: reference });
        if (recorded) return this.repeatOf(recorded, input);
        throw new ValidationError([notApplicableProblem(result.reason, result.invoice, checked.currency)]);
      });
      return this.get(id);
    } catch (error) {
      if ((error as { constraint?: string }).constraint !== 'payments_method_reference_key') throw error;
      const recorded = await this.payments.findOneByOrFail({ method: input.method, externalReference: reference });
      return this.get(this.repeatOf(recorded, input));
    }
  }

  /** A repeated delivery of a recorded payment returns it; the same reference with other details is refused. */
  private repeatOf(recorded: Payment, input: RecordPaymentInput): string {
    const amount = readMoneyInput(input.amount, 'amount', new Violations());
    const same = amount && isSamePayment(recorded, { invoiceId: input.invoiceId, amountMinor: amount.minor, currency: amount.currency });
    if (!same) {
      throw new ConflictError(
        `${recorded.method} reference ${recorded.externalReference} was already recorded as payment ${recorded.paymentNumber} with a different invoice or amount`,
        { field: 'externalReference', rule: 'REFERENCE_ALREADY_RECORDED', paymentId: recorded.id },
      );
    }
    return recorded.id;
  }

  async get(id: string): Promise<Payment> {
    const payment = await this.payments.findOneBy({ id });
    if (!payment) throw new NotFoundError('Payment', id);
    return payment;
  }

  byIds(ids: readonly string[]): Promise<Payment[]> {
    return this.payments.findBy({ id: In([...ids]) });
  }

  ofInvoices(invoiceIds: readonly string[]): Promise<Payment[]> {
    return this.payments.find({ where: { invoiceId: In([...invoiceIds]) }, order: { receivedAt: 'ASC', id: 'ASC' } });
  }

  search(filter: PaymentFilter | undefined, page: PageArgs): Promise<Page<Payment>> {
    const query = this.payments.createQueryBuilder('payment');
    if (filter?.memberId) query.andWhere('payment.member_id = :memberId', { memberId: filter.memberId });
    if (filter?.invoiceId) query.andWhere('payment.invoice_id = :invoiceId', { invoiceId: filter.invoiceId });
    if (filter?.method) query.andWhere('payment.method = :method', { method: filter.method });
    if (filter?.status) query.andWhere('payment.status = :status', { status: filter.status });
    if (filter?.externalReference) {
      query.andWhere('payment.external_reference = :reference', { reference: filter.externalReference.trim() });
    }
    return paginate(query, 'payment', PAYMENT_SORT, page);
  }

  /** One page of payments for each member, in one statement. */
  pagesForMembers(memberIds: readonly string[], page: PageArgs): Promise<Map<string, Page<Payment>>> {
    return paginatePerOwner(this.payments, { ownerColumn: 'member_id', ownerProperty: 'memberId', ownerIds: memberIds, sort: PAYMENT_SORT, page });
  }
}
