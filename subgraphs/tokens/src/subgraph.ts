import type { Role } from '../../../kit/auth/identity';
import { staff } from '../../../kit/auth/rules';
import { systemClock } from '../../../kit/clock';
import { defineSubgraph } from '../../../kit/subgraph';
import { CompanyWalletResolver } from './company-wallet.resolver';
import { CompanyReference, companyReference } from './company.reference';
import { readTokensConfig } from './config';
import type { TokensContext } from './context';
import { ForecastResolver } from './forecast/forecast.resolver';
import { expireReservationsJob, expireUnpaidTopUpsJob, renewSubscriptionsJob } from './jobs';
import { createTokensLoaders } from './loaders';
import { mountMeteringRoutes } from './metering/metering.routes';
import { consumeMeteredClaims } from './metering/metering.subscriptions';
import { TokenReservation } from './metering/reservation.entity';
import { ReservationResolver } from './metering/reservation.resolver';
import { TokensSchema1700000008000 } from './migrations/1700000008000-TokensSchema';
import { PackageResolver } from './package/package.resolver';
import { TokenPackage } from './package/token-package.entity';
import { PurchaseResolver } from './purchase/purchase.resolver';
import { creditPaidPurchases } from './purchase/purchase.subscriptions';
import { TokenPurchase } from './purchase/token-purchase.entity';
import { createTokensServices } from './services';
import { SubscriptionResolver } from './subscription/subscription.resolver';
import { TokenSubscription } from './subscription/token-subscription.entity';
import { AutoTopUpPolicy } from './top-up/auto-top-up.entity';
import { AutoTopUpResolver } from './top-up/auto-top-up.resolver';
import { WalletTransaction } from './wallet/wallet-transaction.entity';
import { TokenWallet } from './wallet/wallet.entity';
import { WalletResolver } from './wallet/wallet.resolver';

/** Finance officers manage wallets, packages and purchases; analysts read. Members see nothing here. */
const MANAGERS: Role[] = ['FINANCE_OFFICER'];
const READERS: Role[] = ['FINANCE_OFFICER', 'ANALYST'];

/**
 * Organisation token wallets, packages, purchases paid through finance, subscriptions, auto
 * top-up, and metering (reserve, then consume or release) of operations such as claim
 * submission; extends `Company` with its wallet.
 */
export const tokensSubgraph = defineSubgraph({
  name: 'tokens',
  defaultPort: 4008,
  entities: [TokenWallet, WalletTransaction, TokenPackage, TokenPurchase, TokenSubscription, AutoTopUpPolicy, TokenReservation],
  migrations: [TokensSchema1700000008000],
  resolvers: [WalletResolver, PackageResolver, PurchaseResolver, SubscriptionResolver, AutoTopUpResolver, ReservationResolver, ForecastResolver, CompanyWalletResolver],
  orphanedTypes: [CompanyReference],
  referenceResolvers: {
    TokenWallet: { __resolveReference: (ref, ctx: TokensContext) => ctx.loaders.walletById.load(ref.id) },
    // Tokens holds no copy of companies: a reference is all it needs to add the wallet.
    Company: { __resolveReference: (ref) => companyReference(ref.id) },
  },
  permissions: {
    Query: {
      tokenWallet: staff(...READERS),
      tokenWallets: staff(...READERS),
      walletTransactions: staff(...READERS),
      tokenPackages: staff(...READERS),
      tokenPurchases: staff(...READERS),
      tokenSubscriptions: staff(...READERS),
      autoTopUpPolicy: staff(...READERS),
      tokenReservations: staff(...READERS),
      tokenForecast: staff(...READERS),
    },
    Mutation: {
      createTokenWallet: staff(...MANAGERS),
      createTokenPackage: staff(...MANAGERS),
      updateTokenPackage: staff(...MANAGERS),
      purchaseTokens: staff(...MANAGERS),
      cancelTokenPurchase: staff(...MANAGERS),
      subscribeToTokenPackage: staff(...MANAGERS),
      cancelTokenSubscription: staff(...MANAGERS),
      setAutoTopUp: staff(...MANAGERS),
      // Tokens that no one paid for: administrators only, and always with a reason.
      grantTokens: staff(),
      adjustTokens: staff(),
    },
    Company: staff(...READERS),
    TokenWallet: staff(...READERS),
    WalletTransaction: staff(...READERS),
    TokenPackage: staff(...READERS),
    TokenPurchase: staff(...READERS),
    TokenSubscription: staff(...READERS),
    AutoTopUpPolicy: staff(...READERS),
    TokenReservation: staff(...READERS),
    TokenForecast: staff(...READERS),
  },
  createServices: (dataSource, logger) => createTokensServices(dataSource, readTokensConfig(), systemClock, logger),
  createLoaders: createTokensLoaders,
  subscriptions: [creditPaidPurchases, consumeMeteredClaims],
  // Read when a runtime starts its jobs, so importing the definition reads no settings.
  get jobs() {
    const config = readTokensConfig();
    return [expireReservationsJob(config), renewSubscriptionsJob(config), expireUnpaidTopUpsJob(config)];
  },
  httpRoutes(app, services) {
    mountMeteringRoutes(app, services.reservations, services.config, services.logger);
  },
});
