import type { EventSubscription } from '../../../kit/events/event';
import { recordAllContractSnapshots } from './contract/contract.events';
import { recordAllProviderSnapshots } from './provider/provider.events';
import type { ProvidersServices } from './services';

export const REBUILD_REQUESTED = 'claims.read-models.rebuild-requested';

/**
 * When the claims subgraph rebuilds its read models from scratch (payload `{ requestedBy }`), it
 * gets the current state of every provider and every contract revision, written to this
 * subgraph's outbox in the consumer's transaction. Versions do not change: nothing changed.
 */
export const rebuildReadModels: EventSubscription<ProvidersServices> = {
  types: [REBUILD_REQUESTED],
  handle: async (_event, manager) => {
    await recordAllProviderSnapshots(manager);
    await recordAllContractSnapshots(manager);
  },
};
