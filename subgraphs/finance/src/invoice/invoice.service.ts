import { In, type DataSource, type EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, Violations } from '../../../../kit/errors';
import { runIdempotent } from '../../../../kit/idempotency';
import { paginate, paginatePerOwner, type KeysetSort, type Page, type PageArgs } from '../../../../kit/pagination';

import type { Clock } from '../../../../kit/clock';
import { JournalEntry, JournalSourceType } from '../ledger/journal-entry.entity';
import { invoicePosting, invoiceVoidPosting } from '../ledger/ledger.rules';
import { postEntry } from '../ledger/ledger.service';
import { Invoice, InvoiceStatus } from './invoice.entity';
import type { InvoiceFilter, RaisePremiumInvoiceInput, VoidInvoiceInput } from './invoice.input';
import { recordInvoiceOverdue } from './invoice.events';
import { checkRaise, checkVoid, daysOverdue, dueDateFor, formatInvoiceNumber, invoiceAmounts, lastDueDatePastGrace } from './invoice.rules';
import { minorFromSql } from '../../../../kit/money';

export interface BillingTerms {
  vatRateBps: number;
  paymentTermsDays: number;
}

export interface CollectionTerms extends BillingTerms {
  /** Days after the due date an unpaid invoice is tolerated before cover is suspended. */
  gracePeriodDays: number;
}

/** Invoices handled per transaction by the overdue check. */
const OVERDUE_BATCH = 100;

export interface NewInvoice {
  /** Set by the demo seed for stable ids; generated otherwise. */
  id?: string;
  policyId: string;
  billedMemberId: string;
  companyId: string | null;
  periodStart: string;
  periodEnd: string;
  issueDate: string;
  currency: string;
  netMinor: number;
}

export const INVOICE_SORT: KeysetSort<Invoice> = { column: 'period_start', property: 'periodStart', direction: 'DESC' };
const UNPAID = [InvoiceStatus.OPEN, InvoiceStatus.PARTIALLY_PAID];

function periodTaken(periodStart: string, invoiceNumber?: string): ConflictError {
  const existing = invoiceNumber ? `invoice ${invoiceNumber}` : 'an invoice';
  return new ConflictError(`The policy already has ${existing} for the period starting ${periodStart}; void it before raising another`, {
    field: 'periodStart',
    rule: 'ONE_INVOICE_PER_PERIOD',
  });
}

/**
 * Raises a premium invoice and posts it to the ledger inside the caller's transaction: numbering,
 * VAT, due date and the receivable entry all come from here, for the service and the demo seed alike.
 */
export async function raiseInvoiceIn(manager: EntityManager, facts: NewInvoice, terms: BillingTerms, actorId: string): Promise<Invoice> {
  const amounts = invoiceAmounts(facts.netMinor, terms.vatRateBps);
  const [{ number }] = await manager.query(`SELECT nextval('invoice_number_seq') AS number`);
  const invoice = manager.create(Invoice, {
    ...(facts.id ? { id: facts.id } : {}),
    invoiceNumber: formatInvoiceNumber(facts.issueDate, Number(number)),
    policyId: facts.policyId,
    billedMemberId: facts.billedMemberId,
    companyId: facts.companyId,
    periodStart: facts.periodStart,
    periodEnd: facts.periodEnd,
    issueDate: facts.issueDate,
    dueDate: dueDateFor(facts.issueDate, terms.paymentTermsDays),
    currency: facts.currency,
    ...amounts,
    amountPaidMinor: 0,
    status: InvoiceStatus.OPEN,
    voidReason: null,
    voidedAt: null,
    voidedBy: null,
    createdBy: actorId,
  });
  try {
    await manager.insert(Invoice, invoice);
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'invoices_policy_period_key') throw periodTaken(facts.periodStart);
    throw error;
  }
  await postEntry(manager, invoicePosting(invoice), actorId);
  return invoice;
}

/** Premium invoices: raising, voiding and look-ups. Every write is one transaction with its ledger entry. */
export class InvoiceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly terms: CollectionTerms,
    private readonly clock: Clock,
  ) {}

  private get invoices() {
    return this.dataSource.getRepository(Invoice);
  }

  async raisePremiumInvoice(input: RaisePremiumInvoiceInput, actorId: string, idempotencyKey?: string | null): Promise<Invoice> {
    return runIdempotent(this.dataSource, {
      operation: 'raisePremiumInvoice',
      key: idempotencyKey,
      request: input,
      load: (id) => this.get(id),
      run: async (manager) => {
        const violations = new Violations();
        const checked = checkRaise(input, this.clock.today(), violations);
        violations.throwIfAny();
        const [taken] = await manager.query(
          `SELECT invoice_number FROM invoices WHERE policy_id = $1 AND period_start = $2 AND status <> 'VOID'`,
          [input.policyId, input.periodStart],
        );
        if (taken) throw periodTaken(input.periodStart, taken.invoice_number);
        const invoice = await raiseInvoiceIn(
          manager,
          {
            policyId: input.policyId,
            billedMemberId: input.billedMemberId,
            companyId: input.companyId ?? null,
            periodStart: input.periodStart,
            periodEnd: input.periodEnd,
            issueDate: checked.issueDate,
            currency: checked.currency,
            netMinor: checked.netMinor,
          },
          this.terms,
          actorId,
        );
        return invoice.id;
      },
    });
  }

  /** Voids an unpaid invoice by posting the reverse of its raising entry; the original entry stays. */
  async voidInvoice(input: VoidInvoiceInput, actorId: string): Promise<Invoice> {
    const id = await this.dataSource.transaction(async (manager) => {
      const invoice = await manager.findOne(Invoice, { where: { id: input.invoiceId }, lock: { mode: 'pessimistic_write' } });
      if (!invoice) throw new NotFoundError('Invoice', input.invoiceId);
      checkVoid(invoice);
      const raising = await manager.findOneBy(JournalEntry, { sourceType: JournalSourceType.PREMIUM_INVOICE, sourceId: invoice.id });
      await postEntry(manager, invoiceVoidPosting(invoice, this.clock.today(), raising?.id ?? null), actorId);
      await manager.update(
        Invoice,
        { id: invoice.id },
        { status: InvoiceStatus.VOID, voidReason: input.reason.trim(), voidedAt: this.clock.now(), voidedBy: actorId },
      );
      return invoice.id;
    });
    return this.get(id);
  }

  /**
   * Reports each unpaid invoice that is past its due date plus the grace period, once: the invoice
   * is marked and `finance.invoice.overdue` recorded in the same transaction. Rows another run holds
   * are skipped, so overlapping runs never report an invoice twice. Returns how many were reported.
   */
  async reportOverdue(): Promise<number> {
    const today = this.clock.today();
    const lastDueDate = lastDueDatePastGrace(today, this.terms.gracePeriodDays);
    let reported = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const invoices = await manager
          .createQueryBuilder(Invoice, 'invoice')
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .where('invoice.status IN (:...unpaid)', { unpaid: UNPAID })
          .andWhere('invoice.overdue_notified_at IS NULL')
          .andWhere('invoice.due_date <= :lastDueDate', { lastDueDate })
          .orderBy('invoice.due_date', 'ASC')
          .addOrderBy('invoice.id', 'ASC')
          .limit(OVERDUE_BATCH)
          .getMany();
        for (const invoice of invoices) {
          await manager.update(Invoice, { id: invoice.id }, { overdueNotifiedAt: this.clock.now() });
          await recordInvoiceOverdue(manager, invoice, daysOverdue(invoice, today));
        }
        return invoices.length;
      });
      reported += batch;
      if (batch < OVERDUE_BATCH) return reported;
    }
  }

  async get(id: string): Promise<Invoice> {
    const invoice = await this.invoices.findOneBy({ id });
    if (!invoice) throw new NotFoundError('Invoice', id);
    return invoice;
  }

  byIds(ids: readonly string[]): Promise<Invoice[]> {
    return this.invoices.findBy({ id: In([...ids]) });
  }

  byNumber(invoiceNumber: string): Promise<Invoice | null> {
    return this.invoices.findOneBy({ invoiceNumber: invoiceNumber.trim().toUpperCase() });
  }

  search(filter: InvoiceFilter | undefined, page: PageArgs): Promise<Page<Invoice>> {
    const query = this.invoices.createQueryBuilder('invoice');
    if (filter?.memberId) query.andWhere('invoice.billed_member_id = :memberId', { memberId: filter.memberId });
    if (filter?.companyId) query.andWhere('invoice.company_id = :companyId', { companyId: filter.companyId });
    if (filter?.policyId) query.andWhere('invoice.policy_id = :policyId', { policyId: filter.policyId });
    if (filter?.status) query.andWhere('invoice.status = :status', { status: filter.status });
    if (filter?.overdue !== undefined && filter?.overdue !== null) {
      const overdue = `(invoice.status IN (:...unpaid) AND invoice.due_date < :today)`;
      query.andWhere(filter.overdue ? overdue : `NOT ${overdue}`, { unpaid: UNPAID, today: this.clock.today() });
    }
    return paginate(query, 'invoice', INVOICE_SORT, page);
  }

  /** One page of invoices for each member or company, in one statement. */
  pagesFor(owner: 'member' | 'company', ownerIds: readonly string[], page: PageArgs, status?: InvoiceStatus | null): Promise<Map<string, Page<Invoice>>> {
    return paginatePerOwner(this.invoices, {
      ownerColumn: owner === 'member' ? 'billed_member_id' : 'company_id',
      ownerProperty: owner === 'member' ? 'billedMemberId' : 'companyId',
      ownerIds,
      sort: INVOICE_SORT,
      page,
      where: status ? { sql: 'status = :status', params: { status } } : undefined,
    });
  }

  /** What each member owes, per currency: the sum of amount due over their unpaid invoices, in one statement. */
  async balances(memberIds: readonly string[]): Promise<Map<string, Map<string, number>>> {
    const rows: { billed_member_id: string; currency: string; due: string }[] = await this.dataSource.query(
      `SELECT billed_member_id, currency, sum(total_minor - amount_paid_minor) AS due
         FROM invoices WHERE billed_member_id = ANY($1) AND status = ANY($2)
        GROUP BY billed_member_id, currency`,
      [[...memberIds], UNPAID],
    );
    const balances = new Map<string, Map<string, number>>();
    for (const row of rows) {
      const perCurrency = balances.get(row.billed_member_id) ?? new Map<string, number>();
      perCurrency.set(row.currency, minorFromSql(row.due));
      balances.set(row.billed_member_id, perCurrency);
    }
    return balances;
  }
}
