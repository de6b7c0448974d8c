import { defineSubgraph } from '../../../kit/subgraph';
import { rules } from '../../../kit/permissions';
import { Company } from './company/company.entity';
import { CompanyResolver } from './company/company.resolver';
import type { MembersContext } from './context';
import { createMembersLoaders } from './loaders';
import { LifeEvent } from './member/life-event.entity';
import { Member } from './member/member.entity';
import { READ_MODELS_REBUILD_REQUESTED, republishMembers } from './member/member.events';
import { MemberResolver } from './member/member.resolver';
import { MembersSchema1700000001000 } from './migrations/1700000001000-MembersSchema';
import { createMembersServices } from './services';
import { readMembersConfig } from './config';

/** Companies, members and their lifecycle: the owner of the `Member` entity. */
export const membersSubgraph = defineSubgraph({
  name: 'members',
  defaultPort: 4001,
  entities: [Company, Member, LifeEvent],
  migrations: [MembersSchema1700000001000],
  resolvers: [MemberResolver, CompanyResolver],
  referenceResolvers: {
    Member: { __resolveReference: (ref, ctx: MembersContext) => ctx.loaders.memberById.load(ref.id) },
    Company: { __resolveReference: (ref, ctx: MembersContext) => ctx.loaders.companyById.load(ref.id) },
  },
  permissions: {
    Query: {
      member: rules.anyone,
      memberByNumber: rules.anyone,
      members: rules.anyone,
      company: rules.anyone,
      companies: rules.anyone,
    },
    Mutation: {
      createCompany: rules.anyone,
      enrolPrincipal: rules.anyone,
      enrolDependant: rules.anyone,
      activateMember: rules.anyone,
      suspendMember: rules.anyone,
      reinstateMember: rules.anyone,
      terminateMember: rules.anyone,
      recordMemberDeath: rules.anyone,
    },
    Member: rules.anyone,
    Company: rules.anyone,
    LifeEvent: rules.anyone,
  },
  createServices: (dataSource) => createMembersServices(dataSource, readMembersConfig()),
  createLoaders: createMembersLoaders,
  subscriptions: [
    {
      types: [READ_MODELS_REBUILD_REQUESTED],
      handle: async (_event, manager) => {
        await republishMembers(manager);
      },
    },
  ],
});
