import { In, type DataSource, type EntityManager } from 'typeorm';
import { ConflictError, InvalidTransitionError, NotFoundError, Violations } from '../../../../kit/errors';
import { runIdempotent } from '../../../../kit/idempotency';
import { ProviderStatus } from '../provider/provider.entity';
import { recordProviderChange } from '../provider/provider.events';
import { lockProvider } from '../provider/provider.service';
import { NetworkMembership } from './network-membership.entity';
import { ProviderNetwork } from './network.entity';
import type { AddProviderToNetworkInput, CreateNetworkInput, RemoveProviderFromNetworkInput } from './network.input';
import { checkJoin, checkNewNetwork, planLeave } from './network.rules';

/** Networks and the stays of providers in them. Every write is one transaction. */
export class NetworkService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly today: () => string,
  ) {}

  private get networks() {
    return this.dataSource.getRepository(ProviderNetwork);
  }

  create(input: CreateNetworkInput, idempotencyKey?: string | null): Promise<ProviderNetwork> {
    return runIdempotent(this.dataSource, {
      operation: 'createNetwork',
      key: idempotencyKey,
      request: input,
      load: (id) => this.networks.findOneByOrFail({ id }),
      run: async (manager) => {
        const violations = new Violations();
        const code = checkNewNetwork(input, violations);
        violations.throwIfAny();
        const duplicate = () => new ConflictError(`A network with code ${code} already exists`, { field: 'code', rule: 'UNIQUE' });
        if (await manager.existsBy(ProviderNetwork, { code })) throw duplicate();
        const network = manager.create(ProviderNetwork, { code, name: input.name.trim(), tier: input.tier, description: input.description?.trim() || null });
        try {
          await manager.insert(ProviderNetwork, network);
        } catch (error) {
          if ((error as { code?: string }).code === '23505') throw duplicate();
          throw error;
        }
        return network.id;
      },
    });
  }

  /** Opens a stay of the provider in the network and publishes the provider's new state. */
  async addProvider(input: AddProviderToNetworkInput, actorId: string): Promise<NetworkMembership> {
    const id = await this.dataSource.transaction(async (manager) => {
      const provider = await lockProvider(manager, input.providerId);
      const network = await this.networkForChange(manager, input.networkCode);
      if (provider.status === ProviderStatus.CLOSED || provider.blacklisted) {
        const why = provider.blacklisted ? 'the provider is blacklisted' : 'the provider is CLOSED';
        throw new InvalidTransitionError('provider', provider.status, `add to ${network.code}`, why);
      }
      const joinedOn = input.joinedOn ?? this.today();
      const stays = await manager.find(NetworkMembership, { where: { providerId: provider.id, networkId: network.id } });
      const violations = new Violations();
      checkJoin(stays, joinedOn, network.code, violations);
      violations.throwIfAny();
      const membership = manager.create(NetworkMembership, { networkId: network.id, providerId: provider.id, joinedOn, leftOn: null, joinedBy: actorId });
      await manager.insert(NetworkMembership, membership);
      await recordProviderChange(manager, provider.id);
      return membership.id;
    });
    return this.dataSource.getRepository(NetworkMembership).findOneByOrFail({ id });
  }

  /** Closes the provider's open stay in the network (leftOn is its last day) and publishes the new state. */
  async removeProvider(input: RemoveProviderFromNetworkInput, actorId: string): Promise<NetworkMembership> {
    const id = await this.dataSource.transaction(async (manager) => {
      const provider = await lockProvider(manager, input.providerId);
      const network = await this.networkForChange(manager, input.networkCode);
      const leftOn = input.leftOn ?? this.today();
      const stays = await manager.find(NetworkMembership, { where: { providerId: provider.id, networkId: network.id } });
      const violations = new Violations();
      const open = planLeave(stays, leftOn, network.code, violations);
      violations.throwIfAny();
      await manager.update(NetworkMembership, { id: open.id }, { leftOn, leftBy: actorId, leftReason: input.reason.trim() });
      await recordProviderChange(manager, provider.id);
      return open.id;
    });
    return this.dataSource.getRepository(NetworkMembership).findOneByOrFail({ id });
  }

  private async networkForChange(manager: EntityManager, code: string): Promise<ProviderNetwork> {
    const network = await manager.findOneBy(ProviderNetwork, { code: code.trim().toUpperCase() });
    if (!network) throw new NotFoundError('Network', code);
    return network;
  }

  byCode(code: string): Promise<ProviderNetwork | null> {
    return this.networks.findOneBy({ code: code.trim().toUpperCase() });
  }

  byIds(ids: readonly string[]): Promise<ProviderNetwork[]> {
    return this.networks.findBy({ id: In([...ids]) });
  }

  list(): Promise<ProviderNetwork[]> {
    return this.networks.find({ order: { code: 'ASC' } });
  }

  membershipsOfProviders(providerIds: readonly string[]): Promise<NetworkMembership[]> {
    return this.dataSource.getRepository(NetworkMembership).find({
      where: { providerId: In([...providerIds]) },
      order: { joinedOn: 'ASC', id: 'ASC' },
    });
  }

  membershipsOfNetworks(networkIds: readonly string[]): Promise<NetworkMembership[]> {
    return this.dataSource.getRepository(NetworkMembership).find({
      where: { networkId: In([...networkIds]) },
      order: { joinedOn: 'ASC', id: 'ASC' },
    });
  }
}
