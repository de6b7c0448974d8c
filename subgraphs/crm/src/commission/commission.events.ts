/** The part of `schemes.policy.changed` crm reads (schemes owns the full payload). */
export interface PolicyChanged {
  id: string;
  policyNumber: string;
  schemeId: string;
  startDate: string;
  status: string;
  billingFrequency: string;
  premiumMinor: number;
  currency: string;
  version: number;
  salesAgentId?: string | null;
  cancellationDate?: string | null;
}

export const POLICY_CHANGED = 'schemes.policy.changed';
export const PAYOUT_APPROVED = 'crm.commission.payout-approved';
export const PAYOUT_PAID = 'finance.commission-payout.paid';

/** What finance needs to pay an agent's approved commission. */
export interface PayoutApprovedPayload {
  payoutId: string;
  agentId: string;
  agentCode: string;
  agentName: string;
  periodStart: string;
  periodEnd: string;
  amountMinor: number;
  currency: string;
  approvedAt: string;
}

/** Finance paid an approved payout. */
export interface PayoutPaidPayload {
  payoutId: string;
  agentId: string;
  amountMinor: number;
  currency: string;
  bankReference: string;
  paidAt: string;
}
