import type { EntityManager } from 'typeorm';
import type { DemoPlan } from '../../../demo/plan';
import { Company, CompanyStatus } from './company/company.entity';
import { LifeEvent, LifeEventType } from './member/life-event.entity';
import { Member, MemberStatus, MemberType, type Gender, type Relationship } from './member/member.entity';
import { recordMembersChanged } from './member/member.events';

const DEMO_ACTOR = 'system:demo-seed';

/**
 * Inserts the plan's companies and members, each with the life events that led to its status,
 * and records a `members.member.changed` for each member so other domains' read models fill in.
 */
export async function seedMembersDemo(manager: EntityManager, plan: DemoPlan): Promise<void> {
  await manager.insert(
    Company,
    plan.companies.map((c) => ({
      id: c.id,
      name: c.name,
      registrationNumber: c.registrationNumber,
      industry: c.industry,
      email: c.email,
      phone: c.phone,
      county: c.county,
      status: CompanyStatus.ACTIVE,
      childMaxAge: 24,
      parentMaxAge: 85,
      maxSpouses: 1,
    })),
  );
  const principalNumber = new Map(plan.members.filter((m) => !m.principalId).map((m) => [m.id, m.memberNumber]));
  const suffixes = new Map<string, number>();
  for (const m of plan.members) if (m.principalId) suffixes.set(m.principalId, (suffixes.get(m.principalId) ?? 0) + 1);

  // Principals first: dependants reference them.
  const ordered = [...plan.members].sort((a, b) => Number(a.principalId !== null) - Number(b.principalId !== null));
  for (let i = 0; i < ordered.length; i += 200) {
    await manager.insert(
      Member,
      ordered.slice(i, i + 200).map((m) => ({
        id: m.id,
        memberNumber: m.memberNumber,
        type: m.principalId ? MemberType.DEPENDANT : MemberType.PRINCIPAL,
        relationship: m.relationship as Relationship,
        principalId: m.principalId,
        companyId: m.companyId,
        firstName: m.firstName,
        lastName: m.lastName,
        dateOfBirth: m.dateOfBirth,
        gender: m.gender as Gender,
        nationalId: m.nationalId,
        email: m.email,
        phone: m.phone,
        status: m.status as MemberStatus,
        enrolmentDate: m.enrolmentDate,
        terminationDate: m.terminationDate,
        nextDependantSuffix: (suffixes.get(m.id) ?? 0) + 1,
      })),
    );
  }

  const events: Partial<LifeEvent>[] = [];
  const event = (m: DemoPlan['members'][number], type: LifeEventType, from: MemberStatus | null, to: MemberStatus, reason: string, date: string) =>
    events.push({ memberId: m.id, type, fromStatus: from, toStatus: to, actorId: DEMO_ACTOR, reason, effectiveDate: date });
  for (const m of plan.members) {
    const whose = m.principalId ? ` of ${principalNumber.get(m.principalId)}` : '';
    event(m, LifeEventType.ENROLLED, null, MemberStatus.PENDING, m.principalId ? `Enrolled as ${m.relationship.toLowerCase()}${whose}` : 'Enrolled as principal', m.enrolmentDate);
    if (m.status === 'PENDING') continue;
    event(m, LifeEventType.ACTIVATED, MemberStatus.PENDING, MemberStatus.ACTIVE, 'Enrolment documents verified', m.enrolmentDate);
    if (m.status === 'SUSPENDED') {
      event(m, LifeEventType.SUSPENDED, MemberStatus.ACTIVE, MemberStatus.SUSPENDED, 'Premium arrears past the grace period', '2026-09-15');
    }
    if (m.status === 'TERMINATED') {
      event(m, LifeEventType.TERMINATED, MemberStatus.ACTIVE, MemberStatus.TERMINATED, 'Left the employer', m.terminationDate!);
    }
  }
  for (let i = 0; i < events.length; i += 500) await manager.insert(LifeEvent, events.slice(i, i + 500));

  const highest = Math.max(...plan.members.map((m) => Number(m.memberNumber.slice(3, -3))));
  await manager.query(`SELECT setval('member_number_seq', $1)`, [highest]);
  await recordMembersChanged(manager, plan.members.map((m) => m.id));
}
