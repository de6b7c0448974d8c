import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../../../kit/clock';
import { preparedQuery } from '../../../../kit/database';
import { ConflictError, InvalidTransitionError, NotFoundError, Violations } from '../../../../kit/errors';
import { runIdempotent } from '../../../../kit/idempotency';
import { isUuid } from '../../../../kit/ids';
import type { Logger } from '../../../../kit/logger';
import type { PackageService } from '../package/package.service';
import { TokenPackage } from '../package/token-package.entity';
import { createPurchaseIn } from '../purchase/purchase.service';
import { PurchaseSource } from '../purchase/token-purchase.entity';
import { SYSTEM_ACTOR } from '../tokens';
import { nextPeriodStart } from './subscription.rules';
import { SubscriptionPeriod, TokenSubscription } from './token-subscription.entity';

/** A wallet subscribed to a package: one purchase per period, made by the renewal job. */
export class SubscriptionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly packages: PackageService,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  private get subscriptions() {
    return this.dataSource.getRepository(TokenSubscription);
  }

  /**
   * Subscribes a wallet; its first period starts today and is bought by the next renewal run. A
   * retry with the same idempotency key returns the first subscription; a wallet has at most one
   * active subscription to a package (a partial unique index, so also when two arrive at once).
   */
  async subscribe(walletId: string, packageCode: string, period: SubscriptionPeriod, actorId: string, idempotencyKey?: string | null): Promise<TokenSubscription> {
    if (!isUuid(walletId)) new Violations().add('walletId', 'VALID_ID', `"${walletId}" is not a valid id`).throwIfAny();
    return runIdempotent(this.dataSource, {
      operation: 'subscribeToTokenPackage',
      key: idempotencyKey,
      request: { walletId, packageCode, period },
      load: (id) => this.subscriptions.findOneByOrFail({ id }),
      run: async (manager) => {
        const pkg = await this.packages.purchasable(packageCode, manager);
        const [wallet] = await preparedQuery(manager, 'SELECT 1 FROM token_wallets WHERE id = $1', [walletId]);
        if (!wallet) throw new NotFoundError('TokenWallet', walletId);
        const id = randomUUID();
        const inserted = await preparedQuery(
          manager,
          `INSERT INTO token_subscriptions (id, wallet_id, package_id, period, status, start_date, next_period_start, created_by)
           VALUES ($1, $2, $3, $4, 'ACTIVE', $5, $5, $6)
           ON CONFLICT (wallet_id, package_id) WHERE status = 'ACTIVE' DO NOTHING RETURNING id`,
          [id, walletId, pkg.id, period, this.clock.today(), actorId],
        );
        if (inserted.length === 0) {
          throw new ConflictError(`packageCode: wallet ${walletId} already has an active subscription to ${pkg.code}; cancel it first to change its period`, {
            field: 'packageCode',
            rule: 'ONE_ACTIVE_SUBSCRIPTION_PER_PACKAGE',
          });
        }
        return id;
      },
    });
  }

  /** Stops future periods; purchases already made stay. Cancelling twice is refused. */
  async cancel(id: string, actorId: string): Promise<TokenSubscription> {
    const found = isUuid(id) ? await this.subscriptions.findOneBy({ id }) : null;
    if (!found) throw new NotFoundError('TokenSubscription', id);
    const [row] = await this.dataSource.query(
      `WITH cancelled AS (
         UPDATE token_subscriptions SET status = 'CANCELLED', cancelled_at = now(), cancelled_by = $2 WHERE id = $1 AND status = 'ACTIVE' RETURNING id
       )
       SELECT id FROM cancelled`,
      [id, actorId],
    );
    if (!row) throw new InvalidTransitionError('TokenSubscription', found.status, 'cancel', 'it is already cancelled');
    return this.subscriptions.findOneByOrFail({ id });
  }

  ofWallets(walletIds: readonly string[]): Promise<TokenSubscription[]> {
    return this.subscriptions.createQueryBuilder('s').where('s.wallet_id = ANY(:ids)', { ids: [...walletIds] }).orderBy('s.created_at', 'DESC').getMany();
  }

  /**
   * Buys every due period of active subscriptions up to today, one purchase per subscription and
   * period (a unique key, so two runs at once, or a rerun, buy nothing twice). Returns the number bought.
   */
  async renewDue(limit = 200): Promise<number> {
    const today = this.clock.today();
    let bought = 0;
    for (;;) {
      const due: { id: string }[] = await this.dataSource.query(
        `SELECT id FROM token_subscriptions WHERE status = 'ACTIVE' AND next_period_start <= $1 ORDER BY next_period_start LIMIT $2`,
        [today, limit],
      );
      if (due.length === 0) return bought;
      for (const { id } of due) {
        bought += await this.dataSource.transaction(async (manager) => {
          const [sub] = await preparedQuery<{ wallet_id: string; company_id: string; package_id: string; period: SubscriptionPeriod; next_period_start: string }>(
            manager,
            `SELECT s.wallet_id, w.company_id, s.package_id, s.period, s.next_period_start::text
             FROM token_subscriptions s JOIN token_wallets w ON w.id = s.wallet_id
             WHERE s.id = $1 AND s.status = 'ACTIVE' AND s.next_period_start <= $2 FOR UPDATE OF s`,
            [id, today],
          );
          if (!sub) return 0;
          const pkg = await manager.getRepository(TokenPackage).findOneByOrFail({ id: sub.package_id });
          const purchaseId = await createPurchaseIn(manager, {
            walletId: sub.wallet_id,
            companyId: sub.company_id,
            pkg,
            source: PurchaseSource.SUBSCRIPTION,
            subscriptionId: id,
            periodStart: sub.next_period_start,
            actorId: SYSTEM_ACTOR,
          });
          await manager.query('UPDATE token_subscriptions SET next_period_start = $2 WHERE id = $1', [id, nextPeriodStart(sub.next_period_start, sub.period)]);
          if (purchaseId) this.logger.info('token subscription period bought', { subscriptionId: id, periodStart: sub.next_period_start, purchaseId });
          return purchaseId ? 1 : 0;
        });
      }
    }
  }
}
