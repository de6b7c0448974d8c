import { Brackets, In, type DataSource, type EntityManager } from 'typeorm';
import { systemClock, type Clock } from '../../../../kit/clock';
import { ConflictError, NotFoundError, Violations } from '../../../../kit/errors';
import { runIdempotent } from '../../../../kit/idempotency';
import { paginate, paginatePerOwner, type KeysetSort, type Page, type PageArgs } from '../../../../kit/pagination';
import { Company, CompanyStatus } from '../company/company.entity';
import { LifeEvent } from './life-event.entity';
import { recordMembersChanged } from './member.events';
import { Member, MemberStatus, MemberType, Relationship } from './member.entity';
import type { EnrolDependantInput, EnrolPrincipalInput, LifecycleChangeInput, MemberFilter } from './member.input';
import {
  cascadesTo,
  checkDependant,
  checkPerson,
  checkPrincipal,
  planTransition,
  type CleanContact,
  type LifecycleAction,
} from './member.rules';

export interface MemberServiceOptions {
  reinstatementWindowDays: number;
  /** Business time; tests can pin it. */
  clock?: Clock;
}

/** Members are listed by member number: a principal is followed by their dependants. */
const MEMBER_ORDER: KeysetSort<Member> = { column: 'member_number', property: 'memberNumber', direction: 'ASC' };

const UNIQUE_FIELDS: Record<string, string> = {
  members_email_key: 'email',
  members_phone_key: 'phone',
  members_national_id_key: 'nationalId',
};

/** Enrolment, lifecycle and look-ups of members. Every write is one transaction. */
export class MemberService {
  private readonly today: () => string;

  constructor(private readonly dataSource: DataSource, private readonly options: MemberServiceOptions) {
    const clock = options.clock ?? systemClock;
    this.today = () => clock.today();
  }

  private get members() {
    return this.dataSource.getRepository(Member);
  }

  async enrolPrincipal(input: EnrolPrincipalInput, actorId: string, idempotencyKey?: string | null): Promise<Member> {
    return runIdempotent(this.dataSource, {
      operation: 'enrolPrincipal',
      key: idempotencyKey,
      request: input,
      load: (id) => this.get(id),
      run: async (manager) => {
        const today = this.today();
        const person = { ...input, enrolmentDate: input.enrolmentDate ?? today };
        const violations = new Violations();
        const contact = checkPerson(person, today, violations);
        checkPrincipal(person, violations);
        const company = await manager.findOneBy(Company, { id: input.companyId });
        if (!company) violations.add('companyId', 'EXISTS', `company ${input.companyId} does not exist`);
        else if (company.status !== CompanyStatus.ACTIVE) violations.add('companyId', 'COMPANY_ACTIVE', 'the company is not active');
        await this.checkUnique(manager, contact, input.nationalId ?? null, violations);
        violations.throwIfAny();
        const [{ number }] = await manager.query(`SELECT nextval('member_number_seq') AS number`);
        const member = manager.create(Member, {
          ...this.personColumns(person, contact),
          memberNumber: `MCS${number}-00`,
          type: MemberType.PRINCIPAL,
          relationship: Relationship.SELF,
          principalId: null,
          companyId: input.companyId,
          status: MemberStatus.PENDING,
        });
        await this.insert(manager, member);
        await this.record(manager, member, null, 'ENROLLED', actorId, 'Enrolled as principal', person.enrolmentDate);
        await recordMembersChanged(manager, [member.id]);
        return member.id;
      },
    });
  }

  async enrolDependant(input: EnrolDependantInput, actorId: string, idempotencyKey?: string | null): Promise<Member> {
    return runIdempotent(this.dataSource, {
      operation: 'enrolDependant',
      key: idempotencyKey,
      request: input,
      load: (id) => this.get(id),
      run: async (manager) => {
        const today = this.today();
        const person = { ...input, enrolmentDate: input.enrolmentDate ?? today };
        const violations = new Violations();
        const contact = checkPerson(person, today, violations);
        // Locking the principal serialises concurrent enrolments into one family (suffixes, spouse count).
        const principal = await manager.findOne(Member, { where: { id: input.principalId }, lock: { mode: 'pessimistic_write' } });
        if (!principal) {
          violations.add('principalId', 'EXISTS', `member ${input.principalId} does not exist`);
          violations.throwIfAny();
          return '';
        }
        const company = await manager.findOneByOrFail(Company, { id: principal.companyId });
        const spouses = await manager.countBy(Member, {
          principalId: principal.id,
          relationship: Relationship.SPOUSE,
          status: In([MemberStatus.PENDING, MemberStatus.ACTIVE, MemberStatus.SUSPENDED]),
        });
        checkDependant(person, principal, company, spouses, violations);
        await this.checkUnique(manager, contact, input.nationalId ?? null, violations);
        violations.throwIfAny();
        const suffix = principal.nextDependantSuffix;
        await manager.update(Member, { id: principal.id }, { nextDependantSuffix: suffix + 1 });
        const member = manager.create(Member, {
          ...this.personColumns(person, contact),
          memberNumber: `${principal.memberNumber.slice(0, -3)}-${String(suffix).padStart(2, '0')}`,
          type: MemberType.DEPENDANT,
          relationship: input.relationship,
          principalId: principal.id,
          companyId: principal.companyId,
          status: MemberStatus.PENDING,
        });
        await this.insert(manager, member);
        await this.record(manager, member, null, 'ENROLLED', actorId, `Enrolled as ${input.relationship.toLowerCase()} of ${principal.memberNumber}`, person.enrolmentDate);
        await recordMembersChanged(manager, [member.id]);
        return member.id;
      },
    });
  }

  activate(input: LifecycleChangeInput, actorId: string) {
    return this.transition('activate', input, actorId);
  }

  suspend(input: LifecycleChangeInput, actorId: string) {
    return this.transition('suspend', input, actorId);
  }

  reinstate(input: LifecycleChangeInput, actorId: string) {
    return this.transition('reinstate', input, actorId);
  }

  terminate(input: LifecycleChangeInput, actorId: string) {
    return this.transition('terminate', input, actorId);
  }

  recordDeath(input: LifecycleChangeInput, actorId: string) {
    return this.transition('recordDeath', input, actorId);
  }

  /**
   * Applies one lifecycle change under a row lock, records its life event, and carries
   * suspension and termination of a principal to each dependant with an event of its own.
   * Reinstating a principal also reinstates the dependants that were suspended with them.
   * Every member changed gets its own `members.member.changed` event in the same transaction.
   */
  private async transition(action: LifecycleAction, input: LifecycleChangeInput, actorId: string): Promise<Member> {
    const effectiveDate = input.effectiveDate ?? this.today();
    const id = await this.dataSource.transaction(async (manager) => {
      const member = await manager.findOne(Member, { where: { id: input.memberId }, lock: { mode: 'pessimistic_write' } });
      if (!member) throw new NotFoundError('Member', input.memberId);
      const principal = member.principalId ? await manager.findOneBy(Member, { id: member.principalId }) : null;
      const plan = planTransition(action, {
        member,
        principalStatus: principal?.status,
        effectiveDate,
        approvalReference: input.approvalReference,
        reinstatementWindowDays: this.options.reinstatementWindowDays,
      });
      const from = member.status;
      await this.apply(manager, member, plan.to, action, effectiveDate);
      const event = await this.record(manager, member, from, plan.event, actorId, input.reason, effectiveDate, null, input.approvalReference);
      const changed = [member.id];

      if (member.type === MemberType.PRINCIPAL) {
        const dependants = await manager.find(Member, {
          where: { principalId: member.id },
          lock: { mode: 'pessimistic_write' },
          order: { memberNumber: 'ASC' },
        });
        const followers =
          action === 'reinstate'
            ? await this.suspendedWith(manager, dependants, member.id)
            : dependants.filter((d) => cascadesTo(action, d.status));
        for (const dependant of followers) {
          const before = dependant.status;
          await this.apply(manager, dependant, plan.to, action, effectiveDate);
          await this.record(manager, dependant, before, plan.event, actorId, `${input.reason} (with principal ${member.memberNumber})`, effectiveDate, event.id);
          changed.push(dependant.id);
        }
      }
      // One event per member, each cascaded dependant included, committed with the change itself.
      await recordMembersChanged(manager, changed);
      return member.id;
    });
    return this.get(id);
  }

  /** Dependants whose current suspension came from the principal's own suspension. */
  private async suspendedWith(manager: EntityManager, dependants: Member[], principalId: string): Promise<Member[]> {
    const suspended = dependants.filter((d) => d.status === MemberStatus.SUSPENDED);
    if (suspended.length === 0) return [];
    const rows: { member_id: string; cascaded_from_id: string | null }[] = await manager.query(
      `SELECT DISTINCT ON (member_id) member_id, cascaded_from_id FROM life_events
       WHERE member_id = ANY($1) ORDER BY member_id, recorded_at DESC, id DESC`,
      [suspended.map((d) => d.id)],
    );
    const principalEvents = new Set(
      (await manager.find(LifeEvent, { where: { memberId: principalId }, select: { id: true } })).map((e) => e.id),
    );
    const followers = new Set(rows.filter((r) => r.cascaded_from_id && principalEvents.has(r.cascaded_from_id)).map((r) => r.member_id));
    return suspended.filter((d) => followers.has(d.id));
  }

  private async apply(manager: EntityManager, member: Member, to: MemberStatus, action: LifecycleAction, effectiveDate: string) {
    member.status = to;
    if (action === 'terminate') member.terminationDate = effectiveDate;
    if (action === 'reinstate') member.terminationDate = null;
    await manager.update(Member, { id: member.id }, { status: member.status, terminationDate: member.terminationDate });
  }

  private async record(
    manager: EntityManager,
    member: Member,
    from: MemberStatus | null,
    type: string,
    actorId: string,
    reason: string,
    effectiveDate: string,
    cascadedFromId: string | null = null,
    approvalReference: string | null = null,
  ): Promise<LifeEvent> {
    return manager.save(
      manager.create(LifeEvent, {
        memberId: member.id,
        type: type as LifeEvent['type'],
        fromStatus: from,
        toStatus: member.status,
        actorId,
        reason,
        effectiveDate,
        cascadedFromId,
        approvalReference: approvalReference?.trim() || null,
      }),
    );
  }

  private personColumns(person: EnrolPrincipalInput | EnrolDependantInput, contact: CleanContact) {
    return {
      firstName: person.firstName.trim(),
      lastName: person.lastName.trim(),
      dateOfBirth: person.dateOfBirth,
      gender: person.gender,
      nationalId: person.nationalId?.trim() || null,
      email: contact.email,
      phone: contact.phone,
      enrolmentDate: person.enrolmentDate!,
      terminationDate: null,
    };
  }

  private async checkUnique(manager: EntityManager, contact: CleanContact, nationalId: string | null, violations: Violations) {
    const checks: [string, string | null, string][] = [
      ['email', contact.email, 'lower(email) = lower($1)'],
      ['phone', contact.phone, 'phone = $1'],
      ['nationalId', nationalId?.trim() || null, 'national_id = $1'],
    ];
    for (const [field, value, where] of checks) {
      if (!value) continue;
      const [taken] = await manager.query(`SELECT member_number FROM members WHERE ${where} LIMIT 1`, [value]);
      if (taken) violations.add(field, 'UNIQUE', `is already used by member ${taken.member_number}`);
    }
  }

  /** Inserts, turning a lost race on a unique index into the same field-named error. */
  private async insert(manager: EntityManager, member: Member): Promise<void> {
    try {
      await manager.insert(Member, member);
    } catch (error) {
      const constraint = (error as { constraint?: string; code?: string }).constraint;
      if ((error as { code?: string }).code === '23505' && constraint && UNIQUE_FIELDS[constraint]) {
        throw new ConflictError(`${UNIQUE_FIELDS[constraint]} is already used by another member`, { field: UNIQUE_FIELDS[constraint], rule: 'UNIQUE' });
      }
      throw error;
    }
  }

  async get(id: string): Promise<Member> {
    const member = await this.members.findOneBy({ id });
    if (!member) throw new NotFoundError('Member', id);
    return member;
  }

  byIds(ids: readonly string[]): Promise<Member[]> {
    return this.members.findBy({ id: In([...ids]) });
  }

  dependantsOf(principalIds: readonly string[]): Promise<Member[]> {
    return this.members.find({ where: { principalId: In([...principalIds]) }, order: { memberNumber: 'ASC' } });
  }

  lifeEventsOf(memberIds: readonly string[]): Promise<LifeEvent[]> {
    return this.dataSource.getRepository(LifeEvent).find({
      where: { memberId: In([...memberIds]) },
      order: { recordedAt: 'ASC', id: 'ASC' },
    });
  }

  search(filter: MemberFilter | undefined, page: PageArgs): Promise<Page<Member>> {
    const query = this.members.createQueryBuilder('member');
    if (filter?.companyId) query.andWhere('member.company_id = :companyId', { companyId: filter.companyId });
    if (filter?.principalId) query.andWhere('member.principal_id = :principalId', { principalId: filter.principalId });
    if (filter?.status) query.andWhere('member.status = :status', { status: filter.status });
    if (filter?.type) query.andWhere('member.type = :type', { type: filter.type });
    if (filter?.search) {
      const term = filter.search.trim();
      const like = `%${term.replace(/[%_\\]/g, '\\$&')}%`;
      query.andWhere(
        new Brackets((q) =>
          q
            .where('member.member_number ILIKE :like', { like })
            .orWhere(`(member.first_name || ' ' || member.last_name) ILIKE :like`)
            .orWhere('member.email ILIKE :like')
            .orWhere('member.phone ILIKE :like')
            .orWhere('member.national_id = :term', { term }),
        ),
      );
    }
    return paginate(query, 'member', MEMBER_ORDER, page);
  }

  /** The requested page of each company's members, in one statement for all companies. */
  pagesForCompanies(companyIds: string[], page: PageArgs): Promise<Map<string, Page<Member>>> {
    return paginatePerOwner(this.members, { ownerColumn: 'company_id', ownerProperty: 'companyId', ownerIds: companyIds, sort: MEMBER_ORDER, page });
  }
}
