import type { SubgraphContext } from '../../../kit/context';
import type { FinanceLoaders } from './loaders';
import type { FinanceServices } from './services';

export type FinanceContext = SubgraphContext<FinanceServices, FinanceLoaders>;
