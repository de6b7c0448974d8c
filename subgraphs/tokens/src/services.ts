import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '../../../kit/clock';
import { createLogger, type Logger } from '../../../kit/logger';
import type { TokensConfig } from './config';
import { ForecastService } from './forecast/forecast.service';
import { ReservationService } from './metering/reservation.service';
import { PackageService } from './package/package.service';
import { PurchaseService } from './purchase/purchase.service';
import { SubscriptionService } from './subscription/subscription.service';
import { AutoTopUpService } from './top-up/auto-top-up.service';
import { WalletService } from './wallet/wallet.service';

export function createTokensServices(
  dataSource: DataSource,
  config: TokensConfig,
  clock: Clock = systemClock,
  logger: Logger = createLogger({ service: 'tokens' }),
) {
  const packages = new PackageService(dataSource);
  const topUps = new AutoTopUpService(dataSource, packages, clock, logger);
  return {
    dataSource,
    logger,
    config,
    clock,
    packages,
    topUps,
    wallets: new WalletService(dataSource, topUps),
    purchases: new PurchaseService(dataSource, packages, logger),
    subscriptions: new SubscriptionService(dataSource, packages, clock, logger),
    reservations: new ReservationService(dataSource, topUps, logger),
    forecasts: new ForecastService(dataSource, clock),
  };
}

export type TokensServices = ReturnType<typeof createTokensServices>;
