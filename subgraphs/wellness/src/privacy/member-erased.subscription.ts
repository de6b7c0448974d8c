import type { EventSubscription } from '../../../../kit/events/event';
import type { WellnessServices } from '../services';

/** The members subgraph's `members.member.erased` (its shape, restated: subgraphs share no code). */
export const MEMBER_ERASED = 'members.member.erased';

/**
 * Health readings are the member's most sensitive data here and no law asks us to keep them:
 * every reading goes, and every device connection is revoked (at the provider too, best effort)
 * with its tokens wiped. Points and bookings stay: they hold no health data, only ids and dates.
 */
export const eraseMemberFromWellness: EventSubscription<WellnessServices> = {
  types: [MEMBER_ERASED],
  async handle(event, manager, services) {
    const { memberId } = event.payload as { memberId?: unknown };
    if (typeof memberId !== 'string') throw new TypeError(`${MEMBER_ERASED} without a memberId`);
    // Revoke first: it waits for any ingest holding a connection's lock, so the delete then sees its readings.
    await services.connections.revokeAllForMember(manager, memberId);
    await services.metrics.deleteForMember(manager, memberId);
  },
};
