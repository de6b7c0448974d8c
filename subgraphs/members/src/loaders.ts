import { loaderById, loaderGroupedBy, pagePerOwnerLoader } from '../../../kit/loaders';
import type { Member } from './member/member.entity';
import type { MembersServices } from './services';

/** Per-request DataLoaders of the members subgraph. */
export function createMembersLoaders(services: MembersServices) {
  return {
    memberById: loaderById((ids) => services.members.byIds(ids)),
    companyById: loaderById((ids) => services.companies.byIds(ids)),
    dependantsByPrincipalId: loaderGroupedBy((ids) => services.members.dependantsOf(ids), (m) => m.principalId!),
    membersByCompanyId: pagePerOwnerLoader<Member>((ids, page) => services.members.pagesForCompanies(ids, page)),
    lifeEventsByMemberId: loaderGroupedBy((ids) => services.members.lifeEventsOf(ids), (e) => e.memberId),
  };
}

export type MembersLoaders = ReturnType<typeof createMembersLoaders>;
