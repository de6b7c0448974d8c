import { registerEnumType } from 'type-graphql';

export enum ProviderName {
  MPESA = 'MPESA',
  STRIPE = 'STRIPE',
  PAYPAL = 'PAYPAL',
}
registerEnumType(ProviderName, { name: 'PaymentProvider', description: 'A payment provider the platform collects premiums through.' });

/** Why a provider notification was refused or left without effect. */
export enum NotificationReason {
  BAD_SIGNATURE = 'BAD_SIGNATURE',
  STALE_TIMESTAMP = 'STALE_TIMESTAMP',
  BAD_CALLBACK_PATH = 'BAD_CALLBACK_PATH',
  MALFORMED = 'MALFORMED',
  AMOUNT_MISMATCH = 'AMOUNT_MISMATCH',
  CURRENCY_MISMATCH = 'CURRENCY_MISMATCH',
  UNKNOWN_ACCOUNT = 'UNKNOWN_ACCOUNT',
  UNKNOWN_REQUEST = 'UNKNOWN_REQUEST',
  /** The notification names a request we know with another second id (M-Pesa MerchantRequestID). */
  REQUEST_ID_MISMATCH = 'REQUEST_ID_MISMATCH',
  /** The money arrived but its invoice no longer takes it: held as unapplied cash for a clerk. */
  HELD_UNAPPLIED = 'HELD_UNAPPLIED',
  UNKNOWN_PAYMENT = 'UNKNOWN_PAYMENT',
  INVOICE_NOT_PAYABLE = 'INVOICE_NOT_PAYABLE',
  PAYMENT_FAILED = 'PAYMENT_FAILED',
  ALREADY_RECORDED = 'ALREADY_RECORDED',
  UNHANDLED_EVENT_TYPE = 'UNHANDLED_EVENT_TYPE',
}

/** What a payment is for, as an adapter needs it to start a collection. */
export interface CollectionRequest {
  invoiceId: string;
  invoiceNumber: string;
  amountMinor: number;
  currency: string;
  /** Our intent's idempotency key, passed on to providers that honour one. */
  idempotencyKey: string;
  /** The payer's phone in E.164 (M-Pesa). */
  phone?: string;
  description: string;
}

/** What the provider answered to a started collection. */
export interface StartedCollection {
  /** The provider's id of the request: M-Pesa CheckoutRequestID, Stripe PaymentIntent id, PayPal order id. */
  providerRequestId: string;
  /** A second id the provider echoes back (M-Pesa MerchantRequestID). */
  providerAccountId?: string;
  /** What the payer's client needs to finish (Stripe client secret, PayPal approval link). */
  clientSecret?: string;
}

/** A notification as it reached us over HTTP. */
export interface InboundNotification {
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
  receivedAt: Date;
}

/**
 * A provider's notification reduced to the one fact it carries. Amounts are in minor units of
 * `currency`; `eventId` is what deliveries of the same notification share.
 */
export type ProviderFact =
  | {
      kind: 'PAYMENT_COMPLETED';
      eventId: string;
      providerRequestId: string;
      /** The provider's unique id of the money movement (M-Pesa receipt, PaymentIntent id, capture id). */
      externalReference: string;
      amountMinor: number;
      currency: string;
      receivedAt: Date;
      payerPhone?: string | null;
      /** The account the payer paid to (invoice id or number), when the provider echoes it. */
      account?: string | null;
      /** A second request id to check against the intent (M-Pesa MerchantRequestID). */
      providerAccountId?: string | null;
    }
  | { kind: 'PAYMENT_FAILED'; eventId: string; providerRequestId: string; reason: string; providerAccountId?: string | null }
  | { kind: 'REFUNDED'; eventId: string; externalReference: string; totalRefundedMinor: number; currency: string; at: Date }
  | {
      kind: 'DISPUTE_OPENED' | 'DISPUTE_WON' | 'DISPUTE_LOST';
      eventId: string;
      disputeId: string;
      externalReference: string;
      amountMinor: number;
      currency: string;
      reason: string | null;
      at: Date;
    }
  | { kind: 'IGNORED'; eventId: string | null; eventType: string; /** Why an event we otherwise handle was left alone (an outcome we do not know). */ detail?: string };

/** The result of verifying and parsing a notification: a fact, or why it was refused. */
export type ParsedNotification =
  | { ok: true; fact: ProviderFact; eventType: string }
  | { ok: false; reason: NotificationReason; eventId: string | null; eventType: string | null; signatureValid: boolean; detail: string };

export interface RefundRequest {
  /** Our payment's provider reference (PaymentIntent id, PayPal capture id, M-Pesa receipt). */
  externalReference: string;
  amountMinor: number;
  currency: string;
  idempotencyKey: string;
}

/** What every provider adapter does; the services speak to providers only through this. */
export interface PaymentProviderAdapter {
  readonly name: ProviderName;
  /** Starts collecting a payment (STK push, PaymentIntent, order). */
  startCollection(request: CollectionRequest): Promise<StartedCollection>;
  /** Authenticates and parses an inbound notification; never throws for a bad one. */
  parseNotification(notification: InboundNotification): Promise<ParsedNotification>;
  /** Parses the body of a notification authenticated when it arrived (a stored one being replayed); never throws. */
  readAuthenticated(rawBody: string): ParsedNotification;
  /** Returns money through the provider, or null where the provider has no refund API we use (M-Pesa B2C is recorded by hand). */
  refund(request: RefundRequest): Promise<{ providerRefundId: string } | null>;
}

/**
 * A provider answered with an error or could not be reached. `uncertain` when we got no clear
 * answer (a timeout, a dropped connection, a 5xx): the provider may have acted all the same.
 */
export class ProviderCallError extends Error {
  constructor(
    readonly provider: ProviderName,
    message: string,
    readonly status?: number,
    readonly uncertain: boolean = status === undefined || status >= 500,
  ) {
    super(`${provider}: ${message}`);
    this.name = 'ProviderCallError';
  }
}

/**
 * Calls a provider and reads its JSON answer, waiting at most `timeoutMs`: a request that hangs
 * must not hold a payment (or a database connection) open. Every failure is a ProviderCallError.
 */
export async function callProvider<T>(provider: ProviderName, url: string, init: RequestInit, what: string, timeoutMs: number): Promise<T> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    return await readProviderJson<T>(provider, response, what);
  } catch (error) {
    if (error instanceof ProviderCallError) throw error;
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new ProviderCallError(provider, timedOut ? `${what} got no answer within ${timeoutMs} ms` : `${what} could not reach the provider: ${(error as Error).message}`);
  }
}

/** Reads a provider's JSON answer, turning an HTTP error into a ProviderCallError. */
export async function readProviderJson<T>(provider: ProviderName, response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new ProviderCallError(provider, `${what} failed with HTTP ${response.status}: ${text.slice(0, 300)}`, response.status);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ProviderCallError(provider, `${what} answered with something other than JSON`, response.status);
  }
}

/** Caches an OAuth access token until shortly before it expires. */
export class TokenCache {
  private token: { value: string; expiresAt: number } | null = null;
  constructor(private readonly fetchToken: () => Promise<{ token: string; expiresInSeconds: number }>) {}

  async get(): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now()) return this.token.value;
    const { token, expiresInSeconds } = await this.fetchToken();
    // Renewed a minute early so a request never carries a token that expires on the way.
    this.token = { value: token, expiresAt: Date.now() + Math.max(0, expiresInSeconds - 60) * 1000 };
    return token;
  }
}

/** The first value of a header that may arrive as a list. */
export function headerValue(headers: InboundNotification['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
