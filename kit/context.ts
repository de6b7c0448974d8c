import type { DeadLetterAdmin } from './events/dead-letters';
import type { Logger } from './logger';
import { currentScope } from './request-context';

export const ACTOR_HEADER = 'x-actor-id';

/** Who is acting. Until the identity subgraph exists this is taken from the gateway's X-Actor-Id header. */
export interface Actor {
  id: string;
}

/** The per-request context every resolver receives: services, fresh DataLoaders, the actor and a logger. */
export interface SubgraphContext<TServices = unknown, TLoaders = unknown> {
  correlationId: string;
  actor: Actor;
  services: TServices;
  loaders: TLoaders;
  logger: Logger;
  /** The subgraph's dead letters, for administrators (present when it consumes events). */
  deadLetters?: DeadLetterAdmin;
}

const ACTOR_ID = /^[A-Za-z0-9._@:-]{1,100}$/;

export function actorFromHeader(value: string | string[] | undefined): Actor {
  const raw = Array.isArray(value) ? value[0] : value;
  return { id: raw && ACTOR_ID.test(raw) ? raw : 'anonymous' };
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
    services,
    loaders: createLoaders(services),
    logger,
  };
}
