import type { SubgraphContext } from '../../../kit/context';
import type { ClaimsLoaders } from './loaders';
import type { ClaimsServices } from './services';

export type ClaimsContext = SubgraphContext<ClaimsServices, ClaimsLoaders>;
