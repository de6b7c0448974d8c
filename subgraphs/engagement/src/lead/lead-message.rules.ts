import { normaliseEmail } from '../../../../kit/contact';
import { isUuid } from '../../../../kit/ids';
import { LeadMessageChannel, SuppressionReason } from './lead-message.types';

/** A lead message as engagement keeps it, read from crm's request. */
export interface LeadMessageDraft {
  crmMessageId: string;
  leadId: string;
  campaignId: string | null;
  enrolmentId: string | null;
  stepNumber: number | null;
  /** Null when crm named a channel engagement does not have. */
  channel: LeadMessageChannel | null;
  recipient: string | null;
  subject: string | null;
  body: string | null;
  requestedAt: Date | null;
}

export type ReadNurtureMessage =
  /** Without a message id and a lead id there is nothing to keep or to answer crm about: a poison event. */
  | { ok: false; problem: string }
  /** `suppressed` names the first rule the message breaks; it is then settled without sending. */
  | { ok: true; draft: LeadMessageDraft; suppressed: SuppressionReason | null };

const E164 = /^\+[1-9]\d{7,14}$/;

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

/**
 * Reads `crm.nurture.message-requested`. The ids must be UUIDs (crm's message id is what a
 * redelivery is recognised by); what makes the message itself unsendable (an unknown channel, no
 * or a malformed recipient, an e-mail without a subject, no body) suppresses it with the reason.
 */
export function readNurtureMessage(payload: unknown): ReadNurtureMessage {
  const p = (payload ?? {}) as Record<string, unknown>;
  const missing = (['messageId', 'leadId'] as const).filter((field) => typeof p[field] !== 'string' || !isUuid(p[field] as string));
  if (missing.length) return { ok: false, problem: `${missing.join(' and ')} must be a UUID` };
  const channel = Object.values(LeadMessageChannel).includes(p.channel as LeadMessageChannel) ? (p.channel as LeadMessageChannel) : null;
  const given = text(p.recipient);
  const recipient = given && channel === LeadMessageChannel.EMAIL ? (normaliseEmail(given) ?? given) : given;
  const requestedAt = typeof p.requestedAt === 'string' && !Number.isNaN(Date.parse(p.requestedAt)) ? new Date(p.requestedAt) : null;
  const draft: LeadMessageDraft = {
    crmMessageId: (p.messageId as string).toLowerCase(),
    leadId: (p.leadId as string).toLowerCase(),
    campaignId: text(p.campaignId),
    enrolmentId: text(p.enrolmentId),
    stepNumber: Number.isInteger(p.stepNumber) ? (p.stepNumber as number) : null,
    channel,
    recipient,
    subject: channel === LeadMessageChannel.EMAIL ? text(p.subject) : null,
    body: typeof p.body === 'string' && p.body.trim() ? p.body : null,
    requestedAt,
  };
  return { ok: true, draft, suppressed: suppressionOf(draft) };
}

function suppressionOf(draft: LeadMessageDraft): SuppressionReason | null {
  if (!draft.channel) return SuppressionReason.UNKNOWN_CHANNEL;
  if (!draft.recipient) return SuppressionReason.MISSING_RECIPIENT;
  const wellFormed = draft.channel === LeadMessageChannel.EMAIL ? normaliseEmail(draft.recipient) === draft.recipient : E164.test(draft.recipient);
  if (!wellFormed) return SuppressionReason.INVALID_RECIPIENT;
  if (draft.channel === LeadMessageChannel.EMAIL && !draft.subject) return SuppressionReason.MISSING_SUBJECT;
  if (!draft.body) return SuppressionReason.EMPTY_BODY;
  return null;
}

/**
 * Whether a lead may be sent marketing now, from the newest consent engagement knows: a lead it has
 * never heard about is sent to (crm checked consent when it asked); a withdrawal suppresses.
 */
export function suppressionAtSend(consent: boolean | null): SuppressionReason | null {
  return consent === false ? SuppressionReason.CONSENT_WITHDRAWN : null;
}

