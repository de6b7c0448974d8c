import { loaderById, loaderGroupedBy } from '../../../kit/loaders';
import type { ProvidersServices } from './services';

/** Per-request DataLoaders of the providers subgraph: one statement per batch, whatever the list length. */
export function createProvidersLoaders(services: ProvidersServices) {
  return {
    providerById: loaderById((ids) => services.providers.byIds(ids)),
    historyByProviderId: loaderGroupedBy((ids) => services.providers.historyOf(ids), (e) => e.providerId),
    licencesByProviderId: loaderGroupedBy((ids) => services.licences.licencesOf(ids), (l) => l.providerId),
    accreditationsByProviderId: loaderGroupedBy((ids) => services.licences.accreditationsOf(ids), (a) => a.providerId),
    networkById: loaderById((ids) => services.networks.byIds(ids)),
    membershipsByProviderId: loaderGroupedBy((ids) => services.networks.membershipsOfProviders(ids), (m) => m.providerId),
    membershipsByNetworkId: loaderGroupedBy((ids) => services.networks.membershipsOfNetworks(ids), (m) => m.networkId),
    personnelByProviderId: loaderGroupedBy((ids) => services.personnel.ofProviders(ids), (p) => p.providerId),
    contractById: loaderById((ids) => services.contracts.byIds(ids)),
    contractsByProviderId: loaderGroupedBy((ids) => services.contracts.ofProviders(ids), (c) => c.providerId),
    tariffsByContractId: loaderGroupedBy((ids) => services.contracts.tariffsOf(ids), (t) => t.contractId),
  };
}

export type ProvidersLoaders = ReturnType<typeof createProvidersLoaders>;
