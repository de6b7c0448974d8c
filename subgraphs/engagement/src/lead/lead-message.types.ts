import { registerEnumType } from 'type-graphql';

/** The channels crm's nurture campaigns write for (no push: a lead has no app). */
export enum LeadMessageChannel {
  EMAIL = 'EMAIL',
  SMS = 'SMS',
}
registerEnumType(LeadMessageChannel, { name: 'LeadMessageChannel' });

export enum LeadMessageStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
  SUPPRESSED = 'SUPPRESSED',
}
registerEnumType(LeadMessageStatus, {
  name: 'LeadMessageStatus',
  description: 'PENDING until sent; SENT; FAILED after the last attempt; SUPPRESSED (with a reason) when it must not go.',
});

/** Why a lead message was SUPPRESSED: the `reason` of the settled event, for crm to act on. */
export enum SuppressionReason {
  /** The lead's newest known marketing consent is withdrawn. */
  CONSENT_WITHDRAWN = 'CONSENT_WITHDRAWN',
  /** The channel is neither EMAIL nor SMS. */
  UNKNOWN_CHANNEL = 'UNKNOWN_CHANNEL',
  MISSING_RECIPIENT = 'MISSING_RECIPIENT',
  /** Not an e-mail address (EMAIL) or not an E.164 phone number (SMS). */
  INVALID_RECIPIENT = 'INVALID_RECIPIENT',
  /** An e-mail without a subject. */
  MISSING_SUBJECT = 'MISSING_SUBJECT',
  EMPTY_BODY = 'EMPTY_BODY',
}

/** The events of the nurture contract between crm and engagement. */
export const LEAD_EVENTS = {
  MESSAGE_REQUESTED: 'crm.nurture.message-requested',
  CONSENT_CHANGED: 'crm.lead.consent-changed',
  MESSAGE_SETTLED: 'engagement.lead-message.settled',
} as const;

/** `crm.nurture.message-requested` as crm publishes it (aggregateId = the enrolment id). */
export interface NurtureMessageRequested {
  messageId: string;
  enrolmentId: string;
  campaignId: string;
  leadId: string;
  stepNumber: number;
  channel: 'EMAIL' | 'SMS';
  recipient: string;
  subject: string | null;
  body: string;
  requestedAt: string;
}

/** `crm.lead.consent-changed` (aggregateId = the lead id). */
export interface LeadConsentChanged {
  leadId: string;
  marketingConsent: boolean;
  changedAt: string;
  version: number;
}

/** `engagement.lead-message.settled` (aggregateId = crm's message id), once per message. */
export interface LeadMessageSettled {
  messageId: string;
  leadId: string;
  status: 'SENT' | 'FAILED' | 'SUPPRESSED';
  reason: string | null;
  providerMessageId: string | null;
  settledAt: string;
}
