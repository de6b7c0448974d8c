import type { SubgraphContext } from '../../../kit/context';
import type { EngagementLoaders } from './loaders';
import type { EngagementServices } from './services';

export type EngagementContext = SubgraphContext<EngagementServices, EngagementLoaders>;
