import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { today } from '../../../../kit/dates';
import { Money } from '../../../../kit/money';
import { Connection, PageArgs } from '../../../../kit/pagination';
import { CompanyReference, companyReference } from '../company.reference';
import type { SchemesContext } from '../context';
import { Scheme } from './scheme.entity';
import { CreateSchemeInput, SchemeFilter } from './scheme.input';
import { SchemeVersion } from './scheme-version.entity';

export const SchemeConnection = Connection(Scheme);

@Resolver(() => Scheme)
export class SchemeResolver {
  @Query(() => Scheme, { nullable: true, description: 'One scheme, or null when the id is unknown.' })
  scheme(@Arg('id', () => ID) id: string, @Ctx() ctx: SchemesContext): Promise<Scheme | null> {
    return ctx.loaders.schemeById.load(id);
  }

  @Query(() => SchemeConnection, { description: 'Schemes by code.' })
  schemes(@Arg('filter', () => SchemeFilter, { nullable: true }) filter: SchemeFilter | undefined, @Args() page: PageArgs, @Ctx() ctx: SchemesContext) {
    return ctx.services.schemes.list(filter, page);
  }

  @Mutation(() => Scheme, { description: 'Creates a DRAFT scheme with an empty draft version 1.' })
  createScheme(@Arg('input', () => CreateSchemeInput) input: CreateSchemeInput, @Ctx() ctx: SchemesContext): Promise<Scheme> {
    return ctx.services.schemes.create(input);
  }

  @Mutation(() => Scheme, { description: 'DRAFT or SUSPENDED → ACTIVE; needs a published version with at least one benefit and an effective period.' })
  activateScheme(@Arg('schemeId', () => ID) schemeId: string, @Ctx() ctx: SchemesContext): Promise<Scheme> {
    return ctx.services.schemes.activate(schemeId);
  }

  @Mutation(() => Scheme, { description: 'ACTIVE → SUSPENDED: no new policies; existing policies run on.' })
  suspendScheme(@Arg('schemeId', () => ID) schemeId: string, @Ctx() ctx: SchemesContext): Promise<Scheme> {
    return ctx.services.schemes.suspend(schemeId);
  }

  @Mutation(() => Scheme, { description: 'Retires a scheme for good: no new policies or versions.' })
  retireScheme(@Arg('schemeId', () => ID) schemeId: string, @Ctx() ctx: SchemesContext): Promise<Scheme> {
    return ctx.services.schemes.retire(schemeId);
  }

  @Mutation(() => SchemeVersion, { description: 'Opens a DRAFT version copied from the latest published one, for changes.' })
  createSchemeVersion(@Arg('schemeId', () => ID) schemeId: string, @Ctx() ctx: SchemesContext): Promise<SchemeVersion> {
    return ctx.services.schemes.createVersion(schemeId);
  }

  @FieldResolver(() => [SchemeVersion], { description: 'Every version, drafts included, oldest first.' })
  versions(@Root() scheme: Scheme, @Ctx() ctx: SchemesContext): Promise<SchemeVersion[]> {
    return ctx.loaders.versionsBySchemeId.load(scheme.id);
  }

  @FieldResolver(() => SchemeVersion, { nullable: true, description: 'The published version in effect on a day (today by default).' })
  currentVersion(
    @Root() scheme: Scheme,
    @Arg('on', () => LocalDateResolver, { nullable: true }) on: string | null | undefined,
    @Ctx() ctx: SchemesContext,
  ): Promise<SchemeVersion | null> {
    return ctx.loaders.versionInEffect.load({ id: scheme.id, on: on ?? today() });
  }

  @FieldResolver(() => Money, { nullable: true, description: "The current version's overall annual limit per person." })
  async overallAnnualLimitPerPerson(@Root() scheme: Scheme, @Ctx() ctx: SchemesContext): Promise<Money | null> {
    return (await ctx.loaders.versionInEffect.load({ id: scheme.id, on: today() }))?.overallAnnualLimitPerPerson ?? null;
  }

  @FieldResolver(() => Money, { nullable: true, description: "The current version's overall annual limit per family." })
  async overallAnnualLimitPerFamily(@Root() scheme: Scheme, @Ctx() ctx: SchemesContext): Promise<Money | null> {
    return (await ctx.loaders.versionInEffect.load({ id: scheme.id, on: today() }))?.overallAnnualLimitPerFamily ?? null;
  }

  @FieldResolver(() => CompanyReference, { nullable: true, description: 'The employer of a group scheme; null when open to all.' })
  company(@Root() scheme: Scheme): CompanyReference | null {
    return scheme.companyId ? companyReference(scheme.companyId) : null;
  }
}
