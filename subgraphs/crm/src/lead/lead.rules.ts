import { InvalidTransitionError, Violations } from '../../../../kit/errors';
import { LeadStatus } from './lead.entity';

/** Where a lead may go from each status (CONVERTED only through conversion to an opportunity). */
const NEXT: Record<LeadStatus, LeadStatus[]> = {
  NEW: [LeadStatus.CONTACTED, LeadStatus.DISQUALIFIED],
  CONTACTED: [LeadStatus.QUALIFIED, LeadStatus.DISQUALIFIED],
  QUALIFIED: [LeadStatus.CONVERTED, LeadStatus.DISQUALIFIED],
  CONVERTED: [],
  DISQUALIFIED: [],
};

export function leadTransitionAllowed(from: LeadStatus, to: LeadStatus): boolean {
  return NEXT[from].includes(to);
}

/** Checks a status change: the step must be allowed and disqualifying needs a reason. */
export function checkLeadTransition(from: LeadStatus, to: LeadStatus, reason: string | null | undefined): void {
  if (!leadTransitionAllowed(from, to)) {
    const allowed = NEXT[from];
    throw new InvalidTransitionError('lead', from, `move to ${to}`, allowed.length ? `from ${from} a lead may only move to ${allowed.join(' or ')}` : `${from} is final`);
  }
  if (to === LeadStatus.DISQUALIFIED && !reason?.trim()) {
    new Violations().add('reason', 'REQUIRED_TO_DISQUALIFY', 'say why the lead is disqualified').throwIfAny();
  }
}

/** Leads still being worked: what counts towards an agent's load. */
export const OPEN_LEAD_STATUSES = [LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.QUALIFIED];

/**
 * The name an opportunity opens with when none is given: the company, else the lead's reference
 * (the start of its id). Never the contact's name: opportunities are plain data analysts see.
 */
export function opportunityNameFor(lead: { id: string; companyName: string | null }): string {
  return lead.companyName?.trim() || `Lead ${lead.id.slice(0, 8).toUpperCase()}`;
}
