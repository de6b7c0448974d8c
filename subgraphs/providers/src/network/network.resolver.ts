import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { IdempotencyArgs } from '../../../../kit/idempotency';
import type { ProvidersContext } from '../context';
import { Provider } from '../provider/provider.entity';
import { NetworkMembership } from './network-membership.entity';
import { ProviderNetwork } from './network.entity';
import { AddProviderToNetworkInput, CreateNetworkInput, RemoveProviderFromNetworkInput } from './network.input';
import { networksOn, stayCovers } from './network.rules';

@Resolver(() => ProviderNetwork)
export class NetworkResolver {
  @Query(() => [ProviderNetwork], { description: 'Every provider network, by code.' })
  networks(@Ctx() ctx: ProvidersContext): Promise<ProviderNetwork[]> {
    return ctx.services.networks.list();
  }

  @Query(() => ProviderNetwork, { nullable: true, description: 'One network by code (e.g. AFYA-PLUS), or null.' })
  network(@Arg('code') code: string, @Ctx() ctx: ProvidersContext): Promise<ProviderNetwork | null> {
    return ctx.services.networks.byCode(code);
  }

  @Mutation(() => ProviderNetwork)
  createNetwork(
    @Arg('input', () => CreateNetworkInput) input: CreateNetworkInput,
    @Args() { idempotencyKey }: IdempotencyArgs,
    @Ctx() ctx: ProvidersContext,
  ): Promise<ProviderNetwork> {
    return ctx.services.networks.create(input, idempotencyKey);
  }

  @Mutation(() => NetworkMembership, { description: 'Opens a stay of the provider in the network from joinedOn.' })
  addProviderToNetwork(@Arg('input', () => AddProviderToNetworkInput) input: AddProviderToNetworkInput, @Ctx() ctx: ProvidersContext): Promise<NetworkMembership> {
    return ctx.services.networks.addProvider(input, ctx.actor.id);
  }

  @Mutation(() => NetworkMembership, { description: "Closes the provider's stay in the network; leftOn is its last day in it." })
  removeProviderFromNetwork(
    @Arg('input', () => RemoveProviderFromNetworkInput) input: RemoveProviderFromNetworkInput,
    @Ctx() ctx: ProvidersContext,
  ): Promise<NetworkMembership> {
    return ctx.services.networks.removeProvider(input, ctx.actor.id);
  }

  @FieldResolver(() => [NetworkMembership], { description: 'Stays of providers in the network; only those covering activeOn when given.' })
  async memberships(
    @Root() network: ProviderNetwork,
    @Arg('activeOn', () => LocalDateResolver, { nullable: true }) activeOn: string | null | undefined,
    @Ctx() ctx: ProvidersContext,
  ): Promise<NetworkMembership[]> {
    const stays = await ctx.loaders.membershipsByNetworkId.load(network.id);
    return activeOn ? stays.filter((stay) => stayCovers(stay, activeOn)) : stays;
  }
}

@Resolver(() => NetworkMembership)
export class NetworkMembershipResolver {
  @FieldResolver(() => ProviderNetwork)
  async network(@Root() membership: NetworkMembership, @Ctx() ctx: ProvidersContext): Promise<ProviderNetwork> {
    return (await ctx.loaders.networkById.load(membership.networkId))!;
  }

  @FieldResolver(() => Provider)
  async provider(@Root() membership: NetworkMembership, @Ctx() ctx: ProvidersContext): Promise<Provider> {
    return (await ctx.loaders.providerById.load(membership.providerId))!;
  }
}

/** A provider's networks. */
@Resolver(() => Provider)
export class ProviderNetworksResolver {
  @FieldResolver(() => [NetworkMembership], { description: 'Every stay in a network, current and past.' })
  networks(@Root() provider: Provider, @Ctx() ctx: ProvidersContext): Promise<NetworkMembership[]> {
    return ctx.loaders.membershipsByProviderId.load(provider.id);
  }

  @FieldResolver(() => [String], { description: 'Codes of the networks the provider was in on a day (today when omitted).' })
  async networkCodes(
    @Root() provider: Provider,
    @Arg('on', () => LocalDateResolver, { nullable: true }) on: string | null | undefined,
    @Ctx() ctx: ProvidersContext,
  ): Promise<string[]> {
    const stays = await ctx.loaders.membershipsByProviderId.load(provider.id);
    const networks = await ctx.loaders.networkById.loadMany([...new Set(stays.map((s) => s.networkId))]);
    const codes = new Map(networks.filter((n): n is ProviderNetwork => n instanceof ProviderNetwork).map((n) => [n.id, n.code]));
    return networksOn(stays.map((s) => ({ ...s, code: codes.get(s.networkId)! })), on ?? ctx.services.today());
  }
}
