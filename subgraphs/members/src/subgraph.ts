import { defineSubgraph } from '../../../kit/subgraph';
import type { Role } from '../../../kit/auth/identity';
import { forMember, record, recordFields, signedIn, staff, staffOrMember } from '../../../kit/auth/rules';
import { Company } from './company/company.entity';
import { CompanyResolver } from './company/company.resolver';
import type { MembersContext } from './context';
import { createMembersLoaders } from './loaders';
import { LifeEvent } from './member/life-event.entity';
import { Member } from './member/member.entity';
import { READ_MODELS_REBUILD_REQUESTED, republishMembers } from './member/member.events';
import { MemberResolver } from './member/member.resolver';
import { MembersSchema1700000001000 } from './migrations/1700000001000-MembersSchema';
import { MemberErasure1700000001100 } from './migrations/1700000001100-MemberErasure';
import { MemberErasureResolver } from './privacy/erasure.resolver';
import { MemberExportResolver } from './privacy/member-export.resolver';
import { adminOrSelf } from './privacy/privacy.rules';
import { createMembersServices } from './services';
import { readMembersConfig } from './config';

/** Staff who work with members' records (analysts see no personal fields without a grant). */
const MEMBER_READERS: Role[] = ['ENROLMENT_OFFICER', 'UNDERWRITER', 'CLAIMS_OFFICER', 'FINANCE_OFFICER', 'ANALYST'];
const MEMBER_SEARCHERS: Role[] = ['ENROLMENT_OFFICER', 'UNDERWRITER', 'CLAIMS_OFFICER', 'FINANCE_OFFICER'];
const COMPANY_READERS: Role[] = [...MEMBER_READERS, 'SALES_AGENT', 'SALES_MANAGER'];
/** Who the member is: names, contact details, identity number and date of birth. */
export const PERSONAL_MEMBER_FIELDS = ['firstName', 'lastName', 'fullName', 'dateOfBirth', 'nationalId', 'email', 'phone'];

/** Companies, members and their lifecycle: the owner of the `Member` entity. */
export const membersSubgraph = defineSubgraph({
  name: 'members',
  defaultPort: 4001,
  entities: [Company, Member, LifeEvent],
  migrations: [MembersSchema1700000001000, MemberErasure1700000001100],
  resolvers: [MemberResolver, CompanyResolver, MemberExportResolver, MemberErasureResolver],
  referenceResolvers: {
    Member: { __resolveReference: (ref, ctx: MembersContext) => ctx.loaders.memberById.load(ref.id) },
    Company: { __resolveReference: (ref, ctx: MembersContext) => ctx.loaders.companyById.load(ref.id) },
  },
  permissions: {
    Query: {
      member: forMember({ staff: MEMBER_READERS, memberArg: 'id' }),
      memberByNumber: staff(...MEMBER_READERS),
      // A search by name, e-mail or phone is itself identifying: not for analysts.
      members: staff(...MEMBER_SEARCHERS),
      company: staffOrMember(...COMPANY_READERS),
      companies: staff(...COMPANY_READERS),
    },
    Mutation: {
      createCompany: staff('ENROLMENT_OFFICER'),
      enrolPrincipal: staff('ENROLMENT_OFFICER'),
      enrolDependant: staff('ENROLMENT_OFFICER'),
      activateMember: staff('ENROLMENT_OFFICER'),
      suspendMember: staff('ENROLMENT_OFFICER'),
      reinstateMember: staff('ENROLMENT_OFFICER'),
      terminateMember: staff('ENROLMENT_OFFICER'),
      recordMemberDeath: staff('ENROLMENT_OFFICER', 'CLAIMS_OFFICER'),
      requestMemberErasure: adminOrSelf('memberId'),
    },
    Member: {
      ...recordFields({ staff: MEMBER_READERS, memberOf: (m: Member) => m.id }, { personal: PERSONAL_MEMBER_FIELDS }),
      personalDataExport: record({ staff: ['ADMIN'], memberOf: (m: Member) => m.id }, 'personal'),
    },
    LifeEvent: recordFields({ staff: MEMBER_READERS, memberOf: (e: LifeEvent) => e.memberId }),
    // An employer's name is what a member's card shows; its contacts are for staff.
    Company: { '*': staff(...COMPANY_READERS), id: signedIn, name: signedIn },
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
