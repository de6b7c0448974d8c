import DataLoader from 'dataloader';
import { loaderById, loaderFromMap, loaderGroupedBy, pagePerOwnerLoader } from '../../../kit/loaders';
import type { Claim, ClaimStatus } from './claim/claim.entity';
import type { DiagnosisCode } from './diagnosis/diagnosis-code.entity';
import type { MedicalService } from './service-catalogue/medical-service.entity';
import type { ClaimsServices } from './services';
import type { BenefitUtilisation } from './utilisation/benefit-utilisation';

/** One member's balances on one day. */
export interface BalanceKey {
  memberId: string;
  on: string;
}

/** Per-request DataLoaders of the claims subgraph. */
export function createClaimsLoaders(services: ClaimsServices) {
  return {
    claimById: loaderById((ids) => services.claims.byIds(ids)),
    linesByClaimId: loaderGroupedBy((ids) => services.claims.linesOf(ids), (line) => line.claimId),
    claimsByMember: pagePerOwnerLoader<Claim, ClaimStatus>((ids, page, status) => services.claims.pagesForMembers(ids, page, status)),
    diagnosisByCode: loaderFromMap<string, DiagnosisCode | null>((codes) => services.diagnoses.byCodes(codes), null),
    serviceByCode: loaderFromMap<string, MedicalService | null>((codes) => services.medicalServices.byCodes(codes), null),
    adjudicationById: loaderById((ids) => services.adjudication.adjudicationsByIds(ids)),
    currentLineResultsByClaimId: loaderGroupedBy((ids) => services.adjudication.currentLineResults(ids), (line) => line.claimId),
    preauthorisationById: loaderById((ids) => services.preauthorisations.byIds(ids)),
    memberNumberById: loaderFromMap<string, string | null>((ids) => services.readModels.memberNumbers(ids), null),
    providerNameById: loaderFromMap<string, string | null>((ids) => services.readModels.providerNames(ids), null),
    // Members asked for on the same day share one batch.
    benefitBalances: new DataLoader<BalanceKey, BenefitUtilisation[], string>(
      async (keys) => {
        const byDay = new Map<string, string[]>();
        for (const key of keys) byDay.set(key.on, [...(byDay.get(key.on) ?? []), key.memberId]);
        const found = new Map<string, BenefitUtilisation[]>();
        for (const [on, memberIds] of byDay) {
          const balances = await services.utilisation.balancesFor(memberIds, on);
          for (const [memberId, list] of balances) found.set(`${memberId}|${on}`, list);
        }
        return keys.map((key) => found.get(`${key.memberId}|${key.on}`) ?? []);
      },
      { cacheKeyFn: (key) => `${key.memberId}|${key.on}` },
    ),
  };
}

export type ClaimsLoaders = ReturnType<typeof createClaimsLoaders>;
