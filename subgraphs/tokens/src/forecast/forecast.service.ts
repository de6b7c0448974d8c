import type { DataSource } from 'typeorm';
import type { Clock } from '../../../../kit/clock';
import { NotFoundError, Violations } from '../../../../kit/errors';
import { isUuid } from '../../../../kit/ids';
import { FORECAST_WINDOW_DAYS, forecastUsage, type Forecast } from './forecast.rules';

export const MAX_HORIZON_DAYS = 366;

/** Reads a wallet's balance and recent consumption and projects them (see `forecastUsage`). */
export class ForecastService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async forecast(walletId: string, horizonDays: number): Promise<Forecast & { walletId: string; horizonDays: number; windowDays: number; balance: number }> {
    const violations = new Violations();
    if (!isUuid(walletId)) violations.add('walletId', 'VALID_ID', `"${walletId}" is not a valid id`);
    if (!Number.isInteger(horizonDays) || horizonDays < 1 || horizonDays > MAX_HORIZON_DAYS) violations.add('horizonDays', 'RANGE', `must be from 1 to ${MAX_HORIZON_DAYS}`);
    violations.throwIfAny();
    const now = this.clock.now();
    const since = new Date(now.getTime() - FORECAST_WINDOW_DAYS * 86_400_000);
    const [row] = await this.dataSource.query(
      `SELECT w.balance::text AS balance,
              (SELECT coalesce(sum(amount), 0) FROM wallet_transactions t
               WHERE t.wallet_id = w.id AND t.kind = 'CONSUME' AND t.created_at > $2 AND t.created_at <= $3)::text AS consumed
       FROM token_wallets w WHERE w.id = $1`,
      [walletId, since, now],
    );
    if (!row) throw new NotFoundError('TokenWallet', walletId);
    const balance = Number(row.balance);
    const forecast = forecastUsage({ balance, consumedInWindow: Number(row.consumed), windowDays: FORECAST_WINDOW_DAYS, today: this.clock.today(), horizonDays });
    return { ...forecast, walletId, horizonDays, windowDays: FORECAST_WINDOW_DAYS, balance };
  }
}
