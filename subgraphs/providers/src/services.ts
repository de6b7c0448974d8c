import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '../../../kit/clock';
import { ContractService } from './contract/contract.service';
import { LicenceService } from './licence/licence.service';
import { NetworkService } from './network/network.service';
import { PersonnelService } from './personnel/personnel.service';
import { ProviderService } from './provider/provider.service';

export function createProvidersServices(dataSource: DataSource, clock: Clock = systemClock) {
  const today = () => clock.today();
  return {
    today,
    providers: new ProviderService(dataSource, today),
    licences: new LicenceService(dataSource, today),
    networks: new NetworkService(dataSource, today),
    contracts: new ContractService(dataSource, today),
    personnel: new PersonnelService(dataSource),
  };
}

export type ProvidersServices = ReturnType<typeof createProvidersServices>;
