import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { systemClock, type Clock } from '../../../../kit/clock';
import { ConflictError, NotFoundError, ValidationError, type Violation } from '../../../../kit/errors';
import { isUuid } from '../../../../kit/ids';
import { runIdempotent } from '../../../../kit/idempotency';
import { paginate, paginatePerOwner, type KeysetSort, type Page, type PageArgs } from '../../../../kit/pagination';
import type { DiagnosisService } from '../diagnosis/diagnosis.service';
import type { MedicalServiceCatalogue } from '../service-catalogue/medical-service.service';
import { ClaimLine } from './claim-line.entity';
import { Claim, ClaimStatus } from './claim.entity';
import type { ClaimFilter, SubmitClaimInput } from './claim.input';
import { checkClaimIntake, codesNamedBy, INTAKE_RULES, type AcceptedClaim } from './intake';

export interface ClaimServiceOptions {
  submissionWindowDays: number;
  diagnoses: DiagnosisService;
  medicalServices: MedicalServiceCatalogue;
  /** Business time; tests can pin it. */
  clock?: Clock;
  /** Whether a pre-authorisation exists and is this member's (a claim may name one). */
  preauthorisationBelongsTo?: (manager: EntityManager, id: string, memberId: string) => Promise<boolean>;
  /**
   * Runs after a submission has committed (adjudication, in its own transaction): a failure there
   * never loses the submitted claim, which stays SUBMITTED for the next attempt.
   */
  afterSubmit?: (claimId: string) => Promise<void>;
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
   * Validates a claim against every intake rule and stores it as SUBMITTED with the next claim
   * number. A retry with the same idempotency key returns the first claim; a second claim with
   * the same provider reference is refused, also when both arrive at once (unique index).
   */
  async submit(input: SubmitClaimInput, actorId: string, idempotencyKey?: string | null): Promise<Claim> {
    const submitted = await this.intake(input, actorId, idempotencyKey);
    if (submitted.status !== ClaimStatus.SUBMITTED || !this.options.afterSubmit) return submitted;
    await this.options.afterSubmit(submitted.id);
    return this.get(submitted.id);
  }

  private intake(input: SubmitClaimInput, actorId: string, idempotencyKey?: string | null): Promise<Claim> {
    return runIdempotent(this.dataSource, {
      operation: 'submitClaim',
      key: idempotencyKey,
      request: input,
      load: (id) => this.get(id),
      run: async (manager) => {
        const today = this.today();
        const named = codesNamedBy(input);
        const diagnoses = await this.options.diagnoses.byCodes(named.diagnosisCodes, manager);
        const services = await this.options.medicalServices.byCodes(named.serviceCodes, manager);
        const duplicateOf = await this.claimHolding(manager, input.providerId, input.providerReference);
        const result = checkClaimIntake(input, {
          today,
          submissionWindowDays: this.options.submissionWindowDays,
          diagnoses,
          services,
          duplicateOf,
        });
        const preauthorisation = await this.checkPreauthorisation(manager, input);
        const violations = [...(result.accepted ? [] : result.violations), ...('violation' in preauthorisation ? [preauthorisation.violation] : [])];
        if (!result.accepted || violations.length > 0) throw intakeError(violations);
        return this.store(manager, { ...result.claim, preauthorisationId: 'id' in preauthorisation ? preauthorisation.id : null }, today, actorId);
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

  private async store(
    manager: EntityManager,
    accepted: AcceptedClaim & { preauthorisationId: string | null },
    today: string,
    actorId: string,
  ): Promise<string> {
    const [{ number }] = await manager.query(`SELECT nextval('claim_number_seq') AS number`);
    const { lines, ...columns } = accepted;
    const claim = manager.create(Claim, {
      ...columns,
      id: randomUUID(),
      claimNumber: formatClaimNumber(today.slice(0, 4), Number(number)),
      status: ClaimStatus.SUBMITTED,
      submittedAt: new Date(),
      submittedBy: actorId,
    });
    try {
      await manager.insert(Claim, claim);
    } catch (error) {
      const { code, constraint } = error as { code?: string; constraint?: string };
      if (code === '23505' && constraint === PROVIDER_REFERENCE_INDEX) {
        throw duplicateReferenceError(accepted.providerReference);
      }
      throw error;
    }
    await manager.insert(
      ClaimLine,
      lines.map((line) => ({ ...line, id: randomUUID(), claimId: claim.id, currency: accepted.currency })),
    );
    return claim.id;
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
function duplicateReferenceError(reference: string): ConflictError {
  const message = `"${reference}" was already submitted by this provider`;
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
