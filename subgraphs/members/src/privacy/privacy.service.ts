import type { DataSource } from 'typeorm';
import { NotFoundError, Violations } from '../../../../kit/errors';
import { recordEvent } from '../../../../kit/events/outbox';
import { Company } from '../company/company.entity';
import { LifeEvent } from '../member/life-event.entity';
import { Member } from '../member/member.entity';
import { MEMBER_ERASED, type MemberErasedPayload } from './member-erased.event';
import { pseudonymFor } from './pseudonym';

/** A member's export and the erasure of their identity. */
export class MemberPrivacyService {
  constructor(private readonly dataSource: DataSource) {}

  /** Everything the members subgraph holds about one member, as plain JSON. */
  async exportOf(memberId: string): Promise<Record<string, unknown>> {
    const member = await this.dataSource.getRepository(Member).findOneBy({ id: memberId });
    if (!member) throw new NotFoundError('Member', memberId);
    const { nextDependantSuffix: _internal, ...record } = member;
    const [erasure] = await this.dataSource.query(`SELECT erased_at, erasure_reason FROM members WHERE id = $1`, [memberId]);
    const company = await this.dataSource.getRepository(Company).findOneBy({ id: member.companyId });
    const lifeEvents = await this.dataSource.getRepository(LifeEvent).find({ where: { memberId }, order: { recordedAt: 'ASC', id: 'ASC' } });
    // Plain JSON (dates as ISO strings) whatever the transport: this is the document the member keeps.
    return JSON.parse(JSON.stringify({
      subgraph: 'members',
      exportedAt: new Date().toISOString(),
      member: { ...record, erasedAt: erasure?.erased_at ?? null, erasureReason: erasure?.erasure_reason ?? null },
      employer: company ? { id: company.id, name: company.name } : null,
      lifeEvents,
    }));
  }

  /**
   * Pseudonymises a member in one transaction: names become the pseudonym, e-mail, phone and
   * national id are removed, and `members.member.erased` tells the other domains. Date of birth,
   * gender, member number, family links and lifecycle stay: cover, pricing and the financial
   * records that must be kept depend on them. Asking again changes nothing and records nothing.
   */
  async requestErasure(memberId: string, reason: string, actorId: string): Promise<Member> {
    const violations = new Violations();
    if (!reason.trim()) violations.add('reason', 'REQUIRED', 'say why the erasure is asked for');
    violations.throwIfAny();
    await this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(`SELECT erased_at FROM members WHERE id = $1 FOR UPDATE`, [memberId]);
      if (!row) throw new NotFoundError('Member', memberId);
      if (row.erased_at) return;
      const { firstName, lastName, pseudonym } = pseudonymFor(memberId);
      const erasedAt = new Date();
      await manager.query(
        `UPDATE members SET first_name = $2, last_name = $3, email = NULL, phone = NULL, national_id = NULL,
           erased_at = $4, erasure_reason = $5, updated_at = now()
         WHERE id = $1`,
        [memberId, firstName, lastName, erasedAt, `${reason.trim()} (requested by ${actorId})`],
      );
      await recordEvent<MemberErasedPayload>(manager, {
        type: MEMBER_ERASED,
        aggregateId: memberId,
        payload: { memberId, pseudonym, erasedAt: erasedAt.toISOString() },
      });
    });
    return (await this.dataSource.getRepository(Member).findOneBy({ id: memberId }))!;
  }
}
