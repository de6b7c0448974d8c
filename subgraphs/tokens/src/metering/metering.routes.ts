import type { Express, Request, Response } from 'express';
import { METERING_SIGNATURE_HEADER, METERING_TIMESTAMP_HEADER, MeteringSignatureError, verifyMeteringRequest } from '../../../../kit/auth/metering-signature';
import { DomainError, ErrorCode, ValidationError } from '../../../../kit/errors';
import type { RawBodyRequest } from '../../../../kit/http';
import type { Logger } from '../../../../kit/logger';
import type { TokensConfig } from '../config';
import { InsufficientTokensError, INSUFFICIENT_TOKENS } from '../wallet/wallet.ledger';
import type { TokenReservation } from './reservation.entity';
import type { ReservationService } from './reservation.service';

export const RESERVATIONS_PATH = '/metering/reservations';
export const RELEASE_PATH = '/metering/reservations/release';

/** What each metered operation costs; the tokens service prices operations, callers do not. */
export function operationCosts(config: Pick<TokensConfig, 'claimSubmissionTokens'>): Record<string, number> {
  return { 'claims.submission': config.claimSubmissionTokens };
}

function reservationBody(r: TokenReservation) {
  return { metered: true, reservationId: r.id, walletId: r.walletId, tokens: r.tokens, status: r.status, expiresAt: r.expiresAt.toISOString() };
}

/**
 * The metering routes other services call synchronously (claims before it writes a claim):
 * `POST /metering/reservations` { companyId, operation, reference, ttlSeconds? } and
 * `POST /metering/reservations/release` { operation, reference }. Each request is signed with
 * the shared metering secret; anything unsigned, mis-signed, stale, dated ahead or without its
 * raw JSON body is refused 401 before anything is read or written.
 */
export function mountMeteringRoutes(app: Express, reservations: ReservationService, config: TokensConfig, logger: Logger): void {
  const costs = operationCosts(config);
  const signed = (handler: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    try {
      verifyMeteringRequest(
        config.meteringSecret,
        {
          timestamp: req.headers[METERING_TIMESTAMP_HEADER],
          signature: req.headers[METERING_SIGNATURE_HEADER],
          method: req.method,
          path: req.path,
          body: (req as unknown as RawBodyRequest).rawBody,
        },
        config.meteringMaxSkewSeconds,
      );
    } catch (error) {
      if (!(error instanceof MeteringSignatureError)) throw error;
      logger.warn('metering request refused', { reason: error.reason, ip: req.ip });
      res.status(401).json({ code: ErrorCode.UNAUTHENTICATED, message: 'Metering requests must be signed with the metering secret.', reason: error.reason });
      return;
    }
    try {
      await handler(req, res);
    } catch (error) {
      if (error instanceof InsufficientTokensError) {
        res.status(409).json({ code: INSUFFICIENT_TOKENS, message: error.message, walletId: error.walletId, requested: error.requested, available: error.available, shortfall: error.shortfall });
      } else if (error instanceof ValidationError) {
        res.status(400).json({ code: ErrorCode.BAD_USER_INPUT, message: error.message, violations: error.violations });
      } else if (error instanceof DomainError) {
        res.status(409).json({ code: error.extensions.code, message: error.message });
      } else {
        logger.error('metering request failed', { error });
        res.status(500).json({ code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Metering failed; try again.' });
      }
    }
  };

  app.post(
    RELEASE_PATH,
    signed(async (req, res) => {
      const { operation, reference } = (req.body ?? {}) as { operation?: unknown; reference?: unknown };
      if (typeof operation !== 'string' || typeof reference !== 'string') {
        throw new ValidationError([{ field: 'reference', rule: 'REQUIRED', message: 'operation and reference are required' }]);
      }
      const released = await reservations.releaseByReference(operation, reference);
      res.json(released ? reservationBody(released) : { metered: false });
    }),
  );

  app.post(
    RESERVATIONS_PATH,
    signed(async (req, res) => {
      const body = (req.body ?? {}) as { companyId?: unknown; operation?: unknown; reference?: unknown; ttlSeconds?: unknown };
      const tokens = typeof body.operation === 'string' ? costs[body.operation] : undefined;
      if (tokens === undefined) {
        throw new ValidationError([{ field: 'operation', rule: 'METERED_OPERATION', message: `must be one of ${Object.keys(costs).join(', ')}` }]);
      }
      const outcome = await reservations.reserve({
        companyId: body.companyId as string,
        operation: body.operation as string,
        reference: body.reference as string,
        tokens,
        ttlSeconds: body.ttlSeconds === undefined ? config.reservationTtlSeconds : (body.ttlSeconds as number),
      });
      if (!outcome.metered) res.json({ metered: false });
      else res.status(201).json(reservationBody(outcome.reservation));
    }),
  );
}
