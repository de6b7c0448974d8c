import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { IdempotencyArgs } from '../../../../kit/idempotency';
import { Connection, PageArgs } from '../../../../kit/pagination';
import type { ProvidersContext } from '../context';
import { ProviderEvent } from './provider-event.entity';
import { Provider } from './provider.entity';
import { BlacklistChangeInput, ProviderFilter, RegisterProviderInput, UpdateProviderStatusInput } from './provider.input';
import { blacklistedOn } from './provider.rules';

export const ProviderConnection = Connection(Provider);

@Resolver(() => Provider)
export class ProviderResolver {
  @Query(() => Provider, { nullable: true, description: 'One provider, or null when the id is unknown.' })
  provider(@Arg('id', () => ID) id: string, @Ctx() ctx: ProvidersContext): Promise<Provider | null> {
    return ctx.loaders.providerById.load(id);
  }

  @Query(() => ProviderConnection, { description: 'Search and filter providers, ordered by name.' })
  providers(
    @Arg('filter', () => ProviderFilter, { nullable: true }) filter: ProviderFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: ProvidersContext,
  ) {
    return ctx.services.providers.search(filter, page);
  }

  @Mutation(() => Provider, { description: 'Registers a provider (ACTIVE); licences, networks and a contract follow.' })
  registerProvider(
    @Arg('input', () => RegisterProviderInput) input: RegisterProviderInput,
    @Args() { idempotencyKey }: IdempotencyArgs,
    @Ctx() ctx: ProvidersContext,
  ): Promise<Provider> {
    return ctx.services.providers.register(input, ctx.actor.id, idempotencyKey);
  }

  @Mutation(() => Provider, { description: 'ACTIVE ⇄ SUSPENDED, or either → CLOSED (final).' })
  updateProviderStatus(@Arg('input', () => UpdateProviderStatusInput) input: UpdateProviderStatusInput, @Ctx() ctx: ProvidersContext): Promise<Provider> {
    return ctx.services.providers.updateStatus(input, ctx.actor.id);
  }

  @Mutation(() => Provider, { description: 'Blacklists a provider: claims from it are refused. Recorded with who, when and why.' })
  blacklistProvider(@Arg('input', () => BlacklistChangeInput) input: BlacklistChangeInput, @Ctx() ctx: ProvidersContext): Promise<Provider> {
    return ctx.services.providers.blacklist(input, ctx.actor.id);
  }

  @Mutation(() => Provider, { description: "Lifts a provider's blacklisting. Recorded with who, when and why." })
  liftBlacklist(@Arg('input', () => BlacklistChangeInput) input: BlacklistChangeInput, @Ctx() ctx: ProvidersContext): Promise<Provider> {
    return ctx.services.providers.liftBlacklist(input, ctx.actor.id);
  }

  @FieldResolver(() => [ProviderEvent], { description: 'Registration, status changes and blacklisting, oldest first.' })
  history(@Root() provider: Provider, @Ctx() ctx: ProvidersContext): Promise<ProviderEvent[]> {
    return ctx.loaders.historyByProviderId.load(provider.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the provider was blacklisted on a day (today when omitted), from its history.' })
  async blacklistedOn(
    @Root() provider: Provider,
    @Arg('on', () => LocalDateResolver, { nullable: true }) on: string | null | undefined,
    @Ctx() ctx: ProvidersContext,
  ): Promise<boolean> {
    return blacklistedOn(await ctx.loaders.historyByProviderId.load(provider.id), on ?? ctx.services.today());
  }
}
