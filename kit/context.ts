import { AccessLog } from './auth/audit';
import type { Actor } from './auth/identity';
import type { DeadLetterAdmin } from './events/dead-letters';
import type { Logger } from './logger';
import { currentScope } from './request-context';

export type { Actor } from './auth/identity';

/** The per-request context every resolver receives: services, fresh DataLoaders, the actor and a logger. */
export interface SubgraphContext<TServices = unknown, TLoaders = unknown> {
  correlationId: string;
  /** Who is acting: the identity the gateway verified and signed for this subgraph. */
  actor: Actor;
  /** Which members' data this request reached, for the audit log (filled by the permission rules). */
  access: AccessLog;
  services: TServices;
  loaders: TLoaders;
  logger: Logger;
  /** The subgraph's dead letters, for administrators (present when it consumes events). */
  deadLetters?: DeadLetterAdmin;
}

export function buildContext<TServices, TLoaders>(
  services: TServices,
  createLoaders: (services: TServices) => TLoaders,
  logger: Logger,
  actor: Actor,
  deadLetters?: DeadLetterAdmin,
): SubgraphContext<TServices, TLoaders> {
  return {
    deadLetters,
    correlationId: currentScope()?.correlationId ?? 'none',
    actor,
    access: new AccessLog(),
    services,
    loaders: createLoaders(services),
    logger,
  };
}
