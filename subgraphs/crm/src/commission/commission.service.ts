import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Clock } from '../../../../kit/clock';
import { isIsoDate } from '../../../../kit/dates';
import { preparedQuery } from '../../../../kit/database';
import { Violations } from '../../../../kit/errors';
import { recordEvent } from '../../../../kit/events/outbox';
import { isUuid, uuidsOf } from '../../../../kit/ids';
import type { Logger } from '../../../../kit/logger';
import { isCurrencyCode, minorFromSql } from '../../../../kit/money';
import { paginate, type KeysetSort, type Page, type PageArgs } from '../../../../kit/pagination';
import { whereInScope, type SalesScope } from '../access';
import { Agent } from '../agent/agent.entity';
import { CommissionEntry, CommissionEntryKind } from './commission-entry.entity';
import { CommissionPayout, PayoutStatus } from './commission-payout.entity';
import { CommissionTier } from './commission-tier.entity';
import { PAYOUT_APPROVED, type PayoutApprovedPayload, type PayoutPaidPayload, type PolicyChanged } from './commission.events';
import type { CommissionEntryFilter, CreateCommissionTierInput } from './commission.input';
import { annualPremiumMinor, commissionMinor, ISSUED_STATUSES, malformedPolicyField, monthOf, payoutNets, selectTier, withinClawbackWindow } from './commission.rules';
import { PolicySale } from './policy-sale.entity';

export const ENTRY_SORT: KeysetSort<CommissionEntry> = { column: 'created_at', property: 'createdAt', direction: 'DESC' };
export const PAYOUT_SORT: KeysetSort<CommissionPayout> = { column: 'payout_number', property: 'payoutNumber', direction: 'DESC' };

export type PolicyOutcome = 'STALE' | 'RECORDED' | 'ACCRUED' | 'CLAWED_BACK' | 'ACCRUED_AND_CLAWED_BACK';

/** What settling a policy did, and what kept it from accruing (left for `reconcile`). */
interface Settlement {
  accrued: boolean;
  clawedBack: boolean;
  missing?: 'UNKNOWN_AGENT' | 'NO_TIER';
}

function outcomeOf({ accrued, clawedBack }: Settlement): PolicyOutcome {
  if (accrued && clawedBack) return 'ACCRUED_AND_CLAWED_BACK';
  if (accrued) return 'ACCRUED';
  return clawedBack ? 'CLAWED_BACK' : 'RECORDED';
}

/** Policies `reconcile` reads at a time. */
const RECONCILE_BATCH = 200;

const BAND = /^\d{1,15}$/;

/** Commission tiers, accruals and clawbacks from the schemes' policy events, and payouts through finance. */
export class CommissionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: { clawbackWindowDays: number },
  ) {}

  async createTier(input: CreateCommissionTierInput): Promise<CommissionTier> {
    const violations = new Violations();
    const currency = input.currency.trim().toUpperCase();
    if (!isCurrencyCode(currency)) violations.add('currency', 'CURRENCY_CODE', `"${input.currency}" is not an ISO 4217 currency code`);
    if (!BAND.test(input.bandFrom)) violations.add('bandFrom', 'WHOLE_NUMBER', 'must be a whole number, 0 or more');
    if (input.bandTo != null && !BAND.test(input.bandTo)) violations.add('bandTo', 'WHOLE_NUMBER', 'must be a whole number, 0 or more');
    if (!violations.any && input.bandTo != null && Number(input.bandTo) < Number(input.bandFrom)) violations.add('bandTo', 'NOT_BEFORE_FROM', 'must be at least bandFrom');
    if (input.effectiveTo && input.effectiveTo < input.effectiveFrom) violations.add('effectiveTo', 'NOT_BEFORE_FROM', 'must be on or after effectiveFrom');
    violations.throwIfAny();
    const tier = await this.dataSource.getRepository(CommissionTier).save({
      name: input.name.trim(),
      schemeId: input.schemeId ?? null,
      basis: input.basis,
      bandFrom: Number(input.bandFrom),
      bandTo: input.bandTo == null ? null : Number(input.bandTo),
      rateBps: input.rateBps,
      currency,
      effectiveFrom: input.effectiveFrom,
      effectiveTo: input.effectiveTo ?? null,
    });
    // Sales no tier applied to until now may accrue on this one.
    await this.reconcileAfterChange({});
    return tier;
  }

  /**
   * Reconciles after a change that may let sales accrue (a new agent, a new tier). The change is
   * already committed, so a failure here is logged, not returned: the scheduled job retries it.
   */
  async reconcileAfterChange(options: { agentId?: string }): Promise<void> {
    try {
      await this.reconcile(options);
    } catch (error) {
      this.logger.error('reconciling commission failed; the scheduled job retries it', { ...options, error });
    }
  }

  tiers(): Promise<CommissionTier[]> {
    return this.dataSource.getRepository(CommissionTier).find({ order: { effectiveFrom: 'DESC', name: 'ASC' } });
  }

  /**
   * Applies `schemes.policy.changed`: keeps the newest state of the policy (an older version than
   * the one held changes nothing), then settles the policy's commission from that state (see
   * `settle`). Working from the state rather than from the event makes the outcome the same
   * whatever order the versions arrive in. A malformed payload is logged and ignored.
   */
  async onPolicyChanged(manager: EntityManager, policy: PolicyChanged): Promise<PolicyOutcome> {
    const malformed = malformedPolicyField(policy);
    if (malformed) {
      this.logger.warn('malformed schemes.policy.changed ignored', { policyId: policy.id, field: malformed });
      return 'STALE';
    }
    const annual = annualPremiumMinor(policy.premiumMinor, policy.billingFrequency);
    const salesAgentId = policy.salesAgentId && isUuid(policy.salesAgentId) ? policy.salesAgentId : null;
    const applied = await preparedQuery<{ policy_id: string }>(
      manager,
      `INSERT INTO policy_sales (policy_id, policy_number, scheme_id, sales_agent_id, status, start_date, cancellation_date,
                                 billing_frequency, premium_minor, annual_premium_minor, currency, policy_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (policy_id) DO UPDATE SET
         policy_number = EXCLUDED.policy_number, scheme_id = EXCLUDED.scheme_id, sales_agent_id = EXCLUDED.sales_agent_id,
         status = EXCLUDED.status, start_date = EXCLUDED.start_date, cancellation_date = EXCLUDED.cancellation_date,
         billing_frequency = EXCLUDED.billing_frequency, premium_minor = EXCLUDED.premium_minor,
         annual_premium_minor = EXCLUDED.annual_premium_minor, currency = EXCLUDED.currency,
         policy_version = EXCLUDED.policy_version, updated_at = now()
       WHERE policy_sales.policy_version < EXCLUDED.policy_version
       RETURNING policy_id`,
      [
        policy.id,
        policy.policyNumber,
        policy.schemeId,
        salesAgentId,
        policy.status,
        policy.startDate,
        policy.cancellationDate ?? null,
        policy.billingFrequency,
        policy.premiumMinor,
        annual,
        policy.currency,
        policy.version,
      ],
    );
    if (applied.length === 0) return 'STALE';
    if (!salesAgentId) return 'RECORDED';
    const settled = await this.settle(manager, policy.id);
    if (settled.missing === 'UNKNOWN_AGENT') {
      this.logger.warn('policy sold by an agent crm does not know yet: accrued when the agent is created', { policyId: policy.id, salesAgentId });
    } else if (settled.missing === 'NO_TIER') {
      this.logger.warn('no commission tier applies to the sale yet: accrued when one is created', { policyId: policy.id, salesAgentId });
    }
    return outcomeOf(settled);
  }

  /**
   * Settles one policy's commission from its current state: a policy in any issued status, sold by
   * a known agent, accrues once; a CANCELLED one whose last day falls inside the clawback window
   * is then clawed back once. A cancellation inside the window that crm hears of first therefore
   * gives an accrual and its clawback (net zero) rather than nothing: the ledger is the same as
   * when the versions arrive in order, and the sale still shows in the agent's record.
   * The unique (policy, kind) constraint and the policy's row lock keep each entry to one.
   */
  private async settle(manager: EntityManager, policyId: string): Promise<Settlement> {
    const sale = await manager.findOne(PolicySale, { where: { policyId }, lock: { mode: 'pessimistic_write' } });
    if (!sale?.salesAgentId || !ISSUED_STATUSES.has(sale.status)) return { accrued: false, clawedBack: false };
    const accrual = await this.accrue(manager, sale, sale.salesAgentId);
    if (accrual === 'UNKNOWN_AGENT' || accrual === 'NO_TIER') return { accrued: false, clawedBack: false, missing: accrual };
    return { accrued: accrual === 'ACCRUED', clawedBack: await this.clawBack(manager, sale) };
  }

  private async accrue(manager: EntityManager, sale: PolicySale, agentId: string): Promise<'ACCRUED' | 'EXISTS' | 'UNKNOWN_AGENT' | 'NO_TIER'> {
    // The agent's row lock puts the agent's sales one after the other, so each counts the ones before it.
    const agent = await preparedQuery<{ id: string }>(manager, 'SELECT id FROM agents WHERE id = $1 FOR UPDATE', [agentId]);
    if (agent.length === 0) return 'UNKNOWN_AGENT';
    if (await manager.existsBy(CommissionEntry, { policyId: sale.policyId, kind: CommissionEntryKind.ACCRUAL })) return 'EXISTS';
    // The agent's volume in the sale's month: every sale crm knows of them that started in it, this one included.
    const month = monthOf(sale.startDate);
    const [volume] = await preparedQuery<{ policies: number; premium: string }>(
      manager,
      `SELECT count(*)::int AS policies, coalesce(sum(annual_premium_minor) FILTER (WHERE currency = $2), 0) AS premium
         FROM policy_sales WHERE sales_agent_id = $1 AND start_date BETWEEN $3 AND $4`,
      [agentId, sale.currency, month.from, month.to],
    );
    const tier = selectTier(await manager.find(CommissionTier), {
      schemeId: sale.schemeId,
      currency: sale.currency,
      soldOn: sale.startDate,
      policiesInPeriod: volume.policies,
      premiumInPeriod: minorFromSql(volume.premium),
    });
    if (!tier) return 'NO_TIER';
    const annual = sale.annualPremiumMinor;
    const inserted = await preparedQuery<{ id: string }>(
      manager,
      `INSERT INTO commission_entries (agent_id, policy_id, kind, amount_minor, currency, annual_premium_minor, rate_bps, tier_id, earned_on)
       VALUES ($1, $2, 'ACCRUAL', $3, $4, $5, $6, $7, $8)
       ON CONFLICT (policy_id, kind) DO NOTHING RETURNING id`,
      [agentId, sale.policyId, commissionMinor(annual, tier.rateBps), sale.currency, annual, tier.rateBps, tier.id, sale.startDate],
    );
    return inserted.length > 0 ? 'ACCRUED' : 'EXISTS';
  }

  private async clawBack(manager: EntityManager, sale: PolicySale): Promise<boolean> {
    if (sale.status !== 'CANCELLED' || !withinClawbackWindow(sale.startDate, sale.cancellationDate, this.options.clawbackWindowDays)) return false;
    const accrual = await manager.findOneBy(CommissionEntry, { policyId: sale.policyId, kind: CommissionEntryKind.ACCRUAL });
    if (!accrual) return false;
    const inserted = await preparedQuery<{ id: string }>(
      manager,
      `INSERT INTO commission_entries (agent_id, policy_id, kind, amount_minor, currency, annual_premium_minor, rate_bps, tier_id, earned_on)
       VALUES ($1, $2, 'CLAWBACK', $3, $4, $5, $6, $7, $8)
       ON CONFLICT (policy_id, kind) DO NOTHING RETURNING id`,
      [accrual.agentId, sale.policyId, -accrual.amountMinor, accrual.currency, accrual.annualPremiumMinor, accrual.rateBps, accrual.tierId, sale.cancellationDate],
    );
    return inserted.length > 0;
  }

  /**
   * Settles every sale whose commission is still due: sold by a known agent (`agentId`: only that
   * one) but not accrued, or cancelled inside the window but not clawed back. Run after an agent or
   * a tier is created and on a schedule, so a sale that came before its agent or tier is not lost.
   * Each policy is settled in a transaction of its own, in start-date order; one that fails is
   * logged and left for the next run.
   */
  async reconcile(options: { agentId?: string } = {}): Promise<{ accrued: number; clawedBack: number }> {
    const totals = { accrued: 0, clawedBack: 0 };
    let after: { startDate: string; policyId: string } | null = null;
    for (;;) {
      // A pre-filter only: `settle` applies the rules (the window test here mirrors withinClawbackWindow).
      const due: { policy_id: string; start_date: string }[] = await preparedQuery(
        this.dataSource,
        `SELECT s.policy_id, to_char(s.start_date, 'YYYY-MM-DD') AS start_date
           FROM policy_sales s JOIN agents a ON a.id = s.sales_agent_id
          WHERE ($1::uuid IS NULL OR s.sales_agent_id = $1) AND s.status = ANY($2)
            AND ($3::date IS NULL OR (s.start_date, s.policy_id) > ($3::date, $4::uuid))
            AND (NOT EXISTS (SELECT 1 FROM commission_entries e WHERE e.policy_id = s.policy_id AND e.kind = 'ACCRUAL')
                 OR (s.status = 'CANCELLED' AND s.cancellation_date < s.start_date + $5::int
                     AND NOT EXISTS (SELECT 1 FROM commission_entries e WHERE e.policy_id = s.policy_id AND e.kind = 'CLAWBACK')))
          ORDER BY s.start_date, s.policy_id
          LIMIT $6`,
        [options.agentId ?? null, [...ISSUED_STATUSES], after?.startDate ?? null, after?.policyId ?? null, this.options.clawbackWindowDays, RECONCILE_BATCH],
      );
      for (const row of due) {
        try {
          const settled = await this.dataSource.transaction((manager) => this.settle(manager, row.policy_id));
          if (settled.accrued) totals.accrued += 1;
          if (settled.clawedBack) totals.clawedBack += 1;
        } catch (error) {
          this.logger.error('settling a policy’s commission failed; retried on the next run', { policyId: row.policy_id, error });
        }
      }
      if (due.length < RECONCILE_BATCH) break;
      after = { startDate: due[due.length - 1].start_date, policyId: due[due.length - 1].policy_id };
    }
    if (totals.accrued || totals.clawedBack) this.logger.info('commission reconciled', { ...totals, agentId: options.agentId });
    return totals;
  }

  /**
   * Approves an agent's commission up to `periodEnd`: every accrual and clawback not yet in a
   * payout, netted per currency. A positive net becomes an APPROVED payout (and
   * `crm.commission.payout-approved` for finance to pay); a zero or negative net stays unpaid and
   * carries forward. The agent's row lock makes two approvals one after the other, so nothing is paid twice.
   */
  async approvePayout(agentId: string, periodEnd: string, actorId: string): Promise<CommissionPayout[]> {
    const violations = new Violations();
    if (!isIsoDate(periodEnd)) violations.add('periodEnd', 'DATE', 'must be a date (YYYY-MM-DD)');
    if (!isUuid(agentId)) violations.add('agentId', 'EXISTS', `agent ${agentId} does not exist`);
    violations.throwIfAny();
    const ids = await this.dataSource.transaction(async (manager) => {
      const agent = await manager.findOne(Agent, { where: { id: agentId }, lock: { mode: 'pessimistic_write' } });
      if (!agent) new Violations().add('agentId', 'EXISTS', `agent ${agentId} does not exist`).throwIfAny();
      const entries = await manager
        .getRepository(CommissionEntry)
        .createQueryBuilder('entry')
        .where('entry.agent_id = :agentId AND entry.payout_id IS NULL AND entry.earned_on <= :periodEnd', { agentId, periodEnd })
        .getMany();
      const approvedAt = this.clock.now();
      const created: string[] = [];
      for (const [currency, net] of payoutNets(entries)) {
        if (net <= 0) continue;
        const mine = entries.filter((e) => e.currency === currency);
        const periodStart = mine.reduce((min, e) => (e.earnedOn < min ? e.earnedOn : min), periodEnd);
        const [{ n }] = await manager.query(`SELECT nextval('commission_payout_number_seq') AS n`);
        const payout = manager.create(CommissionPayout, {
          payoutNumber: `CPO-${periodEnd.slice(0, 4)}-${String(n).padStart(6, '0')}`,
          agentId,
          periodStart,
          periodEnd,
          amountMinor: net,
          currency,
          status: PayoutStatus.APPROVED,
          approvedBy: actorId,
          approvedAt,
          bankReference: null,
          paidAt: null,
          paidAmountMinor: null,
          paidCurrency: null,
          amountMismatch: false,
        });
        await manager.save(payout);
        await manager.update(CommissionEntry, { id: In(mine.map((e) => e.id)) }, { payoutId: payout.id });
        await recordEvent<PayoutApprovedPayload>(manager, {
          type: PAYOUT_APPROVED,
          aggregateId: payout.id,
          payload: {
            payoutId: payout.id,
            agentId,
            agentCode: agent!.agentCode,
            agentName: agent!.name,
            periodStart,
            periodEnd,
            amountMinor: net,
            currency,
            approvedAt: approvedAt.toISOString(),
          },
        });
        created.push(payout.id);
      }
      return created;
    });
    return this.payoutsByIds(ids);
  }

  /**
   * Finance paid a payout: it becomes PAID, once, with the amount finance says it paid; a payout
   * paid for another amount or currency than approved is flagged (`amountMismatch`). A payout
   * already paid or unknown changes nothing.
   */
  async onPayoutPaid(manager: EntityManager, paid: PayoutPaidPayload): Promise<boolean> {
    if (!isUuid(paid.payoutId)) return false;
    const payout = await manager.findOne(CommissionPayout, { where: { id: paid.payoutId }, lock: { mode: 'pessimistic_write' } });
    if (!payout) {
      this.logger.warn('finance paid an unknown commission payout', { payoutId: paid.payoutId });
      return false;
    }
    if (payout.status === PayoutStatus.PAID) return false;
    // Finance's word is what was paid: keep it, and flag a payout paid otherwise than approved for someone to reconcile.
    const paidAmountMinor = Number.isSafeInteger(paid.amountMinor) ? paid.amountMinor : null;
    const paidCurrency = typeof paid.currency === 'string' && isCurrencyCode(paid.currency) ? paid.currency : null;
    const amountMismatch = paidAmountMinor !== payout.amountMinor || paidCurrency !== payout.currency;
    if (amountMismatch) {
      this.logger.warn('commission payout paid for a different amount than approved: flagged for reconciliation', {
        payoutId: payout.id,
        approvedMinor: payout.amountMinor,
        approvedCurrency: payout.currency,
        paidMinor: paid.amountMinor,
        paidCurrency: paid.currency,
      });
    }
    const paidAt = new Date(paid.paidAt);
    await manager.update(
      CommissionPayout,
      { id: payout.id },
      {
        status: PayoutStatus.PAID,
        bankReference: String(paid.bankReference ?? '').slice(0, 200) || null,
        paidAt: Number.isNaN(paidAt.getTime()) ? this.clock.now() : paidAt,
        paidAmountMinor,
        paidCurrency,
        amountMismatch,
      },
    );
    return true;
  }

  async payoutsByIds(ids: readonly string[]): Promise<CommissionPayout[]> {
    const valid = uuidsOf(ids);
    if (!valid.length) return [];
    const rows = await this.dataSource.getRepository(CommissionPayout).findBy({ id: In(valid) });
    return rows.sort((a, b) => a.payoutNumber.localeCompare(b.payoutNumber));
  }

  async tiersByIds(ids: readonly string[]): Promise<CommissionTier[]> {
    const valid = uuidsOf(ids);
    return valid.length ? this.dataSource.getRepository(CommissionTier).findBy({ id: In(valid) }) : [];
  }

  entries(filter: CommissionEntryFilter | undefined, page: PageArgs, scope: SalesScope): Promise<Page<CommissionEntry>> {
    const query = this.dataSource.getRepository(CommissionEntry).createQueryBuilder('entry');
    whereInScope(query, 'entry.agent_id', scope);
    if (filter?.agentId) query.andWhere('entry.agent_id = :agentId', { agentId: filter.agentId });
    if (filter?.kind) query.andWhere('entry.kind = :kind', { kind: filter.kind });
    if (filter?.unpaidOnly) query.andWhere('entry.payout_id IS NULL');
    return paginate(query, 'entry', ENTRY_SORT, page);
  }

  payouts(agentId: string | null | undefined, page: PageArgs, scope: SalesScope): Promise<Page<CommissionPayout>> {
    const query = this.dataSource.getRepository(CommissionPayout).createQueryBuilder('payout');
    whereInScope(query, 'payout.agent_id', scope);
    if (agentId) {
      if (!isUuid(agentId)) new Violations().add('agentId', 'VALID_ID', `"${agentId}" is not an agent id`).throwIfAny();
      query.andWhere('payout.agent_id = :agentId', { agentId });
    }
    return paginate(query, 'payout', PAYOUT_SORT, page);
  }
}

