import type { SubgraphContext } from '../../../kit/context';
import type { TokensLoaders } from './loaders';
import type { TokensServices } from './services';

export type TokensContext = SubgraphContext<TokensServices, TokensLoaders>;
