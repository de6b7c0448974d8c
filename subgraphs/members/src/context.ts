import type { SubgraphContext } from '../../../kit/context';
import type { MembersLoaders } from './loaders';
import type { MembersServices } from './services';

export type MembersContext = SubgraphContext<MembersServices, MembersLoaders>;
