import { randomUUID } from 'node:crypto';
import { In, LessThan, type DataSource, type EntityManager } from 'typeorm';
import { systemClock, type Clock } from '../../../../kit/clock';
import { addDays, isIsoDate } from '../../../../kit/dates';
import { InvalidTransitionError, NotFoundError, ValidationError, Violations } from '../../../../kit/errors';
import { isUuid } from '../../../../kit/ids';
import { runIdempotent } from '../../../../kit/idempotency';
import { readMoneyInput } from '../../../../kit/money';
import { paginate, type KeysetSort, type Page, type PageArgs } from '../../../../kit/pagination';
import type { PreauthorisationFacts } from '../adjudication/engine/types';
import { normaliseDiagnosisCode } from '../claim/intake';
import type { DiagnosisService } from '../diagnosis/diagnosis.service';
import { CLAIM_BENEFIT_CATEGORIES } from '../service-catalogue/benefit-category';
import { Preauthorisation, PreauthStatus } from './preauthorisation.entity';
import { recordPreauthorisationDecided } from './preauthorisation.events';
import type { ApprovePreauthorisationInput, PreauthorisationFilter, RequestPreauthorisationInput } from './preauthorisation.input';
import { checkDiagnoses, checkValidity, escalationFor, MAX_RETROSPECTIVE_DAYS, OPEN_STATUSES } from './preauthorisation.rules';

export interface PreauthorisationServiceOptions {
  /** Requests unanswered for longer than this are escalated. */
  escalateAfterMinutes: number;
  diagnoses: DiagnosisService;
  clock?: Clock;
}

/** Newest first; numbers come from a sequence. */
const PREAUTH_ORDER: KeysetSort<Preauthorisation> = { column: 'preauth_number', property: 'preauthNumber', direction: 'DESC' };

/** Requests, answers, escalation and expiry of pre-authorisations, and their use by claims. */
export class PreauthorisationService {
  constructor(private readonly dataSource: DataSource, private readonly options: PreauthorisationServiceOptions) {}

  private get clock(): Clock {
    return this.options.clock ?? systemClock;
  }

  private get repository() {
    return this.dataSource.getRepository(Preauthorisation);
  }

  /** Records a request as REQUESTED with the next number; a retry with the same key returns the first. */
  request(input: RequestPreauthorisationInput, actorId: string, idempotencyKey?: string | null): Promise<Preauthorisation> {
    return runIdempotent(this.dataSource, {
      operation: 'requestPreauthorisation',
      key: idempotencyKey,
      request: input,
      load: (id) => this.get(id),
      run: async (manager) => {
        const today = this.clock.today();
        const violations = new Violations();
        if (!isUuid(input.memberId ?? '')) violations.add('memberId', 'VALID_ID', `"${input.memberId}" is not a valid id`);
        if (!isUuid(input.providerId ?? '')) violations.add('providerId', 'VALID_ID', `"${input.providerId}" is not a valid id`);
        if (!CLAIM_BENEFIT_CATEGORIES.includes(input.benefitCategory)) violations.add('benefitCategory', 'VALID_BENEFIT_CATEGORY', 'is not a benefit category');
        const amount = readMoneyInput(input.estimatedAmount, 'estimatedAmount', violations);
        if (!isIsoDate(input.plannedDate)) violations.add('plannedDate', 'VALID_DATE', 'must be a date (YYYY-MM-DD)');
        else if (input.plannedDate < addDays(today, -MAX_RETROSPECTIVE_DAYS)) {
          violations.add('plannedDate', 'NOT_LONG_PAST', `care given more than ${MAX_RETROSPECTIVE_DAYS} days ago is claimed, not pre-authorised`);
        }
        const named = input.diagnosisCodes.map(normaliseDiagnosisCode).filter((c): c is string => Boolean(c));
        const diagnosisCodes = checkDiagnoses(input.diagnosisCodes, await this.options.diagnoses.byCodes(named, manager), violations);
        violations.throwIfAny();
        const [{ number }] = await manager.query(`SELECT nextval('preauthorisation_number_seq') AS number`);
        const id = randomUUID();
        await manager.insert(Preauthorisation, {
          id,
          preauthNumber: `PA-${today.slice(0, 4)}-${String(number).padStart(6, '0')}`,
          memberId: input.memberId.toLowerCase(),
          providerId: input.providerId.toLowerCase(),
          benefitCategory: input.benefitCategory,
          currency: amount!.currency,
          estimatedMinor: amount!.minor,
          diagnosisCodes,
          plannedDate: input.plannedDate,
          notes: input.notes?.trim() || null,
          status: PreauthStatus.REQUESTED,
          requestedAt: this.clock.now(),
          requestedBy: actorId,
          usedMinor: 0,
        });
        return id;
      },
    });
  }

  /** An open request (REQUESTED or ESCALATED) → APPROVED for an amount and a validity window. */
  approve(id: string, input: ApprovePreauthorisationInput, actorId: string): Promise<Preauthorisation> {
    return this.decide(id, 'approve', async (manager, preauth) => {
      const violations = new Violations();
      const amount = readMoneyInput(input.approvedAmount, 'approvedAmount', violations, { currency: preauth.currency, currencyOwner: 'the request' });
      checkValidity(input.validFrom, input.validTo, this.clock.today(), violations);
      violations.throwIfAny();
      await manager.update(Preauthorisation, { id: preauth.id }, {
        status: PreauthStatus.APPROVED,
        approvedMinor: amount!.minor,
        validFrom: input.validFrom,
        validTo: input.validTo,
        decisionNote: input.note?.trim() || null,
        decidedAt: this.clock.now(),
        decidedBy: actorId,
      });
    });
  }

  /** An open request → DENIED, with the reason. */
  deny(id: string, reason: string, actorId: string): Promise<Preauthorisation> {
    return this.decide(id, 'deny', async (manager, preauth) => {
      const text = reason.trim();
      if (text.length < 3) throw new ValidationError([{ field: 'reason', rule: 'REQUIRED', message: 'say why the request is denied' }]);
      await manager.update(Preauthorisation, { id: preauth.id }, {
        status: PreauthStatus.DENIED,
        denialReason: text,
        decidedAt: this.clock.now(),
        decidedBy: actorId,
      });
    });
  }

  private async decide(id: string, action: string, change: (manager: EntityManager, preauth: Preauthorisation) => Promise<void>): Promise<Preauthorisation> {
    await this.dataSource.transaction(async (manager) => {
      const preauth = isUuid(id) ? await manager.findOne(Preauthorisation, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!preauth) throw new NotFoundError('Preauthorisation', id);
      if (!OPEN_STATUSES.includes(preauth.status)) {
        throw new InvalidTransitionError('pre-authorisation', preauth.status, action, `it is already ${preauth.status}`);
      }
      await change(manager, preauth);
      await recordPreauthorisationDecided(manager, await manager.findOneByOrFail(Preauthorisation, { id: preauth.id }));
    });
    return this.get(id);
  }

  /**
   * Escalates every request left unanswered longer than the configured time to the tier its
   * estimate calls for, recording when. Returns the escalated requests.
   */
  async escalateOverdue(now: Date = this.clock.now()): Promise<Preauthorisation[]> {
    const cutoff = new Date(now.getTime() - this.options.escalateAfterMinutes * 60_000);
    const ids = await this.dataSource.transaction(async (manager) => {
      const overdue = await manager
        .createQueryBuilder(Preauthorisation, 'pa')
        .where('pa.status = :status AND pa.requested_at < :cutoff', { status: PreauthStatus.REQUESTED, cutoff })
        .orderBy('pa.requested_at', 'ASC')
        .limit(500)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const preauth of overdue) {
        const { tier, role } = escalationFor(preauth.estimatedMinor);
        await manager.update(Preauthorisation, { id: preauth.id }, { status: PreauthStatus.ESCALATED, escalationTier: tier, escalatedTo: role, escalatedAt: now });
      }
      return overdue.map((p) => p.id);
    });
    return ids.length > 0 ? this.repository.findBy({ id: In(ids) }) : [];
  }

  /** Approvals whose validity has passed → EXPIRED. Returns how many. */
  async expireLapsed(today: string = this.clock.today()): Promise<number> {
    const result = await this.repository.update(
      { status: PreauthStatus.APPROVED, validTo: LessThan(today) },
      { status: PreauthStatus.EXPIRED, expiredAt: this.clock.now() },
    );
    return result.affected ?? 0;
  }

  /** What the engine needs to know of the pre-authorisation a claim names (null unless it is the member's). */
  async factsFor(manager: EntityManager, id: string, memberId: string): Promise<PreauthorisationFacts | null> {
    const preauth = await manager.findOneBy(Preauthorisation, { id });
    if (!preauth || preauth.memberId !== memberId) return null;
    return {
      id: preauth.id,
      // An escalated request is still only a request.
      status: preauth.status === PreauthStatus.ESCALATED ? 'REQUESTED' : preauth.status,
      approvedMinor: preauth.approvedMinor ?? 0,
      usedMinor: preauth.usedMinor,
      validFrom: preauth.validFrom ?? preauth.plannedDate,
      validTo: preauth.validTo ?? preauth.plannedDate,
      benefitCategory: preauth.benefitCategory,
    };
  }

  /** Adds (or, for a reversal, takes back) what a claim paid under the pre-authorisation. */
  async recordUse(manager: EntityManager, id: string, deltaMinor: number): Promise<void> {
    if (deltaMinor === 0) return;
    await manager.query(
      'UPDATE preauthorisations SET used_minor = GREATEST(used_minor + $2, 0), updated_at = now(), version = version + 1 WHERE id = $1',
      [id, deltaMinor],
    );
  }

  async get(id: string): Promise<Preauthorisation> {
    const found = isUuid(id) ? await this.repository.findOneBy({ id }) : null;
    if (!found) throw new NotFoundError('Preauthorisation', id);
    return found;
  }

  async byIds(ids: readonly string[]): Promise<Preauthorisation[]> {
    const valid = ids.filter(isUuid);
    return valid.length === 0 ? [] : this.repository.findBy({ id: In(valid) });
  }

  /** Whether a pre-authorisation exists and is the member's (checked when a claim names one). */
  async belongsTo(manager: EntityManager, id: string, memberId: string): Promise<boolean> {
    const [row] = await manager.query('SELECT member_id FROM preauthorisations WHERE id = $1', [id]);
    return row?.member_id === memberId;
  }

  search(filter: PreauthorisationFilter | null | undefined, page: PageArgs): Promise<Page<Preauthorisation>> {
    const violations = new Violations();
    for (const field of ['memberId', 'providerId'] as const) {
      const value = filter?.[field];
      if (value && !isUuid(value)) violations.add(`filter.${field}`, 'VALID_ID', `"${value}" is not a valid id`);
    }
    violations.throwIfAny();
    const query = this.repository.createQueryBuilder('pa');
    if (filter?.memberId) query.andWhere('pa.member_id = :memberId', { memberId: filter.memberId });
    if (filter?.providerId) query.andWhere('pa.provider_id = :providerId', { providerId: filter.providerId });
    if (filter?.status) query.andWhere('pa.status = :status', { status: filter.status });
    if (filter?.escalationTier) query.andWhere('pa.escalation_tier = :tier', { tier: filter.escalationTier });
    return paginate(query, 'pa', PREAUTH_ORDER, page);
  }
}
