import { randomUUID } from 'node:crypto';
import type { AnyRuntime } from '../../../kit/subgraph';
import { executeOk, uniqueSuffix } from '../../../kit/testing';

/** Fixture factories for the tokens domain: each call makes fresh, unique data. */

export interface TestWallet {
  id: string;
  companyId: string;
  balance: number;
  reserved: number;
  available: number;
}

const WALLET_FIELDS = 'id companyId balance reserved available';

/** A wallet for a new company, granted `balance` tokens (none by default). */
export async function createTestWallet(runtime: AnyRuntime, balance = 0): Promise<TestWallet> {
  const { createTokenWallet } = await executeOk<{ createTokenWallet: TestWallet }>(
    runtime,
    `mutation($companyId: ID!) { createTokenWallet(companyId: $companyId) { ${WALLET_FIELDS} } }`,
    { companyId: randomUUID() },
  );
  if (balance > 0) {
    await executeOk(runtime, `mutation($id: ID!, $tokens: SafeInt!) { grantTokens(walletId: $id, tokens: $tokens, reason: "test balance") { id } }`, {
      id: createTokenWallet.id,
      tokens: balance,
    });
    return { ...createTokenWallet, balance, available: balance };
  }
  return createTokenWallet;
}

export interface TestPackage {
  id: string;
  code: string;
  tokens: number;
  price: { amount: string; currency: string; minorUnits: string };
}

/** A package of `tokens` (1000 by default) at KES 5.00 a token. */
export async function createTestPackage(runtime: AnyRuntime, tokens = 1000): Promise<TestPackage> {
  const { createTokenPackage } = await executeOk<{ createTokenPackage: TestPackage }>(
    runtime,
    `mutation($input: CreateTokenPackageInput!) { createTokenPackage(input: $input) { id code tokens price { amount currency minorUnits } } }`,
    { input: { code: `PKG-${uniqueSuffix()}`.toUpperCase(), name: `${tokens} tokens`, tokens, price: { amount: (tokens * 5).toFixed(2), currency: 'KES' } } },
  );
  return createTokenPackage;
}

export interface WalletLedgerState {
  balance: number;
  reserved: number;
  /** Credits less consumption, from the history: must equal the balance. */
  historyBalance: number;
  /** The balance and reserve the latest history row says the wallet was left with. */
  lastBalanceAfter: number | null;
  lastReservedAfter: number | null;
}

/** The wallet as stored, and what its history adds up to. */
export async function walletLedgerState(runtime: Pick<AnyRuntime, 'dataSource'>, walletId: string): Promise<WalletLedgerState> {
  const [row] = await runtime.dataSource.query(
    `SELECT w.balance::text, w.reserved::text,
            (SELECT coalesce(sum(CASE WHEN kind = 'CREDIT' THEN amount WHEN kind = 'CONSUME' THEN -amount ELSE 0 END), 0)
             FROM wallet_transactions WHERE wallet_id = w.id)::text AS history,
            (SELECT balance_after::text || ':' || reserved_after::text FROM wallet_transactions
             WHERE wallet_id = w.id ORDER BY created_at DESC, id DESC LIMIT 1) AS last
     FROM token_wallets w WHERE w.id = $1`,
    [walletId],
  );
  const [lastBalance, lastReserved] = row.last ? String(row.last).split(':').map(Number) : [null, null];
  return { balance: Number(row.balance), reserved: Number(row.reserved), historyBalance: Number(row.history), lastBalanceAfter: lastBalance, lastReservedAfter: lastReserved };
}
