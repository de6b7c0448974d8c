import type { EventSubscription } from '../../../kit/events/event';
import { republishPolicies } from './policy/policy.events';
import type { PremiumOverdue, PremiumPaid } from './policy/policy.service';
import { republishVersions } from './scheme/scheme-version.events';
import type { SchemesServices } from './services';

export const INVOICE_PAID = 'finance.invoice.paid';
export const INVOICE_OVERDUE = 'finance.invoice.overdue';
/** Claims asks every owner of what its read models copy to tell it again. */
export const READ_MODELS_REBUILD_REQUESTED = 'claims.read-models.rebuild-requested';

/** What schemes does with other domains' events; each runs in the consumer's transaction, once per event. */
export const schemesSubscriptions: EventSubscription<SchemesServices>[] = [
  {
    types: [INVOICE_PAID],
    handle: async (event, manager, services) => {
      await services.policies.onPremiumPaid(manager, event.payload as PremiumPaid);
    },
  },
  {
    types: [INVOICE_OVERDUE],
    handle: async (event, manager, services) => {
      await services.policies.onPremiumOverdue(manager, event.payload as PremiumOverdue);
    },
  },
  {
    types: [READ_MODELS_REBUILD_REQUESTED],
    // Terms first, so a read model knows a version before the policies sold on it.
    handle: async (_event, manager) => {
      await republishVersions(manager);
      await republishPolicies(manager);
    },
  },
];
