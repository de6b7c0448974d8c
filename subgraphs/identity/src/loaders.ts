import { loaderById } from '../../../kit/loaders';
import type { IdentityServices } from './services';

/** Per-request DataLoaders of the identity subgraph. */
export function createIdentityLoaders(services: IdentityServices) {
  return {
    userById: loaderById((ids) => services.users.byIds(ids)),
  };
}

export type IdentityLoaders = ReturnType<typeof createIdentityLoaders>;
