import type { SubgraphContext } from '../../../kit/context';
import type { AnalyticsLoaders } from './loaders';
import type { AnalyticsServices } from './services';

export type AnalyticsContext = SubgraphContext<AnalyticsServices, AnalyticsLoaders>;
