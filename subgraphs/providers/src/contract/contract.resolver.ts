import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { IdempotencyArgs } from '../../../../kit/idempotency';
import type { ProvidersContext } from '../context';
import { Provider } from '../provider/provider.entity';
import { ProviderContract } from './contract.entity';
import { CreateContractInput, ProviderTariffArgs, ReviseContractTariffsInput, TerminateContractInput } from './contract.input';
import { effectiveEnd } from './contract.rules';
import { ContractTariff } from './tariff.entity';

@Resolver(() => ProviderContract)
export class ContractResolver {
  @Query(() => ProviderContract, { nullable: true, description: 'One contract revision, or null when the id is unknown.' })
  providerContract(@Arg('id', () => ID) id: string, @Ctx() ctx: ProvidersContext): Promise<ProviderContract | null> {
    return ctx.loaders.contractById.load(id);
  }

  @Query(() => ContractTariff, {
    nullable: true,
    description: 'The price agreed with a provider for a service on a day (today when omitted), or null when no contract priced it.',
  })
  providerTariff(@Args() { providerId, serviceCode, on }: ProviderTariffArgs, @Ctx() ctx: ProvidersContext): Promise<ContractTariff | null> {
    return ctx.services.contracts.tariffOn(providerId, serviceCode, on ?? ctx.services.today());
  }

  @Mutation(() => ProviderContract, { description: 'Drafts a contract with its tariffs; the prices apply once activated.' })
  createContract(
    @Arg('input', () => CreateContractInput) input: CreateContractInput,
    @Args() { idempotencyKey }: IdempotencyArgs,
    @Ctx() ctx: ProvidersContext,
  ): Promise<ProviderContract> {
    return ctx.services.contracts.create(input, ctx.actor.id, idempotencyKey);
  }

  @Mutation(() => ProviderContract, { description: 'DRAFT → ACTIVE; no other contract may set the provider\'s prices on the same days.' })
  activateContract(@Arg('contractId', () => ID) contractId: string, @Ctx() ctx: ProvidersContext): Promise<ProviderContract> {
    return ctx.services.contracts.activate(contractId, ctx.actor.id);
  }

  @Mutation(() => ProviderContract, { description: 'ACTIVE → TERMINATED; the prices still answer for days up to the termination date.' })
  terminateContract(@Arg('input', () => TerminateContractInput) input: TerminateContractInput, @Ctx() ctx: ProvidersContext): Promise<ProviderContract> {
    return ctx.services.contracts.terminate(input, ctx.actor.id);
  }

  @Mutation(() => ProviderContract, { description: 'New prices from a day, as a new revision; returns the new revision.' })
  reviseContractTariffs(
    @Arg('input', () => ReviseContractTariffsInput) input: ReviseContractTariffsInput,
    @Args() { idempotencyKey }: IdempotencyArgs,
    @Ctx() ctx: ProvidersContext,
  ): Promise<ProviderContract> {
    return ctx.services.contracts.revise(input, ctx.actor.id, idempotencyKey);
  }

  @FieldResolver(() => Provider)
  async provider(@Root() contract: ProviderContract, @Ctx() ctx: ProvidersContext): Promise<Provider> {
    return (await ctx.loaders.providerById.load(contract.providerId))!;
  }

  @FieldResolver(() => [ContractTariff], { description: 'Agreed prices, by service code.' })
  tariffs(@Root() contract: ProviderContract, @Ctx() ctx: ProvidersContext): Promise<ContractTariff[]> {
    return ctx.loaders.tariffsByContractId.load(contract.id);
  }

  @FieldResolver(() => LocalDateResolver, { description: 'The last day the prices apply: endDate when cut short, otherwise validTo.' })
  effectiveTo(@Root() contract: ProviderContract): string {
    return effectiveEnd(contract);
  }

  @FieldResolver(() => ProviderContract, { nullable: true, description: 'The revision this one replaced.' })
  supersedes(@Root() contract: ProviderContract, @Ctx() ctx: ProvidersContext): Promise<ProviderContract | null> | null {
    return contract.supersedesId ? ctx.loaders.contractById.load(contract.supersedesId) : null;
  }
}

@Resolver(() => ContractTariff)
export class ContractTariffResolver {
  @FieldResolver(() => ProviderContract, { description: 'The contract revision the price belongs to.' })
  async contract(@Root() tariff: ContractTariff, @Ctx() ctx: ProvidersContext): Promise<ProviderContract> {
    return (await ctx.loaders.contractById.load(tariff.contractId))!;
  }
}

/** A provider's contracts. */
@Resolver(() => Provider)
export class ProviderContractsResolver {
  @FieldResolver(() => [ProviderContract], { description: 'Every contract revision, by start date.' })
  contracts(@Root() provider: Provider, @Ctx() ctx: ProvidersContext): Promise<ProviderContract[]> {
    return ctx.loaders.contractsByProviderId.load(provider.id);
  }
}
