import type { EventSubscription } from '../../../../kit/events/event';
import type { TokensServices } from '../services';

/** Recorded by claims in the transaction that wrote a claim with its reservation. */
export const CLAIM_METERED = 'claims.claim.metered';

export interface ClaimMeteredPayload {
  claimId: string;
  reservationId: string;
  companyId: string;
}

/** The operation a claim's reservation was made for (claims' `OPERATION`). */
const CLAIM_SUBMISSION = 'claims.submission';

/** A claim was written: its reservation's tokens are consumed, if they were reserved for that claim. */
export const consumeMeteredClaims: EventSubscription<TokensServices> = {
  types: [CLAIM_METERED],
  // Each consume locks its wallet, which every reservation of the employer's claims also needs.
  alone: true,
  handle: async (event, manager, services) => {
    const payload = event.payload as ClaimMeteredPayload;
    await services.reservations.onOperationCompleted(manager, { reservationId: payload.reservationId, operation: CLAIM_SUBMISSION, reference: payload.claimId });
  },
};
