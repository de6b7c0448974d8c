import express, { type Express, type Request, type Response } from 'express';
import { declareSecretPathSegment, type RawBodyRequest } from '../../../../kit/http';
import type { FinanceServices } from '../services';
import { MpesaAdapter, MPESA_CALLBACK_PATH } from './mpesa/mpesa.adapter';
import { DARAJA_ACK } from './mpesa/mpesa.rules';
import { NotificationReason, ProviderName, type InboundNotification } from './provider';
import { NotificationOutcome } from './provider-notification.entity';

/** Refusals that mean the delivery did not come from the provider (it is answered 400, not 200). */
const UNAUTHENTIC = new Set<string>([NotificationReason.BAD_SIGNATURE, NotificationReason.STALE_TIMESTAMP, NotificationReason.MALFORMED]);

/**
 * The provider callback and webhook routes. They are mounted before the gateway's signature check
 * on `/graphql`: providers authenticate by their own signature (or, for M-Pesa, the secret path).
 * Signatures are checked over the bytes as they arrived: the kit's JSON parser keeps them in
 * `rawBody`, and a body of another content type is read raw here.
 */
export function providerRoutes(app: Express, services: FinanceServices): void {
  const raw = express.raw({ type: () => true, limit: '1mb' });
  const inbound = (req: Request): InboundNotification => ({
    rawBody: (req as unknown as RawBodyRequest).rawBody ?? (Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)),
    headers: req.headers,
    receivedAt: services.clock.now(),
  });
  const providers = services.providerPayments;
  // The last segment of the callback path is the secret: the access log and metrics never show it.
  declareSecretPathSegment(app, MPESA_CALLBACK_PATH);

  // Daraja signs nothing: a callback on any path but the secret one is logged and refused as unknown.
  app.post(`${MPESA_CALLBACK_PATH}{/*rest}`, raw, async (req: Request, res: Response) => {
    const adapter = providers.adapters[ProviderName.MPESA];
    if (!adapter) return void res.status(404).json({ error: 'not found' });
    const rest = (req.params as { rest?: string[] }).rest;
    const notification = inbound(req);
    if (!rest || rest.length !== 1 || !adapter.isCallbackSecret(rest[0])) {
      const refused = MpesaAdapter.badPath();
      if (!refused.ok) {
        await providers.logRefused(ProviderName.MPESA, notification, { ...refused, eventId: null });
      }
      return void res.status(404).json({ error: 'not found' });
    }
    try {
      await providers.receive(ProviderName.MPESA, notification);
    } catch {
      // Logged with the notification; Daraja is acknowledged whatever happened (it expects nothing else).
    }
    res.status(200).json(DARAJA_ACK);
  });

  const webhook = (provider: ProviderName) => async (req: Request, res: Response) => {
    if (!providers.adapters[provider]) return void res.status(404).json({ error: 'not found' });
    try {
      const result = await providers.receive(provider, inbound(req));
      const refusedAsForged = result.outcome === NotificationOutcome.REJECTED && result.reason !== null && UNAUTHENTIC.has(result.reason);
      res.status(refusedAsForged ? 400 : 200).json({ received: !refusedAsForged, outcome: result.outcome, reason: result.reason });
    } catch {
      // Nothing was posted; the provider retries a 5xx.
      res.status(500).json({ received: false });
    }
  };
  app.post('/providers/stripe/webhook', raw, webhook(ProviderName.STRIPE));
  app.post('/providers/paypal/webhook', raw, webhook(ProviderName.PAYPAL));
}
