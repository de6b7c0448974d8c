import type { EventSubscription } from '../../../../kit/events/event';

/** The members subgraph's `members.member.erased` (its shape, restated: subgraphs share no code). */
export const MEMBER_ERASED = 'members.member.erased';

interface MemberErasedPayload {
  memberId: string;
  pseudonym: string;
  erasedAt: string;
}

/** The sign-in address an erased member's user is left with: unique, and deliverable nowhere (`.invalid`). */
export function erasedEmail(memberId: string): string {
  return `erased-${memberId}@erased.invalid`;
}

/**
 * Pseudonymises the user of an erased member: e-mail and display name give way to the pseudonym,
 * and the client addresses of their sessions are dropped. Roles, sessions' times and the user id
 * (which the audit log refers to) stay. A user already pseudonymised is left alone, so applying
 * the event again changes nothing.
 */
export const pseudonymiseErasedMemberUser: EventSubscription = {
  types: [MEMBER_ERASED],
  async handle(event, manager) {
    const { memberId, pseudonym } = event.payload as MemberErasedPayload;
    if (typeof memberId !== 'string' || typeof pseudonym !== 'string') throw new TypeError(`${MEMBER_ERASED} without memberId and pseudonym`);
    await manager.query(
      `UPDATE users SET email = $2, display_name = $3, updated_at = now()
       WHERE member_id = $1 AND (email <> $2 OR display_name <> $3)`,
      [memberId, erasedEmail(memberId), pseudonym],
    );
    await manager.query(
      `UPDATE sessions SET ip = NULL WHERE ip IS NOT NULL AND user_id IN (SELECT id FROM users WHERE member_id = $1)`,
      [memberId],
    );
  },
};
