import type { EventSubscription } from '../../../../kit/events/event';
import type { FinanceServices } from '../services';

/** The members subgraph's `members.member.erased` (its shape, restated: subgraphs share no code). */
export const MEMBER_ERASED = 'members.member.erased';

/**
 * Finance keeps no names or addresses: invoices, settlements and the ledger refer to members by
 * id, and the law requires them kept as they are. The one identifying detail is the phone number
 * an M-Pesa payment came from, so that goes; amounts, dates, methods, receipt references and
 * every ledger row stay. Payments already without a phone are left alone.
 */
export const eraseMemberFromFinance: EventSubscription<FinanceServices> = {
  types: [MEMBER_ERASED],
  async handle(event, manager) {
    const { memberId } = event.payload as { memberId?: unknown };
    if (typeof memberId !== 'string') throw new TypeError(`${MEMBER_ERASED} without a memberId`);
    await manager.query(`UPDATE payments SET payer_phone = NULL WHERE member_id = $1 AND payer_phone IS NOT NULL`, [memberId]);
  },
};
