import type { SubgraphContext } from '../../../kit/context';
import type { IdentityLoaders } from './loaders';
import type { IdentityServices } from './services';

export type IdentityContext = SubgraphContext<IdentityServices, IdentityLoaders>;
