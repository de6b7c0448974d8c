import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { systemClock, type Clock } from '../../../../kit/clock';
import { preparedQuery } from '../../../../kit/database';
import { ConflictError, InvalidTransitionError, NotFoundError, ValidationError, Violations } from '../../../../kit/errors';
import { recordEvent } from '../../../../kit/events/outbox';
import { isUuid } from '../../../../kit/ids';
import type { Logger } from '../../../../kit/logger';
import { readMoneyInput } from '../../../../kit/money';
import { paginate, type KeysetSort, type Page, type PageArgs } from '../../../../kit/pagination';
import { ClaimLine } from '../claim/claim-line.entity';
import { Claim, ClaimStatus } from '../claim/claim.entity';
import type { SubmissionDecision } from '../claim/claim.service';
import type { PreauthorisationService } from '../preauthorisation/preauthorisation.service';
import { factsPresentSql } from '../readmodel/read-model.queries';
import type { MedicalServiceCatalogue } from '../service-catalogue/medical-service.service';
import { lockFamily, moveLedger } from '../utilisation/utilisation.ledger';
import { readClaimFacts } from './adjudication.facts';
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

/** A review runs the engine with risk thresholds no score reaches: the officer has weighed the risk. */
const NO_RISK_PEND: Pick<AdjudicationOptions, 'reviewRiskScore' | 'criticalRiskScore'> = { reviewRiskScore: 101, criticalRiskScore: 101 };

interface Loaded {
  /** Whether the read models hold the claim's member, provider and cover. */
  present: boolean;
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
    const { present, input, chargeablePreauthorisationId } = await this.load(manager, claim, await this.linesOf(manager, claim.id), true);
    if (requireFacts && !present) return 'WAITING_FOR_FACTS';
    await this.store(manager, claim, input, adjudicate(input), { kind: 'ENGINE', actorId, chargeablePreauthorisationId });
    return 'DECIDED';
  }

  /**
   * Decides a claim being submitted in this transaction, before its row is written, from the
   * claim and lines the caller holds: the claim's columns the engine's decision sets (the caller
   * writes the claim with them) and the writing of the rest once the row is there. Null when the
   * read models do not hold its facts yet: it stays SUBMITTED for the `adjudicate-submitted` job.
   */
  async decideSubmitted(manager: EntityManager, claim: Claim, lines: readonly ClaimLine[]): Promise<SubmissionDecision | null> {
    const { present, input, chargeablePreauthorisationId } = await this.load(manager, claim, lines, false);
    if (!present) return null;
    const result = adjudicate(input);
    // The row is written once, already decided: its version stays the first.
    const decision = this.decisionOf(claim, result, claim.version);
    const meta: StoreMeta = { kind: 'ENGINE', actorId: SYSTEM_ACTOR, chargeablePreauthorisationId };
    return { columns: decision.columns, write: (m) => this.store(m, claim, input, result, meta, decision, false).then(() => undefined) };
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
      const loaded = await this.load(manager, claim, await this.linesOf(manager, claim.id), true, NO_RISK_PEND);
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

  private linesOf(manager: EntityManager, claimId: string): Promise<ClaimLine[]> {
    return manager.find(ClaimLine, { where: { claimId }, order: { lineNumber: 'ASC' } });
  }

  /** Everything the engine needs, read inside the transaction (see `readClaimFacts` for the order and the lock). */
  private async load(
    manager: EntityManager,
    claim: Claim,
    lines: readonly ClaimLine[],
    inProviderTotals: boolean,
    optionOverrides: Partial<AdjudicationOptions> = {},
  ): Promise<Loaded> {
    const catalogue = await this.options.medicalServices.byCodes([...new Set(lines.map((l) => l.serviceCode))], manager);
    const { present, input } = await readClaimFacts(manager, claim, lines, {
      serviceCategoryOf: (line) => serviceCategoryOf(catalogue.get(line.serviceCode) ?? { code: line.serviceCode, category: claim.benefitCategory }),
      preauthorisation: (m, id, memberId) => this.options.preauthorisations.factsFor(m, id, memberId),
    }, inProviderTotals);
    return {
      present,
      input: { ...input, options: { ...this.options.adjudication, ...optionOverrides } },
      chargeablePreauthorisationId: input.preauthorisation?.status === 'APPROVED' ? input.preauthorisation.id : null,
    };
  }

  /** A decision's id and time, and the claim's columns it sets. */
  private decisionOf(claim: Claim, result: AdjudicationResult, versionAfter = claim.version + 1): Decision {
    const id = randomUUID();
    const decidedAt = this.clock.now();
    return {
      id,
      decidedAt,
      columns: {
        status: ClaimStatus[result.decision],
        decision: ClaimDecision[result.decision],
        pendReason: result.pendReason ? ClaimPendReason[result.pendReason] : null,
        pendDetail: null,
        adjudicatedAt: decidedAt,
        adjudicationId: id,
        payableMinor: result.totals.payableMinor,
        memberResponsibilityMinor: result.totals.memberResponsibilityMinor,
        updatedAt: decidedAt,
        version: versionAfter,
      },
    };
  }

  /**
   * Stores a decision with its lines and (unless the claim was written with it) points the claim
   * at it, in one statement; moves the ledger and the pre-authorisation, and records
   * `claims.claim.decided`. Returns the claim's columns as they now are in the transaction.
   */
  private async store(
    manager: EntityManager,
    claim: Claim,
    input: AdjudicationInput,
    result: AdjudicationResult,
    meta: StoreMeta,
    decision: Decision = this.decisionOf(claim, result),
    updateClaim = true,
  ): Promise<DecidedColumns> {
    const { id, decidedAt } = decision;
    const paid = result.decision === 'APPROVED' || result.decision === 'PARTIALLY_APPROVED';
    const preauthUsedMinor = paid && meta.chargeablePreauthorisationId ? result.totals.payableMinor : 0;
    const t = result.totals;
    const amounts = [t.submittedMinor, t.eligibleMinor, t.disallowedMinor, t.deductibleMinor, t.copayMinor, t.coinsuranceMinor, t.payableMinor, t.exceededMinor];
    const lines = result.lines.map((line) => ({
      line_number: line.lineNumber,
      outcome: line.outcome,
      benefit_id: line.benefitId,
      reasons: line.reasons,
      approved_quantity: line.approvedQuantity,
      submitted_minor: line.submittedMinor,
      eligible_minor: line.eligibleMinor,
      disallowed_minor: line.disallowedMinor,
      deductible_minor: line.deductibleMinor,
      copay_minor: line.copayMinor,
      coinsurance_minor: line.coinsuranceMinor,
      payable_minor: line.payableMinor,
      exceeded_minor: line.exceededMinor,
    }));
    await preparedQuery(
      manager,
      `WITH adjudication AS (
         INSERT INTO claim_adjudications (id, claim_id, sequence, kind, decision, pend_reason, reasons, risk_score, risk_level, risk_signals,
           currency, ${AMOUNT_COLUMNS}, member_responsibility_minor, utilisation, preauth_used_minor,
           steps, duplicate_of_claim_id, facts, decided_at, decided_by, review_action, review_reason)
         VALUES ($1, $2, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM claim_adjudications WHERE claim_id = $2), $3, $4, $5, $6, $7, $8, $9,
           $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28)
       ), lines AS (
         INSERT INTO claim_line_adjudications (id, adjudication_id, claim_id, line_number, outcome, benefit_id, reasons, approved_quantity, ${AMOUNT_COLUMNS})
         SELECT gen_random_uuid(), $1, $2, line_number, outcome, benefit_id, reasons, approved_quantity, ${AMOUNT_COLUMNS}
         FROM jsonb_to_recordset($29::jsonb) AS l(line_number int, outcome text, benefit_id uuid, reasons jsonb, approved_quantity int,
           ${AMOUNT_COLUMNS.split(', ').map((c) => `${c} bigint`).join(', ')})
       )
       ${
         updateClaim
           ? `UPDATE claims SET status = $4, decision = $4, pend_reason = $5, pend_detail = NULL, adjudicated_at = $25, adjudication_id = $1,
                payable_minor = $17, member_responsibility_minor = $19, updated_at = $25, version = version + 1
              WHERE id = $2`
           : 'SELECT 1'
       }`,
      [
        id,
        claim.id,
        meta.kind,
        result.decision,
        result.pendReason,
        JSON.stringify(result.reasons),
        result.risk.score,
        result.risk.level,
        JSON.stringify(result.risk.signals),
        claim.currency,
        ...amounts,
        t.memberResponsibilityMinor,
        JSON.stringify(result.utilisation),
        preauthUsedMinor,
        JSON.stringify(result.steps ?? []),
        result.duplicateOf?.claimId ?? null,
        JSON.stringify(snapshot(input)),
        decidedAt,
        meta.actorId,
        meta.reviewAction ?? null,
        meta.reviewReason ?? null,
        JSON.stringify(lines),
      ],
    );
    await moveLedger(manager, result.utilisation, { claimId: claim.id, adjudicationId: id, direction: 1, reason: `${meta.kind} ${result.decision}` });
    if (preauthUsedMinor > 0) await this.options.preauthorisations.recordUse(manager, meta.chargeablePreauthorisationId!, preauthUsedMinor);
    const payload: ClaimDecidedPayload = {
      claimId: claim.id,
      claimNumber: claim.claimNumber,
      memberId: claim.memberId,
      providerId: claim.providerId,
      serviceDate: claim.serviceDate,
      decision: result.decision,
      currency: claim.currency,
      payableMinor: t.payableMinor,
      memberResponsibilityMinor: t.memberResponsibilityMinor,
      decidedAt: decidedAt.toISOString(),
      lines: result.lines.map((line) => ({ lineNumber: line.lineNumber, payableMinor: line.payableMinor, benefitId: line.benefitId ?? null })),
      submittedAt: new Date(claim.submittedAt).toISOString(),
      decidedBy: meta.kind,
      benefitCategory: claim.benefitCategory,
      policyId: input.coverage?.policyId ?? null,
      schemeVersionId: input.coverage?.schemeVersionId ?? null,
      benefitPeriodStart: input.coverage?.period.start ?? null,
    };
    await recordEvent(manager, { type: CLAIM_EVENTS.DECIDED, aggregateId: claim.id, payload });
    return decision.columns;
  }
}

interface Decision {
  id: string;
  decidedAt: Date;
  columns: DecidedColumns;
}



/** The columns of a claim a decision sets. */
export type DecidedColumns = Pick<
  Claim,
  'status' | 'decision' | 'pendReason' | 'pendDetail' | 'adjudicatedAt' | 'adjudicationId' | 'payableMinor' | 'memberResponsibilityMinor' | 'updatedAt' | 'version'
>;

/** The amount columns of a decision and of its lines, in the order of `AdjudicationTotals`. */
const AMOUNT_COLUMNS = 'submitted_minor, eligible_minor, disallowed_minor, deductible_minor, copay_minor, coinsurance_minor, payable_minor, exceeded_minor';

/**
 * What is kept of the facts with each decision: everything that decided it. The histories are
 * counted, and of the scheme only the benefit that applied and of the tariff only the services
 * billed are kept, not the whole scheme and price list.
 */
function snapshot(input: AdjudicationInput): AdjudicationFactsSnapshot {
  const { memberHistory, providerHistory: _none, providerClaimsByDay, providerAverages: _averages, provider, coverage, ...rest } = input;
  const codes = new Set(input.claim.lines.map((l) => l.serviceCode));
  const tariffs = provider ? Object.fromEntries(Object.entries(provider.tariffs).filter(([code]) => codes.has(code))) : {};
  const benefit = coverage ? findBenefit(coverage, input.claim.benefitCategory) : null;
  const providerHistoryCount = Object.values(providerClaimsByDay ?? {}).reduce((sum, n) => sum + n, 0);
  return {
    ...rest,
    coverage: coverage ? { ...coverage, benefits: benefit ? [benefit] : [] } : null,
    provider: provider ? { ...provider, tariffs } : null,
    memberHistoryCount: memberHistory.length,
    providerHistoryCount,
  };
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
