import { rules } from '../../../kit/permissions';
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
      provider: rules.anyone,
      providers: rules.anyone,
      providerTariff: rules.anyone,
      providerContract: rules.anyone,
      networks: rules.anyone,
      network: rules.anyone,
      medicalPersonnel: rules.anyone,
    },
    Mutation: {
      registerProvider: rules.anyone,
      updateProviderStatus: rules.anyone,
      blacklistProvider: rules.anyone,
      liftBlacklist: rules.anyone,
      addLicence: rules.anyone,
      addAccreditation: rules.anyone,
      createNetwork: rules.anyone,
      addProviderToNetwork: rules.anyone,
      removeProviderFromNetwork: rules.anyone,
      createContract: rules.anyone,
      activateContract: rules.anyone,
      terminateContract: rules.anyone,
      reviseContractTariffs: rules.anyone,
      registerPersonnel: rules.anyone,
    },
    Provider: rules.anyone,
    ProviderEvent: rules.anyone,
    ProviderLicence: rules.anyone,
    ProviderAccreditation: rules.anyone,
    ProviderNetwork: rules.anyone,
    NetworkMembership: rules.anyone,
    ProviderContract: rules.anyone,
    ContractTariff: rules.anyone,
    MedicalPersonnel: rules.anyone,
  },
  createServices: (dataSource) => createProvidersServices(dataSource),
  createLoaders: createProvidersLoaders,
  subscriptions: [rebuildReadModels],
});
