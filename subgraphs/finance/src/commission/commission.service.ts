import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../../../kit/clock';
import { BUSINESS_TIME_ZONE, isIsoDate, today as dateIn } from '../../../../kit/dates';
import { ConflictError, NotFoundError, ValidationError } from '../../../../kit/errors';
import { recordEvent } from '../../../../kit/events/outbox';
import { isUuid } from '../../../../kit/ids';
import type { Logger } from '../../../../kit/logger';
import { isCurrencyCode } from '../../../../kit/money';
import { postEntry } from '../ledger/ledger.service';
import { CommissionPayout, CommissionPayoutStatus } from './commission-payout.entity';
import { commissionAccrualPosting, commissionPaymentPosting, type CommissionPayoutApproved } from './commission.rules';

export const COMMISSION_PAYOUT_PAID = 'finance.commission-payout.paid';
export const CRM_ACTOR = 'system:crm';

export interface CommissionPayoutPaidPayload {
  payoutId: string;
  agentId: string;
  amountMinor: number;
  currency: string;
  bankReference: string;
  paidAt: string;
}

export type AccrualOutcome = 'ACCRUED' | 'ALREADY_ACCRUED' | 'IGNORED';

/** Agent commission payouts: accrued when crm approves them, paid by a finance officer. */
export class CommissionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** crm approved a payout: it is owed (Dr Commission expense / Cr Commissions payable), once per payout id. */
  async onPayoutApproved(manager: EntityManager, approved: CommissionPayoutApproved): Promise<AccrualOutcome> {
    const valid =
      isUuid(approved.payoutId) &&
      isUuid(approved.agentId) &&
      Number.isSafeInteger(approved.amountMinor) &&
      approved.amountMinor > 0 &&
      typeof approved.currency === 'string' &&
      isCurrencyCode(approved.currency) &&
      isIsoDate(approved.periodStart) &&
      isIsoDate(approved.periodEnd);
    if (!valid) {
      this.logger.warn('commission payout cannot be accrued; skipped', { payoutId: approved.payoutId });
      return 'IGNORED';
    }
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('finance.commission-payout:' || $1))`, [approved.payoutId]);
    if (await manager.existsBy(CommissionPayout, { id: approved.payoutId })) return 'ALREADY_ACCRUED';
    const approvedAt = Number.isNaN(new Date(approved.approvedAt).getTime()) ? this.clock.now() : new Date(approved.approvedAt);
    const facts = { id: approved.payoutId, agentCode: String(approved.agentCode), periodStart: approved.periodStart, periodEnd: approved.periodEnd, currency: approved.currency, amountMinor: approved.amountMinor };
    const entry = await postEntry(manager, commissionAccrualPosting(facts, dateIn(BUSINESS_TIME_ZONE, approvedAt)), CRM_ACTOR);
    await manager.insert(CommissionPayout, {
      ...facts,
      agentId: approved.agentId,
      agentName: String(approved.agentName ?? ''),
      approvedAt,
      status: CommissionPayoutStatus.ACCRUED,
      accrualEntryId: entry.id,
      paymentEntryId: null,
      bankReference: null,
      paidAt: null,
      paidBy: null,
    });
    return 'ACCRUED';
  }

  /**
   * Pays an accrued payout to the agent's bank: Dr Commissions payable / Cr Bank, PAID, and
   * `finance.commission-payout.paid` recorded. Paying it again with the same reference returns it
   * as it is; another reference is refused.
   */
  async pay(payoutId: string, bankReference: string, actorId: string): Promise<CommissionPayout> {
    const reference = bankReference.trim();
    if (reference.length < 3 || reference.length > 100) {
      throw new ValidationError([{ field: 'bankReference', rule: 'LENGTH', message: 'must be 3 to 100 characters' }]);
    }
    await this.dataSource.transaction(async (manager) => {
      const payout = await manager.findOne(CommissionPayout, { where: { id: payoutId }, lock: { mode: 'pessimistic_write' } });
      if (!payout) throw new NotFoundError('CommissionPayout', payoutId);
      if (payout.status === CommissionPayoutStatus.PAID) {
        if (payout.bankReference === reference) return;
        throw new ConflictError(`Commission payout ${payoutId} was already paid with bank reference ${payout.bankReference}`, {
          field: 'payoutId',
          rule: 'PAID_ONCE',
        });
      }
      const paidAt = this.clock.now();
      const entry = await postEntry(manager, commissionPaymentPosting(payout, this.clock.today(), reference), actorId);
      await manager.update(
        CommissionPayout,
        { id: payout.id },
        { status: CommissionPayoutStatus.PAID, paymentEntryId: entry.id, bankReference: reference, paidAt, paidBy: actorId },
      );
      await recordEvent<CommissionPayoutPaidPayload>(manager, {
        type: COMMISSION_PAYOUT_PAID,
        aggregateId: payout.id,
        payload: { payoutId: payout.id, agentId: payout.agentId, amountMinor: payout.amountMinor, currency: payout.currency, bankReference: reference, paidAt: paidAt.toISOString() },
      });
    });
    return this.dataSource.getRepository(CommissionPayout).findOneByOrFail({ id: payoutId });
  }

  list(filter: { agentId?: string | null; status?: CommissionPayoutStatus | null }): Promise<CommissionPayout[]> {
    const where: Partial<Pick<CommissionPayout, 'agentId' | 'status'>> = {};
    if (filter.agentId) where.agentId = filter.agentId;
    if (filter.status) where.status = filter.status;
    return this.dataSource.getRepository(CommissionPayout).find({ where, order: { approvedAt: 'DESC', id: 'ASC' }, take: 200 });
  }

  byId(id: string): Promise<CommissionPayout | null> {
    return this.dataSource.getRepository(CommissionPayout).findOneBy({ id });
  }
}
