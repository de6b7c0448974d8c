/** Events between crm and engagement for nurture campaigns (the contract both sides build to). */

export const MESSAGE_REQUESTED = 'crm.nurture.message-requested';
export const CONSENT_CHANGED = 'crm.lead.consent-changed';
export const MESSAGE_SETTLED = 'engagement.lead-message.settled';

/** crm asks engagement to send one step's message (aggregateId = the enrolment id). */
export interface MessageRequestedPayload {
  /** crm's nurture_messages row id; engagement deduplicates on it. */
  messageId: string;
  enrolmentId: string;
  campaignId: string;
  leadId: string;
  stepNumber: number;
  channel: 'EMAIL' | 'SMS';
  /** An e-mail address for EMAIL, an E.164 phone for SMS. */
  recipient: string;
  subject: string | null;
  /** Already rendered plain text. */
  body: string;
  requestedAt: string;
}

/** A lead's marketing consent was recorded (aggregateId = the lead id). */
export interface ConsentChangedPayload {
  leadId: string;
  marketingConsent: boolean;
  changedAt: string;
  /** The lead's consent version: increasing, so engagement keeps the newest. */
  version: number;
}

/** Engagement's final word on a message (aggregateId = messageId), once per message. */
export interface MessageSettledPayload {
  messageId: string;
  leadId: string;
  status: 'SENT' | 'FAILED' | 'SUPPRESSED';
  reason: string | null;
  providerMessageId: string | null;
  settledAt: string;
}
