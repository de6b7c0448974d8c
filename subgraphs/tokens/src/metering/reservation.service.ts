import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../../../../kit/database';
import { ConflictError, InvalidTransitionError, NotFoundError, Violations } from '../../../../kit/errors';
import { isUuid } from '../../../../kit/ids';
import type { Logger } from '../../../../kit/logger';
import { paginate, type Page, type PageArgs } from '../../../../kit/pagination';
import type { AutoTopUpService } from '../top-up/auto-top-up.service';
import { SYSTEM_ACTOR } from '../tokens';
import { WalletTransactionKind } from '../wallet/wallet-transaction.entity';
import { InsufficientTokensError, moveTokens } from '../wallet/wallet.ledger';
import { ReservationStatus, TokenReservation } from './reservation.entity';

export interface ReserveRequest {
  companyId: string;
  /** The metered operation, e.g. `claims.submission`. */
  operation: string;
  /** The operation's own reference (a claim id): one reservation per operation and reference. */
  reference: string;
  tokens: number;
  ttlSeconds: number;
  actorId?: string;
}

/** A company without a wallet is not metered; otherwise the reservation (new, or the one already made for the reference). */
export type ReserveOutcome = { metered: false } | { metered: true; reservation: TokenReservation };

const OPERATION = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
export const MAX_TTL_SECONDS = 86_400;

/** Metering: tokens reserved for an operation, then consumed or released; expired when forgotten. */
export class ReservationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly topUps: AutoTopUpService,
    private readonly logger: Logger,
  ) {}

  private get reservations() {
    return this.dataSource.getRepository(TokenReservation);
  }

  /**
   * Holds `tokens` of the company's wallet for an operation. A retry with the same operation and
   * reference returns the first reservation, whatever became of it; one asking for something
   * else under that reference is refused. Insufficient tokens → `InsufficientTokensError`, and
   * nothing is written.
   */
  async reserve(request: ReserveRequest): Promise<ReserveOutcome> {
    checkReserve(request);
    return this.dataSource.transaction(async (manager) => {
      const [wallet] = await preparedQuery<{ id: string }>(manager, 'SELECT id FROM token_wallets WHERE company_id = $1', [request.companyId]);
      if (!wallet) return { metered: false as const };
      const id = randomUUID();
      const inserted = await preparedQuery(
        manager,
        `INSERT INTO token_reservations (id, wallet_id, company_id, operation, reference, tokens, status, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'HELD', clock_timestamp() + make_interval(secs => $7))
         ON CONFLICT (operation, reference) DO NOTHING RETURNING id`,
        [id, wallet.id, request.companyId, request.operation, request.reference, request.tokens, request.ttlSeconds],
      );
      if (inserted.length === 0) {
        const existing = await manager.getRepository(TokenReservation).findOneByOrFail({ operation: request.operation, reference: request.reference });
        if (existing.companyId !== request.companyId || existing.tokens !== request.tokens) {
          throw new ConflictError(`reference: ${request.operation} ${request.reference} already reserved ${existing.tokens} tokens of another request`, {
            field: 'reference',
            rule: 'RESERVATION_REFERENCE_REUSED',
          });
        }
        return { metered: true as const, reservation: existing };
      }
      const after = await moveTokens(manager, {
        walletId: wallet.id,
        kind: WalletTransactionKind.RESERVE,
        balanceDelta: 0,
        reservedDelta: request.tokens,
        amount: request.tokens,
        requireAvailable: request.tokens,
        reference: reservationReference(id),
        actorId: request.actorId ?? SYSTEM_ACTOR,
      });
      await this.topUps.afterDebit(manager, wallet.id, after.balance - after.reserved);
      return { metered: true as const, reservation: await manager.getRepository(TokenReservation).findOneByOrFail({ id }) };
    });
  }

  /** Spends a held reservation's tokens (once; a second consume returns it unchanged). Never short of tokens: they are held. */
  async consume(reservationId: string, actorId = SYSTEM_ACTOR): Promise<TokenReservation> {
    return this.dataSource.transaction((manager) => this.consumeIn(manager, reservationId, actorId));
  }

  async consumeIn(manager: EntityManager, reservationId: string, actorId = SYSTEM_ACTOR): Promise<TokenReservation> {
    const held = await this.settle(manager, reservationId, ReservationStatus.CONSUMED, actorId);
    if (held) {
      const [{ balance, reserved }] = await preparedQuery<{ balance: string; reserved: string }>(manager, 'SELECT balance, reserved FROM token_wallets WHERE id = $1', [held.walletId]);
      await this.topUps.afterDebit(manager, held.walletId, Number(balance) - Number(reserved));
      return held;
    }
    const current = await this.getIn(manager, reservationId);
    if (current.status === ReservationStatus.CONSUMED) return current;
    throw new InvalidTransitionError('TokenReservation', current.status, 'consume', `it was ${current.status.toLowerCase()}: its tokens went back to the wallet`);
  }

  /** Gives a held reservation's tokens back (once; releasing one already released or expired returns it unchanged). */
  async release(reservationId: string, actorId = SYSTEM_ACTOR): Promise<TokenReservation> {
    return this.dataSource.transaction(async (manager) => {
      const held = await this.settle(manager, reservationId, ReservationStatus.RELEASED, actorId);
      if (held) return held;
      const current = await this.getIn(manager, reservationId);
      if (current.status !== ReservationStatus.CONSUMED) return current;
      throw new InvalidTransitionError('TokenReservation', current.status, 'release', 'its tokens were consumed');
    });
  }

  /** Releases the reservation of an operation's reference, if there is one (what a caller that lost the id can do). */
  async releaseByReference(operation: string, reference: string, actorId = SYSTEM_ACTOR): Promise<TokenReservation | null> {
    const found = await this.reservations.findOneBy({ operation, reference });
    return found ? this.release(found.id, actorId) : null;
  }

  /** Expires held reservations past their time, each in its own transaction; returns how many. */
  async expireDue(limit = 500): Promise<number> {
    const due: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM token_reservations WHERE status = 'HELD' AND expires_at <= clock_timestamp() ORDER BY expires_at LIMIT $1`,
      [limit],
    );
    let expired = 0;
    for (const { id } of due) {
      const done = await this.dataSource.transaction((manager) => this.settle(manager, id, ReservationStatus.EXPIRED, SYSTEM_ACTOR, true));
      if (done) expired += 1;
    }
    if (expired > 0) this.logger.info('token reservations expired', { expired });
    return expired;
  }

  /**
   * A metered operation completed (a claim was written with its reservation): consumes the
   * reservation, provided it is the one reserved for that operation and reference. If it was
   * released or had expired meanwhile, the operation happened anyway, so its tokens are charged
   * directly when available and otherwise owed as the wallet's arrears (the operation is never
   * undone for it, nor left free).
   */
  async onOperationCompleted(
    manager: EntityManager,
    completed: { reservationId: string; operation: string; reference: string },
  ): Promise<'CONSUMED' | 'ALREADY_CONSUMED' | 'CHARGED_LATE' | 'IN_ARREARS' | 'MISMATCH' | 'UNKNOWN'> {
    const { reservationId, operation, reference } = completed;
    if (!isUuid(String(reservationId))) return 'UNKNOWN';
    const held = await this.settle(manager, reservationId, ReservationStatus.CONSUMED, SYSTEM_ACTOR, false, { operation, reference });
    if (held) return 'CONSUMED';
    const [current] = await preparedQuery<{ wallet_id: string; tokens: string; status: ReservationStatus; operation: string; reference: string }>(
      manager,
      'SELECT wallet_id, tokens, status, operation, reference FROM token_reservations WHERE id = $1 FOR UPDATE',
      [reservationId],
    );
    if (!current) {
      this.logger.error('metered operation names an unknown reservation', { reservationId, operation, reference });
      return 'UNKNOWN';
    }
    if (current.operation !== operation || current.reference !== reference) {
      this.logger.error('metered operation names a reservation made for another; neither is charged', {
        reservationId,
        operation,
        reference,
        reservedFor: { operation: current.operation, reference: current.reference },
      });
      return 'MISMATCH';
    }
    if (current.status === ReservationStatus.CONSUMED) return 'ALREADY_CONSUMED';
    const tokens = Number(current.tokens);
    const was = current.status.toLowerCase();
    let outcome: 'CHARGED_LATE' | 'IN_ARREARS' = 'CHARGED_LATE';
    try {
      await moveTokens(manager, {
        walletId: current.wallet_id,
        kind: WalletTransactionKind.CONSUME,
        balanceDelta: -tokens,
        reservedDelta: 0,
        amount: tokens,
        requireAvailable: tokens,
        reference: reservationReference(reservationId),
        reason: `charged after the reservation was ${was}`,
        actorId: SYSTEM_ACTOR,
      });
    } catch (error) {
      if (!(error instanceof InsufficientTokensError)) throw error;
      await moveTokens(manager, {
        walletId: current.wallet_id,
        kind: WalletTransactionKind.ARREARS,
        balanceDelta: 0,
        reservedDelta: 0,
        arrearsDelta: tokens,
        amount: tokens,
        requireAvailable: 0,
        reference: reservationReference(reservationId),
        reason: `owed: charged after the reservation was ${was}, when the wallet could not cover it`,
        actorId: SYSTEM_ACTOR,
      });
      outcome = 'IN_ARREARS';
    }
    await preparedQuery(manager, `UPDATE token_reservations SET status = 'CONSUMED', settled_at = clock_timestamp() WHERE id = $1`, [reservationId]);
    this.logger.warn(outcome === 'IN_ARREARS' ? 'metered operation completed after its reservation lapsed; owed as arrears' : 'metered operation charged after its reservation lapsed', {
      reservationId,
      reference,
      was: current.status,
    });
    return outcome;
  }

  /**
   * Moves a HELD reservation to `to` and its tokens accordingly, in one conditional update each:
   * null when it was not HELD (or, for expiry, not yet due; or not reserved for `match`).
   */
  private async settle(
    manager: EntityManager,
    id: string,
    to: ReservationStatus,
    actorId: string,
    onlyIfDue = false,
    match: { operation: string; reference: string } | null = null,
  ): Promise<TokenReservation | null> {
    if (!isUuid(id)) throw new NotFoundError('TokenReservation', id);
    const [row] = await preparedQuery<{ wallet_id: string; tokens: string }>(
      manager,
      `WITH settled AS (
         UPDATE token_reservations SET status = $2, settled_at = clock_timestamp()
         WHERE id = $1 AND status = 'HELD' AND ($3::boolean IS FALSE OR expires_at <= clock_timestamp())
           AND ($4::text IS NULL OR (operation = $4 AND reference = $5))
         RETURNING wallet_id, tokens
       )
       SELECT wallet_id, tokens::text FROM settled`,
      [id, to, onlyIfDue, match?.operation ?? null, match?.reference ?? null],
    );
    if (!row) return null;
    const tokens = Number(row.tokens);
    const consumed = to === ReservationStatus.CONSUMED;
    await moveTokens(manager, {
      walletId: row.wallet_id,
      kind: consumed ? WalletTransactionKind.CONSUME : to === ReservationStatus.EXPIRED ? WalletTransactionKind.EXPIRE : WalletTransactionKind.RELEASE,
      balanceDelta: consumed ? -tokens : 0,
      reservedDelta: -tokens,
      amount: tokens,
      requireAvailable: 0,
      reference: reservationReference(id),
      actorId,
    });
    return manager.getRepository(TokenReservation).findOneByOrFail({ id });
  }

  private async getIn(manager: EntityManager, id: string): Promise<TokenReservation> {
    const found = isUuid(id) ? await manager.getRepository(TokenReservation).findOneBy({ id }) : null;
    if (!found) throw new NotFoundError('TokenReservation', id);
    return found;
  }

  async get(id: string): Promise<TokenReservation> {
    return this.getIn(this.dataSource.manager, id);
  }

  list(walletId: string, status: ReservationStatus | null | undefined, page: PageArgs): Promise<Page<TokenReservation>> {
    if (!isUuid(walletId)) new Violations().add('walletId', 'VALID_ID', `"${walletId}" is not a valid id`).throwIfAny();
    const query = this.reservations.createQueryBuilder('r').where('r.wallet_id = :walletId', { walletId });
    if (status) query.andWhere('r.status = :status', { status });
    return paginate(query, 'r', { column: 'created_at', property: 'createdAt', direction: 'DESC' }, page);
  }
}

/** How a reservation is named in the wallet's history. */
export function reservationReference(id: string): string {
  return `reservation:${id}`;
}

function checkReserve(request: ReserveRequest): void {
  const violations = new Violations();
  if (!isUuid(String(request.companyId ?? ''))) violations.add('companyId', 'VALID_ID', `"${request.companyId}" is not a valid id`);
  if (typeof request.operation !== 'string' || !OPERATION.test(request.operation)) violations.add('operation', 'VALID_OPERATION', 'must read <domain>.<operation>, e.g. claims.submission');
  if (typeof request.reference !== 'string' || request.reference.trim().length === 0 || request.reference.length > 200) {
    violations.add('reference', 'REQUIRED', 'must be 1-200 characters');
  }
  if (!Number.isSafeInteger(request.tokens) || request.tokens <= 0) violations.add('tokens', 'POSITIVE', 'must be a whole number above 0');
  if (!Number.isSafeInteger(request.ttlSeconds) || request.ttlSeconds < 1 || request.ttlSeconds > MAX_TTL_SECONDS) {
    violations.add('ttlSeconds', 'RANGE', `must be from 1 to ${MAX_TTL_SECONDS}`);
  }
  violations.throwIfAny();
}
