import { timingSafeEqual } from 'node:crypto';
import type { MpesaConfig } from '../provider.config';
import {
  NotificationReason,
  ProviderCallError,
  ProviderName,
  callProvider,
  TokenCache,
  type CollectionRequest,
  type InboundNotification,
  type ParsedNotification,
  type PaymentProviderAdapter,
  type StartedCollection,
} from '../provider';
import { darajaTimestamp, parseStkCallback, stkPassword, wholeShillings } from './mpesa.rules';

/** The path Daraja calls back on, ending in the configured secret. */
export const MPESA_CALLBACK_PATH = '/providers/mpesa/callback';

/** Safaricom Daraja: OAuth client credentials, Lipa na M-Pesa Online (STK push) and its result callback. */
export class MpesaAdapter implements PaymentProviderAdapter {
  readonly name = ProviderName.MPESA;
  private readonly tokens: TokenCache;

  constructor(
    private readonly config: MpesaConfig,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.tokens = new TokenCache(async () => {
      const basic = Buffer.from(`${config.consumerKey}:${config.consumerSecret}`).toString('base64');
      const body = await callProvider<{ access_token: string; expires_in: string | number }>(
        ProviderName.MPESA,
        `${config.baseUrl}/oauth/v1/generate?grant_type=client_credentials`,
        { headers: { Authorization: `Basic ${basic}` } },
        'token request',
        config.timeoutMs,
      );
      return { token: body.access_token, expiresInSeconds: Number(body.expires_in) || 3599 };
    });
  }

  /** Our callback URL as Daraja is told it. */
  get callbackUrl(): string {
    return `${this.config.callbackBaseUrl.replace(/\/$/, '')}${MPESA_CALLBACK_PATH}/${this.config.callbackSecret}`;
  }

  /** Whether a callback arrived on the secret path (compared in constant time). */
  isCallbackSecret(candidate: string): boolean {
    const expected = Buffer.from(this.config.callbackSecret);
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  async startCollection(request: CollectionRequest): Promise<StartedCollection> {
    const amount = wholeShillings(request.amountMinor, request.currency);
    if (amount === null) throw new ProviderCallError(this.name, 'M-Pesa takes whole Kenya shillings only');
    if (!request.phone) throw new ProviderCallError(this.name, 'a phone number is required');
    const timestamp = darajaTimestamp(this.now());
    const msisdn = request.phone.replace(/^\+/, '');
    const body = await callProvider<{ MerchantRequestID: string; CheckoutRequestID: string; ResponseCode: string; ResponseDescription?: string }>(
      this.name,
      `${this.config.baseUrl}/mpesa/stkpush/v1/processrequest`,
      {
        method: 'POST',
      headers: { Authorization: `Bearer ${await this.tokens.get()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        BusinessShortCode: this.config.shortcode,
        Password: stkPassword(this.config.shortcode, this.config.passkey, timestamp),
        Timestamp: timestamp,
        TransactionType: 'CustomerPayBillOnline',
        Amount: amount,
        PartyA: msisdn,
        PartyB: this.config.shortcode,
        PhoneNumber: msisdn,
        CallBackURL: this.callbackUrl,
        // Daraja allows 12 characters; invoice numbers are INV-2026-000001, so the shortened form drops the prefix.
        AccountReference: request.invoiceNumber.replace(/^INV-/, '').slice(0, 12),
        TransactionDesc: request.description.slice(0, 13),
      }),
      },
      'STK push',
      this.config.timeoutMs,
    );
    if (String(body.ResponseCode) !== '0') throw new ProviderCallError(this.name, `STK push refused: ${body.ResponseDescription ?? body.ResponseCode}`);
    return { providerRequestId: body.CheckoutRequestID, providerAccountId: body.MerchantRequestID };
  }

  /** The callback's path has been checked by the route; here only the body is read. */
  async parseNotification(notification: InboundNotification): Promise<ParsedNotification> {
    return parseStkCallback(notification.rawBody.toString('utf8'));
  }

  readAuthenticated(rawBody: string): ParsedNotification {
    return parseStkCallback(rawBody);
  }

  /** Daraja's B2C reversal is not used: an M-Pesa refund is paid by hand and recorded with its reference. */
  async refund(): Promise<null> {
    return null;
  }

  static badPath(): ParsedNotification {
    return { ok: false, reason: NotificationReason.BAD_CALLBACK_PATH, eventId: null, eventType: null, signatureValid: false, detail: 'callback path secret does not match' };
  }
}
