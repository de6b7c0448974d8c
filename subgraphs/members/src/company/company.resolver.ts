import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs } from '../../../../kit/pagination';
import type { MembersContext } from '../context';
import { MemberConnection } from '../member/member.resolver';
import { Company } from './company.entity';
import { CompanyFilter, CreateCompanyInput } from './company.input';

export const CompanyConnection = Connection(Company);

@Resolver(() => Company)
export class CompanyResolver {
  @Query(() => Company, { nullable: true, description: 'One employer group, or null when the id is unknown.' })
  company(@Arg('id', () => ID) id: string, @Ctx() ctx: MembersContext): Promise<Company | null> {
    return ctx.loaders.companyById.load(id);
  }

  @Query(() => CompanyConnection, { description: 'Employer groups by name.' })
  companies(
    @Arg('filter', () => CompanyFilter, { nullable: true }) filter: CompanyFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: MembersContext,
  ) {
    return ctx.services.companies.list(filter, page);
  }

  @Mutation(() => Company, { description: 'Registers an employer group.' })
  createCompany(@Arg('input', () => CreateCompanyInput) input: CreateCompanyInput, @Ctx() ctx: MembersContext): Promise<Company> {
    return ctx.services.companies.create(input);
  }

  @FieldResolver(() => MemberConnection, { description: 'The company\'s members, principals and dependants.' })
  members(@Root() company: Company, @Args() page: PageArgs, @Ctx() ctx: MembersContext) {
    return ctx.loaders.membersByCompanyId.load({ ownerId: company.id, page, filter: null });
  }
}

