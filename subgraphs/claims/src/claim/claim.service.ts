import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { systemClock, type Clock } from '../../../../kit/clock';
import { preparedQuery } from '../../../../kit/database';
import { ConflictError, NotFoundError, ValidationError, type Violation } from '../../../../kit/errors';
import { isUuid } from '../../../../kit/ids';
import type { Logger } from '../../../../kit/logger';
import { runIdempotent } from '../../../../kit/idempotency';
import { paginate, paginatePerOwner, type KeysetSort, type Page, type PageArgs } from '../../../../kit/pagination';
import type { DiagnosisService } from '../diagnosis/diagnosis.service';
import type { MedicalServiceCatalogue } from '../service-catalogue/medical-service.service';
import { ClaimLine } from './claim-line.entity';
import { Claim, ClaimStatus } from './claim.entity';
import type { ClaimFilter, SubmitClaimInput } from './claim.input';
import { countProviderActivity } from './provider-activity';
import { checkClaimIntake, codesNamedBy, INTAKE_RULES, type AcceptedClaim } from './intake';
import type { ClaimReservation, ClaimSubmissionMetering } from '../metering/claim-metering';

export interface ClaimServiceOptions {
  submissionWindowDays: number;
  diagnoses: DiagnosisService;
  medicalServices: MedicalServiceCatalogue;
  /** Business time; tests can pin it. */
  clock?: Clock;
  /** Whether a pre-authorisation exists and is this member's (a claim may name one). */
  preauthorisationBelongsTo?: (manager: EntityManager, id: string, memberId: string) => Promise<boolean>;
  /**
   * Decides a claim in its submission's transaction, before its row is written: the claim's
   * columns the decision sets, and the writing of the rest once the row is there (null when it
   * cannot decide yet). When deciding or writing the decision fails, the submission is made
   * again without it: the claim is stored SUBMITTED for the next attempt, never lost.
   */
  decideOnSubmit?: (manager: EntityManager, claim: Claim, lines: ClaimLine[]) => Promise<SubmissionDecision | null>;
  /** Reserves each claim's tokens from the employer's wallet before its transaction opens, and records them in it (absent: not metered). */
  metering?: ClaimSubmissionMetering;
  logger?: Logger;
}

/** One submission's claim id and the tokens reserved for it, kept across its attempts. */
interface SubmissionAttempt {
  claimId: string;
  reservation: ClaimReservation | null;
}

const SUBMIT_OPERATION = 'submitClaim';

/** A decision made before its claim's row is written (see `decideOnSubmit`). */
export interface SubmissionDecision {
  /** The claim's columns the decision sets: the row is written with them. */
  columns: Partial<Claim>;
  /** Writes the rest of the decision once the row holds `columns`. */
  write(manager: EntityManager): Promise<void>;
}

/** Newest first: claim numbers come from a sequence, so they follow submission order. */
export const CLAIM_ORDER: KeysetSort<Claim> = { column: 'claim_number', property: 'claimNumber', direction: 'DESC' };

const PROVIDER_REFERENCE_INDEX = 'claims_provider_reference_key';

export function formatClaimNumber(year: string, sequence: number): string {
  return `CLM-${year}-${String(sequence).padStart(6, '0')}`;
}

/** Intake and look-ups of claims. Every write is one transaction. */
export class ClaimService {
  private readonly today: () => string;

  constructor(private readonly dataSource: DataSource, private readonly options: ClaimServiceOptions) {
    const clock = options.clock ?? systemClock;
    this.today = () => clock.today();
  }

  private get claims() {
    return this.dataSource.getRepository(Claim);
  }

  /**
   * Validates a claim against every intake rule, stores it as SUBMITTED with the next claim
   * number and decides it, in one transaction. A retry with the same idempotency key returns the
   * first claim; a second claim with the same provider reference is refused, also when both
   * arrive at once (unique index). A metered claim's tokens are reserved before that transaction
   * opens (see `ClaimSubmissionMetering`).
   */
  async submit(input: SubmitClaimInput, actorId: string, idempotencyKey?: string | null): Promise<Claim> {
    // One id and one reservation for both attempts, so a claim's tokens are reserved once however it is written.
    const attempt: SubmissionAttempt = { claimId: randomUUID(), reservation: null };
    try {
      await this.reserveTokens(input, idempotencyKey, attempt);
      let claim: Claim;
      try {
        claim = await this.intakeAndDecide(input, actorId, idempotencyKey, true, attempt);
      } catch (error) {
        if (!(error instanceof DecisionFailed)) throw error;
        // Nothing of that attempt was kept: the claim is submitted again, undecided.
        this.options.logger?.warn('adjudication on submission failed; the claim is stored SUBMITTED', { error: error.cause });
        claim = await this.intakeAndDecide(input, actorId, idempotencyKey, false, attempt);
      }
      // A concurrent call with the same key wrote its claim first: this call's reservation holds nothing written.
      if (attempt.reservation && claim.id !== attempt.claimId) await this.options.metering?.abandon(attempt.claimId);
      return claim;
    } catch (error) {
      if (attempt.reservation) await this.options.metering?.abandon(attempt.claimId);
      if (!(error instanceof ReferenceTaken)) throw error;
      // Outside the failed transaction: which claim holds the reference.
      const holder = await this.claimHolding(this.dataSource.manager, input.providerId, input.providerReference);
      throw duplicateReferenceError(error.reference, holder);
    }
  }

  /**
   * Reserves a metered claim's tokens with no connection held while the tokens service answers
   * (a slow answer must not starve every other claims query of the pool). Skipped for a claim
   * the intake rules refuse anyway (the transaction reports why), and for a retry whose
   * idempotency key already completed (it returns the first claim and reserves nothing).
   */
  private async reserveTokens(input: SubmitClaimInput, idempotencyKey: string | null | undefined, attempt: SubmissionAttempt): Promise<void> {
    const metering = this.options.metering;
    if (!metering) return;
    if (idempotencyKey) {
      const [done] = await preparedQuery(this.dataSource, 'SELECT 1 FROM idempotency_keys WHERE operation = $1 AND key = $2', [SUBMIT_OPERATION, idempotencyKey]);
      if (done) return;
    }
    const { accepted, preauthorisation } = await this.checkIntake(this.dataSource.manager, input);
    if (!accepted.accepted || 'violation' in preauthorisation) return;
    attempt.reservation = await metering.reserve(this.dataSource.manager, { id: attempt.claimId, memberId: accepted.claim.memberId });
  }

  /** The intake rules' verdict on a claim, and the pre-authorisation it names. */
  private async checkIntake(manager: EntityManager, input: SubmitClaimInput) {
    const today = this.today();
    const named = codesNamedBy(input);
    const facts = {
      today,
      submissionWindowDays: this.options.submissionWindowDays,
      diagnoses: await this.options.diagnoses.byCodes(named.diagnosisCodes, manager),
      services: await this.options.medicalServices.byCodes(named.serviceCodes, manager),
    };
    return { today, facts, accepted: checkClaimIntake(input, facts), preauthorisation: await this.checkPreauthorisation(manager, input) };
  }

  private intakeAndDecide(
    input: SubmitClaimInput,
    actorId: string,
    idempotencyKey: string | null | undefined,
    decide: boolean,
    attempt: SubmissionAttempt,
  ): Promise<Claim> {
    // The claim as this call stored and decided it: what the database holds once it commits.
    let fresh: Claim | undefined;
    return runIdempotent(this.dataSource, {
      operation: SUBMIT_OPERATION,
      key: idempotencyKey,
      request: input,
      load: (id) => (fresh?.id === id ? Promise.resolve(fresh) : this.get(id)),
      run: async (manager) => {
        const { today, facts, accepted: result, preauthorisation } = await this.checkIntake(manager, input);
        // A reused provider reference is caught by the unique index when all else is well; when
        // the claim is refused anyway it is looked up, so every problem is reported at once.
        if (!result.accepted || 'violation' in preauthorisation) {
          const duplicateOf = await this.claimHolding(manager, input.providerId, input.providerReference);
          const checked = duplicateOf ? checkClaimIntake(input, { ...facts, duplicateOf }) : result;
          throw intakeError([...(checked.accepted ? [] : checked.violations), ...('violation' in preauthorisation ? [preauthorisation.violation] : [])]);
        }
        const { claim, lines } = await this.prepare(manager, { ...result.claim, preauthorisationId: 'id' in preauthorisation ? preauthorisation.id : null }, today, actorId, attempt.claimId);
        if (attempt.reservation) await this.options.metering!.record(manager, claim.id, attempt.reservation);
        const decision = decide && this.options.decideOnSubmit ? await decisionStep(() => this.options.decideOnSubmit!(manager, claim, lines)) : null;
        if (decision) Object.assign(claim, decision.columns);
        await this.insert(manager, claim, lines);
        if (decision) await decisionStep(() => decision.write(manager));
        await countProviderActivity(manager, { providerId: claim.providerId, serviceDate: claim.serviceDate, lines });
        fresh = claim;
        return claim.id;
      },
    });
  }

  /** The pre-authorisation a claim names, when it is one of the member's; otherwise the violation. */
  private async checkPreauthorisation(manager: EntityManager, input: SubmitClaimInput): Promise<{ id: string } | { violation: Violation } | Record<string, never>> {
    const id = input.preauthorisationId?.trim().toLowerCase();
    if (!id) return {};
    const refuse = (message: string) => ({ violation: { field: 'preauthorisationId', rule: INTAKE_RULES.MEMBER_PREAUTHORISATION, message } });
    if (!isUuid(id)) return refuse(`"${id}" is not a valid id`);
    const memberId = input.memberId?.trim().toLowerCase() ?? '';
    if (!isUuid(memberId)) return {};
    const belongs = (await this.options.preauthorisationBelongsTo?.(manager, id, memberId)) ?? true;
    return belongs ? { id } : refuse('is not a pre-authorisation of this member');
  }

  /** The claim and its lines as they will be stored, with the next claim number. */
  private async prepare(
    manager: EntityManager,
    accepted: AcceptedClaim & { preauthorisationId: string | null },
    today: string,
    actorId: string,
    claimId: string = randomUUID(),
  ): Promise<{ claim: Claim; lines: ClaimLine[] }> {
    const [{ number }] = await preparedQuery<{ number: string }>(manager, `SELECT nextval('claim_number_seq') AS number`, []);
    const { lines: acceptedLines, ...columns } = accepted;
    const submittedAt = new Date();
    // Every column as the row will hold it, so the claim can be answered without reading it back.
    const claim = manager.create(Claim, {
      ...columns,
      id: claimId,
      claimNumber: formatClaimNumber(today.slice(0, 4), Number(number)),
      status: ClaimStatus.SUBMITTED,
      submittedAt,
      submittedBy: actorId,
      adjudicationId: null,
      decision: null,
      pendReason: null,
      pendDetail: null,
      adjudicatedAt: null,
      payableMinor: null,
      memberResponsibilityMinor: null,
      settlementId: null,
      settledAt: null,
      reversedAt: null,
      reversedBy: null,
      reversalReason: null,
      createdAt: submittedAt,
      updatedAt: submittedAt,
      version: 1,
    });
    const lines = acceptedLines.map((line) => manager.create(ClaimLine, { ...line, id: randomUUID(), claimId: claim.id, currency: accepted.currency }));
    return { claim, lines };
  }

  /** Writes the claim (as submitted, or already decided) and its lines, in one statement. */
  private async insert(manager: EntityManager, claim: Claim, lines: ClaimLine[]): Promise<void> {
    try {
      await preparedQuery(
        manager,
        `WITH claim AS (
           INSERT INTO claims (id, claim_number, member_id, provider_id, provider_reference, benefit_category, service_date, admission_date,
                               discharge_date, diagnosis_codes, status, currency, total_billed_minor, submitted_at, submitted_by, preauthorisation_id,
                               created_at, updated_at, version, decision, pend_reason, adjudicated_at, adjudication_id, payable_minor,
                               member_responsibility_minor)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $14, $18, $19, $20, $21, $22, $23, $24, $25)
         )
         INSERT INTO claim_lines (id, claim_id, line_number, service_code, description, quantity, currency, unit_price_minor, billed_amount_minor, diagnosis_codes)
         SELECT id, $1, line_number, service_code, description, quantity, $12, unit_price_minor, billed_amount_minor, diagnosis_codes
         FROM jsonb_to_recordset($17::jsonb) AS l(id uuid, line_number int, service_code text, description text, quantity int,
                                                 unit_price_minor bigint, billed_amount_minor bigint, diagnosis_codes text[])`,
        [
          claim.id,
          claim.claimNumber,
          claim.memberId,
          claim.providerId,
          claim.providerReference,
          claim.benefitCategory,
          claim.serviceDate,
          claim.admissionDate,
          claim.dischargeDate,
          claim.diagnosisCodes,
          claim.status,
          claim.currency,
          claim.totalBilledMinor,
          claim.submittedAt,
          claim.submittedBy,
          claim.preauthorisationId,
          JSON.stringify(
            lines.map((l) => ({
              id: l.id,
              line_number: l.lineNumber,
              service_code: l.serviceCode,
              description: l.description,
              quantity: l.quantity,
              unit_price_minor: l.unitPriceMinor,
              billed_amount_minor: l.billedAmountMinor,
              diagnosis_codes: l.diagnosisCodes,
            })),
          ),
          claim.updatedAt,
          claim.version,
          claim.decision,
          claim.pendReason,
          claim.adjudicatedAt,
          claim.adjudicationId,
          claim.payableMinor,
          claim.memberResponsibilityMinor,
        ],
      );
    } catch (error) {
      const { code, constraint } = error as { code?: string; constraint?: string };
      if (code === '23505' && constraint === PROVIDER_REFERENCE_INDEX) throw new ReferenceTaken(claim.providerReference);
      throw error;
    }
  }

  /** The number of the claim that already carries this provider's reference (case-insensitive). */
  private async claimHolding(manager: EntityManager, providerId: string, reference: string): Promise<string | null> {
    if (!isUuid(providerId?.trim() ?? '') || !reference?.trim()) return null;
    const [row] = await manager.query(
      'SELECT claim_number FROM claims WHERE provider_id = $1 AND upper(provider_reference) = upper($2) LIMIT 1',
      [providerId.trim(), reference.trim()],
    );
    return row?.claim_number ?? null;
  }

  async get(id: string): Promise<Claim> {
    const claim = isUuid(id) ? await this.claims.findOneBy({ id }) : null;
    if (!claim) throw new NotFoundError('Claim', id);
    return claim;
  }

  byIds(ids: readonly string[]): Promise<Claim[]> {
    const valid = ids.filter((id) => isUuid(id));
    return valid.length === 0 ? Promise.resolve([]) : this.claims.findBy({ id: In(valid) });
  }

  byNumber(claimNumber: string): Promise<Claim | null> {
    return this.claims.findOneBy({ claimNumber: claimNumber.trim().toUpperCase() });
  }

  /** The lines of many claims in one query, in line order. */
  linesOf(claimIds: readonly string[]): Promise<ClaimLine[]> {
    return this.dataSource.getRepository(ClaimLine).find({
      where: { claimId: In([...claimIds]) },
      order: { claimId: 'ASC', lineNumber: 'ASC' },
    });
  }

  /** Claims matching a filter, newest first. */
  search(filter: ClaimFilter | null | undefined, page: PageArgs): Promise<Page<Claim>> {
    const violations: Violation[] = [];
    for (const field of ['memberId', 'providerId'] as const) {
      const value = filter?.[field];
      if (value && !isUuid(value)) violations.push({ field: `filter.${field}`, rule: INTAKE_RULES.VALID_ID, message: `"${value}" is not a valid id` });
    }
    if (violations.length) throw new ValidationError(violations);
    const query = this.claims.createQueryBuilder('claim');
    if (filter?.memberId) query.andWhere('claim.member_id = :memberId', { memberId: filter.memberId });
    if (filter?.providerId) query.andWhere('claim.provider_id = :providerId', { providerId: filter.providerId });
    if (filter?.status) query.andWhere('claim.status = :status', { status: filter.status });
    if (filter?.benefitCategory) query.andWhere('claim.benefit_category = :category', { category: filter.benefitCategory });
    if (filter?.serviceDateFrom) query.andWhere('claim.service_date >= :from', { from: filter.serviceDateFrom });
    if (filter?.serviceDateTo) query.andWhere('claim.service_date <= :to', { to: filter.serviceDateTo });
    return paginate(query, 'claim', CLAIM_ORDER, page);
  }

  /**
   * A page of claims for each member: one statement per distinct (page, status) asked for,
   * however many members, so `_entities` with N members costs what it costs with one.
   */
  /** The requested page of each member's claims, newest first, in one statement for all members. */
  pagesForMembers(memberIds: string[], page: PageArgs, status: ClaimStatus | null): Promise<Map<string, Page<Claim>>> {
    return paginatePerOwner(this.claims, {
      ownerColumn: 'member_id',
      ownerProperty: 'memberId',
      ownerIds: memberIds,
      sort: CLAIM_ORDER,
      page,
      where: status ? { sql: 'status = :status', params: { status } } : undefined,
    });
  }
}


/** The same refusal as intake's, for the submission that lost a race to the unique index. */
/** Deciding a claim as it was submitted failed; the submission is made again without deciding. */
class DecisionFailed extends Error {
  constructor(cause: unknown) {
    super(`deciding the claim failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Runs a step of deciding on submission; its failure is a `DecisionFailed`. */
async function decisionStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw new DecisionFailed(error);
  }
}

/** The unique index refused the claim's provider reference (raised inside the transaction). */
class ReferenceTaken extends Error {
  constructor(readonly reference: string) {
    super(`provider reference ${reference} is taken`);
  }
}

function duplicateReferenceError(reference: string, claimNumber: string | null): ConflictError {
  const message = `"${reference}" was already submitted by this provider${claimNumber ? ` as claim ${claimNumber}` : ''}`;
  return new ConflictError(`providerReference: ${message}`, {
    field: 'providerReference',
    rule: INTAKE_RULES.UNIQUE_CLAIM_REFERENCE,
    violations: [{ field: 'providerReference', rule: INTAKE_RULES.UNIQUE_CLAIM_REFERENCE, message }],
  });
}

/** A reused provider reference alone is a CONFLICT; anything else wrong makes the input invalid (with every violation). */
function intakeError(violations: Violation[]): Error {
  const duplicate = violations.find((v) => v.rule === INTAKE_RULES.UNIQUE_CLAIM_REFERENCE);
  if (duplicate && violations.length === 1) {
    return new ConflictError(`providerReference: ${duplicate.message}`, { field: duplicate.field, rule: duplicate.rule, violations });
  }
  return new ValidationError(violations);
}
