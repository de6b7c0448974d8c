import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../../../kit/database';
import { DomainError, ErrorCode, NotFoundError } from '../../../../kit/errors';
import { WalletTransactionKind, type CreditSource } from './wallet-transaction.entity';

export const INSUFFICIENT_TOKENS = 'INSUFFICIENT_TOKENS';

/** A wallet cannot cover what was asked of it; says which wallet and by how much it falls short. */
export class InsufficientTokensError extends DomainError {
  constructor(readonly walletId: string, readonly requested: number, readonly available: number) {
    super(
      ErrorCode.CONFLICT,
      `tokens: wallet ${walletId} has ${available} tokens available and ${requested} are needed (short by ${requested - available})`,
      { field: 'tokens', rule: INSUFFICIENT_TOKENS, walletId, requested, available, shortfall: requested - available },
    );
  }

  get shortfall(): number {
    return this.requested - this.available;
  }
}

export interface WalletMove {
  walletId: string;
  kind: WalletTransactionKind;
  source?: CreditSource | null;
  /** Added to the balance (negative takes away). */
  balanceDelta: number;
  /** Added to the reserve (negative gives held tokens back or spends them). */
  reservedDelta: number;
  /** Added to the tokens owed (a charge that could not be covered; negative settles them). */
  arrearsDelta?: number;
  /** The amount the history records for the movement. */
  amount: number;
  /** Tokens that must be available (balance - reserved) before the move, or it is refused. */
  requireAvailable: number;
  reference?: string | null;
  reason?: string | null;
  actorId: string;
}

export interface WalletAfter {
  transactionId: string;
  balance: number;
  reserved: number;
  arrears: number;
}

/** How the settling of arrears is named in the wallet's history. */
export const ARREARS_REFERENCE = 'arrears';

/**
 * Moves a wallet's tokens and records the movement in its history, in one statement: the
 * UPDATE's condition is evaluated on the row as it is when the row lock is granted, so
 * concurrent moves can never take a wallet below what it has (and the table's CHECKs would
 * refuse it if they did). Throws `InsufficientTokensError` when the condition fails. A move that
 * makes tokens available (a credit, a release) first pays off the wallet's arrears with them.
 */
export async function moveTokens(manager: EntityManager, move: WalletMove): Promise<WalletAfter> {
  const rows = await preparedQuery<{ id: string; balance_after: string; reserved_after: string; arrears: string }>(
    manager,
    `WITH w AS (
       UPDATE token_wallets SET balance = balance + $2, reserved = reserved + $3, arrears = arrears + $11, updated_at = now()
       WHERE id = $1 AND balance - reserved >= $4
       RETURNING id, balance, reserved, arrears
     ), t AS (
       INSERT INTO wallet_transactions (wallet_id, kind, source, amount, balance_after, reserved_after, reference, reason, actor_id)
       SELECT id, $5, $6, $7, balance, reserved, $8, $9, $10 FROM w
       RETURNING id, balance_after, reserved_after
     )
     SELECT t.id, t.balance_after::text, t.reserved_after::text, w.arrears::text FROM t, w`,
    [
      move.walletId,
      move.balanceDelta,
      move.reservedDelta,
      move.requireAvailable,
      move.kind,
      move.source ?? null,
      move.amount,
      move.reference ?? null,
      move.reason ?? null,
      move.actorId,
      move.arrearsDelta ?? 0,
    ],
  );
  if (rows.length === 1) {
    const after = { transactionId: rows[0].id, balance: Number(rows[0].balance_after), reserved: Number(rows[0].reserved_after), arrears: Number(rows[0].arrears) };
    const freed = move.balanceDelta - move.reservedDelta > 0;
    const settle = Math.min(after.arrears, after.balance - after.reserved);
    if (!freed || settle <= 0) return after;
    const settled = await moveTokens(manager, {
      walletId: move.walletId,
      kind: WalletTransactionKind.CONSUME,
      balanceDelta: -settle,
      reservedDelta: 0,
      arrearsDelta: -settle,
      amount: settle,
      requireAvailable: settle,
      reference: ARREARS_REFERENCE,
      reason: 'arrears paid off',
      actorId: move.actorId,
    });
    return { ...settled, transactionId: after.transactionId };
  }
  const [wallet] = await preparedQuery<{ available: string }>(manager, 'SELECT (balance - reserved)::text AS available FROM token_wallets WHERE id = $1', [move.walletId]);
  if (!wallet) throw new NotFoundError('TokenWallet', move.walletId);
  throw new InsufficientTokensError(move.walletId, move.requireAvailable, Number(wallet.available));
}
