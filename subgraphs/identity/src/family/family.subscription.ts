import type { EventSubscription } from '../../../../kit/events/event';
import type { IdentityServices } from '../services';
import { familyFactsOf, MEMBER_CHANGED } from './family.service';

/** Keeps the family read model from the members domain's `members.member.changed`. */
export const keepFamilies: EventSubscription<IdentityServices> = {
  types: [MEMBER_CHANGED],
  handle: async (event, manager, services) => {
    await services.families.apply(manager, familyFactsOf(event));
  },
};
