import { randomUUID } from 'node:crypto';
import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import { normaliseKenyanPhone } from '../../../../kit/contact';
import type { Actor } from '../../../../kit/auth/identity';
import { hasRole, isOwnFamily } from '../../../../kit/auth/identity';
import { ForbiddenError } from '../../../../kit/auth/rules';
import type { Clock } from '../../../../kit/clock';
import { ConflictError, DomainError, ErrorCode, NotFoundError, ValidationError, Violations } from '../../../../kit/errors';
import type { Logger } from '../../../../kit/logger';
import { formatMinor, parseDecimal } from '../../../../kit/money';
import { paginate, type Page, type PageArgs } from '../../../../kit/pagination';
import { Invoice } from '../invoice/invoice.entity';
import { amountDueMinor, isPayable } from '../invoice/invoice.rules';
import { Payment, PaymentMethod } from '../payment/payment.entity';
import { payInvoiceIn, type NewPayment } from '../payment/payment.service';
import { applyDisputeFact } from './dispute/dispute.service';
import { MpesaAdapter } from './mpesa/mpesa.adapter';
import { wholeShillings } from './mpesa/mpesa.rules';
import { PaymentIntent, PaymentIntentStatus } from './payment-intent.entity';
import { PaypalAdapter } from './paypal/paypal.adapter';
import {
  NotificationReason,
  ProviderCallError,
  ProviderName,
  type InboundNotification,
  type PaymentProviderAdapter,
  type ProviderFact,
} from './provider';
import type { ProviderConfig } from './provider.config';
import type { PaymentIntentFilter, ProviderNotificationFilter } from './provider.input';
import { NotificationOutcome, ProviderNotification } from './provider-notification.entity';
import { applyRefundIn, providerDisabled, providerFailed, providerUncertain, refundedMinor, reversedMinor } from './refund/refund.service';
import { StripeAdapter } from './stripe/stripe.adapter';
import { UnappliedReceipt } from './unapplied/unapplied-receipt.entity';
import { holdUnappliedIn } from './unapplied/unapplied-receipt.service';

/** The adapters of the configured providers; a missing one is disabled. */
export interface ProviderAdapters {
  [ProviderName.MPESA]?: MpesaAdapter;
  [ProviderName.STRIPE]?: StripeAdapter;
  [ProviderName.PAYPAL]?: PaypalAdapter;
}

export function createProviderAdapters(config: ProviderConfig, clock: Clock): ProviderAdapters {
  return {
    ...(config.mpesa ? { [ProviderName.MPESA]: new MpesaAdapter(config.mpesa, () => clock.now()) } : {}),
    ...(config.stripe ? { [ProviderName.STRIPE]: new StripeAdapter(config.stripe, config.webhookToleranceSeconds, () => clock.now()) } : {}),
    ...(config.paypal ? { [ProviderName.PAYPAL]: new PaypalAdapter(config.paypal) } : {}),
  };
}

/** The payment method a provider's payments are recorded under. */
export function methodOf(provider: ProviderName): PaymentMethod {
  return { [ProviderName.MPESA]: PaymentMethod.MPESA, [ProviderName.STRIPE]: PaymentMethod.CARD, [ProviderName.PAYPAL]: PaymentMethod.PAYPAL }[provider];
}

/** Who provider callbacks are recorded as. */
export const providerActor = (provider: ProviderName) => `system:provider:${provider.toLowerCase()}`;

/** What the HTTP route answers the provider. */
export interface NotificationResult {
  outcome: NotificationOutcome;
  reason: string | null;
  notificationId: string;
}

interface FactOutcome {
  outcome: NotificationOutcome;
  reason: NotificationReason | null;
  intentId?: string | null;
  paymentId?: string | null;
  /** The unapplied receipt the money was held as, when its invoice did not take it. */
  receiptId?: string | null;
}

export interface ProviderPaymentOptions {
  /** How long a PENDING intent blocks a new payment of its invoice before it is superseded. */
  pendingIntentMinutes: number;
  /** The longest a provider call can take (the adapters' timeout); an intent without a request id younger than a few of these may still be in flight. */
  providerTimeoutMs: number;
}

const INTENT_SORT = { column: 'created_at', property: 'createdAt', direction: 'DESC' } as const;
const NOTIFICATION_SORT = { column: 'received_at', property: 'receivedAt', direction: 'DESC' } as const;
const PROCESSING_ERROR = 'PROCESSING_ERROR';

/**
 * The notifications that hold their event id, so a second delivery of the event is a duplicate.
 * One we failed to process, or could not match to a request (yet), holds nothing: the provider's
 * retry, or our replay, must still be handled. Kept in step with the partial unique index
 * `provider_notifications_event_key`, which ON CONFLICT names by this predicate.
 */
const CLAIMS_EVENT = `event_id IS NOT NULL AND signature_valid AND outcome <> 'DUPLICATE'
  AND coalesce(reason, '') NOT IN ('PROCESSING_ERROR', 'UNKNOWN_REQUEST', 'REQUEST_ID_MISMATCH')`;

/** Reasons the replay job tries again: the cause may pass (a database failure, a notification that outran its request id). */
const REPLAYED_REASONS: readonly string[] = [PROCESSING_ERROR, NotificationReason.UNKNOWN_REQUEST];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Payments through providers: starting them (intents), and turning each provider notification,
 * once, into what it means (a posted payment, money held as unapplied, a failed intent, a refund,
 * a chargeback).
 */
export class ProviderPaymentService {
  constructor(
    private readonly dataSource: DataSource,
    readonly adapters: ProviderAdapters,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: ProviderPaymentOptions = { pendingIntentMinutes: 30, providerTimeoutMs: 10_000 },
  ) {}

  private adapter<P extends ProviderName>(provider: P): NonNullable<ProviderAdapters[P]> {
    const adapter = this.adapters[provider];
    if (!adapter) throw providerDisabled(provider);
    return adapter as NonNullable<ProviderAdapters[P]>;
  }

  /**
   * Starts a payment of what is due on an invoice with a provider, unless another payment of it is
   * still pending. The idempotency key names the attempt: a retry with it returns the same intent,
   * and asks the provider again only when the first call got no clear answer.
   */
  async startPayment(provider: ProviderName, input: { invoiceId: string; phone?: string; idempotencyKey: string }, actor: Actor): Promise<PaymentIntent> {
    const adapter: PaymentProviderAdapter = this.adapter(provider);
    const intents = this.dataSource.getRepository(PaymentIntent);
    const invoice = await this.dataSource.getRepository(Invoice).findOneBy({ id: input.invoiceId });
    if (!invoice) throw new NotFoundError('Invoice', input.invoiceId);
    // Before any look-up by key: whoever may not pay the invoice learns nothing of its intents.
    assertMayPay(actor, invoice);
    const found = await intents.findOneBy({ idempotencyKey: input.idempotencyKey });
    if (found) return this.resume(adapter, this.repeatOf(found, provider, invoice.id), invoice);
    const violations = new Violations();
    if (!isPayable(invoice.status)) violations.add('invoiceId', 'INVOICE_PAYABLE', `invoice ${invoice.invoiceNumber} is ${invoice.status} and takes no more payments`);
    const amountMinor = amountDueMinor(invoice);
    let phone: string | null = null;
    if (provider === ProviderName.MPESA) {
      phone = normaliseKenyanPhone(input.phone ?? '');
      if (!phone) violations.add('phone', 'VALID_KENYAN_PHONE', `"${input.phone ?? ''}" is not a Kenyan phone number`);
      if (amountMinor > 0 && wholeShillings(amountMinor, invoice.currency) === null) {
        violations.add('invoiceId', 'WHOLE_SHILLINGS', `M-Pesa takes whole Kenya shillings; ${formatMinor(amountMinor, invoice.currency)} ${invoice.currency} is due`);
      }
    }
    violations.throwIfAny();
    await this.supersedeStalePending(invoice);
    let inserted: { id: string }[];
    try {
      inserted = await this.dataSource.query(
        `INSERT INTO payment_intents (provider, invoice_id, member_id, currency, amount_minor, payer_phone, status, idempotency_key, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, 'PENDING', $7, $8) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
        [provider, invoice.id, invoice.billedMemberId, invoice.currency, amountMinor, phone, input.idempotencyKey, actor.id],
      );
    } catch (error) {
      if ((error as { constraint?: string }).constraint !== 'payment_intents_one_pending') throw error;
      throw await this.paymentPending(invoice);
    }
    if (inserted.length === 0) {
      // A twin request claimed the key first: answer with its intent (its call may still be under way).
      return this.repeatOf(await intents.findOneByOrFail({ idempotencyKey: input.idempotencyKey }), provider, invoice.id);
    }
    return this.requestCollection(adapter, await this.intent(inserted[0].id), invoice);
  }

  /**
   * A pending intent older than the configured window is given up (CANCELLED), so an abandoned
   * attempt does not block the invoice for ever. Should its money still arrive, it is matched by
   * its request id and applied, or held as unapplied cash.
   */
  private async supersedeStalePending(invoice: Invoice): Promise<void> {
    const before = new Date(this.clock.now().getTime() - this.options.pendingIntentMinutes * 60_000);
    await this.dataSource.query(
      `UPDATE payment_intents SET status = 'CANCELLED', failure_reason = $3, updated_at = now()
        WHERE invoice_id = $1 AND status = 'PENDING' AND created_at < $2`,
      [invoice.id, before, `superseded: no word from the provider within ${this.options.pendingIntentMinutes} minutes`],
    );
  }

  /** The refusal of a second payment while one of the invoice is pending: its money could find the invoice paid. */
  private async paymentPending(invoice: Invoice): Promise<ValidationError> {
    const pending = await this.dataSource.getRepository(PaymentIntent).findOneBy({ invoiceId: invoice.id, status: PaymentIntentStatus.PENDING });
    const since = pending ? ` started at ${pending.createdAt.toISOString()}` : '';
    return new ValidationError([
      {
        field: 'invoiceId',
        rule: 'NO_PAYMENT_PENDING',
        message: `a ${pending?.provider ?? ''} payment of invoice ${invoice.invoiceNumber}${since} is still waiting for the payer; finish it, or retry with its idempotency key`,
      },
    ]);
  }

  /** Asks the provider to collect an intent's amount and stores its answer. */
  private async requestCollection(adapter: PaymentProviderAdapter, intent: PaymentIntent, invoice: Invoice): Promise<PaymentIntent> {
    const intents = this.dataSource.getRepository(PaymentIntent);
    try {
      const started = await adapter.startCollection({
        invoiceId: invoice.id,
        invoiceNumber: invoice.invoiceNumber,
        amountMinor: intent.amountMinor,
        currency: intent.currency,
        idempotencyKey: intent.idempotencyKey,
        phone: intent.payerPhone ?? undefined,
        description: `Premium ${invoice.invoiceNumber}`,
      });
      await intents.update(
        { id: intent.id },
        { providerRequestId: started.providerRequestId, providerAccountId: started.providerAccountId ?? null, clientSecret: started.clientSecret ?? null, failureReason: null },
      );
    } catch (error) {
      if (!(error instanceof ProviderCallError)) throw error;
      if (error.uncertain) {
        // The provider may have acted: the intent stays pending, a retry with its key asks again (Stripe
        // and PayPal answer a repeated key with the first result), and a notification that comes first
        // is matched by the invoice it names.
        await intents.update({ id: intent.id, status: PaymentIntentStatus.PENDING }, { failureReason: `no clear answer yet: ${error.message}`.slice(0, 500) });
        this.logger.warn('payment start got no clear answer from the provider', { provider: adapter.name, intentId: intent.id, error: error.message });
        throw providerUncertain(error);
      }
      // The attempt is over: a new one takes a new key, so a late success of this one can still be matched by its intent.
      await intents.update({ id: intent.id }, { status: PaymentIntentStatus.FAILED, failureReason: error.message.slice(0, 500) });
      this.logger.warn('payment could not be started with the provider', { provider: adapter.name, intentId: intent.id, error: error.message });
      throw providerFailed(error);
    }
    return this.intent(intent.id);
  }

  /**
   * A retry of a start: the same intent. The provider is asked again only when the intent has no
   * request id and its first call is over (it ended without a clear answer, or is older than any
   * call can take), so a retry racing the first call does not send a second STK push.
   */
  private async resume(adapter: PaymentProviderAdapter, intent: PaymentIntent, invoice: Invoice): Promise<PaymentIntent> {
    if (intent.status !== PaymentIntentStatus.PENDING || intent.providerRequestId) return intent;
    const callOver = intent.failureReason !== null || this.clock.now().getTime() - intent.updatedAt.getTime() > 3 * this.options.providerTimeoutMs;
    return callOver ? this.requestCollection(adapter, intent, invoice) : intent;
  }

  private repeatOf(intent: PaymentIntent, provider: ProviderName, invoiceId: string): PaymentIntent {
    if (intent.provider !== provider || intent.invoiceId !== invoiceId) {
      throw new ConflictError(`idempotencyKey "${intent.idempotencyKey}" was already used for another payment`, { field: 'idempotencyKey', rule: 'IDEMPOTENCY_KEY_REUSED' });
    }
    return intent;
  }

  /**
   * Captures an approved PayPal order and records the payment at once; PayPal's later webhook finds
   * it recorded. Money captured that the invoice no longer takes is held as unapplied cash, and the
   * caller is told so with an error: the payment was not recorded against the invoice.
   */
  async capturePaypalOrder(orderId: string, actor: Actor): Promise<PaymentIntent> {
    const adapter = this.adapter(ProviderName.PAYPAL);
    const intent = await this.dataSource.getRepository(PaymentIntent).findOneBy({ provider: ProviderName.PAYPAL, providerRequestId: orderId });
    if (!intent) throw new NotFoundError('PayPal order', orderId);
    const invoice = await this.dataSource.getRepository(Invoice).findOneByOrFail({ id: intent.invoiceId });
    assertMayPay(actor, invoice);
    if (intent.status === PaymentIntentStatus.SUCCEEDED) return intent;
    let captured;
    try {
      captured = await adapter.captureOrder(orderId, `${intent.idempotencyKey}:capture`);
    } catch (error) {
      if (error instanceof ProviderCallError) throw error.uncertain ? providerUncertain(error) : providerFailed(error);
      throw error;
    }
    const capture = captured.capture;
    if (captured.status !== 'COMPLETED' || !capture || capture.status !== 'COMPLETED') {
      throw providerFailed(new ProviderCallError(ProviderName.PAYPAL, `order ${orderId} was not captured (status ${captured.status})`, 422));
    }
    const fact: Extract<ProviderFact, { kind: 'PAYMENT_COMPLETED' }> = {
      kind: 'PAYMENT_COMPLETED',
      eventId: `capture:${capture.id}`,
      providerRequestId: orderId,
      externalReference: capture.id,
      amountMinor: parseDecimal(capture.amount.value, capture.amount.currency_code),
      currency: capture.amount.currency_code,
      receivedAt: capture.create_time ? new Date(capture.create_time) : this.clock.now(),
      account: capture.custom_id ?? null,
    };
    // We captured it ourselves, so the money is real whatever it says: what does not fit is held, never refused.
    const result = await this.dataSource.transaction((manager) => this.applyCompleted(manager, ProviderName.PAYPAL, fact, actor.id, { holdMismatches: true }));
    if (result.paymentId) return this.intent(intent.id);
    this.logger.warn('captured PayPal payment was not applied to its invoice', { orderId, captureId: capture.id, reason: result.reason, receiptId: result.receiptId });
    throw new DomainError(
      ErrorCode.CONFLICT,
      `PayPal captured ${formatMinor(fact.amountMinor, fact.currency)} ${fact.currency} (capture ${capture.id}), but invoice ${invoice.invoiceNumber} did not take it. ` +
        'The money is held as unapplied cash for a finance officer to allocate.',
      { rule: 'PAYMENT_NOT_APPLIED', captureId: capture.id, receiptId: result.receiptId ?? null },
    );
  }

  /**
   * Handles one inbound notification: verifies it, logs it, and acts on its fact at most once.
   * Deliveries of the same event claim its id in `provider_notifications`; a twin that arrives
   * while the first is being handled waits for it on the unique index, then finds it handled.
   */
  async receive(provider: ProviderName, notification: InboundNotification): Promise<NotificationResult> {
    const adapter = this.adapter(provider);
    const parsed = await adapter.parseNotification(notification);
    const rawBody = notification.rawBody.toString('utf8');
    if (!parsed.ok) {
      return this.logRefused(provider, notification, {
        eventId: parsed.eventId,
        eventType: parsed.eventType,
        signatureValid: parsed.signatureValid,
        reason: parsed.reason,
        detail: parsed.detail,
      });
    }
    const { fact, eventType } = parsed;
    try {
      return await this.dataSource.transaction(async (manager) => {
        const claimed: { id: string }[] = await manager.query(
          `INSERT INTO provider_notifications (provider, event_id, event_type, received_at, raw_body, signature_valid, outcome)
           VALUES ($1, $2, $3, $4, $5, true, 'PROCESSING')
           ON CONFLICT (provider, event_id) WHERE ${CLAIMS_EVENT}
           DO NOTHING RETURNING id`,
          [provider, fact.eventId, eventType, notification.receivedAt, rawBody],
        );
        if (claimed.length === 0) {
          const [first] = await manager.query(`SELECT intent_id, payment_id FROM provider_notifications WHERE provider = $1 AND event_id = $2 AND ${CLAIMS_EVENT}`, [
            provider,
            fact.eventId,
          ]);
          const id = randomUUID();
          await manager.insert(ProviderNotification, {
            id,
            provider,
            eventId: fact.eventId,
            eventType,
            receivedAt: notification.receivedAt,
            rawBody,
            signatureValid: true,
            outcome: NotificationOutcome.DUPLICATE,
            reason: null,
            intentId: first?.intent_id ?? null,
            paymentId: first?.payment_id ?? null,
          });
          return { outcome: NotificationOutcome.DUPLICATE, reason: null, notificationId: id };
        }
        return this.settle(manager, provider, claimed[0].id, fact, eventType);
      });
    } catch (error) {
      // Nothing was posted (the transaction rolled back); the provider's retry, or the replay job, handles it afresh.
      this.logger.error('provider notification could not be processed', { provider, eventId: fact.eventId, error: error as Error });
      const logged = await this.logRefused(provider, notification, {
        eventId: fact.eventId,
        eventType,
        signatureValid: true,
        reason: PROCESSING_ERROR,
        detail: (error as Error).message,
        outcome: NotificationOutcome.REJECTED,
      });
      throw Object.assign(new Error('provider notification could not be processed'), { notificationId: logged.notificationId });
    }
  }

  /** Acts on the fact of a notification that holds its event id, and records on it what came of it. */
  private async settle(
    manager: EntityManager,
    provider: ProviderName,
    notificationId: string,
    fact: ProviderFact,
    eventType: string,
    replay: Partial<Pick<ProviderNotification, 'replayAttempts' | 'replayedAt'>> = {},
  ): Promise<NotificationResult> {
    const result = await this.applyFact(manager, provider, fact, providerActor(provider));
    await manager.update(
      ProviderNotification,
      { id: notificationId },
      { outcome: result.outcome, reason: result.reason, intentId: result.intentId ?? null, paymentId: result.paymentId ?? null, ...replay },
    );
    if (result.outcome === NotificationOutcome.REJECTED) {
      this.logger.warn('provider notification rejected', { provider, eventId: fact.eventId, eventType, reason: result.reason, notificationId });
    }
    return { outcome: result.outcome, reason: result.reason, notificationId };
  }

  /**
   * Replays, from their stored bodies, the notifications that failed processing (the provider was
   * answered and will not send them again) or matched no request yet. Each succeeds once: settled,
   * it is no longer a candidate; one that keeps failing is tried `maxAttempts` times, then left to
   * a person. Returns how many were tried and how many settled.
   */
  async replayNotifications(maxAttempts: number, limit = 50): Promise<{ attempted: number; settled: number }> {
    const due: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM provider_notifications
        WHERE signature_valid AND reason = ANY($1) AND replay_attempts < $2 AND provider = ANY($3)
        ORDER BY received_at, id LIMIT $4`,
      [REPLAYED_REASONS, maxAttempts, Object.keys(this.adapters), limit],
    );
    let settled = 0;
    for (const { id } of due) if (await this.replayOne(id, maxAttempts)) settled += 1;
    return { attempted: due.length, settled };
  }

  private async replayOne(id: string, maxAttempts: number): Promise<boolean> {
    let result: NotificationResult | null;
    let attempts = 0;
    try {
      result = await this.dataSource.transaction(async (manager) => {
        // Skipped when another instance is replaying it, or it settled since it was listed.
        const [row] = await manager.query(
          `SELECT provider, event_type, raw_body, replay_attempts FROM provider_notifications
            WHERE id = $1 AND reason = ANY($2) AND replay_attempts < $3 FOR UPDATE SKIP LOCKED`,
          [id, REPLAYED_REASONS, maxAttempts],
        );
        if (!row) return null;
        const provider = row.provider as ProviderName;
        attempts = row.replay_attempts + 1;
        const replay = { replayAttempts: attempts, replayedAt: this.clock.now() };
        const parsed = this.adapter(provider).readAuthenticated(row.raw_body);
        if (!parsed.ok) {
          await manager.update(ProviderNotification, { id }, { ...replay, reason: parsed.reason });
          return { outcome: NotificationOutcome.REJECTED, reason: parsed.reason, notificationId: id };
        }
        const [twin] = await manager.query(`SELECT intent_id, payment_id FROM provider_notifications WHERE provider = $1 AND event_id = $2 AND ${CLAIMS_EVENT}`, [
          provider,
          parsed.fact.eventId,
        ]);
        if (twin) {
          // A later delivery of the same event was handled meanwhile.
          await manager.update(
            ProviderNotification,
            { id },
            { ...replay, outcome: NotificationOutcome.DUPLICATE, reason: NotificationReason.ALREADY_RECORDED, intentId: twin.intent_id, paymentId: twin.payment_id },
          );
          return { outcome: NotificationOutcome.DUPLICATE, reason: NotificationReason.ALREADY_RECORDED, notificationId: id };
        }
        // Takes the event id: a delivery claiming it at the same moment fails this replay, which is tried again later.
        await manager.update(ProviderNotification, { id }, { outcome: NotificationOutcome.PROCESSING, reason: null });
        return this.settle(manager, provider, id, parsed.fact, parsed.eventType, replay);
      });
    } catch (error) {
      await this.dataSource.query(`UPDATE provider_notifications SET replay_attempts = replay_attempts + 1, replayed_at = $2 WHERE id = $1`, [id, this.clock.now()]);
      this.logger.error('provider notification replay failed', { notificationId: id, error: error as Error });
      return false;
    }
    if (!result) return false;
    const settled = !REPLAYED_REASONS.includes(result.reason ?? '');
    if (settled) this.logger.info('provider notification replayed', { notificationId: id, outcome: result.outcome, reason: result.reason });
    else if (attempts >= maxAttempts) this.logger.warn('provider notification left for a person after its last replay', { notificationId: id, reason: result.reason, attempts });
    return settled;
  }

  /** Logs a notification refused before it reached the ledger (bad signature, wrong path, malformed). */
  async logRefused(
    provider: ProviderName,
    notification: InboundNotification,
    refusal: { eventId: string | null; eventType: string | null; signatureValid: boolean; reason: string; detail: string; outcome?: NotificationOutcome },
  ): Promise<NotificationResult> {
    const id = randomUUID();
    // A refused delivery never claims its event id, so it is stored as unauthenticated or as a processing error.
    const signatureValid = refusal.signatureValid && refusal.reason === PROCESSING_ERROR;
    await this.dataSource.getRepository(ProviderNotification).insert({
      id,
      provider,
      eventId: refusal.eventId,
      eventType: refusal.eventType,
      receivedAt: notification.receivedAt,
      rawBody: notification.rawBody.toString('utf8'),
      signatureValid,
      outcome: refusal.outcome ?? NotificationOutcome.REJECTED,
      reason: refusal.reason,
      intentId: null,
      paymentId: null,
    });
    this.logger.warn('provider notification rejected', { provider, eventId: refusal.eventId, reason: refusal.reason, detail: refusal.detail, notificationId: id });
    return { outcome: refusal.outcome ?? NotificationOutcome.REJECTED, reason: refusal.reason, notificationId: id };
  }

  /** Acts on a verified fact inside the caller's transaction. */
  private async applyFact(manager: EntityManager, provider: ProviderName, fact: ProviderFact, actorId: string): Promise<FactOutcome> {
    switch (fact.kind) {
      case 'PAYMENT_COMPLETED':
        return this.applyCompleted(manager, provider, fact, actorId);
      case 'PAYMENT_FAILED': {
        const intent = await this.lockIntent(manager, provider, fact.providerRequestId);
        if (!intent) return { outcome: NotificationOutcome.REJECTED, reason: NotificationReason.UNKNOWN_REQUEST };
        if (!this.sameRequest(provider, intent, fact)) return { outcome: NotificationOutcome.REJECTED, reason: NotificationReason.REQUEST_ID_MISMATCH, intentId: intent.id };
        if (intent.status === PaymentIntentStatus.PENDING) {
          await manager.update(PaymentIntent, { id: intent.id }, { status: PaymentIntentStatus.FAILED, failureReason: fact.reason.slice(0, 500) });
        }
        return { outcome: NotificationOutcome.IGNORED, reason: NotificationReason.PAYMENT_FAILED, intentId: intent.id };
      }
      case 'REFUNDED': {
        const payment = await this.lockPayment(manager, provider, fact.externalReference);
        if (!payment) return { outcome: NotificationOutcome.REJECTED, reason: NotificationReason.UNKNOWN_PAYMENT };
        if (fact.currency !== payment.currency) return { outcome: NotificationOutcome.REJECTED, reason: NotificationReason.CURRENCY_MISMATCH, paymentId: payment.id };
        const missing = fact.totalRefundedMinor - (await refundedMinor(manager, payment.id));
        // Refunds we made through the API are recorded already (or under way); only one made at the provider (its dashboard) is new.
        if (missing <= 0) return { outcome: NotificationOutcome.IGNORED, reason: NotificationReason.ALREADY_RECORDED, paymentId: payment.id };
        if (missing > payment.amountMinor - (await reversedMinor(manager, payment.id))) {
          return { outcome: NotificationOutcome.REJECTED, reason: NotificationReason.AMOUNT_MISMATCH, paymentId: payment.id };
        }
        await applyRefundIn(manager, payment, { amountMinor: missing, providerRefundId: fact.eventId, reason: `Refunded at ${provider}`, refundedAt: fact.at }, actorId);
        return { outcome: NotificationOutcome.POSTED, reason: null, paymentId: payment.id };
      }
      case 'DISPUTE_OPENED':
      case 'DISPUTE_WON':
      case 'DISPUTE_LOST': {
        const payment = await this.lockPayment(manager, provider, fact.externalReference);
        if (!payment) return { outcome: NotificationOutcome.REJECTED, reason: NotificationReason.UNKNOWN_PAYMENT };
        const result = await applyDisputeFact(manager, provider, payment, fact, actorId);
        if (result.posted) return { outcome: NotificationOutcome.POSTED, reason: null, paymentId: payment.id };
        const outcome = result.reason === NotificationReason.ALREADY_RECORDED ? NotificationOutcome.IGNORED : NotificationOutcome.REJECTED;
        return { outcome, reason: result.reason, paymentId: payment.id };
      }
      case 'IGNORED':
        if (fact.detail) this.logger.warn('provider event left alone: its outcome is not one we know', { provider, eventId: fact.eventId, eventType: fact.eventType, detail: fact.detail });
        return { outcome: NotificationOutcome.IGNORED, reason: NotificationReason.UNHANDLED_EVENT_TYPE };
    }
  }

  /** Whether a notification's second request id (M-Pesa MerchantRequestID) is the intent's, whenever the intent has one. */
  private sameRequest(provider: ProviderName, intent: PaymentIntent, fact: { providerAccountId?: string | null; eventId: string }): boolean {
    if (!intent.providerAccountId || fact.providerAccountId === intent.providerAccountId) return true;
    this.logger.warn('provider notification names a known request with another request id', {
      provider,
      intentId: intent.id,
      eventId: fact.eventId,
      expected: intent.providerAccountId,
      received: fact.providerAccountId ?? null,
    });
    return false;
  }

  /**
   * Posts a completed provider payment against its intent's invoice through `payInvoiceIn`, once
   * per provider reference. An intent we cannot find by request id is looked for by the invoice the
   * provider echoes. Money the invoice no longer takes (paid or voided since, another payment first)
   * is held as unapplied cash, never dropped; a notification that contradicts its intent (amount,
   * currency, invoice) is refused, unless `holdMismatches` says the money is known to be real.
   */
  private async applyCompleted(
    manager: EntityManager,
    provider: ProviderName,
    fact: Extract<ProviderFact, { kind: 'PAYMENT_COMPLETED' }>,
    actorId: string,
    options: { holdMismatches?: boolean } = {},
  ): Promise<FactOutcome> {
    const intent = (await this.lockIntent(manager, provider, fact.providerRequestId)) ?? (await this.adoptByAccount(manager, provider, fact));
    if (!intent) return { outcome: NotificationOutcome.REJECTED, reason: NotificationReason.UNKNOWN_REQUEST };
    if (!this.sameRequest(provider, intent, fact)) return { outcome: NotificationOutcome.REJECTED, reason: NotificationReason.REQUEST_ID_MISMATCH, intentId: intent.id };
    const method = methodOf(provider);
    const recorded = await manager.findOneBy(Payment, { method, externalReference: fact.externalReference });
    if (recorded) {
      if (intent.status !== PaymentIntentStatus.SUCCEEDED && recorded.invoiceId === intent.invoiceId) {
        await manager.update(PaymentIntent, { id: intent.id }, { status: PaymentIntentStatus.SUCCEEDED, paymentId: recorded.id, failureReason: null });
      }
      return { outcome: NotificationOutcome.DUPLICATE, reason: NotificationReason.ALREADY_RECORDED, intentId: intent.id, paymentId: recorded.id };
    }
    const held = await manager.findOneBy(UnappliedReceipt, { method, externalReference: fact.externalReference });
    if (held) return { outcome: NotificationOutcome.DUPLICATE, reason: NotificationReason.ALREADY_RECORDED, intentId: intent.id, receiptId: held.id };
    const money: NewPayment = {
      amountMinor: fact.amountMinor,
      currency: fact.currency,
      method,
      externalReference: fact.externalReference,
      receivedAt: fact.receivedAt,
      payerPhone: fact.payerPhone ? normaliseKenyanPhone(fact.payerPhone) : intent.payerPhone,
    };
    const hold = async (reason: string): Promise<FactOutcome> => {
      const receipt = await holdUnappliedIn(manager, { ...money, memberId: intent.memberId, intendedInvoiceId: intent.invoiceId, intentId: intent.id, reason }, actorId);
      if (intent.status !== PaymentIntentStatus.SUCCEEDED) {
        await manager.update(PaymentIntent, { id: intent.id }, { status: PaymentIntentStatus.FAILED, failureReason: `received but not applied (${reason}): held as unapplied receipt ${receipt.id}` });
      }
      this.logger.warn('provider payment held as unapplied cash', { provider, intentId: intent.id, receiptId: receipt.id, reason, amountMinor: money.amountMinor, currency: money.currency });
      return { outcome: NotificationOutcome.POSTED, reason: NotificationReason.HELD_UNAPPLIED, intentId: intent.id, receiptId: receipt.id };
    };
    const mismatch =
      fact.account && fact.account !== intent.invoiceId
        ? NotificationReason.UNKNOWN_ACCOUNT
        : fact.currency !== intent.currency
          ? NotificationReason.CURRENCY_MISMATCH
          : fact.amountMinor !== intent.amountMinor
            ? NotificationReason.AMOUNT_MISMATCH
            : null;
    if (mismatch) return options.holdMismatches ? hold(mismatch) : { outcome: NotificationOutcome.REJECTED, reason: mismatch, intentId: intent.id };
    const result = await payInvoiceIn(manager, { id: intent.invoiceId }, money, actorId);
    if (!result.applied) return hold(result.reason);
    // A provider may report success after a failure it reported first (a late confirmation): the money counts.
    await manager.update(PaymentIntent, { id: intent.id }, { status: PaymentIntentStatus.SUCCEEDED, paymentId: result.payment.id, failureReason: null });
    return { outcome: NotificationOutcome.POSTED, reason: null, intentId: intent.id, paymentId: result.payment.id };
  }

  /**
   * The intent of a completed payment whose request id we never stored (the start got no answer in
   * time, or the notification outran our update), found by the invoice the provider echoes back
   * (Stripe's metadata, PayPal's custom_id). M-Pesa echoes no account: its notification waits for the replay.
   */
  private async adoptByAccount(manager: EntityManager, provider: ProviderName, fact: { providerRequestId: string; account?: string | null }): Promise<PaymentIntent | null> {
    if (!fact.providerRequestId || !fact.account || !UUID.test(fact.account)) return null;
    const intent = await manager.findOne(PaymentIntent, {
      where: { provider, invoiceId: fact.account, providerRequestId: IsNull(), status: PaymentIntentStatus.PENDING },
      lock: { mode: 'pessimistic_write' },
    });
    if (!intent) return null;
    await manager.update(PaymentIntent, { id: intent.id }, { providerRequestId: fact.providerRequestId });
    intent.providerRequestId = fact.providerRequestId;
    this.logger.info('provider notification matched to its intent by invoice', { provider, intentId: intent.id, providerRequestId: fact.providerRequestId });
    return intent;
  }

  private lockIntent(manager: EntityManager, provider: ProviderName, providerRequestId: string): Promise<PaymentIntent | null> {
    if (!providerRequestId) return Promise.resolve(null);
    return manager.findOne(PaymentIntent, { where: { provider, providerRequestId }, lock: { mode: 'pessimistic_write' } });
  }

  private lockPayment(manager: EntityManager, provider: ProviderName, externalReference: string): Promise<Payment | null> {
    return manager.findOne(Payment, { where: { method: methodOf(provider), externalReference }, lock: { mode: 'pessimistic_write' } });
  }

  async intent(id: string): Promise<PaymentIntent> {
    const intent = await this.dataSource.getRepository(PaymentIntent).findOneBy({ id });
    if (!intent) throw new NotFoundError('PaymentIntent', id);
    return intent;
  }

  intentsByIds(ids: readonly string[]): Promise<PaymentIntent[]> {
    return this.dataSource.getRepository(PaymentIntent).findBy({ id: In([...ids]) });
  }

  searchIntents(filter: PaymentIntentFilter | undefined, page: PageArgs): Promise<Page<PaymentIntent>> {
    const query = this.dataSource.getRepository(PaymentIntent).createQueryBuilder('intent');
    if (filter?.invoiceId) query.andWhere('intent.invoice_id = :invoiceId', { invoiceId: filter.invoiceId });
    if (filter?.provider) query.andWhere('intent.provider = :provider', { provider: filter.provider });
    if (filter?.status) query.andWhere('intent.status = :status', { status: filter.status });
    return paginate(query, 'intent', INTENT_SORT, page);
  }

  searchNotifications(filter: ProviderNotificationFilter | undefined, page: PageArgs): Promise<Page<ProviderNotification>> {
    const query = this.dataSource.getRepository(ProviderNotification).createQueryBuilder('notification');
    if (filter?.provider) query.andWhere('notification.provider = :provider', { provider: filter.provider });
    if (filter?.outcome) query.andWhere('notification.outcome = :outcome', { outcome: filter.outcome });
    if (filter?.eventId) query.andWhere('notification.event_id = :eventId', { eventId: filter.eventId });
    return paginate(query, 'notification', NOTIFICATION_SORT, page);
  }
}

/** Staff with a finance role may start any payment; a member only one for an invoice billed to their own family. */
export function assertMayPay(actor: Actor, invoice: { billedMemberId: string | null }): void {
  if (hasRole(actor, 'ADMIN', 'FINANCE_OFFICER')) return;
  if (hasRole(actor, 'MEMBER') && isOwnFamily(actor, invoice.billedMemberId)) return;
  throw new ForbiddenError("another family's invoice");
}
