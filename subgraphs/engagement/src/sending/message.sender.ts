import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../../../kit/clock';
import type { Logger } from '../../../../kit/logger';
import type { ChannelAdapters } from '../notification/channels/channels';
import { ChannelError, type OutgoingMessage } from '../notification/channels/channel';
import type { NotificationChannel } from '../notification/notification.types';
import { afterAttempt } from './sending.rules';

/**
 * The columns every queue of outgoing messages has, named alike in each table: `status`
 * (PENDING until final), `attempts`, `next_attempt_at` (when it is due; while claimed, when the
 * lease ends), `lease_token`, `provider_message_id`, `last_error`, `sent_at`, `updated_at`.
 * A claimed row comes back with all of its columns, snake_case, plus what the queue joins.
 */
export interface ClaimedRow {
  id: string;
  attempts: number;
  lease_token: string;
}

/** What a queue decides to do with a message it has claimed. */
export type SendPlan =
  /** Hand it to the channel's adapter. */
  | { kind: 'send'; channel: NotificationChannel; message: OutgoingMessage }
  /** Count a failed attempt no retry can mend (there is nobody to send it to). */
  | { kind: 'refuse'; channel: NotificationChannel; error: string }
  /** Not now (quiet hours): release it until then, without counting an attempt. */
  | { kind: 'defer'; until: Date }
  /** Finish it without sending (a lead who withdrew consent), with the reason. */
  | { kind: 'settle'; status: string; reason: string };

/** What was recorded for a claimed message, handed to its queue in the same transaction. */
export interface SendResult {
  status: string;
  /** The attempt made, or null when the message was settled without one. */
  attempt: number | null;
  providerMessageId: string | null;
  error: string | null;
  reason: string | null;
  at: Date;
}

/** One table of outgoing messages the sender works through. */
export interface SendQueue<R extends ClaimedRow> {
  /** For logs: `notification`, `lead message`. */
  kind: string;
  table: string;
  /** The column a settled message's reason goes to. */
  reasonColumn: string;
  /** Extra columns read with the claimed row, from tables joined to it as `c`. */
  claimJoin?: { select: string; join: string };
  plan(row: R, now: Date): SendPlan;
  /** Runs in the transaction that records the result, only when this sender still held the lease. */
  recorded(manager: EntityManager, row: R, result: SendResult): Promise<void>;
}

export interface SendPolicy {
  maxAttempts: number;
  retryBaseSeconds: number;
}

/** How long a claimed message is held by the sender before another instance may try it. */
export const SEND_LEASE_MS = 5 * 60_000;

/**
 * The one sending loop of engagement, for every queue of outgoing messages: it claims the due
 * rows one at a time with a lease, sends each through its channel's adapter, and records the
 * result (retry with backoff, or give up) only while it still holds the lease.
 */
export class MessageSender {
  constructor(
    private readonly dataSource: DataSource,
    private readonly adapters: ChannelAdapters,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /**
   * Sends the messages of `queue` that are due, one at a time: each is claimed with a lease just
   * before it is sent (a batch claimed up front could outlive its lease while earlier ones are
   * slow, and be sent again by another instance), and only the holder of the lease records the
   * result. Providers offer no idempotency key, so a crash between the provider's answer and our
   * update may send one message twice: at least once, by design.
   */
  async sendDue<R extends ClaimedRow>(queue: SendQueue<R>, policy: SendPolicy, limit = 50): Promise<number> {
    let handled = 0;
    while (handled < limit) {
      const now = this.clock.now();
      const claimed = await this.claim(queue, now);
      if (!claimed) break;
      await this.handle(queue, policy, claimed, now);
      handled++;
    }
    return handled;
  }

  private async claim<R extends ClaimedRow>(queue: SendQueue<R>, now: Date): Promise<R | undefined> {
    const [row]: R[] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE ${queue.table} SET next_attempt_at = $2, lease_token = gen_random_uuid(), updated_at = now()
         WHERE id = (SELECT id FROM ${queue.table} WHERE status = 'PENDING' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING *
       )
       SELECT c.*${queue.claimJoin ? `, ${queue.claimJoin.select}` : ''} FROM claimed c ${queue.claimJoin?.join ?? ''}`,
      [now, new Date(now.getTime() + SEND_LEASE_MS)],
    );
    return row;
  }

  private async handle<R extends ClaimedRow>(queue: SendQueue<R>, policy: SendPolicy, row: R, now: Date): Promise<void> {
    const plan = queue.plan(row, now);
    if (plan.kind === 'defer') {
      await this.dataSource.query(`UPDATE ${queue.table} SET next_attempt_at = $3, lease_token = NULL WHERE id = $1 AND lease_token = $2`, [row.id, row.lease_token, plan.until]);
      return;
    }
    if (plan.kind === 'settle') {
      await this.record(queue, row, { status: plan.status, attempt: null, providerMessageId: null, error: null, reason: plan.reason, at: now }, (manager) =>
        manager.query(`UPDATE ${queue.table} SET status = $3, ${queue.reasonColumn} = $4, next_attempt_at = NULL, lease_token = NULL, updated_at = now() WHERE id = $1 AND lease_token = $2`, [
          row.id,
          row.lease_token,
          plan.status,
          plan.reason,
        ]),
      );
      return;
    }
    const attempt = row.attempts + 1;
    const { providerMessageId, error } = await this.attempt(plan);
    const outcome = afterAttempt({ attempt, error, maxAttempts: policy.maxAttempts, retryBaseSeconds: policy.retryBaseSeconds, now });
    const result: SendResult = { status: outcome.status, attempt, providerMessageId, error: error?.message ?? null, reason: null, at: now };
    await this.record(queue, row, result, (manager) =>
      error
        ? manager.query(
            `UPDATE ${queue.table} SET status = $3, attempts = $4, last_error = $5, next_attempt_at = $6, lease_token = NULL, updated_at = now() WHERE id = $1 AND lease_token = $2`,
            [row.id, row.lease_token, outcome.status, attempt, error.message, outcome.nextAttemptAt],
          )
        : manager.query(
            `UPDATE ${queue.table} SET status = 'SENT', attempts = $3, provider_message_id = $4, sent_at = $5, next_attempt_at = NULL, last_error = NULL, lease_token = NULL, updated_at = now() WHERE id = $1 AND lease_token = $2`,
            [row.id, row.lease_token, attempt, providerMessageId, now],
          ),
    );
    if (error) this.logger.warn(`${queue.kind} attempt failed`, { id: row.id, channel: error.channel, attempt, error: error.message });
  }

  /** One call to the channel's adapter; whatever goes wrong becomes a ChannelError saying whether a retry can help. */
  private async attempt(plan: Extract<SendPlan, { kind: 'send' | 'refuse' }>): Promise<{ providerMessageId: string | null; error: ChannelError | null }> {
    try {
      if (plan.kind === 'refuse') throw new ChannelError(plan.channel, plan.error, false);
      const adapter = this.adapters[plan.channel];
      if (!adapter) throw new ChannelError(plan.channel, 'channel is not configured', false);
      const { providerMessageId } = await adapter.send(plan.message);
      return { providerMessageId, error: null };
    } catch (caught) {
      return { providerMessageId: null, error: caught instanceof ChannelError ? caught : new ChannelError(plan.channel, (caught as Error).message, true) };
    }
  }

  /** Writes the result, guarded by the lease: a sender whose lease lapsed (and was taken over) must not overwrite the newer result. */
  private async record<R extends ClaimedRow>(queue: SendQueue<R>, row: R, result: SendResult, update: (manager: EntityManager) => Promise<unknown>): Promise<void> {
    const recorded = await this.dataSource.transaction(async (manager) => {
      const [, updated] = (await update(manager)) as [unknown, number];
      if (updated === 0) return false;
      await queue.recorded(manager, row, result);
      return true;
    });
    if (!recorded) this.logger.warn(`${queue.kind} lease lapsed during the send; result not recorded`, { id: row.id, status: result.status });
  }
}
