import type { EventSubscription } from '../../../../kit/events/event';
import type { ClaimsServices } from '../services';
import type { ClaimDecision } from './engine/types';

/** The events the claims subgraph publishes about claims. */
export const CLAIM_EVENTS = {
  /** A claim was decided (engine or review); finance settles APPROVED and PARTIALLY_APPROVED ones. */
  DECIDED: 'claims.claim.decided',
  /** An approved claim was reversed (by an officer, or because finance refused to settle it). */
  REVERSED: 'claims.claim.reversed',
} as const;

export interface ClaimDecidedPayload {
  claimId: string;
  claimNumber: string;
  memberId: string;
  providerId: string;
  /** When the care was given: claims are incurred on this day. */
  serviceDate: string;
  decision: ClaimDecision;
  currency: string;
  payableMinor: number;
  memberResponsibilityMinor: number;
  decidedAt: string;
  lines: { lineNumber: number; payableMinor: number; benefitId: string | null }[];
  /** When the claim was submitted (turnaround is submission to decision). */
  submittedAt: string;
  /** ENGINE: decided automatically; REVIEW: decided by an officer's review. */
  decidedBy: 'ENGINE' | 'REVIEW';
  benefitCategory: string;
  /** The policy and scheme version that covered the member on the service date (null: no cover found). */
  policyId: string | null;
  schemeVersionId: string | null;
  /** The first day of the benefit period the service date falls in (limits reset when it turns). */
  benefitPeriodStart: string | null;
}

export interface ClaimReversedPayload {
  claimId: string;
  claimNumber: string;
  reversedAt: string;
  reason: string;
  payableMinor: number;
  currency: string;
}

/** Finance's answers to a decided claim. */
export const SETTLEMENT_EVENTS = {
  POSTED: 'finance.settlement.posted',
  REJECTED: 'finance.settlement.rejected',
} as const;

export interface SettlementPostedPayload {
  claimId: string;
  settlementId: string;
  amountMinor: number;
  currency: string;
}

export interface SettlementRejectedPayload {
  claimId: string;
  reason: string;
}

/** The settlement saga's side in claims: keep the settlement's id, or compensate a refused one. */
export const settlementSubscriptions: EventSubscription<ClaimsServices>[] = [
  {
    types: [SETTLEMENT_EVENTS.POSTED],
    handle: async (event, manager, services) => {
      const payload = event.payload as SettlementPostedPayload;
      if (!payload?.claimId || !payload.settlementId) throw new TypeError(`${event.type} ${event.id}: payload lacks claimId or settlementId`);
      await services.adjudication.settlementPosted(manager, payload.claimId, String(payload.settlementId));
    },
  },
  {
    types: [SETTLEMENT_EVENTS.REJECTED],
    handle: async (event, manager, services) => {
      const payload = event.payload as SettlementRejectedPayload;
      if (!payload?.claimId) throw new TypeError(`${event.type} ${event.id}: payload lacks claimId`);
      await services.adjudication.settlementRejected(manager, payload.claimId, payload.reason ?? '');
    },
  },
];
