import { loaderById, loaderFromMap, loaderGroupedBy } from '../../../kit/loaders';
import type { Page } from '../../../kit/pagination';
import type { Claim } from './claim/claim.entity';
import { emptyPage, type MemberClaimsKey } from './claim/claim.service';
import type { DiagnosisCode } from './diagnosis/diagnosis-code.entity';
import type { MedicalService } from './service-catalogue/medical-service.entity';
import type { ClaimsServices } from './services';

/** Per-request DataLoaders of the claims subgraph. */
export function createClaimsLoaders(services: ClaimsServices) {
  return {
    claimById: loaderById((ids) => services.claims.byIds(ids)),
    linesByClaimId: loaderGroupedBy((ids) => services.claims.linesOf(ids), (line) => line.claimId),
    claimsByMember: loaderFromMap<MemberClaimsKey, Page<Claim>>(
      (keys) => services.claims.pagesForMembers(keys),
      emptyPage<Claim>(),
      (key) => `${key.memberId}|${key.first}|${key.after ?? ''}|${key.status ?? ''}`,
    ),
    diagnosisByCode: loaderFromMap<string, DiagnosisCode | null>((codes) => services.diagnoses.byCodes(codes), null),
    serviceByCode: loaderFromMap<string, MedicalService | null>((codes) => services.medicalServices.byCodes(codes), null),
  };
}

export type ClaimsLoaders = ReturnType<typeof createClaimsLoaders>;
