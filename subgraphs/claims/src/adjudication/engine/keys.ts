import type { QuantityLimitTerms } from './types';

/**
 * The keys the utilisation ledger and the engine share. The same key is used in
 * `UtilisationFacts` (what was used before this claim) and in `UtilisationDelta` (what this claim
 * adds), so the ledger moves by adding one to the other.
 */

/** Key of a sub-limit in `subLimitMemberMinor` and `UtilisationDelta.subLimits`: "<benefitId>:<name>". */
export function subLimitKey(benefitId: string, subLimitName: string): string {
  return `${benefitId}:${subLimitName}`;
}

/**
 * Key of a quantity limit in `quantityUsed` and `UtilisationDelta.quantities`, named for what it
 * counts: "<benefitId>:code:<serviceCode>", "<benefitId>:category:<serviceCategory>" or "<benefitId>:all".
 */
export function quantityLimitKey(benefitId: string, limit: Pick<QuantityLimitTerms, 'serviceCode' | 'serviceCategory'>): string {
  if (limit.serviceCode) return `${benefitId}:code:${limit.serviceCode}`;
  if (limit.serviceCategory) return `${benefitId}:category:${limit.serviceCategory}`;
  return `${benefitId}:all`;
}
