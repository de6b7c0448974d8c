import { randomUUID } from 'node:crypto';
import { createLogger } from '../../../../kit/logger';
import { createSubgraphRuntime, type SubgraphRuntime } from '../../../../kit/subgraph';
import { executeOk, startTestSubgraph, testDatabaseUrl } from '../../../../kit/testing';
import type { TokensLoaders } from '../loaders';
import type { TokensServices } from '../services';
import { tokensSubgraph } from '../subgraph';
import { createTestWallet, walletLedgerState } from '../testing';
import { InsufficientTokensError } from '../wallet/wallet.ledger';
import { ReservationStatus } from './reservation.entity';

let tokens: SubgraphRuntime<TokensServices, TokensLoaders>;
beforeAll(async () => {
  tokens = await startTestSubgraph(tokensSubgraph);
});
afterAll(async () => {
  await tokens.stop();
});

const reserve = (companyId: string, tokensWanted = 1, reference: string = randomUUID()) =>
  tokens.services.reservations.reserve({ companyId, operation: 'claims.submission', reference, tokens: tokensWanted, ttlSeconds: 600 });

async function held(companyId: string, tokensWanted = 1) {
  const outcome = await reserve(companyId, tokensWanted);
  if (!outcome.metered) throw new Error('expected a metered company');
  return outcome.reservation;
}

describe('reserve, then consume or release', () => {
  it('never takes a wallet below zero: of 100 concurrent consumes on 10 tokens exactly 10 succeed', async () => {
    // A runtime of its own with a pool as wide as the burst, so the 100 really run at once.
    const wide = await createSubgraphRuntime(tokensSubgraph, {
      databaseUrl: await testDatabaseUrl('tokens'),
      logger: createLogger({ service: 'tokens', test: true }),
      migrate: false,
      poolSize: 40,
    });
    try {
      const wallet = await createTestWallet(tokens, 10);
      const results = await Promise.allSettled(
        Array.from({ length: 100 }, async () => {
          const outcome = await wide.services.reservations.reserve({ companyId: wallet.companyId, operation: 'claims.submission', reference: randomUUID(), tokens: 1, ttlSeconds: 600 });
          if (!outcome.metered) throw new Error('not metered');
          return wide.services.reservations.consume(outcome.reservation.id);
        }),
      );
      const succeeded = results.filter((r) => r.status === 'fulfilled');
      const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
      expect(succeeded).toHaveLength(10);
      expect(refused).toHaveLength(90);
      for (const error of refused) {
        expect(error).toBeInstanceOf(InsufficientTokensError);
        expect(error.extensions).toMatchObject({ rule: 'INSUFFICIENT_TOKENS', walletId: wallet.id, requested: 1, available: 0, shortfall: 1 });
      }
      const state = await walletLedgerState(tokens, wallet.id);
      expect(state).toEqual({ balance: 0, reserved: 0, historyBalance: 0, lastBalanceAfter: 0, lastReservedAfter: 0 });
      const [{ consumed }] = await tokens.dataSource.query(`SELECT count(*)::int AS consumed FROM wallet_transactions WHERE wallet_id = $1 AND kind = 'CONSUME'`, [wallet.id]);
      expect(consumed).toBe(10);
    } finally {
      await wide.stop();
    }
  });

  it('refuses a reservation the wallet cannot cover, naming the wallet and the shortfall, and writes nothing', async () => {
    const wallet = await createTestWallet(tokens, 3);
    const reference = randomUUID();
    await expect(reserve(wallet.companyId, 5, reference)).rejects.toMatchObject({
      extensions: { code: 'CONFLICT', field: 'tokens', rule: 'INSUFFICIENT_TOKENS', walletId: wallet.id, shortfall: 2 },
    });
    expect(await tokens.dataSource.query('SELECT 1 FROM token_reservations WHERE reference = $1', [reference])).toEqual([]);
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 3, reserved: 0 });
  });

  it('does not meter a company without a wallet', async () => {
    expect(await reserve(randomUUID())).toEqual({ metered: false });
  });

  it('reserves once per operation and reference, however often asked', async () => {
    const wallet = await createTestWallet(tokens, 10);
    const reference = randomUUID();
    const [first, again, concurrent] = await Promise.all([reserve(wallet.companyId, 2, reference), reserve(wallet.companyId, 2, reference), reserve(wallet.companyId, 2, reference)]);
    const ids = [first, again, concurrent].map((o) => (o.metered ? o.reservation.id : null));
    expect(new Set(ids).size).toBe(1);
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 10, reserved: 2 });
    await expect(reserve(wallet.companyId, 3, reference)).rejects.toMatchObject({ extensions: { rule: 'RESERVATION_REFERENCE_REUSED' } });
  });

  it('consumes a held reservation once, spending held tokens', async () => {
    const wallet = await createTestWallet(tokens, 10);
    const reservation = await held(wallet.companyId, 4);
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 10, reserved: 4 });
    const [a, b] = await Promise.all([tokens.services.reservations.consume(reservation.id), tokens.services.reservations.consume(reservation.id)]);
    expect([a.status, b.status]).toEqual([ReservationStatus.CONSUMED, ReservationStatus.CONSUMED]);
    expect(await walletLedgerState(tokens, wallet.id)).toEqual({ balance: 6, reserved: 0, historyBalance: 6, lastBalanceAfter: 6, lastReservedAfter: 0 });
  });

  it('consumes even when the wallet has nothing else available: the tokens are already held', async () => {
    const wallet = await createTestWallet(tokens, 2);
    const reservation = await held(wallet.companyId, 2);
    await expect(reserve(wallet.companyId, 1)).rejects.toBeInstanceOf(InsufficientTokensError);
    await expect(tokens.services.reservations.consume(reservation.id)).resolves.toMatchObject({ status: 'CONSUMED' });
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 0, reserved: 0 });
  });

  it('releases once, and refuses to consume a released reservation', async () => {
    const wallet = await createTestWallet(tokens, 5);
    const reservation = await held(wallet.companyId, 3);
    await tokens.services.reservations.release(reservation.id);
    await tokens.services.reservations.release(reservation.id);
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 5, reserved: 0 });
    await expect(tokens.services.reservations.consume(reservation.id)).rejects.toMatchObject({ extensions: { code: 'INVALID_TRANSITION', from: 'RELEASED' } });
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 5, reserved: 0, historyBalance: 5 });
  });

  it('refuses to release a consumed reservation', async () => {
    const wallet = await createTestWallet(tokens, 5);
    const reservation = await held(wallet.companyId, 1);
    await tokens.services.reservations.consume(reservation.id);
    await expect(tokens.services.reservations.release(reservation.id)).rejects.toMatchObject({ extensions: { code: 'INVALID_TRANSITION', from: 'CONSUMED' } });
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 4, reserved: 0 });
  });

  it('expires held reservations past their time, giving the tokens back; consuming one afterwards is refused', async () => {
    const wallet = await createTestWallet(tokens, 5);
    const due = await held(wallet.companyId, 2);
    const notDue = await held(wallet.companyId, 1);
    await tokens.dataSource.query(`UPDATE token_reservations SET expires_at = now() - interval '1 second' WHERE id = $1`, [due.id]);
    await tokens.services.reservations.expireDue();
    expect((await tokens.services.reservations.get(due.id)).status).toBe(ReservationStatus.EXPIRED);
    expect((await tokens.services.reservations.get(notDue.id)).status).toBe(ReservationStatus.HELD);
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 5, reserved: 1 });
    const kinds = await tokens.dataSource.query(`SELECT kind FROM wallet_transactions WHERE wallet_id = $1 AND reference = $2 ORDER BY created_at`, [wallet.id, `reservation:${due.id}`]);
    expect(kinds.map((k: { kind: string }) => k.kind)).toEqual(['RESERVE', 'EXPIRE']);
    await expect(tokens.services.reservations.consume(due.id)).rejects.toMatchObject({ extensions: { code: 'INVALID_TRANSITION', from: 'EXPIRED' } });
  });

  const completed = (reservation: { id: string; operation: string; reference: string }, overrides: Partial<{ operation: string; reference: string }> = {}) =>
    tokens.dataSource.transaction((m) =>
      tokens.services.reservations.onOperationCompleted(m, { reservationId: reservation.id, operation: reservation.operation, reference: reservation.reference, ...overrides }),
    );

  it('charges a completed operation whose reservation lapsed directly, when the tokens are there', async () => {
    const wallet = await createTestWallet(tokens, 5);
    const reservation = await held(wallet.companyId, 2);
    await tokens.services.reservations.release(reservation.id);
    expect(await completed(reservation)).toBe('CHARGED_LATE');
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 3, reserved: 0, historyBalance: 3 });
    expect(await completed(reservation)).toBe('ALREADY_CONSUMED');
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 3 });
  });

  it('owes a lapsed operation it cannot charge as arrears, paid off from the next credit', async () => {
    // 1. The only token is reserved, the reservation lapses, and another operation reserves the token.
    const wallet = await createTestWallet(tokens, 1);
    const lapsed = await held(wallet.companyId, 1);
    await tokens.services.reservations.release(lapsed.id);
    await held(wallet.companyId, 1);

    // 2. The first operation completes after all: nothing is available, so the token is owed.
    expect(await completed(lapsed)).toBe('IN_ARREARS');
    expect((await tokens.services.reservations.get(lapsed.id)).status).toBe(ReservationStatus.CONSUMED);
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 1, reserved: 1, historyBalance: 1 });
    const { tokenWallet } = await executeOk(tokens, `query($c: ID!) { tokenWallet(companyId: $c) { balance reserved arrears available } }`, { c: wallet.companyId });
    expect(tokenWallet).toEqual({ balance: 1, reserved: 1, arrears: 1, available: 0 });
    expect(await completed(lapsed)).toBe('ALREADY_CONSUMED');

    // 3. The next credit pays the arrears off first.
    await tokens.services.wallets.grant(wallet.id, 5, 'top up by hand', 'test-officer');
    const [after] = await tokens.dataSource.query('SELECT balance::int, reserved::int, arrears::int FROM token_wallets WHERE id = $1', [wallet.id]);
    expect(after).toEqual({ balance: 5, reserved: 1, arrears: 0 });
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 5, historyBalance: 5, lastBalanceAfter: 5 });
    const history = await tokens.dataSource.query(
      `SELECT kind, amount::int, reference FROM wallet_transactions WHERE wallet_id = $1 AND kind IN ('ARREARS', 'CONSUME') ORDER BY created_at`,
      [wallet.id],
    );
    expect(history).toEqual([
      { kind: 'ARREARS', amount: 1, reference: `reservation:${lapsed.id}` },
      { kind: 'CONSUME', amount: 1, reference: 'arrears' },
    ]);
  });

  it('consumes a reservation only for the operation and reference it was made for', async () => {
    const wallet = await createTestWallet(tokens, 5);
    const reservation = await held(wallet.companyId, 2);
    expect(await completed(reservation, { reference: randomUUID() })).toBe('MISMATCH');
    expect(await completed(reservation, { operation: 'claims.other' })).toBe('MISMATCH');
    expect((await tokens.services.reservations.get(reservation.id)).status).toBe(ReservationStatus.HELD);
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 5, reserved: 2 });
    expect(await completed(reservation)).toBe('CONSUMED');
    expect(await completed(reservation, { reference: randomUUID() })).toBe('MISMATCH');
    expect(await walletLedgerState(tokens, wallet.id)).toMatchObject({ balance: 3, reserved: 0 });
  });

  it('keeps the history append-only', async () => {
    const wallet = await createTestWallet(tokens, 5);
    await expect(tokens.dataSource.query('UPDATE wallet_transactions SET amount = 1000 WHERE wallet_id = $1', [wallet.id])).rejects.toThrow(/append-only/);
    await expect(tokens.dataSource.query('DELETE FROM wallet_transactions WHERE wallet_id = $1', [wallet.id])).rejects.toThrow(/append-only/);
  });

  it('refuses, in the database, any write that would take a wallet negative', async () => {
    const wallet = await createTestWallet(tokens, 1);
    await expect(tokens.dataSource.query('UPDATE token_wallets SET balance = balance - 2 WHERE id = $1', [wallet.id])).rejects.toThrow(/token_wallets_balance_not_negative/);
    await expect(tokens.dataSource.query('UPDATE token_wallets SET reserved = 2 WHERE id = $1', [wallet.id])).rejects.toThrow(/token_wallets_reserved_within_balance/);
  });
});
