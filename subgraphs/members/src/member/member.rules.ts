import { ageOn, daysBetween, isIsoDate } from '../../../../kit/dates';
import { InvalidTransitionError, Violations } from '../../../../kit/errors';
import { normaliseEmail, normaliseKenyanPhone } from '../../../../kit/contact';
import { LifeEventType } from './life-event.entity';
import { Gender, MemberStatus, MemberType, Relationship } from './member.entity';

export const ADULT_AGE = 18;
/** Termination older than this needs a special approval before the member can be reinstated. */
export const DEFAULT_REINSTATEMENT_WINDOW_DAYS = 90;

export interface PersonFacts {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  gender: Gender;
  email?: string | null;
  phone?: string | null;
  nationalId?: string | null;
  enrolmentDate: string;
}

export interface CleanContact {
  email: string | null;
  phone: string | null;
}

/** Checks what every enrolment must satisfy and returns the normalised e-mail and phone. */
export function checkPerson(person: PersonFacts, today: string, violations: Violations): CleanContact {
  if (!person.firstName.trim()) violations.add('firstName', 'REQUIRED', 'is required');
  if (!person.lastName.trim()) violations.add('lastName', 'REQUIRED', 'is required');
  if (!isIsoDate(person.dateOfBirth)) violations.add('dateOfBirth', 'VALID_DATE', 'must be a date (YYYY-MM-DD)');
  else if (person.dateOfBirth > today) violations.add('dateOfBirth', 'NOT_IN_FUTURE', 'cannot be in the future');
  if (!isIsoDate(person.enrolmentDate)) violations.add('enrolmentDate', 'VALID_DATE', 'must be a date (YYYY-MM-DD)');
  else if (isIsoDate(person.dateOfBirth) && person.enrolmentDate < person.dateOfBirth) {
    violations.add('enrolmentDate', 'AFTER_BIRTH', 'cannot be before the date of birth');
  }
  let email: string | null = null;
  if (person.email) {
    email = normaliseEmail(person.email);
    if (!email) violations.add('email', 'VALID_EMAIL', `"${person.email}" is not an e-mail address`);
  }
  let phone: string | null = null;
  if (person.phone) {
    phone = normaliseKenyanPhone(person.phone);
    if (!phone) violations.add('phone', 'VALID_KENYAN_PHONE', `"${person.phone}" is not a Kenyan phone number (e.g. 0712345678 or +254712345678)`);
  }
  return { email, phone };
}

/** A principal is an adult on the day cover starts, and must be reachable. */
export function checkPrincipal(person: PersonFacts, violations: Violations): void {
  if (isIsoDate(person.dateOfBirth) && isIsoDate(person.enrolmentDate)) {
    const age = ageOn(person.dateOfBirth, person.enrolmentDate);
    if (age < ADULT_AGE) {
      violations.add('dateOfBirth', 'PRINCIPAL_ADULT', `a principal must be at least ${ADULT_AGE} on the enrolment date (is ${age})`);
    }
  }
  if (!person.email && !person.phone) violations.add('phone', 'CONTACT_REQUIRED', 'a principal needs a phone number or an e-mail address');
}

export interface PrincipalFacts {
  id: string;
  type: MemberType;
  status: MemberStatus;
  companyId: string;
  dateOfBirth: string;
}

export interface DependantPolicy {
  childMaxAge: number;
  parentMaxAge: number;
  maxSpouses: number;
}

/** The rules a dependant must meet against its principal, the company's limits and the family so far. */
export function checkDependant(
  dependant: PersonFacts & { relationship: Relationship; companyId?: string | null },
  principal: PrincipalFacts,
  policy: DependantPolicy,
  currentSpouses: number,
  violations: Violations,
): void {
  if (principal.type !== MemberType.PRINCIPAL) {
    violations.add('principalId', 'PRINCIPAL_REQUIRED', 'a dependant must be attached to a principal, not to another dependant');
  }
  if (principal.status === MemberStatus.TERMINATED || principal.status === MemberStatus.DECEASED) {
    violations.add('principalId', 'PRINCIPAL_IN_FORCE', `the principal is ${principal.status}; dependants cannot be added`);
  }
  if (dependant.companyId && dependant.companyId !== principal.companyId) {
    violations.add('companyId', 'SAME_COMPANY_AS_PRINCIPAL', 'a dependant belongs to the principal\'s company');
  }
  if (dependant.relationship === Relationship.SELF) {
    violations.add('relationship', 'DEPENDANT_RELATIONSHIP', 'a dependant is a SPOUSE, CHILD or PARENT of the principal');
    return;
  }
  if (!isIsoDate(dependant.dateOfBirth) || !isIsoDate(dependant.enrolmentDate)) return;
  const age = ageOn(dependant.dateOfBirth, dependant.enrolmentDate);
  switch (dependant.relationship) {
    case Relationship.CHILD:
      if (age > policy.childMaxAge) {
        violations.add('dateOfBirth', 'CHILD_AGE_LIMIT', `a child dependant can be at most ${policy.childMaxAge} (is ${age})`);
      }
      if (dependant.dateOfBirth <= principal.dateOfBirth) {
        violations.add('dateOfBirth', 'CHILD_YOUNGER_THAN_PRINCIPAL', 'a child must be younger than the principal');
      }
      break;
    case Relationship.SPOUSE:
      if (age < ADULT_AGE) violations.add('dateOfBirth', 'SPOUSE_ADULT', `a spouse must be at least ${ADULT_AGE} (is ${age})`);
      if (currentSpouses >= policy.maxSpouses) {
        violations.add('relationship', 'SPOUSE_LIMIT', `the company covers at most ${policy.maxSpouses} spouse(s) per principal`);
      }
      break;
    case Relationship.PARENT:
      if (age > policy.parentMaxAge) {
        violations.add('dateOfBirth', 'PARENT_AGE_LIMIT', `a parent dependant can be at most ${policy.parentMaxAge} (is ${age})`);
      }
      if (dependant.dateOfBirth >= principal.dateOfBirth) {
        violations.add('dateOfBirth', 'PARENT_OLDER_THAN_PRINCIPAL', 'a parent must be older than the principal');
      }
      break;
  }
}

export type LifecycleAction = 'activate' | 'suspend' | 'reinstate' | 'terminate' | 'recordDeath';

const TRANSITIONS: Record<LifecycleAction, { from: MemberStatus[]; to: MemberStatus; event: LifeEventType }> = {
  activate: { from: [MemberStatus.PENDING], to: MemberStatus.ACTIVE, event: LifeEventType.ACTIVATED },
  suspend: { from: [MemberStatus.ACTIVE], to: MemberStatus.SUSPENDED, event: LifeEventType.SUSPENDED },
  reinstate: { from: [MemberStatus.SUSPENDED, MemberStatus.TERMINATED], to: MemberStatus.ACTIVE, event: LifeEventType.REINSTATED },
  terminate: {
    from: [MemberStatus.PENDING, MemberStatus.ACTIVE, MemberStatus.SUSPENDED],
    to: MemberStatus.TERMINATED,
    event: LifeEventType.TERMINATED,
  },
  recordDeath: {
    from: [MemberStatus.PENDING, MemberStatus.ACTIVE, MemberStatus.SUSPENDED, MemberStatus.TERMINATED],
    to: MemberStatus.DECEASED,
    event: LifeEventType.DECEASED,
  },
};

const VERB: Record<LifecycleAction, string> = {
  activate: 'activate',
  suspend: 'suspend',
  reinstate: 'reinstate',
  terminate: 'terminate',
  recordDeath: 'record the death of',
};

const PAST: Record<LifecycleAction, string> = {
  activate: 'activated',
  suspend: 'suspended',
  reinstate: 'reinstated',
  terminate: 'terminated',
  recordDeath: 'recorded as deceased',
};

export interface TransitionFacts {
  member: { status: MemberStatus; type: MemberType; enrolmentDate: string; terminationDate: string | null };
  principalStatus?: MemberStatus;
  effectiveDate: string;
  approvalReference?: string | null;
  reinstatementWindowDays?: number;
}

/**
 * Decides a lifecycle change: returns the new status and the event to record, or throws
 * INVALID_TRANSITION with the reason the current state does not allow it.
 */
export function planTransition(action: LifecycleAction, facts: TransitionFacts): { to: MemberStatus; event: LifeEventType } {
  const rule = TRANSITIONS[action];
  const { member } = facts;
  const refuse = (reason: string): never => {
    throw new InvalidTransitionError('member', member.status, VERB[action], reason);
  };
  if (!rule.from.includes(member.status)) {
    refuse(`the member is ${member.status}; only a member who is ${rule.from.join(' or ')} can be ${PAST[action]}`);
  }
  if (action !== 'recordDeath' && facts.effectiveDate < member.enrolmentDate) {
    refuse(`the effective date ${facts.effectiveDate} is before the enrolment date ${member.enrolmentDate}`);
  }
  const needsActivePrincipal = action === 'activate' || action === 'reinstate';
  if (needsActivePrincipal && member.type === MemberType.DEPENDANT && facts.principalStatus !== MemberStatus.ACTIVE) {
    refuse(`the principal is ${facts.principalStatus ?? 'unknown'}; a dependant can only be ${PAST[action]} while the principal is ACTIVE`);
  }
  if (action === 'reinstate' && member.status === MemberStatus.TERMINATED && member.terminationDate) {
    const window = facts.reinstatementWindowDays ?? DEFAULT_REINSTATEMENT_WINDOW_DAYS;
    const since = daysBetween(member.terminationDate, facts.effectiveDate);
    if (since > window && !facts.approvalReference?.trim()) {
      refuse(`the membership was terminated ${since} days ago; reinstatement after ${window} days needs a special approval (approvalReference)`);
    }
  }
  return { to: rule.to, event: rule.event };
}

/** Whether a principal's change also applies to a dependant in this status. */
export function cascadesTo(action: LifecycleAction, dependantStatus: MemberStatus): boolean {
  if (action === 'suspend') return dependantStatus === MemberStatus.ACTIVE;
  if (action === 'terminate') return TRANSITIONS.terminate.from.includes(dependantStatus);
  return false;
}
