import type { SubgraphContext } from '../../../kit/context';
import type { WellnessLoaders } from './loaders';
import type { WellnessServices } from './services';

export type WellnessContext = SubgraphContext<WellnessServices, WellnessLoaders>;
