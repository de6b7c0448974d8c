import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { IdempotencyArgs } from '../../../../kit/idempotency';
import { Connection, PageArgs } from '../../../../kit/pagination';
import type { ProvidersContext } from '../context';
import { Provider } from '../provider/provider.entity';
import { MedicalPersonnel } from './personnel.entity';
import { PersonnelFilter, RegisterPersonnelInput } from './personnel.input';

export const MedicalPersonnelConnection = Connection(MedicalPersonnel);

@Resolver(() => MedicalPersonnel)
export class PersonnelResolver {
  @Query(() => MedicalPersonnelConnection, { description: 'Search health workers by name or registration number, ordered by last name.' })
  medicalPersonnel(
    @Arg('filter', () => PersonnelFilter, { nullable: true }) filter: PersonnelFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: ProvidersContext,
  ) {
    return ctx.services.personnel.search(filter, page);
  }

  @Mutation(() => MedicalPersonnel, { description: 'Registers a health worker at a provider.' })
  registerPersonnel(
    @Arg('input', () => RegisterPersonnelInput) input: RegisterPersonnelInput,
    @Args() { idempotencyKey }: IdempotencyArgs,
    @Ctx() ctx: ProvidersContext,
  ): Promise<MedicalPersonnel> {
    return ctx.services.personnel.register(input, idempotencyKey);
  }

  @FieldResolver(() => String)
  fullName(@Root() person: MedicalPersonnel): string {
    return `${person.firstName} ${person.lastName}`;
  }

  @FieldResolver(() => Provider, { description: 'The provider the worker practises at.' })
  async provider(@Root() person: MedicalPersonnel, @Ctx() ctx: ProvidersContext): Promise<Provider> {
    return (await ctx.loaders.providerById.load(person.providerId))!;
  }
}

/** A provider's health workers. */
@Resolver(() => Provider)
export class ProviderPersonnelResolver {
  @FieldResolver(() => [MedicalPersonnel], { description: 'Health workers practising at the provider.' })
  personnel(@Root() provider: Provider, @Ctx() ctx: ProvidersContext): Promise<MedicalPersonnel[]> {
    return ctx.loaders.personnelByProviderId.load(provider.id);
  }
}
