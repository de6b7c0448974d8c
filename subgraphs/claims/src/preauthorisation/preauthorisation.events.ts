import type { EntityManager } from 'typeorm';
import { recordEvent } from '../../../../kit/events/outbox';
import type { Preauthorisation } from './preauthorisation.entity';

/** A pre-authorisation request was answered (APPROVED or DENIED); engagement tells the member. */
export const PREAUTHORISATION_DECIDED = 'claims.preauthorisation.decided';

export interface PreauthorisationDecidedPayload {
  preauthorisationId: string;
  memberId: string;
  status: string;
  decidedAt: string | null;
}

/** Records `claims.preauthorisation.decided` in the caller's transaction, from the row as it now stands. */
export async function recordPreauthorisationDecided(manager: EntityManager, preauth: Preauthorisation): Promise<void> {
  const payload: PreauthorisationDecidedPayload = {
    preauthorisationId: preauth.id,
    memberId: preauth.memberId,
    status: preauth.status,
    decidedAt: preauth.decidedAt ? new Date(preauth.decidedAt).toISOString() : null,
  };
  await recordEvent(manager, { type: PREAUTHORISATION_DECIDED, aggregateId: preauth.id, payload });
}
