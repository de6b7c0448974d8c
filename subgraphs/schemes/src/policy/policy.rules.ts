import { addDays, addMonths, isIsoDate } from '../../../../kit/dates';
import { InvalidTransitionError, type Violations } from '../../../../kit/errors';
import { isUuid } from '../../../../kit/ids';
import { BenefitPeriod, SchemeStatus } from '../scheme/scheme.entity';
import { SchemeVersionStatus } from '../scheme/scheme-version.entity';
import { PolicyEventType } from './policy-event.entity';
import { PolicyStatus } from './policy.entity';

/** Principal and dependants on one policy; larger groups are sold as several policies. */
export const MAX_COVERED_MEMBERS = 20;

/** The last day of the period of a policy starting on `startDate` when none is given. */
export function defaultEndDate(startDate: string, benefitPeriod: BenefitPeriod): string {
  if (benefitPeriod === BenefitPeriod.CALENDAR_YEAR) return `${startDate.slice(0, 4)}-12-31`;
  return addDays(addMonths(startDate, 12), -1);
}

export interface IssueFacts {
  scheme: { id: string; code: string; status: SchemeStatus; companyId: string | null };
  version: { id: string; schemeId: string; status: SchemeVersionStatus; versionNumber: number; effectiveFrom: string | null; effectiveTo: string | null } | null;
  companyId: string | null;
  startDate: string;
  endDate: string;
  memberIds: string[];
}

/**
 * The rules a new policy keeps: sold on an ACTIVE scheme, on a published version of that scheme
 * in effect on the start date, to the employer a group scheme is for, for at most one year.
 */
export function checkIssue(facts: IssueFacts, violations: Violations): void {
  const { scheme, version } = facts;
  if (scheme.status !== SchemeStatus.ACTIVE) {
    violations.add('schemeId', 'SCHEME_ACTIVE', `scheme ${scheme.code} is ${scheme.status}; policies are sold only on an ACTIVE scheme`);
  }
  if (!version) {
    violations.add('schemeVersionId', 'VERSION_IN_EFFECT', `scheme ${scheme.code} has no published version in effect on ${facts.startDate}`);
  } else if (version.schemeId !== scheme.id) {
    violations.add('schemeVersionId', 'VERSION_OF_SCHEME', `the version belongs to another scheme than ${scheme.code}`);
  } else if (version.status !== SchemeVersionStatus.PUBLISHED) {
    violations.add('schemeVersionId', 'VERSION_PUBLISHED', `version ${version.versionNumber} is a draft; a policy is sold on a published version`);
  } else if (
    isIsoDate(facts.startDate) &&
    (!version.effectiveFrom || version.effectiveFrom > facts.startDate || (version.effectiveTo !== null && version.effectiveTo < facts.startDate))
  ) {
    violations.add('schemeVersionId', 'VERSION_IN_EFFECT', `version ${version.versionNumber} is not in effect on the start date ${facts.startDate}`);
  }
  if (scheme.companyId && facts.companyId !== scheme.companyId) {
    violations.add('companyId', 'GROUP_SCHEME_COMPANY', `scheme ${scheme.code} is a group scheme for company ${scheme.companyId} only`);
  }
  if (!isIsoDate(facts.startDate)) violations.add('startDate', 'VALID_DATE', 'must be a date (YYYY-MM-DD)');
  if (!isIsoDate(facts.endDate)) violations.add('endDate', 'VALID_DATE', 'must be a date (YYYY-MM-DD)');
  if (isIsoDate(facts.startDate) && isIsoDate(facts.endDate)) {
    if (facts.endDate < facts.startDate) violations.add('endDate', 'NOT_BEFORE_START', 'cannot be before startDate');
    else if (facts.endDate > addDays(addMonths(facts.startDate, 12), -1)) {
      violations.add('endDate', 'PERIOD_AT_MOST_ONE_YEAR', 'a policy period is at most one year; renew with a new policy');
    }
  }
  checkMemberIds(facts.memberIds, 'coveredMemberIds', violations);
}

function checkMemberIds(ids: string[], field: string, violations: Violations): void {
  ids.forEach((id, i) => {
    if (!isUuid(id)) violations.add(`${field}[${i}]`, 'VALID_ID', `"${id}" is not a member id`);
  });
  if (new Set(ids).size > MAX_COVERED_MEMBERS) {
    violations.add(field, 'AT_MOST_MEMBERS', `a policy covers at most ${MAX_COVERED_MEMBERS} members`);
  }
}

export interface PolicyFacts {
  status: PolicyStatus;
  policyNumber: string;
  holderMemberId: string;
  startDate: string;
  endDate: string;
}

const OPEN_FOR_CHANGES = [PolicyStatus.PENDING, PolicyStatus.ACTIVE, PolicyStatus.SUSPENDED];

/** A member joins a policy that is still running, from a day within its period. */
export function checkMemberAddition(
  policy: PolicyFacts,
  change: { memberId: string; coveredFrom: string; coveredMembers: number },
  violations: Violations,
): void {
  if (!OPEN_FOR_CHANGES.includes(policy.status)) {
    throw new InvalidTransitionError('policy', policy.status, 'add a member to', `policy ${policy.policyNumber} is ${policy.status}`);
  }
  if (!isUuid(change.memberId)) violations.add('memberId', 'VALID_ID', `"${change.memberId}" is not a member id`);
  if (!isIsoDate(change.coveredFrom)) violations.add('coveredFrom', 'VALID_DATE', 'must be a date (YYYY-MM-DD)');
  else if (change.coveredFrom < policy.startDate || change.coveredFrom > policy.endDate) {
    violations.add('coveredFrom', 'WITHIN_PERIOD', `must fall within the policy period ${policy.startDate} to ${policy.endDate}`);
  }
  if (change.coveredMembers + 1 > MAX_COVERED_MEMBERS) {
    violations.add('memberId', 'AT_MOST_MEMBERS', `a policy covers at most ${MAX_COVERED_MEMBERS} members`);
  }
}

/**
 * A member leaves a policy with a last day of cover inside their current cover window; the
 * day before it began means they were never covered. The holder leaves only by cancellation.
 */
export function checkMemberRemoval(
  policy: PolicyFacts,
  change: { memberId: string; lastDayOfCover: string; window: { coveredFrom: string; coveredTo: string } | null },
  violations: Violations,
): void {
  if (!OPEN_FOR_CHANGES.includes(policy.status)) {
    throw new InvalidTransitionError('policy', policy.status, 'remove a member from', `policy ${policy.policyNumber} is ${policy.status}`);
  }
  if (change.memberId === policy.holderMemberId) {
    throw new InvalidTransitionError('policy', policy.status, 'remove a member from', 'the holder cannot be removed; cancel the policy instead');
  }
  if (!change.window) {
    violations.add('memberId', 'COVERED', `the member is not covered by policy ${policy.policyNumber} on ${change.lastDayOfCover}`);
    return;
  }
  if (!isIsoDate(change.lastDayOfCover)) violations.add('lastDayOfCover', 'VALID_DATE', 'must be a date (YYYY-MM-DD)');
  else if (change.lastDayOfCover < addDays(change.window.coveredFrom, -1) || change.lastDayOfCover > change.window.coveredTo) {
    violations.add('lastDayOfCover', 'WITHIN_COVER', `must fall within the member's cover ${change.window.coveredFrom} to ${change.window.coveredTo}`);
  }
}

export type PolicyAction = 'activate' | 'suspend' | 'reinstate' | 'cancel' | 'expire';

const TRANSITIONS: Record<PolicyAction, { from: PolicyStatus[]; to: PolicyStatus; event: PolicyEventType; past: string }> = {
  activate: { from: [PolicyStatus.PENDING, PolicyStatus.SUSPENDED], to: PolicyStatus.ACTIVE, event: PolicyEventType.ACTIVATED, past: 'activated' },
  suspend: { from: [PolicyStatus.ACTIVE], to: PolicyStatus.SUSPENDED, event: PolicyEventType.SUSPENDED, past: 'suspended' },
  reinstate: { from: [PolicyStatus.SUSPENDED], to: PolicyStatus.ACTIVE, event: PolicyEventType.REINSTATED, past: 'reinstated' },
  cancel: { from: OPEN_FOR_CHANGES, to: PolicyStatus.CANCELLED, event: PolicyEventType.CANCELLED, past: 'cancelled' },
  expire: { from: [PolicyStatus.ACTIVE, PolicyStatus.SUSPENDED], to: PolicyStatus.EXPIRED, event: PolicyEventType.EXPIRED, past: 'expired' },
};

/**
 * Decides a policy lifecycle change on `effectiveDate` (for a cancellation, the last day of
 * cover), or throws INVALID_TRANSITION saying why the current state does not allow it.
 */
export function planPolicyTransition(action: PolicyAction, policy: PolicyFacts, effectiveDate: string): { to: PolicyStatus; event: PolicyEventType } {
  const rule = TRANSITIONS[action];
  const refuse = (reason: string): never => {
    throw new InvalidTransitionError('policy', policy.status, action, reason);
  };
  if (!rule.from.includes(policy.status)) {
    refuse(`policy ${policy.policyNumber} is ${policy.status}; only a policy that is ${rule.from.join(' or ')} can be ${rule.past}`);
  }
  switch (action) {
    case 'activate':
    case 'suspend':
    case 'reinstate':
      if (effectiveDate > policy.endDate) refuse(`the policy period ended on ${policy.endDate}`);
      break;
    case 'cancel':
      if (effectiveDate < addDays(policy.startDate, -1) || effectiveDate > policy.endDate) {
        refuse(`the last day of cover ${effectiveDate} must fall between the day before the start (${policy.startDate}) and the end (${policy.endDate})`);
      }
      break;
    case 'expire':
      if (effectiveDate <= policy.endDate) refuse(`the period runs until ${policy.endDate}; a policy expires only after its end date`);
      break;
  }
  return { to: rule.to, event: rule.event };
}

/**
 * What a cleared premium invoice does to the policy it pays for: a PENDING policy starts, one
 * suspended for arrears is reinstated, and anything else (already ACTIVE, suspended for another
 * reason, ended) is left as it is (null). The transition itself still goes through
 * `planPolicyTransition`.
 */
export function actionOnPremiumPaid(policy: { status: PolicyStatus; premiumInArrears: boolean }): 'activate' | 'reinstate' | null {
  if (policy.status === PolicyStatus.PENDING) return 'activate';
  if (policy.status === PolicyStatus.SUSPENDED && policy.premiumInArrears) return 'reinstate';
  return null;
}
