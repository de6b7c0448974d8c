import { loaderById, loaderFromMap, loaderGroupedBy } from '../../../kit/loaders';
import type { AutoTopUpPolicy } from './top-up/auto-top-up.entity';
import type { TokenWallet } from './wallet/wallet.entity';
import type { TokensServices } from './services';

/** Per-request DataLoaders of the tokens subgraph. */
export function createTokensLoaders(services: TokensServices) {
  return {
    walletById: loaderById((ids) => services.wallets.byIds(ids)),
    walletByCompany: loaderFromMap<string, TokenWallet | null>(async (companyIds) => new Map((await services.wallets.byCompanyIds(companyIds)).map((w) => [w.companyId, w])), null),
    packageById: loaderById((ids) => services.packages.byIds(ids)),
    subscriptionsByWallet: loaderGroupedBy((ids) => services.subscriptions.ofWallets(ids), (s) => s.walletId),
    autoTopUpByWallet: loaderFromMap<string, AutoTopUpPolicy | null>(async (walletIds) => new Map((await services.topUps.byWalletIds(walletIds)).map((p) => [p.walletId, p])), null),
  };
}

export type TokensLoaders = ReturnType<typeof createTokensLoaders>;
