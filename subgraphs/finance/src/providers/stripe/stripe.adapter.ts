import type { StripeConfig } from '../provider.config';
import {
  headerValue,
  NotificationReason,
  ProviderName,
  callProvider,
  type CollectionRequest,
  type InboundNotification,
  type ParsedNotification,
  type PaymentProviderAdapter,
  type ProviderFact,
  type RefundRequest,
  type StartedCollection,
} from '../provider';
import { verifyStripeSignature } from './stripe.signature';

interface StripeEvent {
  id: string;
  type: string;
  created?: number;
  data?: { object?: Record<string, unknown> };
}

/** Stripe: PaymentIntents (form-encoded, idempotent by header), refunds, and signed webhooks. */
export class StripeAdapter implements PaymentProviderAdapter {
  readonly name = ProviderName.STRIPE;

  constructor(
    private readonly config: StripeConfig,
    private readonly toleranceSeconds: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private post<T>(path: string, form: Record<string, string>, idempotencyKey: string, what: string): Promise<T> {
    return callProvider<T>(
      this.name,
      `${this.config.baseUrl}${path}`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${this.config.secretKey}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          'Idempotency-Key': idempotencyKey,
        },
        body: new URLSearchParams(form).toString(),
      },
      what,
      this.config.timeoutMs,
    );
  }

  async startCollection(request: CollectionRequest): Promise<StartedCollection> {
    const intent = await this.post<{ id: string; client_secret: string }>(
      '/v1/payment_intents',
      {
        amount: String(request.amountMinor),
        currency: request.currency.toLowerCase(),
        'automatic_payment_methods[enabled]': 'true',
        description: request.description,
        'metadata[invoice_id]': request.invoiceId,
        'metadata[invoice_number]': request.invoiceNumber,
      },
      // Stripe keys are account-wide: the prefix keeps a client key reused for a refund from meeting this request.
      `pi:${request.idempotencyKey}`,
      'PaymentIntent creation',
    );
    return { providerRequestId: intent.id, clientSecret: intent.client_secret };
  }

  async refund(request: RefundRequest): Promise<{ providerRefundId: string }> {
    const refund = await this.post<{ id: string }>(
      '/v1/refunds',
      { payment_intent: request.externalReference, amount: String(request.amountMinor) },
      `refund:${request.idempotencyKey}`,
      'refund',
    );
    return { providerRefundId: refund.id };
  }

  async parseNotification(notification: InboundNotification): Promise<ParsedNotification> {
    const check = verifyStripeSignature(
      headerValue(notification.headers, 'stripe-signature'),
      notification.rawBody,
      this.config.webhookSecret,
      Math.floor(this.now().getTime() / 1000),
      this.toleranceSeconds,
    );
    let event: StripeEvent | null = null;
    try {
      event = JSON.parse(notification.rawBody.toString('utf8')) as StripeEvent;
    } catch {
      event = null;
    }
    const eventId = typeof event?.id === 'string' ? event.id : null;
    const eventType = typeof event?.type === 'string' ? event.type : null;
    if (!check.ok) return { ok: false, reason: check.reason, eventId, eventType, signatureValid: false, detail: check.detail };
    if (!event || !eventId || !eventType || !event.data?.object) {
      return { ok: false, reason: NotificationReason.MALFORMED, eventId, eventType, signatureValid: true, detail: 'not a Stripe event' };
    }
    return { ok: true, eventType, fact: stripeFact(event as Required<StripeEvent>, this.now()) };
  }

  readAuthenticated(rawBody: string): ParsedNotification {
    let event: StripeEvent | null = null;
    try {
      event = JSON.parse(rawBody) as StripeEvent;
    } catch {
      event = null;
    }
    if (!event || typeof event.id !== 'string' || typeof event.type !== 'string' || !event.data?.object) {
      return { ok: false, reason: NotificationReason.MALFORMED, eventId: null, eventType: null, signatureValid: true, detail: 'not a Stripe event' };
    }
    return { ok: true, eventType: event.type, fact: stripeFact(event as Required<StripeEvent>, this.now()) };
  }
}

/** The fact a verified Stripe event carries. */
export function stripeFact(event: { id: string; type: string; created?: number; data: { object?: Record<string, unknown> } }, now: Date): ProviderFact {
  const o = event.data.object ?? {};
  const at = typeof event.created === 'number' ? new Date(event.created * 1000) : now;
  const currency = String(o.currency ?? '').toUpperCase();
  switch (event.type) {
    case 'payment_intent.succeeded':
      return {
        kind: 'PAYMENT_COMPLETED',
        eventId: event.id,
        providerRequestId: String(o.id),
        externalReference: String(o.id),
        amountMinor: Number(o.amount_received ?? o.amount),
        currency,
        receivedAt: at,
        account: (o.metadata as Record<string, string> | undefined)?.invoice_id ?? null,
      };
    case 'payment_intent.payment_failed': {
      const error = o.last_payment_error as { message?: string; code?: string } | undefined;
      return { kind: 'PAYMENT_FAILED', eventId: event.id, providerRequestId: String(o.id), reason: error?.message ?? error?.code ?? 'payment failed' };
    }
    case 'charge.refunded':
      return { kind: 'REFUNDED', eventId: event.id, externalReference: String(o.payment_intent), totalRefundedMinor: Number(o.amount_refunded), currency, at };
    case 'charge.dispute.created':
    case 'charge.dispute.closed': {
      const kind = event.type === 'charge.dispute.created' ? 'DISPUTE_OPENED' : o.status === 'won' ? 'DISPUTE_WON' : o.status === 'lost' ? 'DISPUTE_LOST' : null;
      if (!kind) return { kind: 'IGNORED', eventId: event.id, eventType: `${event.type}:${String(o.status)}`, detail: `dispute status ${String(o.status)}` };
      return {
        kind,
        eventId: event.id,
        disputeId: String(o.id),
        externalReference: String(o.payment_intent),
        amountMinor: Number(o.amount),
        currency,
        reason: typeof o.reason === 'string' ? o.reason : null,
        at,
      };
    }
    default:
      return { kind: 'IGNORED', eventId: event.id, eventType: event.type };
  }
}
