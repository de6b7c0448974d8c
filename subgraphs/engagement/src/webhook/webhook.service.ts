import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../../../kit/clock';
import { ConflictError, NotFoundError } from '../../../../kit/errors';
import type { DomainEvent } from '../../../../kit/events/event';
import type { Logger } from '../../../../kit/logger';
import type { EngagementConfig } from '../config';
import { retryDelaySeconds } from '../notification/notification.rules';
import { WebhookDelivery, WebhookDeliveryAttempt, WebhookEndpoint, type RegisteredWebhookEndpoint } from './webhook.entity';
import { checkEndpoint } from './webhook.rules';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from './webhook.signature';

export interface RegisterWebhookInput {
  url: string;
  eventTypes: string[];
  description?: string | null;
}

interface ClaimedDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
  leaseToken: string;
}

/** How long a claimed delivery is held by the sender before another instance may try it. */
const DELIVERY_LEASE_MS = 5 * 60_000;

/** Webhook endpoints of external systems: registration, signed deliveries with retries, auto-disabling and replay. */
export class WebhookService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: EngagementConfig,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Registers an endpoint and returns its signing secret, which is never shown again. */
  async register(input: RegisterWebhookInput, actorId: string): Promise<RegisteredWebhookEndpoint> {
    const eventTypes = [...new Set(input.eventTypes)];
    checkEndpoint({ url: input.url, eventTypes }, this.config.webhookAllowLoopbackHttp);
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const [row] = await this.dataSource.query(
      `INSERT INTO webhook_endpoints (url, description, secret, event_types, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [input.url, input.description ?? null, secret, eventTypes, actorId],
    );
    return { endpoint: await this.dataSource.getRepository(WebhookEndpoint).findOneByOrFail({ id: row.id }), secret };
  }

  endpoints(): Promise<WebhookEndpoint[]> {
    return this.dataSource.getRepository(WebhookEndpoint).find({ order: { createdAt: 'DESC', id: 'DESC' } });
  }

  endpointsByIds(ids: readonly string[]): Promise<WebhookEndpoint[]> {
    return this.dataSource.getRepository(WebhookEndpoint).createQueryBuilder('e').where('e.id = ANY(:ids)', { ids: [...ids] }).getMany();
  }

  /** Turns an endpoint on (its failure count starts again; deliveries held while it was off resume) or off. */
  async setEnabled(id: string, enabled: boolean): Promise<WebhookEndpoint> {
    const [rows] = (await this.dataSource.query(
      `UPDATE webhook_endpoints SET enabled = $2, consecutive_failures = CASE WHEN $2 THEN 0 ELSE consecutive_failures END,
         disabled_at = CASE WHEN $2 THEN NULL ELSE now() END, disabled_reason = CASE WHEN $2 THEN NULL ELSE 'disabled by an administrator' END, updated_at = now()
       WHERE id = $1 RETURNING id`,
      [id, enabled],
    )) as [{ id: string }[], number];
    if (rows.length === 0) throw new NotFoundError('WebhookEndpoint', id);
    return this.dataSource.getRepository(WebhookEndpoint).findOneByOrFail({ id });
  }

  deliveriesOf(endpointIds: readonly string[], limit = 50): Promise<WebhookDelivery[]> {
    return this.dataSource
      .getRepository(WebhookDelivery)
      .createQueryBuilder('d')
      .where('d.endpoint_id = ANY(:ids)', { ids: [...endpointIds] })
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .take(Math.min(Math.max(limit, 1), 100))
      .getMany();
  }

  delivery(id: string): Promise<WebhookDelivery | null> {
    return this.dataSource.getRepository(WebhookDelivery).findOneBy({ id });
  }

  attemptsOf(deliveryIds: readonly string[]): Promise<WebhookDeliveryAttempt[]> {
    return this.dataSource
      .getRepository(WebhookDeliveryAttempt)
      .createQueryBuilder('a')
      .where('a.delivery_id = ANY(:ids)', { ids: [...deliveryIds] })
      .orderBy('a.attempted_at', 'ASC')
      .getMany();
  }

  /** Queues a domain event for every enabled endpoint that subscribed to its type, once per endpoint. */
  async fanOut(manager: EntityManager, event: DomainEvent): Promise<void> {
    const body = JSON.stringify({ id: event.id, type: event.type, occurredAt: event.occurredAt, data: event.payload });
    await manager.query(
      `INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, body, status, next_attempt_at)
       SELECT id, $1, $2, $3, 'PENDING', $4 FROM webhook_endpoints WHERE enabled AND $2 = ANY(event_types)
       ON CONFLICT (endpoint_id, event_id) DO NOTHING`,
      [event.id, event.type, body, this.clock.now()],
    );
  }

  /** Sends a delivery again, with a fresh set of attempts (the same event id: receivers de-duplicate on it). */
  async replay(deliveryId: string): Promise<WebhookDelivery> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(
        `SELECT d.id, e.enabled, (d.lease_token IS NOT NULL AND d.next_attempt_at > $2) AS sending
         FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = $1 FOR UPDATE OF d`,
        [deliveryId, this.clock.now()],
      )) as { id: string; enabled: boolean; sending: boolean }[];
      if (!row) throw new NotFoundError('WebhookDelivery', deliveryId);
      // Resetting a delivery mid-send would let a second sender claim it while the first is still posting.
      if (row.sending) throw new ConflictError('The delivery is being sent right now: replay it once that attempt is recorded.', { field: 'deliveryId', rule: 'NOT_IN_FLIGHT' });
      if (!row.enabled) throw new ConflictError('The endpoint is disabled: enable it before replaying its deliveries.', { field: 'deliveryId', rule: 'ENDPOINT_ENABLED' });
      await manager.query(
        `UPDATE webhook_deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = $2, lease_token = NULL, replays = replays + 1, updated_at = now() WHERE id = $1`,
        [deliveryId, this.clock.now()],
      );
      return manager.getRepository(WebhookDelivery).findOneByOrFail({ id: deliveryId });
    });
  }

  /**
   * Sends the deliveries that are due to enabled endpoints, each claimed with a lease and signed
   * afresh per attempt. A failure counts against the delivery (retried with exponential backoff
   * until the attempts run out) and against the endpoint, which is disabled after the configured
   * number of consecutive failures.
   */
  async deliverDue(limit = 50): Promise<number> {
    let delivered = 0;
    // One at a time, each claimed just before it is sent: a batch claimed up front could outlive its
    // lease behind slow receivers and be sent again by another instance. An endpoint disabled by a
    // failure is no longer matched, so its remaining deliveries wait for it.
    while (delivered < limit) {
      const now = this.clock.now();
      const [claimed]: ClaimedDelivery[] = await this.dataSource.query(
        `WITH claimed AS (
           UPDATE webhook_deliveries SET next_attempt_at = $2, lease_token = gen_random_uuid(), updated_at = now()
           WHERE id = (
             SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
             WHERE d.status = 'PENDING' AND d.next_attempt_at <= $1 AND e.enabled
             ORDER BY d.next_attempt_at LIMIT 1 FOR UPDATE OF d SKIP LOCKED)
           RETURNING id, endpoint_id, event_id, event_type, body, attempts, lease_token
         )
         SELECT c.id, c.endpoint_id AS "endpointId", c.event_id AS "eventId", c.event_type AS "eventType", c.body, c.attempts, c.lease_token AS "leaseToken", e.url, e.secret
         FROM claimed c JOIN webhook_endpoints e ON e.id = c.endpoint_id`,
        [now, new Date(now.getTime() + DELIVERY_LEASE_MS)],
      );
      if (!claimed) break;
      await this.deliverOne(claimed, now);
      delivered++;
    }
    return delivered;
  }

  /** Sends one delivery and records the outcome, if its lease is still held. */
  private async deliverOne(delivery: ClaimedDelivery, now: Date): Promise<void> {
    const timestamp = Math.floor(now.getTime() / 1000);
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'mcs-webhooks/1',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: webhookSignature(delivery.secret, timestamp, delivery.body),
          [EVENT_ID_HEADER]: delivery.eventId,
          [EVENT_TYPE_HEADER]: delivery.eventType,
        },
        body: delivery.body,
        signal: AbortSignal.timeout(this.config.providerTimeoutMs),
      });
      statusCode = response.status;
      await response.arrayBuffer().catch(() => undefined);
      if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
    } catch (caught) {
      error = `no answer (${(caught as Error).message})`;
    }
    const attempt = delivery.attempts + 1;
    await this.dataSource.transaction(async (manager) => {
      // Guarded by the lease: a sender whose lease lapsed (and was taken over, or replayed) must not overwrite the newer state.
      const giveUp = attempt >= this.config.webhookMaxAttempts;
      const [, updated] = (await manager.query(
        error
          ? `UPDATE webhook_deliveries SET status = $3, attempts = $4, last_status_code = $5, last_error = $6, next_attempt_at = $7, lease_token = NULL, updated_at = now() WHERE id = $1 AND lease_token = $2`
          : `UPDATE webhook_deliveries SET status = 'DELIVERED', attempts = $3, last_status_code = $4, last_error = NULL, delivered_at = $5, next_attempt_at = NULL, lease_token = NULL, updated_at = now() WHERE id = $1 AND lease_token = $2`,
        error
          ? [delivery.id, delivery.leaseToken, giveUp ? 'FAILED' : 'PENDING', attempt, statusCode, error, giveUp ? null : new Date(now.getTime() + retryDelaySeconds(attempt, this.config.retryBaseSeconds) * 1000)]
          : [delivery.id, delivery.leaseToken, attempt, statusCode, now],
      )) as [unknown, number];
      if (updated === 0) {
        this.logger.warn('webhook delivery lease lapsed during the send; result not recorded', { deliveryId: delivery.id, statusCode });
        return;
      }
      await manager.query(
        `INSERT INTO webhook_delivery_attempts (delivery_id, attempt, status_code, error, duration_ms, attempted_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [delivery.id, attempt, statusCode, error, Date.now() - started, now],
      );
      if (!error) {
        await manager.query(`UPDATE webhook_endpoints SET consecutive_failures = 0, updated_at = now() WHERE id = $1 AND consecutive_failures <> 0`, [delivery.endpointId]);
        return;
      }
      const [endpoint] = (await manager.query(
        `WITH counted AS (
           UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1, updated_at = now() WHERE id = $1 RETURNING id, consecutive_failures, enabled
         ) SELECT consecutive_failures, enabled FROM counted`,
        [delivery.endpointId],
      )) as { consecutive_failures: number; enabled: boolean }[];
      if (endpoint?.enabled && endpoint.consecutive_failures >= this.config.webhookDisableAfterFailures) {
        await manager.query(
          `UPDATE webhook_endpoints SET enabled = false, disabled_at = $2, disabled_reason = $3 WHERE id = $1`,
          [delivery.endpointId, now, `${endpoint.consecutive_failures} consecutive failed deliveries (last: ${error})`],
        );
        this.logger.warn('webhook endpoint disabled after consecutive failures', { endpointId: delivery.endpointId, failures: endpoint.consecutive_failures });
      }
    });
  }
}
