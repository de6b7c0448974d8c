import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../../../kit/clock';
import { Violations } from '../../../../kit/errors';
import type { Logger } from '../../../../kit/logger';
import type { EngagementConfig } from '../config';
import type { ChannelAdapters } from './channels/channels';
import { memberTopic } from './channels/fcm.adapter';
import { MemberQuietHours, Notification, NotificationAttempt, NotificationPreference, NotificationPreferenceRow, NotificationTemplate } from './notification.entity';
import type { ClaimedRow, MessageSender, SendQueue } from '../sending/message.sender';
import { earliestSendTime, placeholdersOf, renderTemplate, type QuietHours } from './notification.rules';
import { CATEGORY_OF, NotificationCategory, NotificationChannel, NotificationEvent, NotificationStatus, TEMPLATE_VARIABLES } from './notification.types';

/** An occurrence to tell one member about, from one domain event. */
export interface NotificationRequest {
  sourceEventId: string;
  event: NotificationEvent;
  memberId: string;
  variables: Record<string, string>;
}

export interface TemplateInput {
  event: NotificationEvent;
  channel: NotificationChannel;
  subject: string;
  body: string;
}

interface Draft {
  status: NotificationStatus;
  skipReason: string | null;
  recipient: string | null;
  subject: string | null;
  body: string | null;
  htmlBody: string | null;
  nextAttemptAt: Date | null;
}

/** A notification claimed for sending (its row, snake_case), with the member's own quiet hours when they chose some. */
type ClaimedNotification = ClaimedRow & {
  channel: NotificationChannel;
  recipient: string | null;
  subject: string | null;
  body: string | null;
  html_body: string | null;
  quiet_start: number | null;
  quiet_end: number | null;
};

const CHANNELS = Object.values(NotificationChannel);

/** Templates, member preferences, and the notifications sent on domain events, with their retries. */
export class NotificationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly adapters: ChannelAdapters,
    private readonly config: EngagementConfig,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly sender: MessageSender,
  ) {
    for (const channel of CHANNELS) {
      if (!adapters[channel]) logger.info('notification channel disabled: no provider credentials configured', { channel });
    }
  }

  /** The member's own quiet hours where they chose some, else the configured default. */
  private quietHours(own?: { start: number | null; end: number | null }): QuietHours {
    return own && own.start !== null && own.end !== null
      ? { startMinute: own.start, endMinute: own.end }
      : { startMinute: this.config.quietHoursStartMinute, endMinute: this.config.quietHoursEndMinute };
  }

  async quietHoursOf(memberId: string): Promise<MemberQuietHours> {
    const [row] = (await this.dataSource.query(`SELECT start_minute, end_minute FROM notification_quiet_hours WHERE member_id = $1`, [memberId])) as { start_minute: number; end_minute: number }[];
    return { memberId, ...this.quietHours({ start: row?.start_minute ?? null, end: row?.end_minute ?? null }) };
  }

  /** Sets when SMS and push wait for the member; minutes of the local day, equal for none. */
  async setQuietHours(memberId: string, startMinute: number, endMinute: number): Promise<MemberQuietHours> {
    const violations = new Violations();
    for (const [field, minute] of [['startMinute', startMinute], ['endMinute', endMinute]] as const) {
      if (!Number.isInteger(minute) || minute < 0 || minute > 1439) violations.add(field, 'MINUTE_OF_DAY', 'must be a minute of the day, 0 to 1439');
    }
    violations.throwIfAny();
    await this.dataSource.query(
      `INSERT INTO notification_quiet_hours (member_id, start_minute, end_minute) VALUES ($1, $2, $3)
       ON CONFLICT (member_id) DO UPDATE SET start_minute = EXCLUDED.start_minute, end_minute = EXCLUDED.end_minute, updated_at = now()`,
      [memberId, startMinute, endMinute],
    );
    return { memberId, startMinute, endMinute };
  }

  templates(): Promise<NotificationTemplate[]> {
    return this.dataSource.getRepository(NotificationTemplate).find({ order: { event: 'ASC', channel: 'ASC' } });
  }

  /** Creates or replaces the template of an event on a channel; every placeholder must be a variable of the event. */
  async upsertTemplate(input: TemplateInput, actorId: string, manager: EntityManager = this.dataSource.manager): Promise<NotificationTemplate> {
    const violations = new Violations();
    const allowed = TEMPLATE_VARIABLES[input.event];
    for (const [field, text] of [['subject', input.subject], ['body', input.body]] as const) {
      const unknown = placeholdersOf(text).filter((name) => !allowed.includes(name));
      if (unknown.length) violations.add(field, 'KNOWN_VARIABLES', `unknown variable(s) ${unknown.join(', ')}; ${input.event} offers ${allowed.join(', ')}`);
    }
    if (!input.body.trim()) violations.add('body', 'REQUIRED', 'must not be empty');
    if (input.channel === NotificationChannel.SMS && input.body.length > 480) violations.add('body', 'MAX_LENGTH', 'an SMS template may be at most 480 characters (three messages)');
    violations.throwIfAny();
    const [row] = await manager.query(
      `INSERT INTO notification_templates (event, channel, subject, body, updated_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (event, channel) DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body, updated_by = EXCLUDED.updated_by,
         updated_at = now(), version = notification_templates.version + 1
       RETURNING id`,
      [input.event, input.channel, input.subject, input.body, actorId],
    );
    return manager.getRepository(NotificationTemplate).findOneByOrFail({ id: row.id });
  }

  /** The member's choice for every category and channel (opted in where they never said). */
  async preferencesOf(memberId: string): Promise<NotificationPreference[]> {
    const rows = await this.dataSource.getRepository(NotificationPreferenceRow).findBy({ memberId });
    const chosen = new Map(rows.map((r) => [`${r.category}:${r.channel}`, r.optedIn]));
    return Object.values(NotificationCategory).flatMap((category) =>
      CHANNELS.map((channel) => ({ memberId, category, channel, optedIn: chosen.get(`${category}:${channel}`) ?? true })),
    );
  }

  async setPreference(memberId: string, category: NotificationCategory, channel: NotificationChannel, optedIn: boolean): Promise<NotificationPreference> {
    await this.dataSource.query(
      `INSERT INTO notification_preferences (member_id, category, channel, opted_in) VALUES ($1, $2, $3, $4)
       ON CONFLICT (member_id, category, channel) DO UPDATE SET opted_in = EXCLUDED.opted_in, updated_at = now()`,
      [memberId, category, channel, optedIn],
    );
    return { memberId, category, channel, optedIn };
  }

  /** A member's notifications, newest first. */
  ofMember(memberId: string, limit: number): Promise<Notification[]> {
    return this.dataSource.getRepository(Notification).find({ where: { memberId }, order: { createdAt: 'DESC', id: 'DESC' }, take: Math.min(Math.max(limit, 1), 100) });
  }

  byIds(ids: readonly string[]): Promise<Notification[]> {
    return this.dataSource.getRepository(Notification).createQueryBuilder('n').where('n.id = ANY(:ids)', { ids: [...ids] }).getMany();
  }

  attemptsOf(notificationIds: readonly string[]): Promise<NotificationAttempt[]> {
    return this.dataSource
      .getRepository(NotificationAttempt)
      .createQueryBuilder('a')
      .where('a.notification_id = ANY(:ids)', { ids: [...notificationIds] })
      .orderBy('a.attempt', 'ASC')
      .getMany();
  }

  /**
   * Writes one notification per channel for an occurrence, in the consumer's transaction: PENDING
   * (at the end of quiet hours for SMS and push), or SKIPPED with the reason. A redelivered event
   * writes nothing new (unique per event, member and channel).
   */
  async request(manager: EntityManager, request: NotificationRequest): Promise<void> {
    const category = CATEGORY_OF[request.event];
    // One after another: the statements share the consumer's transaction (one connection).
    const templates = await manager.getRepository(NotificationTemplate).findBy({ event: request.event });
    const preferences = await manager.getRepository(NotificationPreferenceRow).findBy({ memberId: request.memberId, category });
    const contacts: { email: string | null; phone: string | null; principal_email: string | null; principal_phone: string | null; erased: boolean }[] = await manager.query(
      `SELECT c.email, c.phone, p.email AS principal_email, p.phone AS principal_phone, c.erased
       FROM member_contacts c LEFT JOIN member_contacts p ON p.member_id = c.principal_id WHERE c.member_id = $1`,
      [request.memberId],
    );
    const contact = contacts[0];
    const [own] = (await manager.query(`SELECT start_minute AS start, end_minute AS end FROM notification_quiet_hours WHERE member_id = $1`, [request.memberId])) as { start: number; end: number }[];
    const quiet = this.quietHours(own);
    const now = this.clock.now();
    for (const channel of CHANNELS) {
      const draft = this.draft(channel, request, {
        template: templates.find((t) => t.channel === channel),
        optedOut: preferences.some((p) => p.channel === channel && !p.optedIn),
        erased: contact?.erased ?? false,
        quiet,
        // A dependant without their own address is reached through their principal.
        email: contact ? (contact.email ?? contact.principal_email) : null,
        phone: contact ? (contact.phone ?? contact.principal_phone) : null,
        now,
      });
      if (draft.status === NotificationStatus.SKIPPED) this.logger.info('notification skipped', { event: request.event, channel, reason: draft.skipReason });
      await manager.query(
        `INSERT INTO notifications (member_id, source_event_id, event, category, channel, recipient, subject, body, html_body, status, skip_reason, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (source_event_id, member_id, channel) DO NOTHING`,
        [request.memberId, request.sourceEventId, request.event, category, channel, draft.recipient, draft.subject, draft.body, draft.htmlBody, draft.status, draft.skipReason, draft.nextAttemptAt],
      );
    }
  }

  private draft(
    channel: NotificationChannel,
    request: NotificationRequest,
    facts: { template?: NotificationTemplate; optedOut: boolean; erased: boolean; quiet: QuietHours; email: string | null; phone: string | null; now: Date },
  ): Draft {
    const skipped = (reason: string): Draft => ({ status: NotificationStatus.SKIPPED, skipReason: reason, recipient: null, subject: null, body: null, htmlBody: null, nextAttemptAt: null });
    // A late event about an erased member writes nothing personal and reaches nobody.
    if (facts.erased) return skipped('member erased');
    if (facts.optedOut) return skipped(`member opted out of ${CATEGORY_OF[request.event]} by ${channel}`);
    if (!this.adapters[channel]) return skipped(`${channel} is not configured`);
    if (!facts.template) return skipped(`no ${channel} template for ${request.event}`);
    const recipient = channel === NotificationChannel.EMAIL ? facts.email : channel === NotificationChannel.SMS ? facts.phone : memberTopic(request.memberId);
    if (!recipient) return skipped(channel === NotificationChannel.EMAIL ? 'no e-mail address on file' : 'no phone number on file');
    return {
      status: NotificationStatus.PENDING,
      skipReason: null,
      recipient,
      subject: renderTemplate(facts.template.subject, request.variables),
      body: renderTemplate(facts.template.body, request.variables),
      htmlBody: channel === NotificationChannel.EMAIL ? renderTemplate(facts.template.body, request.variables, { html: true }).replace(/\n/g, '<br>\n') : null,
      nextAttemptAt: earliestSendTime(channel, facts.now, facts.quiet),
    };
  }

  /**
   * Sends the notifications that are due through the shared sender (lease, backoff, giving up).
   * SMS and push that fell due inside the member's quiet hours (a retry, say) wait for their end.
   */
  sendDue(limit = 50): Promise<number> {
    return this.sender.sendDue(this.queue, { maxAttempts: this.config.notificationMaxAttempts, retryBaseSeconds: this.config.retryBaseSeconds }, limit);
  }

  private readonly queue: SendQueue<ClaimedNotification> = {
    kind: 'notification',
    table: 'notifications',
    reasonColumn: 'skip_reason',
    claimJoin: { select: 'q.start_minute AS quiet_start, q.end_minute AS quiet_end', join: 'LEFT JOIN notification_quiet_hours q ON q.member_id = c.member_id' },
    plan: (notification, now) => {
      const waitUntil = earliestSendTime(notification.channel, now, this.quietHours({ start: notification.quiet_start, end: notification.quiet_end }));
      if (waitUntil > now) return { kind: 'defer', until: waitUntil };
      if (!notification.recipient) return { kind: 'refuse', channel: notification.channel, error: 'no recipient (the member was erased)' };
      return {
        kind: 'send',
        channel: notification.channel,
        message: { notificationId: notification.id, recipient: notification.recipient, subject: notification.subject ?? '', text: notification.body ?? '', html: notification.html_body ?? undefined },
      };
    },
    recorded: async (manager, notification, result) => {
      if (result.attempt === null) return;
      await manager.query(
        `INSERT INTO notification_attempts (notification_id, attempt, succeeded, provider_message_id, error, attempted_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [notification.id, result.attempt, result.status === NotificationStatus.SENT, result.providerMessageId, result.error, result.at],
      );
    },
  };
}
