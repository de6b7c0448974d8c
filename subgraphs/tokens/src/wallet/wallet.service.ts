import { randomUUID } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { preparedQuery } from '../../../../kit/database';
import { ConflictError, NotFoundError, Violations } from '../../../../kit/errors';
import { isUuid } from '../../../../kit/ids';
import { paginate, type KeysetSort, type Page, type PageArgs } from '../../../../kit/pagination';
import type { AutoTopUpService } from '../top-up/auto-top-up.service';
import { CreditSource, WalletTransaction, WalletTransactionKind } from './wallet-transaction.entity';
import { TokenWallet } from './wallet.entity';
import { moveTokens } from './wallet.ledger';

export const TRANSACTION_ORDER: KeysetSort<WalletTransaction> = { column: 'created_at', property: 'createdAt', direction: 'DESC' };

/** The most tokens one grant or adjustment may move: a typo should not mint a fortune. */
export const MAX_MANUAL_TOKENS = 100_000_000;

export interface TransactionPeriod {
  from?: Date | null;
  to?: Date | null;
}

/** Wallets, their history, and the tokens an administrator grants or adjusts by hand. */
export class WalletService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly topUps: AutoTopUpService,
  ) {}

  private get wallets() {
    return this.dataSource.getRepository(TokenWallet);
  }

  /** Opens the company's wallet, empty. A company has one wallet: a second is refused. */
  async create(companyId: string, actorId: string): Promise<TokenWallet> {
    if (!isUuid(companyId)) new Violations().add('companyId', 'VALID_ID', `"${companyId}" is not a valid id`).throwIfAny();
    const id = randomUUID();
    const inserted = await preparedQuery(
      this.dataSource,
      `INSERT INTO token_wallets (id, company_id, created_by) VALUES ($1, $2, $3) ON CONFLICT (company_id) DO NOTHING RETURNING id`,
      [id, companyId, actorId],
    );
    if (inserted.length === 0) {
      throw new ConflictError(`companyId: company ${companyId} already has a token wallet`, { field: 'companyId', rule: 'ONE_WALLET_PER_COMPANY' });
    }
    return this.get(id);
  }

  async get(id: string): Promise<TokenWallet> {
    const wallet = isUuid(id) ? await this.wallets.findOneBy({ id }) : null;
    if (!wallet) throw new NotFoundError('TokenWallet', id);
    return wallet;
  }

  byIds(ids: readonly string[]): Promise<TokenWallet[]> {
    return this.wallets.findBy({ id: In([...ids]) });
  }

  byCompanyIds(companyIds: readonly string[]): Promise<TokenWallet[]> {
    const valid = companyIds.filter((id) => isUuid(id));
    return valid.length === 0 ? Promise.resolve([]) : this.wallets.findBy({ companyId: In(valid) });
  }

  list(page: PageArgs): Promise<Page<TokenWallet>> {
    return paginate(this.wallets.createQueryBuilder('wallet'), 'wallet', { column: 'created_at', property: 'createdAt', direction: 'DESC' }, page);
  }

  /** A wallet's history, newest first, optionally within a period (from inclusive, to exclusive). */
  async transactions(walletId: string, period: TransactionPeriod, page: PageArgs): Promise<Page<WalletTransaction>> {
    const violations = new Violations();
    if (!isUuid(walletId)) violations.add('walletId', 'VALID_ID', `"${walletId}" is not a valid id`);
    if (period.from && period.to && period.from >= period.to) violations.add('to', 'AFTER_FROM', 'must be after from');
    violations.throwIfAny();
    const query = this.dataSource.getRepository(WalletTransaction).createQueryBuilder('tx').where('tx.wallet_id = :walletId', { walletId });
    if (period.from) query.andWhere('tx.created_at >= :from', { from: period.from });
    if (period.to) query.andWhere('tx.created_at < :to', { to: period.to });
    return paginate(query, 'tx', TRANSACTION_ORDER, page);
  }

  /** Gives a wallet tokens (a goodwill credit, a migration from another system). */
  async grant(walletId: string, tokens: number, reason: string, actorId: string): Promise<WalletTransaction> {
    checkManual(tokens, reason, false);
    return this.manual(walletId, tokens, CreditSource.GRANT, reason, actorId);
  }

  /** Corrects a wallet up or down; taking away is refused when the tokens are not available. */
  async adjust(walletId: string, delta: number, reason: string, actorId: string): Promise<WalletTransaction> {
    checkManual(delta, reason, true);
    return this.manual(walletId, delta, CreditSource.ADJUSTMENT, reason, actorId);
  }

  private async manual(walletId: string, delta: number, source: CreditSource, reason: string, actorId: string): Promise<WalletTransaction> {
    await this.get(walletId);
    const after = await this.dataSource.transaction(async (manager) => {
      const moved = await moveTokens(manager, {
        walletId,
        kind: WalletTransactionKind.CREDIT,
        source,
        balanceDelta: delta,
        reservedDelta: 0,
        amount: delta,
        requireAvailable: delta < 0 ? -delta : 0,
        reason: reason.trim(),
        actorId,
      });
      if (delta < 0) await this.topUps.afterDebit(manager, walletId, moved.balance - moved.reserved);
      return moved;
    });
    return this.dataSource.getRepository(WalletTransaction).findOneByOrFail({ id: after.transactionId });
  }
}

function checkManual(tokens: number, reason: string, mayBeNegative: boolean): void {
  const violations = new Violations();
  if (!Number.isSafeInteger(tokens) || tokens === 0 || (!mayBeNegative && tokens < 0)) {
    violations.add('tokens', mayBeNegative ? 'NON_ZERO' : 'POSITIVE', mayBeNegative ? 'must be a whole number other than 0' : 'must be a whole number above 0');
  } else if (Math.abs(tokens) > MAX_MANUAL_TOKENS) {
    violations.add('tokens', 'AT_MOST', `must be at most ${MAX_MANUAL_TOKENS} tokens at a time`);
  }
  if ((reason ?? '').trim().length < 3) violations.add('reason', 'REQUIRED', 'say why, in a few words');
  violations.throwIfAny();
}
