import { ageOn } from '../../../../../kit/dates';
import { serviceFitsBenefit } from './service-categories';
import { ReasonCode } from './types';
import type { BenefitCategory, BenefitTerms, ClaimInput, ClaimLineInput, CoverageFacts, MemberFacts, Reason } from './types';
import { reason } from './wording';

/** The benefit that pays claims of this category under the member's scheme, or null. */
export function findBenefit(coverage: CoverageFacts, category: BenefitCategory): BenefitTerms | null {
  return coverage.benefits.find((benefit) => benefit.category === category) ?? null;
}

function normaliseCode(code: string): string {
  return code.replace(/\./g, '').trim().toUpperCase();
}

/**
 * The exclusion a line falls under, or null. An exclusion names a service code (matched exactly)
 * or an ICD-10 code prefix ("O80" excludes O80 and O80.0) matched against the line's diagnoses,
 * or the claim's when the line names none.
 */
export function matchingExclusion(line: ClaimLineInput, claimDiagnoses: readonly string[], exclusions: readonly string[]): string | null {
  const service = line.serviceCode.trim().toUpperCase();
  const diagnoses = (line.diagnosisCodes.length > 0 ? line.diagnosisCodes : claimDiagnoses).map(normaliseCode);
  for (const exclusion of exclusions) {
    if (exclusion.trim().toUpperCase() === service) return exclusion;
    const prefix = normaliseCode(exclusion);
    if (prefix.length > 0 && diagnoses.some((diagnosis) => diagnosis.startsWith(prefix))) return exclusion;
  }
  return null;
}

/**
 * Step 5 for one line: not excluded, the member's age (on the service date, both bounds inclusive)
 * and gender within the benefit's restrictions, and the service of a kind the benefit pays for
 * (see service-categories.ts). Null when the benefit applies.
 */
export function lineApplicabilityReason(line: ClaimLineInput, claim: ClaimInput, benefit: BenefitTerms, member: MemberFacts): Reason | null {
  const excluded = matchingExclusion(line, claim.diagnosisCodes, benefit.exclusions);
  if (excluded) {
    return reason('BENEFIT', ReasonCode.EXCLUDED, `${line.serviceCode} is not paid: ${benefit.name} excludes ${excluded}.`);
  }
  const age = ageOn(member.dateOfBirth, claim.serviceDate);
  if ((benefit.minAge !== null && age < benefit.minAge) || (benefit.maxAge !== null && age > benefit.maxAge)) {
    return reason('BENEFIT', ReasonCode.AGE_RESTRICTION, `${benefit.name} covers ages ${ageRange(benefit)}; the member was ${age} on ${claim.serviceDate}.`);
  }
  if (benefit.gender !== null && benefit.gender !== member.gender) {
    return reason('BENEFIT', ReasonCode.GENDER_RESTRICTION, `${benefit.name} covers ${benefit.gender.toLowerCase()} members only.`);
  }
  if (!serviceFitsBenefit(line.serviceCategory, benefit.category)) {
    return reason(
      'BENEFIT',
      ReasonCode.CATEGORY_LIMITATION,
      `${line.serviceCode} is a ${line.serviceCategory.toLowerCase().replace(/_/g, ' ')} service, which ${benefit.name} (${benefit.category.toLowerCase().replace(/_/g, ' ')}) does not pay for.`,
    );
  }
  return null;
}

/** The NOT_COVERED reason for a claim whose category no benefit of the scheme pays. */
export function notCoveredReason(category: BenefitCategory): Reason {
  return reason('BENEFIT', ReasonCode.NOT_COVERED, `The member's scheme has no ${category.toLowerCase().replace(/_/g, ' ')} benefit.`);
}

function ageRange(benefit: BenefitTerms): string {
  if (benefit.minAge !== null && benefit.maxAge !== null) return `${benefit.minAge} to ${benefit.maxAge}`;
  return benefit.minAge !== null ? `${benefit.minAge} and over` : `up to ${benefit.maxAge}`;
}
