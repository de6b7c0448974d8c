import type { SubgraphContext } from '../../../kit/context';
import type { SchemesLoaders } from './loaders';
import type { SchemesServices } from './services';

export type SchemesContext = SubgraphContext<SchemesServices, SchemesLoaders>;
