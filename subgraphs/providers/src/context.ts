import type { SubgraphContext } from '../../../kit/context';
import type { ProvidersLoaders } from './loaders';
import type { ProvidersServices } from './services';

export type ProvidersContext = SubgraphContext<ProvidersServices, ProvidersLoaders>;
