import { loaderById, loaderFromMap, loaderGroupedBy } from '../../../kit/loaders';
import type { Coverage } from './policy/coverage';
import type { Policy } from './policy/policy.entity';
import type { Scheme } from './scheme/scheme.entity';
import { datedKey, type DatedKey } from './scheme/scheme.service';
import type { SchemeVersion } from './scheme/scheme-version.entity';
import type { SchemesServices } from './services';

/** Per-request DataLoaders of the schemes subgraph: one statement per batch, whatever the list length. */
export function createSchemesLoaders(services: SchemesServices) {
  return {
    schemeById: loaderById((ids) => services.schemes.byIds(ids)),
    versionById: loaderById((ids) => services.schemes.versionsByIds(ids)),
    versionsBySchemeId: loaderGroupedBy((ids) => services.schemes.versionsOfSchemes(ids), (v) => v.schemeId),
    versionInEffect: loaderFromMap<DatedKey, SchemeVersion | null>((keys) => services.schemes.versionsInEffect(keys), null, datedKey),
    schemesByCompanyId: loaderFromMap<string, Scheme[]>((ids) => services.schemes.ofCompanies(ids), []),
    benefitById: loaderById((ids) => services.benefits.byIds(ids)),
    benefitsByVersionId: loaderGroupedBy((ids) => services.benefits.ofVersions(ids), (b) => b.versionId),
    subLimitsByBenefitId: loaderGroupedBy((ids) => services.benefits.subLimitsOf(ids), (s) => s.benefitId),
    quantityLimitsByBenefitId: loaderGroupedBy((ids) => services.benefits.quantityLimitsOf(ids), (q) => q.benefitId),
    ratingFactorsByVersionId: loaderGroupedBy((ids) => services.rating.factorsOf(ids), (f) => f.versionId),
    policyById: loaderById((ids) => services.policies.byIds(ids)),
    coveredMembersByPolicyId: loaderGroupedBy((ids) => services.policies.membersOf(ids), (m) => m.policyId),
    eventsByPolicyId: loaderGroupedBy((ids) => services.policies.eventsOf(ids), (e) => e.policyId),
    coverageByMember: loaderFromMap<DatedKey, Coverage | null>((keys) => services.policies.coverage(keys), null, datedKey),
    policiesByMemberId: loaderFromMap<string, Policy[]>((ids) => services.policies.ofMembers(ids), []),
  };
}

export type SchemesLoaders = ReturnType<typeof createSchemesLoaders>;
