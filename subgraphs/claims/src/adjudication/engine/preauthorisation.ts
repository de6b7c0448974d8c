import { ReasonCode } from './types';
import type { BenefitTerms, ClaimInput, PreauthorisationFacts, Reason } from './types';
import { amount, reason } from './wording';

/** What step 7 found: no authorisation needed, one missing (the claim waits), or one approved with what is left of it. */
export type AuthorisationCheck =
  | { status: 'NOT_REQUIRED' }
  | { status: 'MISSING'; reason: Reason }
  | { status: 'APPROVED'; preauthorisationId: string; remainingMinor: number; message: string };

/** Why the claim needs a pre-authorisation, or null when it does not. */
export function authorisationRequirement(benefit: BenefitTerms, billedMinor: number, currency: string): string | null {
  if (benefit.requiresPreauthorisation) return `${benefit.name} needs a pre-authorisation`;
  const threshold = benefit.preauthorisationThresholdMinor;
  if (threshold !== null && billedMinor >= threshold) {
    return `claims of ${amount(threshold, currency)} or more on ${benefit.name} need a pre-authorisation`;
  }
  return null;
}

/**
 * Step 7: when the benefit or the billed total needs one, an APPROVED pre-authorisation for the
 * claim's benefit category, valid on the service date (both ends inclusive) and, when the claim
 * names one, the one it names. Without it the claim pends (PENDING_AUTHORIZATION); with it the
 * scheme pays at most what is left of it (approved minus used), applied in the caps step.
 * A pre-authorisation attached to a claim that does not need one does not cap it.
 */
export function checkAuthorisation(
  claim: ClaimInput,
  benefit: BenefitTerms,
  preauthorisation: PreauthorisationFacts | null,
  billedMinor: number,
): AuthorisationCheck {
  const requirement = authorisationRequirement(benefit, billedMinor, claim.currency);
  if (requirement === null) return { status: 'NOT_REQUIRED' };
  const missing = (why: string): AuthorisationCheck => ({
    status: 'MISSING',
    reason: reason('PREAUTHORIZATION', ReasonCode.PENDING_AUTHORIZATION, `The claim waits for authorisation: ${requirement}, and ${why}.`),
  });
  const pa = preauthorisation;
  if (!pa || (claim.preauthorisationId && claim.preauthorisationId !== pa.id)) return missing('none was found for it');
  if (pa.benefitCategory !== claim.benefitCategory) return missing(`pre-authorisation ${pa.id} is for ${pa.benefitCategory.toLowerCase()}, not ${claim.benefitCategory.toLowerCase()}`);
  if (pa.status !== 'APPROVED') return missing(`pre-authorisation ${pa.id} is ${pa.status.toLowerCase()}`);
  if (claim.serviceDate < pa.validFrom || claim.serviceDate > pa.validTo) {
    return missing(`pre-authorisation ${pa.id} is valid ${pa.validFrom} to ${pa.validTo}, not on ${claim.serviceDate}`);
  }
  const remainingMinor = Math.max(0, pa.approvedMinor - pa.usedMinor);
  return {
    status: 'APPROVED',
    preauthorisationId: pa.id,
    remainingMinor,
    message: `Pre-authorisation ${pa.id} approved ${amount(pa.approvedMinor, claim.currency)}, of which ${amount(remainingMinor, claim.currency)} is left.`,
  };
}
