import { In, MoreThan, type EntityManager } from 'typeorm';
import { recordEvent } from '../../../../kit/events/outbox';
import { Member, type Gender, type MemberStatus, type MemberType, type Relationship } from './member.entity';

export const MEMBER_CHANGED = 'members.member.changed';
/** Claims asks every owner of what its read models copy to tell it again. */
export const READ_MODELS_REBUILD_REQUESTED = 'claims.read-models.rebuild-requested';

/**
 * What other domains learn of a member: its place in the family, its lifecycle, and where it is
 * reached (engagement sends its notifications there); never its name or identity number.
 */
export interface MemberChangedPayload {
  id: string;
  memberNumber: string;
  type: MemberType;
  relationship: Relationship;
  principalId: string | null;
  companyId: string;
  dateOfBirth: string;
  gender: Gender;
  status: MemberStatus;
  enrolmentDate: string;
  terminationDate: string | null;
  email: string | null;
  /** E.164. */
  phone: string | null;
  /** Grows with every change of the row, so a consumer can drop stale or repeated events. */
  version: number;
}

export function memberChangedPayload(member: Member): MemberChangedPayload {
  return {
    id: member.id,
    memberNumber: member.memberNumber,
    type: member.type,
    relationship: member.relationship,
    principalId: member.principalId,
    companyId: member.companyId,
    dateOfBirth: member.dateOfBirth,
    gender: member.gender,
    status: member.status,
    enrolmentDate: member.enrolmentDate,
    terminationDate: member.terminationDate,
    email: member.email,
    phone: member.phone,
    version: member.version,
  };
}

/**
 * Records `members.member.changed` for each member as it now stands in the caller's transaction.
 * The rows are read again so the payload carries the version the update just wrote.
 */
export async function recordMembersChanged(manager: EntityManager, memberIds: string[]): Promise<void> {
  if (memberIds.length === 0) return;
  const members = await manager.find(Member, { where: { id: In(memberIds) }, order: { memberNumber: 'ASC' } });
  for (const member of members) {
    await recordEvent(manager, { type: MEMBER_CHANGED, aggregateId: member.id, payload: memberChangedPayload(member) });
  }
}

const REPUBLISH_BATCH = 500;

/** Tells the other domains the current state of every member again (principals before their dependants); returns how many. */
export async function republishMembers(manager: EntityManager): Promise<number> {
  let count = 0;
  let after = '';
  for (;;) {
    const batch = await manager.find(Member, {
      where: after ? { memberNumber: MoreThan(after) } : {},
      order: { memberNumber: 'ASC' },
      take: REPUBLISH_BATCH,
    });
    for (const member of batch) {
      await recordEvent(manager, { type: MEMBER_CHANGED, aggregateId: member.id, payload: memberChangedPayload(member) });
    }
    count += batch.length;
    if (batch.length < REPUBLISH_BATCH) return count;
    after = batch[batch.length - 1].memberNumber;
  }
}
