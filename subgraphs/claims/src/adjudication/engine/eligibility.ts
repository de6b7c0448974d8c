import { ReasonCode } from './types';
import type { ClaimInput, CoverageFacts, MemberFacts, Reason } from './types';
import { reason } from './wording';

/**
 * Step 4: the member and their policy on the service date. Statuses are today's, dates are
 * history, so a service dated before a change is judged by the dates:
 * - before the enrolment date: MEMBER_NOT_ACTIVE; after the termination date: COVERAGE_TERMINATED
 *   (the termination date itself is covered);
 * - status ACTIVE is active; a SUSPENDED, TERMINATED or DECEASED member with a termination date on
 *   or after the service date was active then (the service came before the change); any other
 *   status (PENDING, or suspended with no end date) is MEMBER_NOT_ACTIVE;
 * - the cover window coveredFrom..coveredTo is inclusive at both ends (the last day of cover is
 *   covered); outside it: COVERAGE_TERMINATED;
 * - a policy must be ACTIVE, except that an EXPIRED or CANCELLED policy with an end date still pays
 *   for services inside its window (a claim may arrive after the policy ended); PENDING and
 *   SUSPENDED policies pay nothing: POLICY_NOT_ACTIVE;
 * - premiums in arrears past grace: PREMIUM_ARREARS.
 * Null when the member was covered.
 */
export function memberPolicyReason(claim: ClaimInput, member: MemberFacts | null, coverage: CoverageFacts | null): Reason | null {
  const date = claim.serviceDate;
  if (!member) return reason('MEMBER_POLICY', ReasonCode.MEMBER_UNKNOWN, 'The member on this claim is not one we know.');
  if (date < member.enrolmentDate) {
    return reason('MEMBER_POLICY', ReasonCode.MEMBER_NOT_ACTIVE, `The member was enrolled on ${member.enrolmentDate}, after the date of service ${date}.`);
  }
  if (member.terminationDate !== null && date > member.terminationDate) {
    return reason('MEMBER_POLICY', ReasonCode.COVERAGE_TERMINATED, `The member's cover ended on ${member.terminationDate}, before the date of service ${date}.`);
  }
  const activeThen = member.status === 'ACTIVE' || (member.terminationDate !== null && member.status !== 'PENDING');
  if (!activeThen) {
    return reason('MEMBER_POLICY', ReasonCode.MEMBER_NOT_ACTIVE, `The member is ${member.status.toLowerCase()} and was not active on ${date}.`);
  }
  if (!coverage) return reason('MEMBER_POLICY', ReasonCode.NO_COVERAGE, `The member had no policy covering ${date}.`);
  if (date < coverage.coveredFrom) {
    return reason('MEMBER_POLICY', ReasonCode.COVERAGE_TERMINATED, `The member's cover on this policy starts on ${coverage.coveredFrom}, after the date of service ${date}.`);
  }
  if (coverage.coveredTo !== null && date > coverage.coveredTo) {
    return reason('MEMBER_POLICY', ReasonCode.COVERAGE_TERMINATED, `The member's cover on this policy ended on ${coverage.coveredTo}, before the date of service ${date}.`);
  }
  const endedAfterService = (coverage.policyStatus === 'EXPIRED' || coverage.policyStatus === 'CANCELLED') && coverage.coveredTo !== null;
  if (coverage.policyStatus !== 'ACTIVE' && !endedAfterService) {
    return reason('MEMBER_POLICY', ReasonCode.POLICY_NOT_ACTIVE, `The policy is ${coverage.policyStatus.toLowerCase()}, so it pays no claims.`);
  }
  if (coverage.premiumInArrears) {
    return reason('MEMBER_POLICY', ReasonCode.PREMIUM_ARREARS, 'Premiums on the policy are unpaid past the grace period.');
  }
  return null;
}
