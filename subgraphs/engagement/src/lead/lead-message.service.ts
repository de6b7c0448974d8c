import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../../../kit/clock';
import type { DomainEvent } from '../../../../kit/events/event';
import { recordEvent } from '../../../../kit/events/outbox';
import { isUuid } from '../../../../kit/ids';
import type { Logger } from '../../../../kit/logger';
import { emptyPage, paginate, type Page, type PageArgs } from '../../../../kit/pagination';
import type { EngagementConfig } from '../config';
import type { NotificationChannel } from '../notification/notification.types';
import { quietUntil, type QuietHours } from '../notification/notification.rules';
import type { ClaimedRow, MessageSender, SendQueue } from '../sending/message.sender';
import { LeadMessage } from './lead-message.entity';
import { readNurtureMessage, suppressionAtSend } from './lead-message.rules';
import { LEAD_EVENTS, LeadMessageStatus, type LeadConsentChanged, type LeadMessageChannel, type LeadMessageSettled } from './lead-message.types';

/** A lead message claimed for sending (its row, snake_case), with the lead's newest known consent. */
type ClaimedLeadMessage = ClaimedRow & {
  channel: LeadMessageChannel | null;
  recipient: string | null;
  subject: string | null;
  body: string | null;
  consent: boolean | null;
};

const FINAL: ReadonlySet<string> = new Set([LeadMessageStatus.SENT, LeadMessageStatus.FAILED, LeadMessageStatus.SUPPRESSED]);

/**
 * Sends crm's nurture messages to leads. Leads are not members: their messages have a table of
 * their own, but go through the members' sender (lease, backoff, giving up) and channel adapters.
 * crm hears how each one ended through `engagement.lead-message.settled`, exactly once.
 */
export class LeadMessageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: EngagementConfig,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly sender: MessageSender,
  ) {}

  private get quietHours(): QuietHours {
    return { ...this.config.marketingQuietHours, timeZone: this.config.marketingTimeZone };
  }

  /**
   * Keeps a message crm asks for, in the consumer's transaction: PENDING (at the end of marketing
   * quiet hours when asked inside them), or SUPPRESSED and settled at once when it cannot be sent.
   * A redelivered request changes nothing (unique on crm's message id).
   */
  async request(manager: EntityManager, event: DomainEvent): Promise<void> {
    const read = readNurtureMessage(event.payload);
    if (!read.ok) throw new TypeError(`${event.type} ${event.id}: ${read.problem}`);
    const { draft, suppressed } = read;
    const now = this.clock.now();
    const [inserted]: { id: string }[] = await manager.query(
      `INSERT INTO lead_messages (crm_message_id, lead_id, campaign_id, enrolment_id, step_number, channel, recipient, subject, body, status, reason, next_attempt_at, requested_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (crm_message_id) DO NOTHING RETURNING id`,
      [
        draft.crmMessageId,
        draft.leadId,
        draft.campaignId,
        draft.enrolmentId,
        draft.stepNumber,
        draft.channel,
        draft.recipient,
        draft.subject,
        draft.body,
        suppressed ? LeadMessageStatus.SUPPRESSED : LeadMessageStatus.PENDING,
        suppressed,
        suppressed ? null : quietUntil(now, this.quietHours),
        draft.requestedAt,
        // Set here, at the millisecond, so the keyset cursor of the lead's log matches it exactly.
        now,
      ],
    );
    if (!inserted) return;
    if (suppressed) {
      this.logger.info('lead message suppressed', { crmMessageId: draft.crmMessageId, reason: suppressed });
      await this.settle(manager, inserted.id, null, now);
    }
  }

  /** Keeps the newest marketing consent of a lead: an older version arriving late changes nothing. */
  async recordConsent(manager: EntityManager, event: DomainEvent): Promise<void> {
    const p = event.payload as Partial<LeadConsentChanged>;
    if (typeof p?.leadId !== 'string' || !isUuid(p.leadId) || typeof p.marketingConsent !== 'boolean' || !Number.isInteger(p.version)) {
      throw new TypeError(`${event.type} ${event.id}: payload needs a UUID leadId, a boolean marketingConsent and an integer version`);
    }
    const changedAt = typeof p.changedAt === 'string' && !Number.isNaN(Date.parse(p.changedAt)) ? p.changedAt : event.occurredAt;
    await manager.query(
      `INSERT INTO lead_marketing_consent (lead_id, consent, version, changed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (lead_id) DO UPDATE SET consent = EXCLUDED.consent, version = EXCLUDED.version, changed_at = EXCLUDED.changed_at, updated_at = now()
       WHERE lead_marketing_consent.version < EXCLUDED.version`,
      [p.leadId.toLowerCase(), p.marketingConsent, p.version, changedAt],
    );
  }

  /** Sends the lead messages that are due through the shared sender. */
  sendDue(limit = 50): Promise<number> {
    return this.sender.sendDue(this.queue, { maxAttempts: this.config.notificationMaxAttempts, retryBaseSeconds: this.config.retryBaseSeconds }, limit);
  }

  /** One lead's messages, newest first. */
  ofLead(leadId: string, page: PageArgs): Promise<Page<LeadMessage>> {
    if (!isUuid(leadId)) return Promise.resolve(emptyPage());
    const query = this.dataSource.getRepository(LeadMessage).createQueryBuilder('m').where('m.lead_id = :leadId', { leadId: leadId.toLowerCase() });
    return paginate(query, 'm', { column: 'created_at', property: 'createdAt', direction: 'DESC' }, page);
  }

  private readonly queue: SendQueue<ClaimedLeadMessage> = {
    kind: 'lead message',
    table: 'lead_messages',
    reasonColumn: 'reason',
    claimJoin: { select: 'k.consent AS consent', join: 'LEFT JOIN lead_marketing_consent k ON k.lead_id = c.lead_id' },
    plan: (message, now) => {
      // Consent is read as the message is claimed: a withdrawal after crm asked still stops it.
      const suppressed = suppressionAtSend(message.consent);
      if (suppressed) return { kind: 'settle', status: LeadMessageStatus.SUPPRESSED, reason: suppressed };
      const until = quietUntil(now, this.quietHours);
      if (until > now) return { kind: 'defer', until };
      const channel = (message.channel ?? 'EMAIL') as NotificationChannel;
      if (!message.channel || !message.recipient) return { kind: 'refuse', channel, error: 'no channel or recipient' };
      return { kind: 'send', channel, message: { notificationId: message.id, recipient: message.recipient, subject: message.subject ?? '', text: message.body ?? '' } };
    },
    recorded: async (manager, message, result) => {
      if (FINAL.has(result.status)) await this.settle(manager, message.id, result.status === LeadMessageStatus.FAILED ? result.error : null, result.at);
    },
  };

  /**
   * Marks a message that reached SENT, FAILED or SUPPRESSED as settled and records the settled
   * event, in the transaction of the status change. Guarded by the flag, so crm hears once.
   */
  private async settle(manager: EntityManager, id: string, failure: string | null, at: Date): Promise<void> {
    const [rows]: [{ crm_message_id: string; lead_id: string; status: LeadMessageSettled['status']; reason: string | null; provider_message_id: string | null }[], number] = await manager.query(
      `UPDATE lead_messages SET settled_event_published = true, settled_at = $2, reason = COALESCE(reason, $3), updated_at = now()
       WHERE id = $1 AND status IN ('SENT', 'FAILED', 'SUPPRESSED') AND NOT settled_event_published
       RETURNING crm_message_id, lead_id, status, reason, provider_message_id`,
      [id, at, failure],
    );
    const row = rows[0];
    if (!row) return;
    await recordEvent<LeadMessageSettled>(manager, {
      type: LEAD_EVENTS.MESSAGE_SETTLED,
      aggregateId: row.crm_message_id,
      payload: { messageId: row.crm_message_id, leadId: row.lead_id, status: row.status, reason: row.reason, providerMessageId: row.provider_message_id, settledAt: at.toISOString() },
    });
  }
}
