import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Clock } from '../../../../kit/clock';
import { addDays, BUSINESS_TIME_ZONE, daysBetween, isIsoDate, today, toIsoDate } from '../../../../kit/dates';
import { preparedQuery } from '../../../../kit/database';
import { ValidationError } from '../../../../kit/errors';
import type { Logger } from '../../../../kit/logger';
import { Invoice, InvoiceKind, InvoiceStatus } from '../invoice/invoice.entity';
import { InvoiceLine } from '../invoice/invoice-line.entity';
import { creditSplit, invoiceAmounts, statusForPaid } from '../invoice/invoice.rules';
import { recordInvoicePaid } from '../invoice/invoice.events';
import { raiseInvoiceIn, type BillingTerms, type NewInvoiceLine } from '../invoice/invoice.service';
import { postEntry } from '../ledger/ledger.service';
import { BillingPolicy } from './billing-policy.entity';
import {
  changeEffectiveDate,
  creditNotePosting,
  duePeriods,
  formatCreditNoteNumber,
  lastCoveredDate,
  proratedAdjustment,
  remainingDays,
  type BillingFrequency,
  type DuePeriod,
  type PolicyChanged,
} from './billing.rules';
import { CreditNote } from './credit-note.entity';

/** Who raises scheduled invoices and adjustments. */
export const BILLING_ACTOR = 'system:billing';

export interface BillingSettings extends BillingTerms {
  leadDays: number;
}

export interface BillingRun {
  asOf: string;
  invoiceIds: string[];
  linesRaised: number;
  /** Invoices (groups of lines) that could not be raised; each is logged and tried again by the next run. */
  groupsFailed: number;
}

export type PolicyChangeOutcome = 'STALE' | 'RECORDED';

interface PlannedLine extends DuePeriod {
  policy: BillingPolicy;
}

const lineKey = (policyId: string, periodStart: string) => `${policyId}:${periodStart}`;

/** The lines due, grouped by the invoice each goes on: an employer's per currency and month, an individual policy's per period. */
function groupDue(policies: { policy: BillingPolicy; billedThrough: string | null }[], asOf: string, leadDays: number): Map<string, PlannedLine[]> {
  const groups = new Map<string, PlannedLine[]>();
  for (const { policy, billedThrough } of policies) {
    const periods = duePeriods({ ...policy, billingFrequency: policy.billingFrequency as BillingFrequency }, billedThrough, asOf, leadDays);
    for (const period of periods) {
      const key = policy.companyId
        ? `company:${policy.companyId}:${policy.currency}:${period.periodStart.slice(0, 7)}`
        : `policy:${policy.policyId}:${period.periodStart}`;
      const group = groups.get(key) ?? [];
      group.push({ ...period, policy });
      groups.set(key, group);
    }
  }
  return groups;
}

/**
 * Premium billing: finance's copy of the policies it bills, the scheduled run that raises what each
 * is due (one invoice per employer and period, or one per individual policy and period), and the
 * supplementary charges and credit notes that prorate a mid-period change.
 */
export class BillingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: BillingSettings,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /**
   * A policy changed: the copy is replaced unless the event is older than it (versions only grow),
   * and a premium change, a cancellation or a reinstatement inside a period already invoiced is
   * prorated. `occurredAt` (the event's) dates a premium change the cover windows do not date, so
   * a late or replayed event prorates as it would have on time.
   */
  async onPolicyChanged(manager: EntityManager, policy: PolicyChanged, occurredAt?: string): Promise<PolicyChangeOutcome> {
    const before = await manager.findOne(BillingPolicy, { where: { policyId: policy.id }, lock: { mode: 'pessimistic_write' } });
    if (before && before.version >= policy.version) return 'STALE';
    const after: BillingPolicy = manager.create(BillingPolicy, {
      policyId: policy.id,
      policyNumber: policy.policyNumber,
      schemeId: policy.schemeId,
      schemeVersionId: policy.schemeVersionId,
      holderMemberId: policy.holderMemberId,
      companyId: policy.companyId ?? null,
      startDate: policy.startDate,
      endDate: policy.endDate,
      lastCoveredDate: lastCoveredDate(policy),
      status: policy.status,
      billingFrequency: policy.billingFrequency,
      premiumMinor: policy.premiumMinor,
      currency: policy.currency,
      coveredMembers: policy.coveredMembers ?? [],
      version: policy.version,
    });
    await manager.upsert(BillingPolicy, after, ['policyId']);
    if (before) await this.prorate(manager, before, after, occurredAt ? today(BUSINESS_TIME_ZONE, new Date(occurredAt)) : this.clock.today());
    return 'RECORDED';
  }

  /** Charges or credits the rest of each invoiced period the change falls in. */
  private async prorate(manager: EntityManager, before: BillingPolicy, after: BillingPolicy, changedOn: string): Promise<void> {
    let effective: string;
    let changeMinor: number;
    let reason: string;
    // The last day the change applies to, when it stops before the end of a period (a reinstatement that ends again).
    let until: string | null = null;
    if (after.lastCoveredDate < before.lastCoveredDate) {
      effective = addDays(after.lastCoveredDate, 1);
      changeMinor = -before.premiumMinor;
      reason = `Cover ends ${after.lastCoveredDate} (policy ${after.policyNumber} ${after.status.toLowerCase()})`;
    } else if (after.lastCoveredDate > before.lastCoveredDate) {
      // Cover runs on past the day it was to end (a reinstatement): the days credited are charged again.
      effective = addDays(before.lastCoveredDate, 1);
      changeMinor = after.premiumMinor;
      until = after.lastCoveredDate;
      reason = `Cover resumes ${effective} (policy ${after.policyNumber} ${after.status.toLowerCase()})`;
    } else if (after.premiumMinor !== before.premiumMinor && after.currency === before.currency) {
      effective = changeEffectiveDate(before.coveredMembers, after.coveredMembers, changedOn);
      changeMinor = after.premiumMinor - before.premiumMinor;
      reason = `Premium of policy ${after.policyNumber} changed from ${before.premiumMinor} to ${after.premiumMinor} minor units from ${effective}`;
    } else {
      return;
    }
    const billed = await manager
      .createQueryBuilder(InvoiceLine, 'line')
      .innerJoin(Invoice, 'invoice', 'invoice.id = line.invoice_id')
      .where('line.policy_id = :policyId', { policyId: after.policyId })
      .andWhere(`line.kind = 'PREMIUM' AND NOT line.voided AND line.period_end >= :effective`, { effective })
      .orderBy('line.period_start', 'ASC')
      .getMany();
    for (const line of billed) {
      const periodEnd = until !== null && until < line.periodEnd ? until : line.periodEnd;
      if (periodEnd < effective) continue;
      const days = remainingDays(effective, line.periodStart, periodEnd);
      const periodDays = line.periodDays ?? daysBetween(line.periodStart, line.periodEnd) + 1;
      if (periodDays < 1) continue;
      const amount = proratedAdjustment(changeMinor, days, periodDays);
      const periodStart = effective > line.periodStart ? effective : line.periodStart;
      if (amount > 0) await this.chargeSupplementary(manager, after, periodStart, periodEnd, amount);
      if (amount < 0) await this.issueCreditNote(manager, after, line, periodStart, -amount, reason);
    }
  }

  private async chargeSupplementary(manager: EntityManager, policy: BillingPolicy, periodStart: string, periodEnd: string, amountMinor: number): Promise<void> {
    await raiseInvoiceIn(
      manager,
      {
        kind: InvoiceKind.SUPPLEMENTARY,
        policyId: policy.policyId,
        billedMemberId: policy.companyId ? null : policy.holderMemberId,
        companyId: policy.companyId,
        periodStart,
        periodEnd,
        issueDate: this.clock.today(),
        currency: policy.currency,
        netMinor: amountMinor,
        lines: [
          {
            kind: InvoiceKind.SUPPLEMENTARY,
            policyId: policy.policyId,
            memberId: policy.holderMemberId,
            periodStart,
            periodEnd,
            description: `Premium change on policy ${policy.policyNumber}, ${periodStart} to ${periodEnd}`,
            netMinor: amountMinor,
            policyVersion: policy.version,
          },
        ],
      },
      this.settings,
      BILLING_ACTOR,
    );
  }

  /**
   * Credits part of an invoiced period: what the invoice still owes drops by as much of the credit
   * as it can, and what the payer has already paid is held for them as a credit balance (a
   * liability) rather than refused, since the change that caused it has happened either way.
   */
  private async issueCreditNote(manager: EntityManager, policy: BillingPolicy, line: InvoiceLine, periodStart: string, netMinor: number, reason: string): Promise<void> {
    const invoice = await manager.findOneOrFail(Invoice, { where: { id: line.invoiceId }, lock: { mode: 'pessimistic_write' } });
    const amounts = invoiceAmounts(netMinor, invoice.vatRateBps);
    const { appliedMinor, heldMinor } = creditSplit(invoice, amounts.totalMinor);
    const issueDate = this.clock.today();
    const [{ n }] = await preparedQuery<{ n: string }>(manager, `SELECT nextval('credit_note_number_seq') AS n`, []);
    const id = randomUUID();
    const creditNoteNumber = formatCreditNoteNumber(issueDate, Number(n));
    const billedMemberId = invoice.billedMemberId ?? null;
    const entry = await postEntry(
      manager,
      creditNotePosting({ id, creditNoteNumber, invoiceNumber: invoice.invoiceNumber, billedMemberId, issueDate, currency: invoice.currency, ...amounts, heldMinor }),
      BILLING_ACTOR,
    );
    await manager.insert(CreditNote, {
      id,
      creditNoteNumber,
      invoiceId: invoice.id,
      policyId: policy.policyId,
      billedMemberId,
      companyId: invoice.companyId,
      periodStart,
      periodEnd: line.periodEnd,
      issueDate,
      currency: invoice.currency,
      ...amounts,
      appliedMinor,
      heldMinor,
      reason,
      policyVersion: policy.version,
      journalEntryId: entry.id,
      createdBy: BILLING_ACTOR,
    });
    if (appliedMinor === 0) return;
    const wasSettled = invoice.status === InvoiceStatus.PAID;
    invoice.creditedMinor += appliedMinor;
    invoice.status = statusForPaid(invoice.totalMinor, invoice.amountPaidMinor, invoice.creditedMinor);
    await manager.update(Invoice, { id: invoice.id }, { creditedMinor: invoice.creditedMinor, status: invoice.status });
    // A credit that settles the rest of the invoice clears it as a last payment would.
    if (!wasSettled && invoice.status === InvoiceStatus.PAID) await recordInvoicePaid(manager, invoice, this.clock.now(), id);
  }

  /**
   * Raises every invoice due on `asOf`: each policy's periods that start by `asOf` plus the lead
   * days and are not billed yet. An employer's policies whose periods start in the same month go
   * on one invoice, a line each; an individual policy's period gets its own. Each invoice is its own
   * transaction under a lock on what it bills, so concurrent runs raise it once and a run after a
   * crash carries on where the last stopped. A group that cannot be raised (no exchange rate, say)
   * is logged and counted, and the run goes on with the others.
   */
  async run(asOf: string = this.clock.today()): Promise<BillingRun> {
    if (!isIsoDate(asOf)) throw new ValidationError([{ field: 'asOf', rule: 'VALID_DATE', message: 'must be a date (YYYY-MM-DD)' }]);
    const groups = groupDue(await this.dueOn(this.dataSource.manager, asOf), asOf, this.settings.leadDays);
    const invoiceIds: string[] = [];
    let linesRaised = 0;
    let groupsFailed = 0;
    for (const [key, planned] of groups) {
      try {
        const raised = await this.dataSource.transaction(async (manager) => {
          await manager.query(`SELECT pg_advisory_xact_lock(hashtext('finance.billing:' || $1))`, [key]);
          // The plan was read without locks: bill what the policies say now, under the lock a policy change takes.
          const policyIds = [...new Set(planned.map((p) => p.policy.policyId))].sort();
          const current = groupDue(await this.dueOn(manager, asOf, policyIds), asOf, this.settings.leadDays).get(key) ?? [];
          const taken = await this.billedKeys(manager, current);
          const lines = current
            .filter((p) => !taken.has(lineKey(p.policy.policyId, p.periodStart)))
            .sort((a, b) => a.policy.policyNumber.localeCompare(b.policy.policyNumber) || a.periodStart.localeCompare(b.periodStart));
          if (lines.length === 0) return null;
          return { id: (await this.raise(manager, lines, asOf)).id, lines: lines.length };
        });
        if (raised) {
          invoiceIds.push(raised.id);
          linesRaised += raised.lines;
        }
      } catch (error) {
        groupsFailed += 1;
        this.logger.error('premium billing group failed; the run goes on', { asOf, group: key, error });
      }
    }
    if (invoiceIds.length > 0 || groupsFailed > 0) this.logger.info('premium billing run', { asOf, invoices: invoiceIds.length, lines: linesRaised, groupsFailed });
    return { asOf, invoiceIds, linesRaised, groupsFailed };
  }

  /**
   * The policies with something to bill by `asOf`, each with the last day already billed. Given
   * `policyIds`, only those, locked as a policy change locks them (FOR UPDATE), in id order.
   */
  private async dueOn(manager: EntityManager, asOf: string, policyIds?: string[]): Promise<{ policy: BillingPolicy; billedThrough: string | null }[]> {
    const query = manager
      .createQueryBuilder(BillingPolicy, 'policy')
      .addSelect(
        `(SELECT max(l.period_end) FROM invoice_lines l WHERE l.policy_id = policy.policy_id AND l.kind = 'PREMIUM' AND NOT l.voided)`,
        'billed_through',
      )
      .where('policy.premium_minor > 0 AND policy.last_covered_date >= policy.start_date')
      .andWhere('policy.start_date <= :horizon', { horizon: addDays(asOf, this.settings.leadDays) });
    if (policyIds) {
      query.andWhere('policy.policy_id IN (:...policyIds)', { policyIds }).orderBy('policy.policy_id', 'ASC').setLock('pessimistic_write');
    } else {
      query.orderBy('policy.policy_number', 'ASC');
    }
    const rows = await query.getRawAndEntities();
    return rows.entities.map((policy, index) => {
      const raw = rows.raw[index] as { billed_through: string | Date | null };
      return { policy, billedThrough: raw.billed_through === null ? null : toIsoDate(raw.billed_through) };
    });
  }

  private async billedKeys(manager: EntityManager, planned: PlannedLine[]): Promise<Set<string>> {
    const rows = await manager.find(InvoiceLine, {
      where: { policyId: In(planned.map((p) => p.policy.policyId)), kind: InvoiceKind.PREMIUM, voided: false },
      select: { policyId: true, periodStart: true },
    });
    return new Set(rows.map((r) => lineKey(r.policyId!, r.periodStart)));
  }

  private raise(manager: EntityManager, planned: PlannedLine[], asOf: string): Promise<Invoice> {
    const first = planned[0];
    const companyId = first.policy.companyId;
    const lines: NewInvoiceLine[] = planned.map((p) => ({
      kind: InvoiceKind.PREMIUM,
      policyId: p.policy.policyId,
      memberId: p.policy.holderMemberId,
      periodStart: p.periodStart,
      periodEnd: p.periodEnd,
      description: `Premium of policy ${p.policy.policyNumber}, ${p.periodStart} to ${p.periodEnd}`,
      netMinor: p.netMinor,
      periodPremiumMinor: p.policy.premiumMinor,
      periodDays: p.periodDays,
    }));
    const periodStart = planned.reduce((min, p) => (p.periodStart < min ? p.periodStart : min), first.periodStart);
    const periodEnd = planned.reduce((max, p) => (p.periodEnd > max ? p.periodEnd : max), first.periodEnd);
    return raiseInvoiceIn(
      manager,
      {
        kind: InvoiceKind.PREMIUM,
        policyId: companyId ? null : first.policy.policyId,
        billedMemberId: companyId ? null : first.policy.holderMemberId,
        companyId,
        periodStart,
        periodEnd,
        issueDate: asOf,
        currency: first.policy.currency,
        netMinor: lines.reduce((sum, l) => sum + l.netMinor, 0),
        lines,
      },
      this.settings,
      BILLING_ACTOR,
    );
  }

  policiesByIds(ids: readonly string[]): Promise<BillingPolicy[]> {
    return this.dataSource.getRepository(BillingPolicy).findBy({ policyId: In([...ids]) });
  }

  creditNotes(filter: { policyId?: string | null; invoiceId?: string | null }): Promise<CreditNote[]> {
    const where: Record<string, string> = {};
    if (filter.policyId) where.policyId = filter.policyId;
    if (filter.invoiceId) where.invoiceId = filter.invoiceId;
    return this.dataSource.getRepository(CreditNote).find({ where, order: { creditNoteNumber: 'ASC' }, take: 200 });
  }
}
