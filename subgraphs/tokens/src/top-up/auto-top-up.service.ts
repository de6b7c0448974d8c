import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../../../kit/clock';
import { BUSINESS_TIME_ZONE } from '../../../../kit/dates';
import { preparedQuery } from '../../../../kit/database';
import { NotFoundError, Violations } from '../../../../kit/errors';
import { isUuid } from '../../../../kit/ids';
import type { Logger } from '../../../../kit/logger';
import type { PackageService } from '../package/package.service';
import type { TokenPackage } from '../package/token-package.entity';
import { createPurchaseIn } from '../purchase/purchase.service';
import { PurchaseSource } from '../purchase/token-purchase.entity';
import { SYSTEM_ACTOR } from '../tokens';
import { AutoTopUpPolicy } from './auto-top-up.entity';
import type { AutoTopUpInput } from './auto-top-up.input';

interface PolicyRow {
  threshold: string;
  monthly_cap_tokens: string | null;
  company_id: string;
  package_id: string;
  code: string;
  tokens: string;
  price_minor: string;
  currency: string;
}

/** Auto top-up: a package bought when a wallet's available tokens fall below its threshold. */
export class AutoTopUpService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly packages: PackageService,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async set(walletId: string, input: AutoTopUpInput, actorId: string): Promise<AutoTopUpPolicy> {
    const violations = new Violations();
    if (!isUuid(walletId)) violations.add('walletId', 'VALID_ID', `"${walletId}" is not a valid id`);
    if (!Number.isSafeInteger(input.threshold) || input.threshold <= 0) violations.add('input.threshold', 'POSITIVE', 'must be a whole number above 0');
    const cap = input.monthlyCapTokens ?? null;
    if (cap !== null && (!Number.isSafeInteger(cap) || cap <= 0)) violations.add('input.monthlyCapTokens', 'POSITIVE', 'must be a whole number above 0, or omitted');
    violations.throwIfAny();
    const pkg = await this.packages.purchasable(input.packageCode, undefined, 'input.packageCode');
    if (cap !== null && cap < pkg.tokens) {
      new Violations().add('input.monthlyCapTokens', 'AT_LEAST_ONE_PACKAGE', `must allow at least one package of ${pkg.tokens} tokens`).throwIfAny();
    }
    const [wallet] = await this.dataSource.query('SELECT 1 FROM token_wallets WHERE id = $1', [walletId]);
    if (!wallet) throw new NotFoundError('TokenWallet', walletId);
    await this.dataSource.query(
      `INSERT INTO auto_top_up_policies (wallet_id, threshold, package_id, monthly_cap_tokens, enabled, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (wallet_id) DO UPDATE SET threshold = EXCLUDED.threshold, package_id = EXCLUDED.package_id,
         monthly_cap_tokens = EXCLUDED.monthly_cap_tokens, enabled = EXCLUDED.enabled, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [walletId, input.threshold, pkg.id, cap, input.enabled, actorId],
    );
    return this.dataSource.getRepository(AutoTopUpPolicy).findOneByOrFail({ walletId });
  }

  byWalletIds(walletIds: readonly string[]): Promise<AutoTopUpPolicy[]> {
    const valid = walletIds.filter((id) => isUuid(id));
    if (valid.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(AutoTopUpPolicy).createQueryBuilder('p').where('p.wallet_id = ANY(:ids)', { ids: valid }).getMany();
  }

  /**
   * Called in the transaction that took a wallet's available tokens down: below the threshold,
   * buys the policy's package unless one is already pending (the partial unique index makes
   * concurrent crossings create one purchase) or the month's cap would be passed. A pending one
   * ends when paid, cancelled by staff, or expired unpaid (`expireUnpaidTopUps`). Returns the
   * purchase made, if any.
   */
  async afterDebit(manager: EntityManager, walletId: string, available: number): Promise<string | null> {
    const [policy] = await preparedQuery<PolicyRow>(
      manager,
      `SELECT p.threshold, p.monthly_cap_tokens, w.company_id, k.id AS package_id, k.code, k.tokens, k.price_minor, k.currency
       FROM auto_top_up_policies p JOIN token_packages k ON k.id = p.package_id JOIN token_wallets w ON w.id = p.wallet_id
       WHERE p.wallet_id = $1 AND p.enabled AND k.active`,
      [walletId],
    );
    if (!policy || available >= Number(policy.threshold)) return null;
    const [{ pending }] = await preparedQuery<{ pending: boolean }>(
      manager,
      `SELECT EXISTS (SELECT 1 FROM token_purchases WHERE wallet_id = $1 AND source = 'AUTO_TOP_UP' AND status = 'PENDING_PAYMENT') AS pending`,
      [walletId],
    );
    if (pending) return null;
    if (policy.monthly_cap_tokens !== null) {
      const monthStart = `${this.clock.today().slice(0, 7)}-01`;
      const [{ bought }] = await preparedQuery<{ bought: string }>(
        manager,
        `SELECT coalesce(sum(tokens), 0)::text AS bought FROM token_purchases
         WHERE wallet_id = $1 AND source = 'AUTO_TOP_UP' AND created_at >= ($2::date)::timestamp AT TIME ZONE $3`,
        [walletId, monthStart, BUSINESS_TIME_ZONE],
      );
      if (Number(bought) + Number(policy.tokens) > Number(policy.monthly_cap_tokens)) {
        this.logger.warn('auto top-up skipped: the monthly cap is reached', { walletId, bought: Number(bought), cap: Number(policy.monthly_cap_tokens) });
        return null;
      }
    }
    const pkg = { id: policy.package_id, code: policy.code, tokens: Number(policy.tokens), priceMinor: Number(policy.price_minor), currency: policy.currency } as TokenPackage;
    const id = await createPurchaseIn(manager, { walletId, companyId: policy.company_id, pkg, source: PurchaseSource.AUTO_TOP_UP, actorId: SYSTEM_ACTOR });
    if (id) this.logger.info('auto top-up purchase made', { walletId, purchaseId: id, available, threshold: Number(policy.threshold) });
    return id;
  }
}
