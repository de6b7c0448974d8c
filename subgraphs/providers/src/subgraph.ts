import type { Role } from '../../../kit/auth/identity';
import { signedIn, staff } from '../../../kit/auth/rules';
import { defineSubgraph } from '../../../kit/subgraph';
import type { ProvidersContext } from './context';
import { ProviderContract } from './contract/contract.entity';
import { ContractResolver, ContractTariffResolver, ProviderContractsResolver } from './contract/contract.resolver';
import { ContractTariff } from './contract/tariff.entity';
import { ProviderAccreditation } from './licence/accreditation.entity';
import { ProviderLicence } from './licence/licence.entity';
import { LicenceResolver, ProviderLicencesResolver } from './licence/licence.resolver';
import { createProvidersLoaders } from './loaders';
import { ProvidersSchema1700000005000 } from './migrations/1700000005000-ProvidersSchema';
import { NetworkMembership } from './network/network-membership.entity';
import { ProviderNetwork } from './network/network.entity';
import { NetworkMembershipResolver, NetworkResolver, ProviderNetworksResolver } from './network/network.resolver';
import { MedicalPersonnel } from './personnel/personnel.entity';
import { PersonnelResolver, ProviderPersonnelResolver } from './personnel/personnel.resolver';
import { ProviderEvent } from './provider/provider-event.entity';
import { Provider } from './provider/provider.entity';
import { ProviderResolver } from './provider/provider.resolver';
import { rebuildReadModels } from './read-models.subscription';
import { createProvidersServices } from './services';

/** Provider relations (registration, networks, contracts) sit with the claims team. */
const PROVIDER_MANAGERS: Role[] = ['CLAIMS_OFFICER'];
const CONTRACT_READERS: Role[] = ['CLAIMS_OFFICER', 'FINANCE_OFFICER', 'UNDERWRITER', 'ANALYST'];

/** Providers, personnel, licences, networks, contracts and tariffs: the owner of the `Provider` entity. */
export const providersSubgraph = defineSubgraph({
  name: 'providers',
  defaultPort: 4005,
  entities: [Provider, ProviderEvent, ProviderLicence, ProviderAccreditation, MedicalPersonnel, ProviderNetwork, NetworkMembership, ProviderContract, ContractTariff],
  migrations: [ProvidersSchema1700000005000],
  resolvers: [
    ProviderResolver,
    ProviderLicencesResolver,
    ProviderNetworksResolver,
    ProviderContractsResolver,
    ProviderPersonnelResolver,
    LicenceResolver,
    NetworkResolver,
    NetworkMembershipResolver,
    ContractResolver,
    ContractTariffResolver,
    PersonnelResolver,
  ],
  referenceResolvers: {
    Provider: { __resolveReference: (ref, ctx: ProvidersContext) => ctx.loaders.providerById.load(ref.id) },
  },
  permissions: {
    Query: {
      // The provider directory (who is in which network) is what members search to find care.
      provider: signedIn,
      providers: signedIn,
      providerTariff: staff(...CONTRACT_READERS),
      providerContract: staff(...CONTRACT_READERS),
      networks: signedIn,
      network: signedIn,
      medicalPersonnel: signedIn,
    },
    Mutation: {
      registerProvider: staff(...PROVIDER_MANAGERS),
      updateProviderStatus: staff(...PROVIDER_MANAGERS),
      blacklistProvider: staff(...PROVIDER_MANAGERS),
      liftBlacklist: staff(...PROVIDER_MANAGERS),
      addLicence: staff(...PROVIDER_MANAGERS),
      addAccreditation: staff(...PROVIDER_MANAGERS),
      createNetwork: staff(...PROVIDER_MANAGERS),
      addProviderToNetwork: staff(...PROVIDER_MANAGERS),
      removeProviderFromNetwork: staff(...PROVIDER_MANAGERS),
      createContract: staff(...PROVIDER_MANAGERS),
      activateContract: staff(...PROVIDER_MANAGERS),
      terminateContract: staff(...PROVIDER_MANAGERS),
      reviseContractTariffs: staff(...PROVIDER_MANAGERS),
      registerPersonnel: staff(...PROVIDER_MANAGERS),
    },
    Provider: signedIn,
    ProviderEvent: staff(...CONTRACT_READERS),
    ProviderLicence: signedIn,
    ProviderAccreditation: signedIn,
    ProviderNetwork: signedIn,
    NetworkMembership: signedIn,
    // Agreed prices are commercial terms: staff only.
    ProviderContract: staff(...CONTRACT_READERS),
    ContractTariff: staff(...CONTRACT_READERS),
    MedicalPersonnel: signedIn,
  },
  createServices: (dataSource) => createProvidersServices(dataSource),
  createLoaders: createProvidersLoaders,
  subscriptions: [rebuildReadModels],
});
