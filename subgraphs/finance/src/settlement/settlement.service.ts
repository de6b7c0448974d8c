import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Clock } from '../../../../kit/clock';
import { BUSINESS_TIME_ZONE, isIsoDate, today as dateIn } from '../../../../kit/dates';
import { Violations } from '../../../../kit/errors';
import { preparedQuery } from '../../../../kit/database';
import { recordEvent } from '../../../../kit/events/outbox';
import { isUuid, uuidsOf } from '../../../../kit/ids';
import type { Logger } from '../../../../kit/logger';
import { paginate, type KeysetSort, type Page, type PageArgs } from '../../../../kit/pagination';
import { settlementPosting, settlementReversalPosting } from '../ledger/ledger.rules';
import { NEXT_ENTRY_NUMBER_SQL, postEntry } from '../ledger/ledger.service';
import { Settlement, SettlementStatus } from './settlement.entity';
import type { SettlementFilter } from './settlement.input';
import { formatSettlementNumber, formatSettlementPaymentReference, planSettlement, settlementPaymentPosting, type ClaimDecided, type ClaimReversed } from './settlement.rules';

export const SETTLEMENT_POSTED = 'finance.settlement.posted';
export const SETTLEMENT_REJECTED = 'finance.settlement.rejected';

/** Who posts settlement entries: the claims decisions finance reacts to. */
export const CLAIMS_ACTOR = 'system:claims';

export interface SettlementPostedPayload {
  claimId: string;
  settlementId: string;
  amountMinor: number;
  currency: string;
}

export interface SettlementRejectedPayload {
  claimId: string;
  reason: string;
}

export type DecisionOutcome = 'POSTED' | 'REJECTED' | 'IGNORED' | 'ALREADY_SETTLED';
export type ReversalOutcome = 'REVERSED' | 'ALREADY_REVERSED' | 'NOTHING_TO_REVERSE';

export const SETTLEMENT_SORT: KeysetSort<Settlement> = { column: 'settlement_number', property: 'settlementNumber', direction: 'DESC' };

/** Provider settlements of decided claims, and their reversal. Event handlers write in the consumer's transaction. */
export class SettlementService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  private get settlements() {
    return this.dataSource.getRepository(Settlement);
  }

  /**
   * A claim was decided: an approved amount becomes a settlement owed to the provider, booked
   * Dr Claims expense / Cr Claims payable, and `finance.settlement.posted` is recorded; what can
   * not be posted is kept as a REJECTED settlement and `finance.settlement.rejected` recorded.
   * A claim already settled (the unique claim id) changes nothing.
   */
  async onClaimDecided(manager: EntityManager, decided: ClaimDecided): Promise<DecisionOutcome> {
    const plan = planSettlement(decided);
    if (plan.kind === 'IGNORE') return 'IGNORED';
    if (!isUuid(decided.claimId)) {
      const reason = `the claim id ${String(decided.claimId)} is not valid`;
      await recordEvent<SettlementRejectedPayload>(manager, { type: SETTLEMENT_REJECTED, aggregateId: String(decided.claimId), payload: { claimId: decided.claimId, reason } });
      return 'REJECTED';
    }
    // Whether the claim is settled already, and the numbers a new settlement and its entry take, in one look.
    // Two decisions of one claim racing each other are settled by the unique claim id: the loser
    // fails, and its redelivery finds the settlement.
    const [{ settled, n, entry_n: entryNumber }] = await preparedQuery<{ settled: boolean; n: string; entry_n: string }>(
      manager,
      `SELECT EXISTS (SELECT 1 FROM settlements WHERE claim_id = $1) AS settled, nextval('settlement_number_seq') AS n, ${NEXT_ENTRY_NUMBER_SQL} AS entry_n`,
      [decided.claimId],
    );
    if (settled) {
      this.logger.info('claim already settled; decision ignored', { claimId: decided.claimId });
      return 'ALREADY_SETTLED';
    }
    const id = randomUUID();
    const decidedOn = plan.kind === 'POST' ? plan.decidedOn : this.clock.today();
    const settlementNumber = formatSettlementNumber(decidedOn, Number(n));
    const claimNumber = String(decided.claimNumber ?? '');

    if (plan.kind === 'REJECT') {
      await manager.insert(Settlement, {
        id,
        settlementNumber,
        claimId: decided.claimId,
        claimNumber,
        providerId: isUuid(decided.providerId) ? decided.providerId : null,
        memberId: isUuid(decided.memberId) ? decided.memberId : null,
        currency: String(decided.currency ?? '').slice(0, 10),
        amountMinor: Number.isSafeInteger(decided.payableMinor) ? decided.payableMinor : 0,
        status: SettlementStatus.REJECTED,
        batchDate: null,
        decidedAt: validDate(decided.decidedAt) ?? this.clock.now(),
        rejectionReason: plan.reason,
      });
      await recordEvent<SettlementRejectedPayload>(manager, {
        type: SETTLEMENT_REJECTED,
        aggregateId: decided.claimId,
        payload: { claimId: decided.claimId, reason: plan.reason },
      });
      this.logger.warn('settlement rejected', { claimId: decided.claimId, claimNumber, reason: plan.reason });
      return 'REJECTED';
    }

    const facts = { id, settlementNumber, claimNumber, memberId: plan.memberId, providerId: plan.providerId, currency: plan.currency, amountMinor: plan.amountMinor };
    const entry = await postEntry(manager, settlementPosting(facts, plan.decidedOn), CLAIMS_ACTOR, Number(entryNumber));
    await preparedQuery(
      manager,
      `INSERT INTO settlements (id, settlement_number, claim_id, claim_number, provider_id, member_id, currency, amount_minor, status,
                                batch_date, decided_at, journal_entry_id, service_date)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        id,
        settlementNumber,
        decided.claimId,
        claimNumber,
        plan.providerId,
        plan.memberId,
        plan.currency,
        plan.amountMinor,
        SettlementStatus.PENDING_PAYMENT,
        plan.batchDate,
        plan.decidedAt,
        entry.id,
        typeof decided.serviceDate === 'string' && isIsoDate(decided.serviceDate) ? decided.serviceDate : null,
      ],
    );
    await recordEvent<SettlementPostedPayload>(manager, {
      type: SETTLEMENT_POSTED,
      aggregateId: decided.claimId,
      payload: { claimId: decided.claimId, settlementId: id, amountMinor: plan.amountMinor, currency: plan.currency },
    });
    return 'POSTED';
  }

  /**
   * A claim was reversed: its settlement entry is reversed by a new entry (Dr Claims payable /
   * Cr Claims expense) pointing at it, never edited, and the settlement marked REVERSED.
   */
  async onClaimReversed(manager: EntityManager, reversed: ClaimReversed): Promise<ReversalOutcome> {
    const settlement = isUuid(reversed.claimId)
      ? await manager.findOne(Settlement, { where: { claimId: reversed.claimId }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!settlement || settlement.status === SettlementStatus.REJECTED) {
      this.logger.info('claim reversed with nothing settled; nothing to reverse', { claimId: reversed.claimId });
      return 'NOTHING_TO_REVERSE';
    }
    if (settlement.status === SettlementStatus.REVERSED) return 'ALREADY_REVERSED';
    if (reversed.payableMinor !== settlement.amountMinor) {
      // The ledger reverses what it booked, whatever the event says.
      this.logger.warn('reversal amount differs from the settlement; reversing the settlement as booked', {
        claimId: reversed.claimId,
        settlementNumber: settlement.settlementNumber,
        eventMinor: reversed.payableMinor,
        settledMinor: settlement.amountMinor,
      });
    }
    const reversedAt = validDate(reversed.reversedAt) ?? this.clock.now();
    const entry = await postEntry(
      manager,
      settlementReversalPosting(
        { ...settlement, providerId: settlement.providerId! },
        dateIn(BUSINESS_TIME_ZONE, reversedAt),
        settlement.journalEntryId,
      ),
      CLAIMS_ACTOR,
    );
    await manager.update(
      Settlement,
      { id: settlement.id },
      {
        status: SettlementStatus.REVERSED,
        reversalEntryId: entry.id,
        reversedAt,
        reversalReason: String(reversed.reason ?? '').trim() || 'Claim reversed',
      },
    );
    return 'REVERSED';
  }

  /**
   * Pays providers the settlements owed to them whose payment batch falls on or before `upTo`
   * (one provider's, or every provider's): a batch per provider and currency, one ledger entry
   * (Dr Claims payable / Cr Bank) and one reference each. Settlements are locked and skipped when
   * another run holds them, so each is paid once however runs overlap. Returns those paid.
   */
  async pay(upTo: string, providerId: string | null, actorId: string): Promise<Settlement[]> {
    const violations = new Violations();
    if (!isIsoDate(upTo)) violations.add('upTo', 'VALID_DATE', 'must be a date (YYYY-MM-DD)');
    if (providerId && !isUuid(providerId)) violations.add('providerId', 'VALID_ID', 'must be a provider id');
    violations.throwIfAny();
    const paidAt = this.clock.now();
    const paidOn = this.clock.today();
    const ids = await this.dataSource.transaction(async (manager) => {
      const query = manager
        .createQueryBuilder(Settlement, 'settlement')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where('settlement.status = :status', { status: SettlementStatus.PENDING_PAYMENT })
        .andWhere('settlement.batch_date <= :upTo', { upTo })
        .orderBy('settlement.provider_id', 'ASC')
        .addOrderBy('settlement.currency', 'ASC')
        .addOrderBy('settlement.settlement_number', 'ASC');
      if (providerId) query.andWhere('settlement.provider_id = :providerId', { providerId });
      const due = await query.getMany();
      const batches = new Map<string, Settlement[]>();
      for (const settlement of due) {
        const key = `${settlement.providerId}:${settlement.currency}`;
        batches.set(key, [...(batches.get(key) ?? []), settlement]);
      }
      for (const batch of batches.values()) {
        const [{ n }] = await preparedQuery<{ n: string }>(manager, `SELECT nextval('settlement_payment_number_seq') AS n`, []);
        const reference = formatSettlementPaymentReference(paidOn, Number(n));
        const payable = batch.map((s) => ({ settlementNumber: s.settlementNumber, memberId: s.memberId, providerId: s.providerId!, currency: s.currency, amountMinor: s.amountMinor }));
        const entry = await postEntry(manager, settlementPaymentPosting(randomUUID(), reference, paidOn, payable), actorId);
        await manager.update(
          Settlement,
          { id: In(batch.map((s) => s.id)) },
          { status: SettlementStatus.PAID, paidAt, paymentReference: reference, paymentEntryId: entry.id, paidBy: actorId },
        );
      }
      return due.map((s) => s.id);
    });
    if (ids.length > 0) this.logger.info('provider settlements paid', { upTo, providerId, settlements: ids.length });
    return ids.length ? this.settlements.find({ where: { id: In(ids) }, order: { settlementNumber: 'ASC' } }) : [];
  }

  async byIds(ids: readonly string[]): Promise<Settlement[]> {
    const valid = uuidsOf(ids);
    return valid.length ? this.settlements.findBy({ id: In(valid) }) : [];
  }

  list(filter: SettlementFilter | undefined, page: PageArgs): Promise<Page<Settlement>> {
    const query = this.settlements.createQueryBuilder('settlement');
    if (filter?.providerId) query.andWhere('settlement.provider_id = :providerId', { providerId: filter.providerId });
    if (filter?.status) query.andWhere('settlement.status = :status', { status: filter.status });
    return paginate(query, 'settlement', SETTLEMENT_SORT, page);
  }
}

function validDate(value: string): Date | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
