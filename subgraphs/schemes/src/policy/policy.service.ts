import { In, type DataSource, type EntityManager } from 'typeorm';
import { systemClock, type Clock } from '../../../../kit/clock';
import { addDays, isIsoDate, today as dateIn, BUSINESS_TIME_ZONE } from '../../../../kit/dates';
import { ConflictError, InvalidTransitionError, NotFoundError, Violations } from '../../../../kit/errors';
import { createLogger, type Logger } from '../../../../kit/logger';
import { runIdempotent } from '../../../../kit/idempotency';
import { paginate, type Page, type PageArgs } from '../../../../kit/pagination';
import { readAmount } from '../amounts';
import { isUuid, uuidsOf } from '../../../../kit/ids';
import { Scheme } from '../scheme/scheme.entity';
import { datedKey, type DatedKey, type SchemeService } from '../scheme/scheme.service';
import { SchemeVersion } from '../scheme/scheme-version.entity';
import { Coverage } from './coverage';
import { PolicyEvent, PolicyEventType } from './policy-event.entity';
import { PolicyMember } from './policy-member.entity';
import { Policy, PolicyStatus } from './policy.entity';
import type {
  AddCoveredMemberInput,
  CancelPolicyInput,
  IssuePolicyInput,
  PolicyFilter,
  PolicyLifecycleInput,
  RemoveCoveredMemberInput,
} from './policy.input';
import { recordPoliciesChanged } from './policy.events';
import {
  actionOnPremiumPaid,
  checkIssue,
  checkMemberAddition,
  checkMemberRemoval,
  defaultEndDate,
  planPolicyTransition,
  type PolicyAction,
} from './policy.rules';

export interface PolicyServiceOptions {
  policyNumberPrefix: string;
  /** Business time; tests can pin it. */
  clock?: Clock;
  logger?: Logger;
}

/** Who changes a policy when finance reports on its premiums. */
export const FINANCE_ACTOR = 'system:finance';

/** A premium invoice cleared by payment, as finance reports it. */
export interface PremiumPaid {
  invoiceId: string;
  invoiceNumber: string;
  policyId: string;
  paidAt: string;
}

/** A premium invoice unpaid past its due date plus the grace period, as finance reports it. */
export interface PremiumOverdue {
  invoiceId: string;
  invoiceNumber: string;
  policyId: string;
  dueDate: string;
  daysOverdue: number;
}

/** What an event from finance did to the policy. */
export type PremiumOutcome = 'ACTIVATED' | 'REINSTATED' | 'SUSPENDED' | 'UNCHANGED' | 'REFUSED' | 'UNKNOWN_POLICY';

/** Issuing policies, their covered members and lifecycle. Every write is one transaction. */
export class PolicyService {
  private readonly today: () => string;
  private readonly logger: Logger;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schemes: SchemeService,
    private readonly options: PolicyServiceOptions,
  ) {
    const clock = options.clock ?? systemClock;
    this.today = () => clock.today();
    this.logger = options.logger ?? createLogger({ service: 'schemes' });
  }

  private get policies() {
    return this.dataSource.getRepository(Policy);
  }

  /** Issues a PENDING policy on a published version; retried with the same key, it acts once. */
  issue(input: IssuePolicyInput, actorId: string, idempotencyKey?: string | null): Promise<Policy> {
    return runIdempotent(this.dataSource, {
      operation: 'issuePolicy',
      key: idempotencyKey,
      request: input,
      load: (id) => this.get(id),
      run: async (manager) => {
        const violations = new Violations();
        const scheme = isUuid(input.schemeId) ? await manager.findOneBy(Scheme, { id: input.schemeId }) : null;
        if (!scheme) violations.add('schemeId', 'EXISTS', `scheme ${input.schemeId} does not exist`).throwIfAny();
        if (!isUuid(input.holderMemberId)) violations.add('holderMemberId', 'VALID_ID', `"${input.holderMemberId}" is not a member id`);
        if (input.companyId && !isUuid(input.companyId)) violations.add('companyId', 'VALID_ID', `"${input.companyId}" is not a company id`);
        if (input.salesAgentId && !isUuid(input.salesAgentId)) violations.add('salesAgentId', 'VALID_ID', `"${input.salesAgentId}" is not a sales agent id`);
        const version = await this.versionFor(manager, scheme!, input);
        const endDate = input.endDate ?? defaultEndDate(input.startDate, scheme!.benefitPeriod);
        const memberIds = [...new Set([input.holderMemberId, ...input.coveredMemberIds])];
        checkIssue({ scheme: scheme!, version, companyId: input.companyId ?? null, startDate: input.startDate, endDate, memberIds }, violations);
        const premium = readAmount(input.premium, 'premium', scheme!.currency, violations);
        if (!violations.any) await this.checkNoOverlap(manager, memberIds, input.startDate, endDate, 'coveredMemberIds', violations);
        violations.throwIfAny();

        const policy = manager.create(Policy, {
          policyNumber: await this.nextPolicyNumber(manager, input.startDate),
          schemeId: scheme!.id,
          schemeVersionId: version!.id,
          holderMemberId: input.holderMemberId,
          companyId: input.companyId ?? null,
          startDate: input.startDate,
          endDate,
          cancellationDate: null,
          status: PolicyStatus.PENDING,
          billingFrequency: input.billingFrequency,
          currency: scheme!.currency,
          premiumMinor: premium!,
          salesAgentId: input.salesAgentId ?? null,
        });
        await manager.insert(Policy, policy);
        await this.insertCover(
          manager,
          memberIds.map((memberId) => ({ policyId: policy.id, memberId, coveredFrom: input.startDate, coveredTo: endDate })),
        );
        await this.record(manager, policy, null, PolicyEventType.ISSUED, actorId, `Issued on ${scheme!.code} version ${version!.versionNumber}`, input.startDate);
        return policy.id;
      },
    });
  }

  private async versionFor(manager: EntityManager, scheme: Scheme, input: IssuePolicyInput): Promise<SchemeVersion | null> {
    if (input.schemeVersionId) {
      const version = isUuid(input.schemeVersionId) ? await manager.findOneBy(SchemeVersion, { id: input.schemeVersionId }) : null;
      if (!version) new Violations().add('schemeVersionId', 'EXISTS', `scheme version ${input.schemeVersionId} does not exist`).throwIfAny();
      return version;
    }
    const key = { id: scheme.id, on: input.startDate };
    return (await this.schemes.versionsInEffect([key])).get(key) ?? null;
  }

  async addMember(input: AddCoveredMemberInput, actorId: string): Promise<Policy> {
    await this.dataSource.transaction(async (manager) => {
      const policy = await this.lock(manager, input.policyId);
      const coveredFrom = input.coveredFrom ?? maxDate(this.today(), policy.startDate);
      const [{ covered }] = await manager.query(
        'SELECT count(DISTINCT member_id)::int AS covered FROM policy_members WHERE policy_id = $1 AND covered_to >= $2 AND covered_to >= covered_from',
        [policy.id, coveredFrom],
      );
      const violations = new Violations();
      checkMemberAddition(policy, { memberId: input.memberId, coveredFrom, coveredMembers: covered }, violations);
      const premium = readAmount(input.premium, 'premium', policy.currency, violations);
      if (!violations.any) await this.checkNoOverlap(manager, [input.memberId], coveredFrom, policy.endDate, 'memberId', violations);
      violations.throwIfAny();
      await this.insertCover(manager, [{ policyId: policy.id, memberId: input.memberId, coveredFrom, coveredTo: policy.endDate }]);
      // A change of cover is a change of the policy: the update moves its version on either way.
      await manager.update(Policy, { id: policy.id }, premium !== null ? { premiumMinor: premium } : { updatedAt: new Date() });
      await this.record(manager, policy, policy.status, PolicyEventType.MEMBER_ADDED, actorId, input.reason?.trim() || 'Member added', coveredFrom, input.memberId);
    });
    return this.get(input.policyId);
  }

  async removeMember(input: RemoveCoveredMemberInput, actorId: string): Promise<Policy> {
    await this.dataSource.transaction(async (manager) => {
      const policy = await this.lock(manager, input.policyId);
      const lastDayOfCover = input.lastDayOfCover ?? this.today();
      const window = isUuid(input.memberId)
        ? await manager
            .createQueryBuilder(PolicyMember, 'pm')
            .where('pm.policy_id = :policyId AND pm.member_id = :memberId', { policyId: policy.id, memberId: input.memberId })
            .andWhere('pm.covered_from <= CAST(:day AS date) + 1 AND pm.covered_to >= :day', { day: lastDayOfCover })
            .andWhere('pm.covered_to >= pm.covered_from')
            .getOne()
        : null;
      const violations = new Violations();
      checkMemberRemoval(policy, { memberId: input.memberId, lastDayOfCover, window }, violations);
      const premium = readAmount(input.premium, 'premium', policy.currency, violations);
      violations.throwIfAny();
      await manager.update(PolicyMember, { id: window!.id }, { coveredTo: lastDayOfCover });
      await manager.update(Policy, { id: policy.id }, premium !== null ? { premiumMinor: premium } : { updatedAt: new Date() });
      await this.record(manager, policy, policy.status, PolicyEventType.MEMBER_REMOVED, actorId, input.reason.trim(), lastDayOfCover, input.memberId);
    });
    return this.get(input.policyId);
  }

  activate(input: PolicyLifecycleInput, actorId: string) {
    return this.transition('activate', input.policyId, input.reason, input.effectiveDate ?? this.today(), actorId);
  }

  suspend(input: PolicyLifecycleInput, actorId: string) {
    return this.transition('suspend', input.policyId, input.reason, input.effectiveDate ?? this.today(), actorId);
  }

  expire(input: PolicyLifecycleInput, actorId: string) {
    return this.transition('expire', input.policyId, input.reason, input.effectiveDate ?? this.today(), actorId);
  }

  /** Cancels cover after `lastDayOfCover`: every covered member's window ends there too. */
  cancel(input: CancelPolicyInput, actorId: string) {
    return this.transition('cancel', input.policyId, input.reason, input.lastDayOfCover ?? this.today(), actorId);
  }

  private async transition(action: PolicyAction, policyId: string, reason: string, effectiveDate: string, actorId: string): Promise<Policy> {
    await this.dataSource.transaction(async (manager) => {
      const policy = await this.lock(manager, policyId);
      await this.transitionLocked(manager, policy, action, reason.trim(), effectiveDate, actorId);
    });
    return this.get(policyId);
  }

  /**
   * Applies a lifecycle change the rules allow to a policy locked in the caller's transaction.
   * `forArrears` marks a suspension for unpaid premiums; any other change clears the mark.
   */
  private async transitionLocked(
    manager: EntityManager,
    policy: Policy,
    action: PolicyAction,
    reason: string,
    effectiveDate: string,
    actorId: string,
    forArrears = false,
  ): Promise<void> {
    const plan = planPolicyTransition(action, policy, effectiveDate);
    const from = policy.status;
    policy.status = plan.to;
    const premiumInArrears = action === 'suspend' && forArrears;
    if (action === 'cancel') {
      await manager.update(Policy, { id: policy.id }, { status: plan.to, premiumInArrears, cancellationDate: effectiveDate });
      // A window that had not begun by then becomes empty (covered_to = covered_from - 1).
      await manager.query(
        `UPDATE policy_members SET covered_to = greatest(covered_from - 1, least(covered_to, $2::date))
         WHERE policy_id = $1 AND covered_to > $2::date`,
        [policy.id, effectiveDate],
      );
    } else {
      await manager.update(Policy, { id: policy.id }, { status: plan.to, premiumInArrears });
    }
    await this.record(manager, policy, from, plan.event, actorId, reason, effectiveDate);
  }

  /**
   * Finance cleared a premium invoice (in the consumer's transaction): a PENDING policy is
   * activated, one suspended for arrears is reinstated, an ACTIVE one stays as it is. A change
   * the lifecycle rules refuse is logged and skipped, so the event is not retried for ever.
   */
  async onPremiumPaid(manager: EntityManager, paid: PremiumPaid): Promise<PremiumOutcome> {
    const policy = await this.lockIfKnown(manager, paid.policyId);
    if (!policy) {
      this.logger.warn('premium paid for an unknown policy; ignored', { policyId: paid.policyId, invoiceNumber: paid.invoiceNumber });
      return 'UNKNOWN_POLICY';
    }
    const action = actionOnPremiumPaid(policy);
    if (!action) {
      if (policy.status !== PolicyStatus.ACTIVE) {
        this.logger.info('premium paid; policy left as it is', { policyNumber: policy.policyNumber, status: policy.status, invoiceNumber: paid.invoiceNumber });
      }
      return 'UNCHANGED';
    }
    const paidOn = businessDateOf(paid.paidAt) ?? this.today();
    const reason =
      action === 'activate'
        ? `Premium invoice ${paid.invoiceNumber} paid`
        : `Premium arrears cleared: invoice ${paid.invoiceNumber} paid`;
    // Cover paid for in advance starts with the policy, not on the day of payment.
    const effectiveDate = action === 'activate' ? maxDate(paidOn, policy.startDate) : paidOn;
    const done = await this.premiumTransition(manager, policy, action, reason, effectiveDate, paid.invoiceNumber);
    if (!done) return 'REFUSED';
    return action === 'activate' ? 'ACTIVATED' : 'REINSTATED';
  }

  /** Finance found a premium invoice unpaid past grace: an ACTIVE policy is suspended for arrears. */
  async onPremiumOverdue(manager: EntityManager, overdue: PremiumOverdue): Promise<PremiumOutcome> {
    const policy = await this.lockIfKnown(manager, overdue.policyId);
    if (!policy) {
      this.logger.warn('premium overdue for an unknown policy; ignored', { policyId: overdue.policyId, invoiceNumber: overdue.invoiceNumber });
      return 'UNKNOWN_POLICY';
    }
    // The day finance looked: the due date plus the days it found the invoice overdue.
    const effectiveDate = isIsoDate(overdue.dueDate) && Number.isInteger(overdue.daysOverdue) ? addDays(overdue.dueDate, overdue.daysOverdue) : this.today();
    const reason = `Premium invoice ${overdue.invoiceNumber} unpaid ${overdue.daysOverdue} days after its due date ${overdue.dueDate}`;
    const done = await this.premiumTransition(manager, policy, 'suspend', reason, effectiveDate, overdue.invoiceNumber, true);
    return done ? 'SUSPENDED' : 'REFUSED';
  }

  private async premiumTransition(
    manager: EntityManager,
    policy: Policy,
    action: PolicyAction,
    reason: string,
    effectiveDate: string,
    invoiceNumber: string,
    forArrears = false,
  ): Promise<boolean> {
    try {
      await this.transitionLocked(manager, policy, action, reason, effectiveDate, FINANCE_ACTOR, forArrears);
      return true;
    } catch (error) {
      if (!(error instanceof InvalidTransitionError)) throw error;
      this.logger.warn('policy change from a premium event refused by the lifecycle rules; skipped', {
        policyNumber: policy.policyNumber,
        action,
        invoiceNumber,
        reason: error.message,
      });
      return false;
    }
  }

  private async lockIfKnown(manager: EntityManager, policyId: string): Promise<Policy | null> {
    return isUuid(policyId) ? manager.findOne(Policy, { where: { id: policyId }, lock: { mode: 'pessimistic_write' } }) : null;
  }

  private async lock(manager: EntityManager, policyId: string): Promise<Policy> {
    const policy = await this.lockIfKnown(manager, policyId);
    if (!policy) throw new NotFoundError('Policy', policyId);
    return policy;
  }

  /** A member is covered by at most one policy on any day; names each clash. */
  private async checkNoOverlap(manager: EntityManager, memberIds: string[], from: string, to: string, field: string, violations: Violations) {
    const clashes: { member_id: string; policy_number: string; covered_from: string; covered_to: string }[] = await manager.query(
      `SELECT pm.member_id, p.policy_number, pm.covered_from::text AS covered_from, pm.covered_to::text AS covered_to
       FROM policy_members pm JOIN policies p ON p.id = pm.policy_id
       WHERE pm.member_id = ANY($1) AND pm.covered_from <= $3 AND pm.covered_to >= $2 AND pm.covered_to >= pm.covered_from
       ORDER BY pm.member_id, pm.covered_from`,
      [memberIds.filter(isUuid), from, to],
    );
    for (const clash of clashes) {
      violations.add(
        field,
        'NO_OVERLAPPING_COVER',
        `member ${clash.member_id} is already covered by policy ${clash.policy_number} from ${clash.covered_from} to ${clash.covered_to}`,
      );
    }
  }

  /** Inserts cover windows; the exclusion constraint catches a concurrent overlapping write. */
  private async insertCover(manager: EntityManager, rows: Partial<PolicyMember>[]): Promise<void> {
    try {
      await manager.insert(PolicyMember, rows);
    } catch (error) {
      if ((error as { code?: string }).code === '23P01') {
        throw new ConflictError('A member would be covered by two policies on the same day', { field: 'memberId', rule: 'NO_OVERLAPPING_COVER' });
      }
      throw error;
    }
  }

  private async nextPolicyNumber(manager: EntityManager, startDate: string): Promise<string> {
    const [{ n }] = await manager.query(`SELECT nextval('policy_number_seq')::int AS n`);
    return `${this.options.policyNumberPrefix}-${startDate.slice(0, 4)}-${String(n).padStart(5, '0')}`;
  }

  /** Records a change in the policy's history and tells the other domains, in the same transaction. */
  private async record(
    manager: EntityManager,
    policy: Policy,
    from: PolicyStatus | null,
    type: PolicyEventType,
    actorId: string,
    reason: string,
    effectiveDate: string,
    memberId: string | null = null,
  ): Promise<void> {
    await manager.insert(PolicyEvent, { policyId: policy.id, type, fromStatus: from, toStatus: policy.status, memberId, actorId, reason, effectiveDate });
    await recordPoliciesChanged(manager, [policy.id]);
  }

  async get(id: string): Promise<Policy> {
    const policy = isUuid(id) ? await this.policies.findOneBy({ id }) : null;
    if (!policy) throw new NotFoundError('Policy', id);
    return policy;
  }

  async byIds(ids: readonly string[]): Promise<Policy[]> {
    const valid = uuidsOf(ids);
    return valid.length ? this.policies.findBy({ id: In(valid) }) : [];
  }

  byNumber(policyNumber: string): Promise<Policy | null> {
    return this.policies.findOneBy({ policyNumber: policyNumber.trim().toUpperCase() });
  }

  async membersOf(policyIds: readonly string[]): Promise<PolicyMember[]> {
    const valid = uuidsOf(policyIds);
    return valid.length
      ? this.dataSource.getRepository(PolicyMember).find({ where: { policyId: In(valid) }, order: { coveredFrom: 'ASC', createdAt: 'ASC' } })
      : [];
  }

  async eventsOf(policyIds: readonly string[]): Promise<PolicyEvent[]> {
    const valid = uuidsOf(policyIds);
    return valid.length
      ? this.dataSource.getRepository(PolicyEvent).find({ where: { policyId: In(valid) }, order: { recordedAt: 'ASC', id: 'ASC' } })
      : [];
  }

  /** The cover of each (member, day) in one statement; the exclusion constraint makes it unique. */
  async coverage(keys: readonly DatedKey[]): Promise<Map<DatedKey, Coverage | null>> {
    const asked = keys.filter((k) => isUuid(k.id));
    const found = new Map<string, Coverage>();
    if (asked.length > 0) {
      const rows: {
        member_id: string;
        day: string;
        policy_id: string;
        covered_from: string;
        covered_to: string;
        scheme_id: string;
        scheme_version_id: string;
        status: PolicyStatus;
      }[] = await this.dataSource.query(
        `SELECT k.member_id, k.day::text AS day, pm.policy_id, pm.covered_from::text AS covered_from, pm.covered_to::text AS covered_to,
                p.scheme_id, p.scheme_version_id, p.status
         FROM unnest($1::uuid[], $2::date[]) AS k (member_id, day)
         JOIN policy_members pm ON pm.member_id = k.member_id AND k.day BETWEEN pm.covered_from AND pm.covered_to
         JOIN policies p ON p.id = pm.policy_id`,
        [asked.map((k) => k.id), asked.map((k) => k.on)],
      );
      for (const row of rows) {
        found.set(
          datedKey({ id: row.member_id, on: row.day }),
          Object.assign(new Coverage(), {
            memberId: row.member_id,
            on: row.day,
            status: row.status,
            period: { start: row.covered_from, end: row.covered_to },
            policyId: row.policy_id,
            schemeId: row.scheme_id,
            schemeVersionId: row.scheme_version_id,
          }),
        );
      }
    }
    return new Map(keys.map((key) => [key, found.get(datedKey(key)) ?? null]));
  }

  /** Every policy that covers or covered each member, newest first. */
  async ofMembers(memberIds: readonly string[]): Promise<Map<string, Policy[]>> {
    const valid = uuidsOf(memberIds);
    const byMember = new Map<string, Policy[]>(memberIds.map((id) => [id, []]));
    if (valid.length === 0) return byMember;
    const pairs: { member_id: string; policy_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT pm.member_id, pm.policy_id, p.start_date, p.policy_number
       FROM policy_members pm JOIN policies p ON p.id = pm.policy_id
       WHERE pm.member_id = ANY($1)
       ORDER BY p.start_date DESC, p.policy_number DESC`,
      [valid],
    );
    const policies = new Map((await this.byIds(pairs.map((p) => p.policy_id))).map((p) => [p.id, p]));
    for (const pair of pairs) byMember.get(pair.member_id)?.push(policies.get(pair.policy_id)!);
    return byMember;
  }

  list(filter: PolicyFilter | undefined, page: PageArgs): Promise<Page<Policy>> {
    const query = this.policies.createQueryBuilder('policy');
    const ids: [keyof PolicyFilter, string][] = [
      ['schemeId', 'scheme_id'],
      ['schemeVersionId', 'scheme_version_id'],
      ['companyId', 'company_id'],
      ['holderMemberId', 'holder_member_id'],
    ];
    for (const [field, column] of ids) {
      const value = filter?.[field];
      if (!value) continue;
      if (!isUuid(value)) query.andWhere('false');
      else query.andWhere(`policy.${column} = :${field}`, { [field]: value });
    }
    if (filter?.memberId) {
      if (!isUuid(filter.memberId)) query.andWhere('false');
      else query.andWhere('EXISTS (SELECT 1 FROM policy_members pm WHERE pm.policy_id = policy.id AND pm.member_id = :memberId)', { memberId: filter.memberId });
    }
    if (filter?.status) query.andWhere('policy.status = :status', { status: filter.status });
    if (filter?.search) {
      query.andWhere('policy.policy_number ILIKE :search', { search: `%${filter.search.trim().replace(/[%_\\]/g, '\\$&')}%` });
    }
    return paginate(query, 'policy', { column: 'policy_number', property: 'policyNumber', direction: 'ASC' }, page);
  }
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

/** The business day of an instant, or null when it is not one. */
function businessDateOf(instant: string): string | null {
  const at = new Date(instant);
  return Number.isNaN(at.getTime()) ? null : dateIn(BUSINESS_TIME_ZONE, at);
}

