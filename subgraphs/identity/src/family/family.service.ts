import type { DataSource, EntityManager } from 'typeorm';
import type { DomainEvent } from '../../../../kit/events/event';

export const MEMBER_CHANGED = 'members.member.changed';

/** What identity reads of `members.member.changed` (the payload carries more). */
export interface MemberFamilyFacts {
  id: string;
  principalId: string | null;
  status: string;
  version: number;
}

/** Refuses a payload without the fields the read model needs, so the bus retries and dead-letters it. */
export function familyFactsOf(event: DomainEvent): MemberFamilyFacts {
  const payload = event.payload as Partial<MemberFamilyFacts> | null;
  if (!payload || typeof payload !== 'object') throw new TypeError(`${event.type} ${event.id}: payload is not an object`);
  if (typeof payload.id !== 'string' || typeof payload.status !== 'string' || !Number.isSafeInteger(Number(payload.version))) {
    throw new TypeError(`${event.type} ${event.id}: payload needs id, status and a whole-number version`);
  }
  return { id: payload.id, principalId: payload.principalId ?? null, status: payload.status, version: Number(payload.version) };
}

/**
 * Keeps each member's place in a family and answers "who is in this member's family". A newer
 * version replaces the row; an older or repeated one changes nothing.
 */
export class FamilyService {
  constructor(private readonly dataSource: DataSource) {}

  /** Applies one member's facts if newer than what is held; returns whether anything changed. */
  async apply(manager: EntityManager, facts: MemberFamilyFacts): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO family_members (member_id, principal_id, status, version) VALUES ($1, $2, $3, $4)
       ON CONFLICT (member_id) DO UPDATE SET principal_id = EXCLUDED.principal_id, status = EXCLUDED.status,
         version = EXCLUDED.version, updated_at = now()
       WHERE family_members.version < EXCLUDED.version
       RETURNING member_id`,
      [facts.id, facts.principalId, facts.status, facts.version],
    );
    return rows.length > 0;
  }

  /**
   * Every member id of the member's family: the principal (the member itself when it has none)
   * and everyone whose principal that is, the member always included, principal first.
   */
  async familyOf(memberId: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { member_id: string }[] = await manager.query(
      `WITH principal AS (
         SELECT COALESCE((SELECT principal_id FROM family_members WHERE member_id = $1), $1::uuid) AS id)
       SELECT p.id AS member_id, 0 AS rank FROM principal p
       UNION
       SELECT f.member_id, 1 AS rank FROM family_members f, principal p WHERE f.principal_id = p.id
       ORDER BY rank, member_id`,
      [memberId],
    );
    const family = rows.map((r) => r.member_id);
    return family.includes(memberId) ? family : [...family, memberId];
  }

  /** Whether the read model knows the member (a member user must name one it knows). */
  async isKnown(manager: EntityManager, memberId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM family_members WHERE member_id = $1', [memberId]);
    return rows.length > 0;
  }
}
