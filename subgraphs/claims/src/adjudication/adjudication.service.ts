import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { systemClock, type Clock } from '../../../../kit/clock';
import { addDays } from '../../../../kit/dates';
import { ConflictError, InvalidTransitionError, NotFoundError, ValidationError, Violations } from '../../../../kit/errors';
import { recordEvent } from '../../../../kit/events/outbox';
import { isUuid } from '../../../../kit/ids';
import type { Logger } from '../../../../kit/logger';
import { minorFromSql, readMoneyInput } from '../../../../kit/money';
import { paginate, type KeysetSort, type Page, type PageArgs } from '../../../../kit/pagination';
import { ClaimLine } from '../claim/claim-line.entity';
import { Claim, ClaimStatus } from '../claim/claim.entity';
import type { PreauthorisationService } from '../preauthorisation/preauthorisation.service';
import { coverageFactsOf, factsArePresent, factsPresentSql, memberFactsOf, providerFactsOf } from '../readmodel/read-model.queries';
import type { MedicalServiceCatalogue } from '../service-catalogue/medical-service.service';
import { emptyUtilisation, lockFamily, moveLedger, utilisationFacts } from '../utilisation/utilisation.ledger';
import { ClaimAdjudication, ClaimLineAdjudication, type AdjudicationFactsSnapshot, type AdjudicationKind } from './adjudication.entity';
import type { ClaimLineAdjustmentInput } from './adjudication.input';
import { ClaimDecision, ClaimPendReason, ClaimReviewAction, ManualReasonCode } from './adjudication.types';
import { adjudicate } from './engine/adjudicate';
import { findBenefit } from './engine/benefit';
import { denyLine, totalsOf, utilisationDeltas } from './engine/decision';
import type {
  AdjudicationInput,
  AdjudicationOptions,
  AdjudicationResult,
  BenefitCategory,
  ClaimHistoryItem,
  ClaimInput,
  LineResult,
  Reason,
  ReasonCode,
} from './engine/types';
import { amount } from './engine/wording';
import { CLAIM_EVENTS, type ClaimDecidedPayload, type ClaimReversedPayload } from './claim.events';
import { serviceCategoryOf } from './service-category';

export interface AdjudicationServiceOptions {
  adjudication: AdjudicationOptions;
  preauthorisations: PreauthorisationService;
  medicalServices: MedicalServiceCatalogue;
  logger: Logger;
  clock?: Clock;
}

/** The actor of decisions nobody asked for (after submission, the job, finance's answers). */
export const SYSTEM_ACTOR = 'system:claims-adjudication';

/** What an attempt to adjudicate a claim did. */
export type AdjudicationAttempt = 'DECIDED' | 'ALREADY_DECIDED' | 'WAITING_FOR_FACTS';

/** Oldest first: the order pended claims are worked. */
const REVIEW_ORDER: KeysetSort<Claim> = { column: 'claim_number', property: 'claimNumber', direction: 'ASC' };

/** Claims history the risk rules and duplicate check look at, around the service date. */
const MEMBER_HISTORY_DAYS_BEFORE = 365;
const PROVIDER_HISTORY_DAYS_BEFORE = 31;
const PROVIDER_AVERAGE_DAYS = 180;
const HISTORY_LIMIT = 2000;

/** A review runs the engine with risk thresholds no score reaches: the officer has weighed the risk. */
const NO_RISK_PEND: Pick<AdjudicationOptions, 'reviewRiskScore' | 'criticalRiskScore'> = { reviewRiskScore: 101, criticalRiskScore: 101 };

interface Loaded {
  input: AdjudicationInput;
  /** The claim's own approved pre-authorisation, which paying the claim draws on. */
  chargeablePreauthorisationId: string | null;
}

interface StoreMeta {
  kind: AdjudicationKind;
  actorId: string;
  chargeablePreauthorisationId: string | null;
  reviewAction?: ClaimReviewAction;
  reviewReason?: string;
}

/**
 * Adjudication of claims: loads the facts from the read models, the ledger and the claims
 * history, runs the engine, and stores the decision, its lines, the utilisation it uses and the
 * `claims.claim.decided` event in one transaction. Also manual review, reversal and the answers
 * to finance's settlements. Every path locks the claim's row first, then its family's ledger.
 */
export class AdjudicationService {
  constructor(private readonly dataSource: DataSource, private readonly options: AdjudicationServiceOptions) {}

  private get clock(): Clock {
    return this.options.clock ?? systemClock;
  }

  /** `adjudicateClaim`: decides a SUBMITTED claim with whatever the read models hold; a decided claim is returned as it stands. */
  async adjudicate(claimId: string, actorId: string): Promise<Claim> {
    if (!isUuid(claimId)) throw new NotFoundError('Claim', claimId);
    await this.dataSource.transaction((manager) => this.adjudicateIn(manager, claimId, actorId, false));
    return this.claim(claimId);
  }

  /** Decides a SUBMITTED claim when the read models hold its member, provider and cover; otherwise leaves it waiting. */
  adjudicateIfReady(claimId: string): Promise<AdjudicationAttempt> {
    return this.dataSource.transaction((manager) => this.adjudicateIn(manager, claimId, SYSTEM_ACTOR, true));
  }

  /** Run after a submission commits. Never throws: a claim it cannot decide stays SUBMITTED for the job. */
  async afterSubmission(claimId: string): Promise<void> {
    try {
      await this.adjudicateIfReady(claimId);
    } catch (error) {
      this.options.logger.warn('adjudication after submission failed; the claim stays SUBMITTED', { claimId, error });
    }
  }

  /**
   * The `adjudicate-submitted` job: decides SUBMITTED claims whose facts have arrived, oldest
   * first, each in its own transaction. `memberIds` narrows it (tests).
   */
  async adjudicateWaiting(limit = 50, memberIds?: string[]): Promise<{ decided: number; failed: number }> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT c.id FROM claims c
       WHERE c.status = 'SUBMITTED' AND ${factsPresentSql('c.member_id', 'c.provider_id')}
         ${memberIds ? 'AND c.member_id = ANY($2::uuid[])' : ''}
       ORDER BY c.submitted_at, c.claim_number LIMIT $1`,
      memberIds ? [limit, memberIds] : [limit],
    );
    let decided = 0;
    let failed = 0;
    for (const { id } of rows) {
      try {
        if ((await this.adjudicateIfReady(id)) === 'DECIDED') decided += 1;
      } catch (error) {
        failed += 1;
        this.options.logger.warn('adjudicating a waiting claim failed', { claimId: id, error });
      }
    }
    return { decided, failed };
  }

  /** Decides one claim inside the caller's transaction. */
  async adjudicateIn(manager: EntityManager, claimId: string, actorId: string, requireFacts: boolean): Promise<AdjudicationAttempt> {
    const claim = await this.lockClaim(manager, claimId);
    if (claim.status !== ClaimStatus.SUBMITTED) return 'ALREADY_DECIDED';
    if (requireFacts && !(await factsArePresent(manager, claim.memberId, claim.providerId))) return 'WAITING_FOR_FACTS';
    const { input, chargeablePreauthorisationId } = await this.load(manager, claim);
    await this.store(manager, claim, input, adjudicate(input), { kind: 'ENGINE', actorId, chargeablePreauthorisationId });
    return 'DECIDED';
  }

  /**
   * An officer's review of a PENDED claim. APPROVE runs the engine again on today's facts without
   * the pend (risk weighed by the officer; a missing pre-authorisation authorised by them) and pays
   * what it computes; ADJUST pays the officer's lower amounts on the lines named; DENY pays
   * nothing. The ledger moves with the new decision, in the same transaction.
   */
  async review(
    claimId: string,
    action: ClaimReviewAction,
    reason: string,
    adjustedLines: readonly ClaimLineAdjustmentInput[] | null | undefined,
    actorId: string,
  ): Promise<Claim> {
    const why = reason?.trim() ?? '';
    if (why.length < 3) throw new ValidationError([{ field: 'reason', rule: 'REQUIRED', message: 'say why, in a few words' }]);
    if (action === ClaimReviewAction.ADJUST && !adjustedLines?.length) {
      throw new ValidationError([{ field: 'adjustedLines', rule: 'REQUIRED_FOR_ADJUST', message: 'name the lines and the amounts to pay' }]);
    }
    if (!isUuid(claimId)) throw new NotFoundError('Claim', claimId);
    await this.dataSource.transaction(async (manager) => {
      const claim = await this.lockClaim(manager, claimId);
      if (claim.status !== ClaimStatus.PENDED) {
        throw new InvalidTransitionError('claim', claim.status, 'review', `only PENDED claims are reviewed and this one is ${claim.status}`);
      }
      const loaded = await this.load(manager, claim, NO_RISK_PEND);
      let { input } = loaded;
      let result = adjudicate(input);
      if (action === ClaimReviewAction.DENY) {
        result = denyAll(result, manualReason(ManualReasonCode.MANUAL_DENIAL, `Denied on review by ${actorId}: ${why}`));
      } else {
        if (result.decision === 'PENDED' && result.pendReason === 'AUTHORIZATION') {
          input = withOfficerAuthorisation(input);
          result = adjudicate(input);
        }
        if (result.decision === 'PENDED') throw new ConflictError('The claim still pends after review; re-adjudicate it once its facts change');
        if (action === ClaimReviewAction.ADJUST) result = adjust(input, result, adjustedLines!, why, actorId);
        else {
          result = { ...result, reasons: [...result.reasons, manualReason(ManualReasonCode.MANUAL_APPROVAL, `Approved on review by ${actorId}: ${why}`)] };
        }
      }
      await this.store(manager, claim, input, result, {
        kind: 'REVIEW',
        actorId,
        chargeablePreauthorisationId: loaded.chargeablePreauthorisationId,
        reviewAction: action,
        reviewReason: why,
      });
    });
    return this.claim(claimId);
  }

  /** Reverses an APPROVED or PARTIALLY_APPROVED claim: its utilisation is given back and `claims.claim.reversed` recorded. */
  async reverse(claimId: string, reason: string, actorId: string): Promise<Claim> {
    const why = reason?.trim() ?? '';
    if (why.length < 3) throw new ValidationError([{ field: 'reason', rule: 'REQUIRED', message: 'say why, in a few words' }]);
    if (!isUuid(claimId)) throw new NotFoundError('Claim', claimId);
    await this.dataSource.transaction(async (manager) => {
      const claim = await this.lockClaim(manager, claimId);
      if (claim.status !== ClaimStatus.APPROVED && claim.status !== ClaimStatus.PARTIALLY_APPROVED) {
        throw new InvalidTransitionError('claim', claim.status, 'reverse', `only approved claims are reversed and this one is ${claim.status}`);
      }
      await this.reverseIn(manager, claim, why, actorId, null);
    });
    return this.claim(claimId);
  }

  /** Finance paid the provider: the claim keeps the settlement's id. */
  async settlementPosted(manager: EntityManager, claimId: string, settlementId: string): Promise<void> {
    await manager.query('UPDATE claims SET settlement_id = $2, settled_at = now(), updated_at = now(), version = version + 1 WHERE id = $1', [claimId, settlementId]);
  }

  /**
   * Finance refused to settle (the saga's compensation): the approved claim is reversed, its
   * utilisation given back, and it waits PENDED for an officer with finance's reason. A claim that
   * is no longer approved (already compensated, or reversed) is left alone.
   */
  async settlementRejected(manager: EntityManager, claimId: string, reason: string): Promise<void> {
    const claim = isUuid(claimId) ? await manager.findOne(Claim, { where: { id: claimId }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!claim || (claim.status !== ClaimStatus.APPROVED && claim.status !== ClaimStatus.PARTIALLY_APPROVED)) return;
    const detail = reason?.trim() || 'no reason given';
    await this.reverseIn(manager, claim, `Settlement rejected by finance: ${detail}`, 'system:finance-settlement', detail);
  }

  private async reverseIn(manager: EntityManager, claim: Claim, reason: string, actorId: string, pendDetail: string | null): Promise<void> {
    const decision = await manager.findOneByOrFail(ClaimAdjudication, { id: claim.adjudicationId! });
    if (decision.utilisation.length > 0) {
      await lockFamily(manager, decision.utilisation[0].familyId);
      await moveLedger(manager, decision.utilisation, { claimId: claim.id, adjudicationId: decision.id, direction: -1, reason: `REVERSED: ${reason}` });
    }
    if (decision.preauthUsedMinor > 0 && claim.preauthorisationId) {
      await this.options.preauthorisations.recordUse(manager, claim.preauthorisationId, -decision.preauthUsedMinor);
    }
    const reversedAt = this.clock.now();
    const reversal = { reversedAt, reversedBy: actorId, reversalReason: reason };
    await manager.update(
      Claim,
      { id: claim.id },
      pendDetail === null
        ? { ...reversal, status: ClaimStatus.REVERSED }
        : { ...reversal, status: ClaimStatus.PENDED, decision: ClaimDecision.PENDED, pendReason: ClaimPendReason.SETTLEMENT_REJECTED, pendDetail },
    );
    const payload: ClaimReversedPayload = {
      claimId: claim.id,
      claimNumber: claim.claimNumber,
      reversedAt: reversedAt.toISOString(),
      reason,
      payableMinor: decision.payableMinor,
      currency: decision.currency,
    };
    await recordEvent(manager, { type: CLAIM_EVENTS.REVERSED, aggregateId: claim.id, payload });
  }

  /** PENDED claims, oldest first: an officer's work queue. */
  claimsForReview(page: PageArgs): Promise<Page<Claim>> {
    const query = this.dataSource.getRepository(Claim).createQueryBuilder('claim').where('claim.status = :status', { status: ClaimStatus.PENDED });
    return paginate(query, 'claim', REVIEW_ORDER, page);
  }

  /** Decisions by id (the current one of each claim, for its fields). */
  adjudicationsByIds(ids: readonly string[]): Promise<ClaimAdjudication[]> {
    const valid = ids.filter(isUuid);
    return valid.length === 0 ? Promise.resolve([]) : this.dataSource.getRepository(ClaimAdjudication).findBy({ id: In(valid) });
  }

  /** The line results of each claim's current decision, for many claims in one query. */
  async currentLineResults(claimIds: readonly string[]): Promise<ClaimLineAdjudication[]> {
    const valid = claimIds.filter(isUuid);
    if (valid.length === 0) return [];
    return this.dataSource
      .getRepository(ClaimLineAdjudication)
      .createQueryBuilder('line')
      .innerJoin(Claim, 'claim', 'claim.adjudication_id = line.adjudication_id')
      .where('claim.id IN (:...ids)', { ids: valid })
      .orderBy('line.line_number', 'ASC')
      .getMany();
  }

  private async claim(id: string): Promise<Claim> {
    const claim = await this.dataSource.getRepository(Claim).findOneBy({ id });
    if (!claim) throw new NotFoundError('Claim', id);
    return claim;
  }

  private async lockClaim(manager: EntityManager, id: string): Promise<Claim> {
    const claim = isUuid(id) ? await manager.findOne(Claim, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!claim) throw new NotFoundError('Claim', id);
    return claim;
  }

  /**
   * Everything the engine needs, read inside the transaction. The family's ledger lock is taken
   * as soon as the family is known and before anything that decides amounts is read, so the facts
   * cannot change until this decision commits.
   */
  private async load(manager: EntityManager, claim: Claim, optionOverrides: Partial<AdjudicationOptions> = {}): Promise<Loaded> {
    const lines = await manager.find(ClaimLine, { where: { claimId: claim.id }, order: { lineNumber: 'ASC' } });
    const catalogue = await this.options.medicalServices.byCodes([...new Set(lines.map((l) => l.serviceCode))], manager);
    const member = (await memberFactsOf(manager, [claim.memberId])).get(claim.memberId) ?? null;
    const familyId = member?.familyId ?? claim.memberId;
    await lockFamily(manager, familyId);

    const date = claim.serviceDate;
    const cover = (await coverageFactsOf(manager, [claim.memberId], date)).get(claim.memberId) ?? null;
    // Waiting periods run from the start of continuous membership, not from each renewal.
    const coverage = cover && member && member.enrolmentDate < cover.coveredFrom ? { ...cover, waitingPeriodFrom: member.enrolmentDate } : cover;
    const provider = await providerFactsOf(manager, claim.providerId, date, claim.currency);
    const preauthorisation = claim.preauthorisationId
      ? await this.options.preauthorisations.factsFor(manager, claim.preauthorisationId, claim.memberId)
      : null;
    const utilisation = coverage ? await utilisationFacts(manager, claim.memberId, familyId, coverage.period.start) : emptyUtilisation();
    const memberHistory = await this.history(manager, claim, 'member_id', claim.memberId, MEMBER_HISTORY_DAYS_BEFORE);
    // Duplicates and near-duplicates are the member's own claims; of the provider only its daily volume counts.
    const providerClaimsByDay = await this.providerClaimsByDay(manager, claim);
    const providerAverages = await this.providerAverages(manager, claim, lines.map((l) => l.serviceCode));

    const claimInput: ClaimInput = {
      id: claim.id,
      claimNumber: claim.claimNumber,
      memberId: claim.memberId,
      providerId: claim.providerId,
      benefitCategory: claim.benefitCategory as BenefitCategory,
      serviceDate: date,
      serviceTime: null,
      currency: claim.currency,
      diagnosisCodes: claim.diagnosisCodes,
      preauthorisationId: claim.preauthorisationId,
      lines: lines.map((line) => ({
        lineNumber: line.lineNumber,
        serviceCode: line.serviceCode,
        serviceCategory: serviceCategoryOf(catalogue.get(line.serviceCode) ?? { code: line.serviceCode, category: claim.benefitCategory }),
        quantity: line.quantity,
        unitPriceMinor: line.unitPriceMinor,
        billedMinor: line.billedAmountMinor,
        diagnosisCodes: line.diagnosisCodes,
      })),
    };
    return {
      input: {
        claim: claimInput,
        member,
        coverage,
        provider,
        preauthorisation,
        utilisation,
        memberHistory,
        providerHistory: [],
        providerClaimsByDay,
        providerAverages,
        options: { ...this.options.adjudication, ...optionOverrides },
      },
      chargeablePreauthorisationId: preauthorisation?.status === 'APPROVED' ? preauthorisation.id : null,
    };
  }

  /** The member's claims submitted before this one, around its service date. */
  private async history(manager: EntityManager, claim: Claim, column: 'member_id' | 'provider_id', owner: string, daysBefore: number): Promise<ClaimHistoryItem[]> {
    const rows: (Omit<ClaimHistoryItem, 'billedMinor'> & { billedMinor: string })[] = await manager.query(
      `SELECT c.id AS "claimId", c.claim_number AS "claimNumber", c.member_id AS "memberId", c.provider_id AS "providerId",
              c.benefit_category AS "benefitCategory", c.service_date::text AS "serviceDate", c.total_billed_minor AS "billedMinor",
              c.status, c.diagnosis_codes AS "diagnosisCodes",
              ARRAY(SELECT l.service_code FROM claim_lines l WHERE l.claim_id = c.id ORDER BY l.line_number) AS "serviceCodes"
       FROM claims c
       WHERE c.${column} = $1 AND c.id <> $2 AND (c.submitted_at, c.claim_number) < ($3, $4)
         AND c.service_date BETWEEN $5 AND $6
       ORDER BY c.service_date DESC, c.claim_number DESC LIMIT ${HISTORY_LIMIT}`,
      [owner, claim.id, claim.submittedAt, claim.claimNumber, addDays(claim.serviceDate, -daysBefore), addDays(claim.serviceDate, 30)],
    );
    return rows.map((row) => ({ ...row, billedMinor: minorFromSql(row.billedMinor) }));
  }

  /** How many other claims the provider has per service date, over the 31 days up to this claim's. */
  private async providerClaimsByDay(manager: EntityManager, claim: Claim): Promise<Record<string, number>> {
    const rows: { day: string; claims: string }[] = await manager.query(
      `SELECT c.service_date::text AS day, count(*) AS claims FROM claims c
       WHERE c.provider_id = $1 AND c.id <> $2 AND (c.submitted_at, c.claim_number) < ($3, $4) AND c.service_date BETWEEN $5 AND $6
       GROUP BY c.service_date`,
      [claim.providerId, claim.id, claim.submittedAt, claim.claimNumber, addDays(claim.serviceDate, -PROVIDER_HISTORY_DAYS_BEFORE), claim.serviceDate],
    );
    return Object.fromEntries(rows.map((r) => [r.day, Number(r.claims)]));
  }

  /** The provider's own average unit price per service code over the last months (price outliers). */
  private async providerAverages(manager: EntityManager, claim: Claim, serviceCodes: string[]): Promise<Record<string, number>> {
    const rows: { service_code: string; average: string }[] = await manager.query(
      `SELECT l.service_code, round(avg(l.unit_price_minor))::bigint AS average
       FROM claim_lines l JOIN claims c ON c.id = l.claim_id
       WHERE c.provider_id = $1 AND c.id <> $2 AND l.service_code = ANY($3) AND c.service_date BETWEEN $4 AND $5 AND c.status <> 'CANCELLED'
       GROUP BY l.service_code`,
      [claim.providerId, claim.id, [...new Set(serviceCodes)], addDays(claim.serviceDate, -PROVIDER_AVERAGE_DAYS), claim.serviceDate],
    );
    return Object.fromEntries(rows.map((r) => [r.service_code, minorFromSql(r.average)]));
  }

  /** Stores a decision, moves the ledger and the pre-authorisation, points the claim at it and records `claims.claim.decided`. */
  private async store(manager: EntityManager, claim: Claim, input: AdjudicationInput, result: AdjudicationResult, meta: StoreMeta): Promise<void> {
    const id = randomUUID();
    const decidedAt = this.clock.now();
    const [{ sequence }] = await manager.query('SELECT COALESCE(MAX(sequence), 0) + 1 AS sequence FROM claim_adjudications WHERE claim_id = $1', [claim.id]);
    const paid = result.decision === 'APPROVED' || result.decision === 'PARTIALLY_APPROVED';
    const preauthUsedMinor = paid && meta.chargeablePreauthorisationId ? result.totals.payableMinor : 0;
    const t = result.totals;
    await manager.insert(ClaimAdjudication, {
      id,
      claimId: claim.id,
      sequence: Number(sequence),
      kind: meta.kind,
      decision: result.decision,
      pendReason: result.pendReason,
      reasons: result.reasons,
      riskScore: result.risk.score,
      riskLevel: result.risk.level,
      riskSignals: result.risk.signals,
      currency: claim.currency,
      submittedMinor: t.submittedMinor,
      eligibleMinor: t.eligibleMinor,
      disallowedMinor: t.disallowedMinor,
      deductibleMinor: t.deductibleMinor,
      copayMinor: t.copayMinor,
      coinsuranceMinor: t.coinsuranceMinor,
      payableMinor: t.payableMinor,
      exceededMinor: t.exceededMinor,
      memberResponsibilityMinor: t.memberResponsibilityMinor,
      utilisation: result.utilisation,
      preauthUsedMinor,
      steps: result.steps ?? [],
      duplicateOfClaimId: result.duplicateOf?.claimId ?? null,
      facts: snapshot(input),
      decidedAt,
      decidedBy: meta.actorId,
      reviewAction: meta.reviewAction ?? null,
      reviewReason: meta.reviewReason ?? null,
    });
    await manager.insert(
      ClaimLineAdjudication,
      result.lines.map((line) => ({
        id: randomUUID(),
        adjudicationId: id,
        claimId: claim.id,
        lineNumber: line.lineNumber,
        outcome: line.outcome,
        benefitId: line.benefitId,
        reasons: line.reasons,
        approvedQuantity: line.approvedQuantity,
        submittedMinor: line.submittedMinor,
        eligibleMinor: line.eligibleMinor,
        disallowedMinor: line.disallowedMinor,
        deductibleMinor: line.deductibleMinor,
        copayMinor: line.copayMinor,
        coinsuranceMinor: line.coinsuranceMinor,
        payableMinor: line.payableMinor,
        exceededMinor: line.exceededMinor,
      })),
    );
    if (result.utilisation.length > 0) {
      await moveLedger(manager, result.utilisation, { claimId: claim.id, adjudicationId: id, direction: 1, reason: `${meta.kind} ${result.decision}` });
    }
    if (preauthUsedMinor > 0) await this.options.preauthorisations.recordUse(manager, meta.chargeablePreauthorisationId!, preauthUsedMinor);
    await manager.update(Claim, { id: claim.id }, {
      status: ClaimStatus[result.decision],
      decision: ClaimDecision[result.decision],
      pendReason: result.pendReason ? ClaimPendReason[result.pendReason] : null,
      pendDetail: null,
      adjudicatedAt: decidedAt,
      adjudicationId: id,
      payableMinor: t.payableMinor,
      memberResponsibilityMinor: t.memberResponsibilityMinor,
    });
    const payload: ClaimDecidedPayload = {
      claimId: claim.id,
      claimNumber: claim.claimNumber,
      memberId: claim.memberId,
      providerId: claim.providerId,
      decision: result.decision,
      currency: claim.currency,
      payableMinor: t.payableMinor,
      memberResponsibilityMinor: t.memberResponsibilityMinor,
      decidedAt: decidedAt.toISOString(),
      lines: result.lines.map((line) => ({ lineNumber: line.lineNumber, payableMinor: line.payableMinor })),
    };
    await recordEvent(manager, { type: CLAIM_EVENTS.DECIDED, aggregateId: claim.id, payload });
  }
}

/** What is kept of the facts with each decision: everything but the long histories, which are counted. */
function snapshot(input: AdjudicationInput): AdjudicationFactsSnapshot {
  const { memberHistory, providerHistory: _none, providerClaimsByDay, providerAverages: _averages, provider, ...rest } = input;
  const codes = new Set(input.claim.lines.map((l) => l.serviceCode));
  const tariffs = provider ? Object.fromEntries(Object.entries(provider.tariffs).filter(([code]) => codes.has(code))) : {};
  const providerHistoryCount = Object.values(providerClaimsByDay ?? {}).reduce((sum, n) => sum + n, 0);
  return { ...rest, provider: provider ? { ...provider, tariffs } : null, memberHistoryCount: memberHistory.length, providerHistoryCount };
}

/** The officer authorises the care a missing pre-authorisation held up, for what was billed on the day of service. */
function withOfficerAuthorisation(input: AdjudicationInput): AdjudicationInput {
  const { claim } = input;
  const id = claim.preauthorisationId ?? `officer-review:${claim.id}`;
  return {
    ...input,
    claim: { ...claim, preauthorisationId: id },
    preauthorisation: {
      id,
      status: 'APPROVED',
      approvedMinor: claim.lines.reduce((sum, line) => sum + line.billedMinor, 0),
      usedMinor: 0,
      validFrom: claim.serviceDate,
      validTo: claim.serviceDate,
      benefitCategory: claim.benefitCategory,
    },
  };
}

/** Every line denied for one reason; nothing paid. */
function denyAll(result: AdjudicationResult, why: Reason): AdjudicationResult {
  const lines = result.lines.map((line) => {
    const denied: LineResult = { ...line, reasons: [...line.reasons] };
    denyLine(denied, why);
    return denied;
  });
  return { ...result, decision: 'DENIED', pendReason: null, reasons: [...result.reasons.filter((r) => r.step !== 'RISK'), why], lines, totals: totalsOf(lines), utilisation: [] };
}

/**
 * The officer's lower payable amounts on named lines. What they take off is disallowed (the
 * provider's, not the member's); a line paid nothing is denied. Deltas and totals follow.
 */
function adjust(
  input: AdjudicationInput,
  result: AdjudicationResult,
  adjustments: readonly ClaimLineAdjustmentInput[],
  why: string,
  actorId: string,
): AdjudicationResult {
  const currency = input.claim.currency;
  const violations = new Violations();
  const lines = result.lines.map((line) => ({ ...line, reasons: [...line.reasons] }));
  adjustments.forEach((adjustment, i) => {
    const field = `adjustedLines[${i}]`;
    const line = lines.find((l) => l.lineNumber === adjustment.lineNumber);
    if (!line) {
      violations.add(`${field}.lineNumber`, 'LINE_EXISTS', `the claim has no line ${adjustment.lineNumber}`);
      return;
    }
    const payable = readMoneyInput(adjustment.payable, `${field}.payable`, violations, { currency, currencyOwner: 'the claim', allowZero: true });
    if (payable === null) return;
    if (payable.minor > line.payableMinor) {
      violations.add(`${field}.payable`, 'AT_MOST_COMPUTED', `line ${line.lineNumber} can be paid at most ${amount(line.payableMinor, currency)}`);
      return;
    }
    const cut = line.payableMinor - payable.minor;
    if (cut === 0) return;
    line.payableMinor = payable.minor;
    line.disallowedMinor += cut;
    line.reasons.push(manualReason(ManualReasonCode.MANUAL_ADJUSTMENT, `${amount(cut, currency)} is not paid: adjusted on review by ${actorId}: ${why}`));
    line.outcome = payable.minor === 0 ? 'DENIED' : 'PARTIALLY_APPROVED';
  });
  violations.throwIfAny();
  const decision = lines.every((l) => l.outcome === 'DENIED') ? 'DENIED' : lines.every((l) => l.outcome === 'APPROVED') ? 'APPROVED' : 'PARTIALLY_APPROVED';
  const { member, coverage } = input;
  const benefit = coverage ? findBenefit(coverage, input.claim.benefitCategory) : null;
  const utilisation = decision !== 'DENIED' && benefit && member && coverage ? utilisationDeltas(benefit, member, coverage, input.claim.lines, lines) : [];
  return { ...result, decision, pendReason: null, lines, totals: totalsOf(lines), utilisation };
}

/**
 * A reason people gave, with one of claims' own codes. The engine's `Reason` types its code as
 * the engine's enum; stored reasons carry either, and GraphQL's ClaimReasonCode lists both.
 */
function manualReason(code: ManualReasonCode, message: string): Reason {
  return { step: 'DECISION', code: code as string as ReasonCode, message };
}
