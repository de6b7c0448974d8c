import { Arg, Args, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { IdempotencyArgs } from '../../../../kit/idempotency';
import type { ProvidersContext } from '../context';
import { Provider } from '../provider/provider.entity';
import { ProviderAccreditation } from './accreditation.entity';
import { ProviderLicence } from './licence.entity';
import { AddAccreditationInput, AddLicenceInput } from './licence.input';
import { licensedOn } from './licence.rules';

@Resolver(() => ProviderLicence)
export class LicenceResolver {
  @Mutation(() => ProviderLicence, { description: 'Records a licence (a renewal is a new licence).' })
  addLicence(
    @Arg('input', () => AddLicenceInput) input: AddLicenceInput,
    @Args() { idempotencyKey }: IdempotencyArgs,
    @Ctx() ctx: ProvidersContext,
  ): Promise<ProviderLicence> {
    return ctx.services.licences.addLicence(input, ctx.actor.id, idempotencyKey);
  }

  @Mutation(() => ProviderAccreditation, { description: 'Records a quality accreditation.' })
  addAccreditation(
    @Arg('input', () => AddAccreditationInput) input: AddAccreditationInput,
    @Args() { idempotencyKey }: IdempotencyArgs,
    @Ctx() ctx: ProvidersContext,
  ): Promise<ProviderAccreditation> {
    return ctx.services.licences.addAccreditation(input, ctx.actor.id, idempotencyKey);
  }

  @FieldResolver(() => Provider)
  async provider(@Root() licence: ProviderLicence, @Ctx() ctx: ProvidersContext): Promise<Provider> {
    return (await ctx.loaders.providerById.load(licence.providerId))!;
  }
}

/** A provider's licences and accreditations. */
@Resolver(() => Provider)
export class ProviderLicencesResolver {
  @FieldResolver(() => [ProviderLicence], { description: 'Every licence, current and past, by start date.' })
  licences(@Root() provider: Provider, @Ctx() ctx: ProvidersContext): Promise<ProviderLicence[]> {
    return ctx.loaders.licencesByProviderId.load(provider.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether a licence covers the day (today when omitted), both ends inclusive.' })
  async licensedOn(
    @Root() provider: Provider,
    @Arg('on', () => LocalDateResolver, { nullable: true }) on: string | null | undefined,
    @Ctx() ctx: ProvidersContext,
  ): Promise<boolean> {
    return licensedOn(await ctx.loaders.licencesByProviderId.load(provider.id), on ?? ctx.services.today());
  }

  @FieldResolver(() => [ProviderAccreditation])
  accreditations(@Root() provider: Provider, @Ctx() ctx: ProvidersContext): Promise<ProviderAccreditation[]> {
    return ctx.loaders.accreditationsByProviderId.load(provider.id);
  }
}
