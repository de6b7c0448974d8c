import type { SubgraphContext } from '../../../kit/context';
import type { CrmLoaders } from './loaders';
import type { CrmServices } from './services';

export type CrmContext = SubgraphContext<CrmServices, CrmLoaders>;
