import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { today as dateIn, BUSINESS_TIME_ZONE } from '../../../../../kit/dates';
import { paginate, type Page, type PageArgs } from '../../../../../kit/pagination';
import { postEntry } from '../../ledger/ledger.service';
import type { Payment } from '../../payment/payment.entity';
import { NotificationReason, type ProviderFact, type ProviderName } from '../provider';
import { disputePosting } from '../provider.postings';
import { reopenInvoice, reversedMinor } from '../refund/refund.service';
import { DisputeStatus, PaymentDispute } from './dispute.entity';

type DisputeFact = Extract<ProviderFact, { kind: 'DISPUTE_OPENED' | 'DISPUTE_WON' | 'DISPUTE_LOST' }>;

export type DisputeOutcome = { posted: true; dispute: PaymentDispute } | { posted: false; reason: NotificationReason; dispute?: PaymentDispute };

/**
 * Applies a chargeback fact to a payment the caller has locked: opening holds the money, winning
 * releases it, losing reverses it like a refund. Each moment posts once; a repeat posts nothing.
 */
export async function applyDisputeFact(manager: EntityManager, provider: ProviderName, payment: Payment, fact: DisputeFact, actorId: string): Promise<DisputeOutcome> {
  if (fact.currency !== payment.currency) return { posted: false, reason: NotificationReason.CURRENCY_MISMATCH };
  const on = dateIn(BUSINESS_TIME_ZONE, fact.at);
  let dispute = await manager.findOne(PaymentDispute, { where: { provider, providerDisputeId: fact.disputeId }, lock: { mode: 'pessimistic_write' } });
  const facts = (d: PaymentDispute) => ({
    id: d.id,
    providerDisputeId: d.providerDisputeId,
    paymentNumber: payment.paymentNumber,
    memberId: payment.memberId,
    method: payment.method,
    currency: d.currency,
    amountMinor: d.amountMinor,
  });
  let opened = false;
  if (!dispute) {
    // A dispute closed before we heard it open is opened first, so every close has a hold to release.
    // Only what refunds and other chargebacks have not already taken back can be disputed.
    if (fact.amountMinor <= 0 || fact.amountMinor > payment.amountMinor - (await reversedMinor(manager, payment.id))) {
      return { posted: false, reason: NotificationReason.AMOUNT_MISMATCH };
    }
    dispute = manager.create(PaymentDispute, {
      id: randomUUID(),
      provider,
      providerDisputeId: fact.disputeId,
      paymentId: payment.id,
      invoiceId: payment.invoiceId,
      memberId: payment.memberId,
      currency: payment.currency,
      amountMinor: fact.amountMinor,
      reason: fact.reason,
      status: DisputeStatus.OPEN,
      openedAt: fact.at,
      closedAt: null,
      closingEntryId: null,
    });
    dispute.openingEntryId = (await postEntry(manager, disputePosting(facts(dispute), 'OPENED', on), actorId)).id;
    await manager.insert(PaymentDispute, dispute);
    opened = true;
  }
  if (fact.kind === 'DISPUTE_OPENED') return opened ? { posted: true, dispute } : { posted: false, reason: NotificationReason.ALREADY_RECORDED, dispute };
  if (dispute.status !== DisputeStatus.OPEN) return { posted: false, reason: NotificationReason.ALREADY_RECORDED, dispute };
  const won = fact.kind === 'DISPUTE_WON';
  const entry = await postEntry(manager, disputePosting(facts(dispute), won ? 'WON' : 'LOST', on, dispute.openingEntryId), actorId);
  if (!won) await reopenInvoice(manager, payment.invoiceId, dispute.amountMinor);
  dispute.status = won ? DisputeStatus.WON : DisputeStatus.LOST;
  dispute.closedAt = fact.at;
  dispute.closingEntryId = entry.id;
  await manager.update(PaymentDispute, { id: dispute.id }, { status: dispute.status, closedAt: dispute.closedAt, closingEntryId: entry.id });
  return { posted: true, dispute };
}

const DISPUTE_SORT = { column: 'opened_at', property: 'openedAt', direction: 'DESC' } as const;

/** Reads of chargebacks. */
export class DisputeService {
  constructor(private readonly dataSource: DataSource) {}

  byIds(ids: readonly string[]): Promise<PaymentDispute[]> {
    return this.dataSource.getRepository(PaymentDispute).findBy({ id: In([...ids]) });
  }

  search(filter: { paymentId?: string | null; status?: DisputeStatus | null } | undefined, page: PageArgs): Promise<Page<PaymentDispute>> {
    const query = this.dataSource.getRepository(PaymentDispute).createQueryBuilder('dispute');
    if (filter?.paymentId) query.andWhere('dispute.payment_id = :paymentId', { paymentId: filter.paymentId });
    if (filter?.status) query.andWhere('dispute.status = :status', { status: filter.status });
    return paginate(query, 'dispute', DISPUTE_SORT, page);
  }
}
