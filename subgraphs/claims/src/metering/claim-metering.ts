import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../../../kit/database';
import { DomainError, ErrorCode, ValidationError } from '../../../../kit/errors';
import { recordEvent } from '../../../../kit/events/outbox';
import type { Logger } from '../../../../kit/logger';
import { MeteringClient, MeteringUnavailable } from './metering.client';
import type { ClaimsMeteringConfig } from './metering.config';

/** Recorded with every metered claim; the tokens service consumes the reservation on it. */
export const CLAIM_METERED = 'claims.claim.metered';

export interface ClaimMeteredPayload {
  claimId: string;
  reservationId: string;
  companyId: string;
}

export const INSUFFICIENT_TOKENS = 'INSUFFICIENT_TOKENS';

/**
 * The tokens service could not be asked. The claim is refused rather than written unmetered:
 * metering that silently stops whenever the tokens service is down would let an employer's
 * claims through for free, and a refused submission is safe to retry.
 */
export class MeteringUnavailableError extends DomainError {
  constructor() {
    super(ErrorCode.SERVICE_UNAVAILABLE, 'Claims cannot be submitted right now: the token metering service is unavailable. Nothing was stored; try again shortly.', {
      rule: 'METERING_UNAVAILABLE',
      retryable: true,
    });
  }
}

/** The tokens held for a claim about to be written. */
export interface ClaimReservation {
  reservationId: string;
  companyId: string;
  tokens: number;
}

/**
 * What claim submission asks of metering (see `ClaimMetering`): reserve over HTTP first, holding
 * no database connection or transaction while the tokens service answers, then record the
 * reservation in the claim's transaction, or give it back when that transaction fails.
 */
export interface ClaimSubmissionMetering {
  /**
   * Before the claim's transaction: reserves the claim's tokens from the member's employer's
   * wallet, the claim id being the reservation's reference (so asking again for the same claim
   * holds nothing more). Null when the claim is not metered; refuses the claim when the wallet
   * cannot cover it or the tokens service cannot be asked. `reader` must not be a transaction's.
   */
  reserve(reader: EntityManager, claim: { id: string; memberId: string }): Promise<ClaimReservation | null>;
  /** In the claim's transaction: records the reservation with the claim and the `claims.claim.metered` event. */
  record(manager: EntityManager, claimId: string, reservation: ClaimReservation): Promise<void>;
  /** Best effort, after the claim's transaction failed: gives the reservation back (the tokens service's expiry is the backstop). */
  abandon(claimId: string): Promise<void>;
}

/** Claim submission metered by the tokens service over HTTP. */
export class ClaimMetering implements ClaimSubmissionMetering {
  private readonly client: MeteringClient;

  constructor(config: Required<Pick<ClaimsMeteringConfig, 'url'>> & ClaimsMeteringConfig, private readonly logger: Logger) {
    this.client = new MeteringClient({ url: config.url, secret: config.secret, timeoutMs: config.timeoutMs });
  }

  async reserve(reader: EntityManager, claim: { id: string; memberId: string }): Promise<ClaimReservation | null> {
    // A member the read model does not know yet has no known employer: intake refuses such claims anyway.
    const [member] = await preparedQuery<{ company_id: string | null }>(reader, 'SELECT company_id FROM rm_members WHERE id = $1', [claim.memberId]);
    const companyId = member?.company_id;
    if (!companyId) return null;
    let answer;
    try {
      answer = await this.client.reserve(companyId, claim.id);
    } catch (error) {
      if (!(error instanceof MeteringUnavailable)) throw error;
      this.logger.error('claim refused: token metering unavailable', { claimId: claim.id, reason: error.message });
      // The request may have reserved before its answer was lost; the expiry would give it back too.
      await this.abandon(claim.id);
      throw new MeteringUnavailableError();
    }
    if (answer.kind === 'NOT_METERED') return null;
    if (answer.kind === 'INSUFFICIENT') {
      throw new ValidationError([
        {
          field: 'memberId',
          rule: INSUFFICIENT_TOKENS,
          message: `the member's employer's token wallet ${answer.walletId} has ${answer.available} tokens available; a claim needs ${answer.requested} (short by ${answer.shortfall})`,
        },
      ]);
    }
    return { reservationId: answer.reservationId, companyId, tokens: answer.tokens };
  }

  async record(manager: EntityManager, claimId: string, reservation: ClaimReservation): Promise<void> {
    await preparedQuery(manager, 'INSERT INTO claim_meterings (claim_id, reservation_id, company_id, tokens) VALUES ($1, $2, $3, $4)', [
      claimId,
      reservation.reservationId,
      reservation.companyId,
      reservation.tokens,
    ]);
    await recordEvent<ClaimMeteredPayload>(manager, {
      type: CLAIM_METERED,
      aggregateId: claimId,
      payload: { claimId, reservationId: reservation.reservationId, companyId: reservation.companyId },
    });
  }

  async abandon(claimId: string): Promise<void> {
    try {
      await this.client.release(claimId);
    } catch (error) {
      this.logger.warn('releasing the tokens of a claim not written failed; the reservation will expire', { claimId, error });
    }
  }
}

/** Metering as configured: none (logged once, at start-up) when CLAIMS_METERING_URL is unset. */
export function createClaimMetering(config: ClaimsMeteringConfig, logger: Logger): ClaimSubmissionMetering | undefined {
  if (!config.url) {
    logger.info('claim submission is not metered: CLAIMS_METERING_URL is not set');
    return undefined;
  }
  return new ClaimMetering({ ...config, url: config.url }, logger);
}
