import { In, type DataSource, type EntityManager } from 'typeorm';
import { ConflictError, InvalidTransitionError, NotFoundError, Violations } from '../../../../kit/errors';
import { runIdempotent } from '../../../../kit/idempotency';
import { paginate, paginatePerOwner, type KeysetSort, type Page, type PageArgs } from '../../../../kit/pagination';

import type { Clock } from '../../../../kit/clock';
import { JournalEntry } from '../ledger/journal-entry.entity';
import { invoicePosting, invoiceVoidPosting, PREMIUM_INVOICE_RAISING, TOKEN_PURCHASE_INVOICE_RAISING } from '../ledger/ledger.rules';
import { postEntry } from '../ledger/ledger.service';
import { Invoice, InvoiceKind, InvoiceStatus } from './invoice.entity';
import { InvoiceLine } from './invoice-line.entity';
import { daysBetween } from '../../../../kit/dates';
import type { InvoiceFilter, RaisePremiumInvoiceInput, VoidInvoiceInput } from './invoice.input';
import { INVOICE_RAISED, recordInvoiceOverdue, type InvoiceRaisedPayload } from './invoice.events';
import { recordEvent } from '../../../../kit/events/outbox';
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

export interface NewInvoiceLine {
  kind: InvoiceKind;
  policyId: string | null;
  memberId: string | null;
  periodStart: string;
  periodEnd: string;
  description: string;
  netMinor: number;
  /** The policy's premium for a whole period, and that period's days: what a later change is prorated against. */
  periodPremiumMinor?: number | null;
  periodDays?: number | null;
  policyVersion?: number | null;
}

export interface NewInvoice {
  /** Set by the demo seed for stable ids; generated otherwise. */
  id?: string;
  kind?: InvoiceKind;
  policyId: string | null;
  billedMemberId: string | null;
  companyId: string | null;
  periodStart: string;
  periodEnd: string;
  issueDate: string;
  currency: string;
  netMinor: number;
  tokenPurchaseId?: string | null;
  /** The invoice's lines; one premium line for the whole invoice when not given. */
  lines?: NewInvoiceLine[];
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
export async function raiseInvoiceIn(
  manager: EntityManager,
  facts: NewInvoice,
  terms: BillingTerms,
  actorId: string,
  /** `announce: false` records no `finance.invoice.raised` (the demo seed's history, which nobody should be told about now). */
  options: { announce?: boolean } = {},
): Promise<Invoice> {
  const kind = facts.kind ?? InvoiceKind.PREMIUM;
  const lines: NewInvoiceLine[] = facts.lines ?? [
    {
      kind,
      policyId: facts.policyId,
      memberId: facts.billedMemberId,
      periodStart: facts.periodStart,
      periodEnd: facts.periodEnd,
      description: `Premium ${facts.periodStart} to ${facts.periodEnd}`,
      netMinor: facts.netMinor,
      periodPremiumMinor: facts.netMinor,
      periodDays: daysBetween(facts.periodStart, facts.periodEnd) + 1,
    },
  ];
  const netMinor = lines.reduce((sum, line) => sum + line.netMinor, 0);
  const amounts = invoiceAmounts(netMinor, terms.vatRateBps);
  const [{ number }] = await manager.query(`SELECT nextval('invoice_number_seq') AS number`);
  const invoice = manager.create(Invoice, {
    ...(facts.id ? { id: facts.id } : {}),
    invoiceNumber: formatInvoiceNumber(facts.issueDate, Number(number)),
    kind,
    tokenPurchaseId: facts.tokenPurchaseId ?? null,
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
    creditedMinor: 0,
    status: InvoiceStatus.OPEN,
    voidReason: null,
    voidedAt: null,
    voidedBy: null,
    createdBy: actorId,
  });
  try {
    await manager.insert(Invoice, invoice);
    await manager.insert(
      InvoiceLine,
      lines.map((line, index) => ({
        invoiceId: invoice.id,
        lineNumber: index + 1,
        kind: line.kind,
        policyId: line.policyId,
        memberId: line.memberId,
        periodStart: line.periodStart,
        periodEnd: line.periodEnd,
        description: line.description,
        currency: facts.currency,
        netMinor: line.netMinor,
        periodPremiumMinor: line.periodPremiumMinor ?? null,
        periodDays: line.periodDays ?? null,
        policyVersion: line.policyVersion ?? null,
        voided: false,
      })),
    );
  } catch (error) {
    const constraint = (error as { constraint?: string }).constraint;
    if (constraint === 'invoices_policy_period_key' || constraint === 'invoice_lines_policy_period_key') throw periodTaken(facts.periodStart);
    throw error;
  }
  await postEntry(manager, invoicePosting(invoice, kind === InvoiceKind.TOKEN_PURCHASE ? TOKEN_PURCHASE_INVOICE_RAISING : PREMIUM_INVOICE_RAISING), actorId);
  if (options.announce === false) return invoice;
  await recordEvent<InvoiceRaisedPayload>(manager, {
    type: INVOICE_RAISED,
    aggregateId: invoice.id,
    payload: {
      invoiceId: invoice.id,
      invoiceNumber: invoice.invoiceNumber,
      kind,
      billedMemberId: invoice.billedMemberId,
      companyId: invoice.companyId,
      dueDate: invoice.dueDate,
      totalMinor: invoice.totalMinor,
      currency: invoice.currency,
    },
  });
  return invoice;
}

/**
 * Voids an invoice the caller has locked and checked, inside the caller's transaction: posts the
 * reverse of its raising entry (the original stays) and frees its lines' periods.
 */
export async function voidInvoiceIn(manager: EntityManager, invoice: Invoice, reason: string, clock: Clock, actorId: string): Promise<void> {
  const raising = invoice.kind === InvoiceKind.TOKEN_PURCHASE ? TOKEN_PURCHASE_INVOICE_RAISING : PREMIUM_INVOICE_RAISING;
  const raisingEntry = await manager.findOneBy(JournalEntry, { sourceType: raising.sourceType, sourceId: invoice.id });
  await postEntry(manager, invoiceVoidPosting(invoice, clock.today(), raisingEntry?.id ?? null, raising), actorId);
  await manager.update(Invoice, { id: invoice.id }, { status: InvoiceStatus.VOID, voidReason: reason, voidedAt: clock.now(), voidedBy: actorId });
  // The voided lines free their periods for the corrected invoice.
  await manager.update(InvoiceLine, { invoiceId: invoice.id }, { voided: true });
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
          `SELECT i.invoice_number FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
            WHERE l.policy_id = $1 AND l.period_start = $2 AND l.kind = 'PREMIUM' AND NOT l.voided`,
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
      if (invoice.kind === InvoiceKind.TOKEN_PURCHASE) {
        throw new InvalidTransitionError('invoice', invoice.status, 'void', `${invoice.invoiceNumber} bills a token purchase; it is cancelled with the purchase, not voided`);
      }
      await voidInvoiceIn(manager, invoice, input.reason.trim(), this.clock, actorId);
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
          // Credit notes count like payments: an invoice they settled owes nothing to be overdue on.
          .andWhere('invoice.total_minor > invoice.amount_paid_minor + invoice.credited_minor')
          .andWhere('invoice.due_date <= :lastDueDate', { lastDueDate })
          .orderBy('invoice.due_date', 'ASC')
          .addOrderBy('invoice.id', 'ASC')
          .limit(OVERDUE_BATCH)
          .getMany();
        for (const invoice of invoices) {
          const notifiedAt = this.clock.now();
          await manager.update(Invoice, { id: invoice.id }, { overdueNotifiedAt: notifiedAt });
          await recordInvoiceOverdue(manager, invoice, daysOverdue(invoice, today), notifiedAt);
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

  /** The lines of each of these invoices, in line order. */
  linesOf(invoiceIds: readonly string[]): Promise<InvoiceLine[]> {
    return this.dataSource.getRepository(InvoiceLine).find({ where: { invoiceId: In([...invoiceIds]) }, order: { invoiceId: 'ASC', lineNumber: 'ASC' } });
  }

  byNumber(invoiceNumber: string): Promise<Invoice | null> {
    return this.invoices.findOneBy({ invoiceNumber: invoiceNumber.trim().toUpperCase() });
  }

  search(filter: InvoiceFilter | undefined, page: PageArgs): Promise<Page<Invoice>> {
    const query = this.invoices.createQueryBuilder('invoice');
    if (filter?.memberId) query.andWhere('invoice.billed_member_id = :memberId', { memberId: filter.memberId });
    if (filter?.companyId) query.andWhere('invoice.company_id = :companyId', { companyId: filter.companyId });
    if (filter?.policyId) {
      // A policy billed on its employer's invoice is found through the invoice's lines.
      query.andWhere('(invoice.policy_id = :policyId OR EXISTS (SELECT 1 FROM invoice_lines l WHERE l.invoice_id = invoice.id AND l.policy_id = :policyId))', {
        policyId: filter.policyId,
      });
    }
    if (filter?.status) query.andWhere('invoice.status = :status', { status: filter.status });
    if (filter?.overdue !== undefined && filter?.overdue !== null) {
      const overdue = `(invoice.status IN (:...unpaid) AND invoice.due_date < :today AND invoice.total_minor > invoice.amount_paid_minor + invoice.credited_minor)`;
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
      `SELECT billed_member_id, currency, sum(total_minor - amount_paid_minor - credited_minor) AS due
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
