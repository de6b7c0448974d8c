import { randomUUID } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { BUSINESS_TIME_ZONE, today as dateIn } from '../../../../../kit/dates';
import type { Clock } from '../../../../../kit/clock';
import type { Logger } from '../../../../../kit/logger';
import { paginate, type Page, type PageArgs } from '../../../../../kit/pagination';
import { postEntry } from '../../ledger/ledger.service';
import type { ProviderName } from '../provider';
import type { ProviderConfig } from '../provider.config';
import { payoutPosting } from '../provider.postings';
import { methodOf } from '../provider.service';
import { planBatches, type PlannedBatch, type UnsettledItem, type UnsettledKind } from './payout.rules';
import { ProviderSettlementBatch } from './settlement-batch.entity';

/** When the earliest item of an on-demand batch happened: the start of its window. */
function earliest(plan: PlannedBatch, at: Map<string, Date>): Date {
  const keys = [
    ...plan.paymentIds.map((id) => `PAYMENT:${id}`),
    ...plan.receiptIds.map((id) => `RECEIPT:${id}`),
    ...plan.refundIds.map((id) => `REFUND:${id}`),
    ...plan.heldDisputeIds.map((id) => `DISPUTE_HELD:${id}`),
    ...plan.releasedDisputeIds.map((id) => `DISPUTE_RELEASED:${id}`),
  ];
  return new Date(Math.min(...keys.map((key) => at.get(key)!.getTime())));
}

const BATCH_SORT = { column: 'created_at', property: 'createdAt', direction: 'DESC' } as const;

/** Provider payouts: batches of what each provider collected per settlement window, less its fees. */
export class ProviderPayoutService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: ProviderConfig,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /**
   * Builds every batch now due for a provider from what no batch holds yet (payments, unapplied
   * receipts, completed refunds, chargebacks held and released), and posts each payout. Runs are
   * serialised per provider, and each item can join only one batch (its primary key in the batch
   * tables), so a second run settles nothing twice.
   */
  async runSettlement(provider: ProviderName, actorId: string): Promise<ProviderSettlementBatch[]> {
    const terms = this.config.settlement[provider];
    const method = methodOf(provider);
    const now = this.clock.now();
    const today = this.clock.today();
    const ids = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`provider-settlement:${provider}`]);
      // A payment made from an unapplied receipt is not collected again: the receipt was.
      const rows: { id: string; kind: UnsettledKind; amount_minor: string; currency: string; at: Date }[] = await manager.query(
        `SELECT p.id, 'PAYMENT' AS kind, p.amount_minor, p.currency, p.received_at AS at
           FROM payments p
          WHERE p.method = $1 AND p.status = 'COMPLETED' AND p.received_at < $3
            AND NOT EXISTS (SELECT 1 FROM provider_settlement_batch_payments b WHERE b.payment_id = p.id)
            AND NOT EXISTS (SELECT 1 FROM unapplied_receipts u WHERE u.payment_id = p.id)
         UNION ALL
         SELECT u.id, 'RECEIPT', u.amount_minor, u.currency, u.received_at
           FROM unapplied_receipts u
          WHERE u.method = $1 AND u.received_at < $3
            AND NOT EXISTS (SELECT 1 FROM provider_settlement_batch_receipts b WHERE b.receipt_id = u.id)
         UNION ALL
         SELECT r.id, 'REFUND', r.amount_minor, r.currency, r.refunded_at
           FROM refunds r
          WHERE r.method = $1 AND r.status = 'COMPLETED' AND r.refunded_at < $3
            AND NOT EXISTS (SELECT 1 FROM provider_settlement_batch_refunds b WHERE b.refund_id = r.id)
         UNION ALL
         SELECT d.id, 'DISPUTE_HELD', d.amount_minor, d.currency, d.opened_at
           FROM payment_disputes d
          WHERE d.provider = $2 AND d.opened_at < $3
            AND NOT EXISTS (SELECT 1 FROM provider_settlement_batch_disputes b WHERE b.dispute_id = d.id AND b.moment = 'HELD')
         UNION ALL
         SELECT d.id, 'DISPUTE_RELEASED', d.amount_minor, d.currency, d.closed_at
           FROM payment_disputes d
          WHERE d.provider = $2 AND d.status = 'WON' AND d.closed_at < $3
            AND NOT EXISTS (SELECT 1 FROM provider_settlement_batch_disputes b WHERE b.dispute_id = d.id AND b.moment = 'RELEASED')`,
        [method, provider, now],
      );
      const items: UnsettledItem[] = rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        amountMinor: Number(r.amount_minor),
        currency: r.currency,
        day: dateIn(BUSINESS_TIME_ZONE, new Date(r.at)),
      }));
      const at = new Map(rows.map((r) => [`${r.kind}:${r.id}`, new Date(r.at)]));
      const created: string[] = [];
      for (const plan of planBatches(items, terms, today)) {
        const [window] = plan.day
          ? await manager.query(`SELECT ($1::date::timestamp AT TIME ZONE $2) AS start, (($1::date + 1)::timestamp AT TIME ZONE $2) AS end`, [plan.day, BUSINESS_TIME_ZONE])
          : [{ start: earliest(plan, at), end: now }];
        const batchId = randomUUID();
        const posting = payoutPosting({
          batchId,
          provider,
          method,
          currency: plan.currency,
          grossMinor: plan.grossMinor,
          feesMinor: plan.feesMinor,
          payoutDate: plan.payoutDate,
        });
        const entry = posting ? await postEntry(manager, posting, actorId) : null;
        await manager.insert(ProviderSettlementBatch, {
          id: batchId,
          provider,
          windowStart: window.start,
          windowEnd: window.end,
          currency: plan.currency,
          paymentCount: plan.paymentIds.length,
          refundCount: plan.refundIds.length,
          grossMinor: plan.grossMinor,
          feesMinor: plan.feesMinor,
          netMinor: plan.grossMinor - plan.feesMinor,
          payoutDate: plan.payoutDate,
          journalEntryId: entry?.id ?? null,
          createdBy: actorId,
        });
        await manager.query(`INSERT INTO provider_settlement_batch_payments (payment_id, batch_id) SELECT unnest($1::uuid[]), $2`, [plan.paymentIds, batchId]);
        await manager.query(`INSERT INTO provider_settlement_batch_refunds (refund_id, batch_id) SELECT unnest($1::uuid[]), $2`, [plan.refundIds, batchId]);
        await manager.query(`INSERT INTO provider_settlement_batch_receipts (receipt_id, batch_id) SELECT unnest($1::uuid[]), $2`, [plan.receiptIds, batchId]);
        await manager.query(
          `INSERT INTO provider_settlement_batch_disputes (dispute_id, moment, batch_id)
           SELECT unnest($1::uuid[]), 'HELD', $3::uuid UNION ALL SELECT unnest($2::uuid[]), 'RELEASED', $3::uuid`,
          [plan.heldDisputeIds, plan.releasedDisputeIds, batchId],
        );
        created.push(batchId);
      }
      return created;
    });
    if (ids.length) this.logger.info('provider settlement batches built', { provider, batches: ids.length });
    return ids.length ? this.dataSource.getRepository(ProviderSettlementBatch).find({ where: { id: In(ids) }, order: { windowStart: 'ASC' } }) : [];
  }

  byIds(ids: readonly string[]): Promise<ProviderSettlementBatch[]> {
    return this.dataSource.getRepository(ProviderSettlementBatch).findBy({ id: In([...ids]) });
  }

  /** The payments each batch paid out. */
  async paymentIdsOf(batchIds: readonly string[]): Promise<{ batchId: string; paymentId: string }[]> {
    const rows: { batch_id: string; payment_id: string }[] = await this.dataSource.query(
      `SELECT batch_id, payment_id FROM provider_settlement_batch_payments WHERE batch_id = ANY($1::uuid[])`,
      [[...batchIds]],
    );
    return rows.map((r) => ({ batchId: r.batch_id, paymentId: r.payment_id }));
  }

  search(provider: ProviderName | null | undefined, page: PageArgs): Promise<Page<ProviderSettlementBatch>> {
    const query = this.dataSource.getRepository(ProviderSettlementBatch).createQueryBuilder('batch');
    if (provider) query.andWhere('batch.provider = :provider', { provider });
    return paginate(query, 'batch', BATCH_SORT, page);
  }
}
