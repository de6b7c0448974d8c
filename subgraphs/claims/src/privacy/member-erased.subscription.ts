import type { EventSubscription } from '../../../../kit/events/event';
import type { ClaimsServices } from '../services';

/** The members subgraph's `members.member.erased` (its shape, restated: subgraphs share no code). */
export const MEMBER_ERASED = 'members.member.erased';

/**
 * Claims holds no name, contact detail or identity number: members are ids, member numbers, date
 * of birth and gender, which the members subgraph keeps too and adjudication needs. What may name
 * the person is free text a provider typed into a pre-authorisation request (`notes`), so that
 * goes. Claims, lines, codes, amounts, decisions (with the officers' reasons) and utilisation
 * stay: settlements and the ledger refer to them. Notes already gone are left alone.
 */
export const eraseMemberFromClaims: EventSubscription<ClaimsServices> = {
  types: [MEMBER_ERASED],
  async handle(event, manager) {
    const { memberId } = event.payload as { memberId?: unknown };
    if (typeof memberId !== 'string') throw new TypeError(`${MEMBER_ERASED} without a memberId`);
    await manager.query(
      `UPDATE preauthorisations SET notes = NULL, updated_at = now(), version = version + 1
       WHERE member_id = $1 AND notes IS NOT NULL`,
      [memberId],
    );
  },
};
