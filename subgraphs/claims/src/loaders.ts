import { loaderById, loaderFromMap, loaderGroupedBy, pagePerOwnerLoader } from '../../../kit/loaders';
import type { Claim, ClaimStatus } from './claim/claim.entity';
import type { DiagnosisCode } from './diagnosis/diagnosis-code.entity';
import type { MedicalService } from './service-catalogue/medical-service.entity';
import type { ClaimsServices } from './services';

/** Per-request DataLoaders of the claims subgraph. */
export function createClaimsLoaders(services: ClaimsServices) {
  return {
    claimById: loaderById((ids) => services.claims.byIds(ids)),
    linesByClaimId: loaderGroupedBy((ids) => services.claims.linesOf(ids), (line) => line.claimId),
    claimsByMember: pagePerOwnerLoader<Claim, ClaimStatus>((ids, page, status) => services.claims.pagesForMembers(ids, page, status)),
    diagnosisByCode: loaderFromMap<string, DiagnosisCode | null>((codes) => services.diagnoses.byCodes(codes), null),
    serviceByCode: loaderFromMap<string, MedicalService | null>((codes) => services.medicalServices.byCodes(codes), null),
  };
}

export type ClaimsLoaders = ReturnType<typeof createClaimsLoaders>;
