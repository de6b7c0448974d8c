import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import fetch, { Response, type RequestInit } from 'node-fetch';
import { ACTOR_HEADER } from '../../kit/context';
import type { Logger } from '../../kit/logger';
import { CORRELATION_HEADER, currentScope } from '../../kit/request-context';

/** What the gateway keeps per incoming request, for the calls it makes to subgraphs. */
export interface GatewayContext {
  correlationId: string;
  /** The acting user's id from the client's X-Actor-Id header, when it is well-formed. */
  actorId?: string;
}

/** Code of the error a client gets for the part of its query a subgraph could not answer. */
export const SUBGRAPH_UNAVAILABLE = 'SUBGRAPH_UNAVAILABLE';

type Fetcher = RemoteGraphQLDataSource['fetcher'];

export interface SubgraphFetcher {
  fetcher: Fetcher;
  /** Closes the pooled keep-alive sockets. */
  close(): void;
}

/** Raised when a subgraph call (response body included) takes longer than the deadline. */
export class SubgraphTimeoutError extends Error {
  constructor(readonly url: string, readonly timeoutMs: number) {
    super(`No complete answer from ${url} within ${timeoutMs} ms`);
    this.name = 'SubgraphTimeoutError';
  }
}

/**
 * node-fetch over keep-alive agents with a per-call deadline. The body is read inside the
 * deadline too, so a subgraph that sends headers and then stalls cannot hold a request open.
 */
export function createSubgraphFetcher({ timeoutMs, maxSockets }: { timeoutMs: number; maxSockets: number }): SubgraphFetcher {
  const httpAgent = new HttpAgent({ keepAlive: true, maxSockets });
  const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets });
  const fetcher: Fetcher = async (url, init) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetch(url, {
        ...(init as RequestInit),
        agent: (parsed) => (parsed.protocol === 'https:' ? httpsAgent : httpAgent),
        signal: controller.signal as RequestInit['signal'],
      });
      const body = await response.buffer();
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers, url: response.url });
    } catch (error) {
      if (controller.signal.aborted) throw new SubgraphTimeoutError(url, timeoutMs);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    fetcher,
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  fetcher: Fetcher;
  logger: Logger;
  /** Called once per subgraph call with how it ended (feeds the gateway's metrics). */
  onOutcome?: (subgraph: string, outcome: 'ok' | 'timeout' | 'unreachable' | 'http_error') => void;
}

/**
 * Calls one subgraph: forwards the request's correlation id and actor, and turns a subgraph that
 * is down, slow or failing at the HTTP level into a typed error for just the part it owns.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly subgraph: string;
  private readonly logger: Logger;
  private readonly onOutcome?: SubgraphDataSourceOptions['onOutcome'];

  constructor({ name, url, fetcher, logger, onOutcome }: SubgraphDataSourceOptions) {
    super({ url, fetcher });
    this.subgraph = name;
    this.logger = logger;
    this.onOutcome = onOutcome;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http!.headers;
    // The scope is the request's own; the context copy covers calls made outside it.
    const correlationId = currentScope()?.correlationId ?? context?.correlationId;
    if (correlationId) headers.set(CORRELATION_HEADER, correlationId);
    if (context?.actorId) headers.set(ACTOR_HEADER, context.actorId);
  }

  override async didReceiveResponse({ response }: Parameters<NonNullable<RemoteGraphQLDataSource['didReceiveResponse']>>[0]) {
    this.onOutcome?.(this.subgraph, 'ok');
    return response;
  }

  override didEncounterError(error: Error): void {
    const unavailable = describeUnavailability(error);
    if (!unavailable) {
      this.onOutcome?.(this.subgraph, 'http_error');
      this.logger.error('subgraph call failed', { subgraph: this.subgraph, url: this.url, error });
      throw error;
    }
    this.onOutcome?.(this.subgraph, unavailable.reason);
    this.logger.warn('subgraph unavailable', { subgraph: this.subgraph, url: this.url, reason: unavailable.reason, detail: unavailable.detail });
    throw new GraphQLError(`The ${this.subgraph} service is unavailable, so part of this result is missing. Try again shortly.`, {
      extensions: { code: SUBGRAPH_UNAVAILABLE, serviceName: this.subgraph, reason: unavailable.reason },
    });
  }
}

/** Whether an error means the subgraph could not answer at all (down, unreachable, overloaded or too slow). */
function describeUnavailability(error: Error): { reason: 'timeout' | 'unreachable'; detail: string } | undefined {
  if (error instanceof SubgraphTimeoutError) return { reason: 'timeout', detail: error.message };
  if (error.name === 'FetchError') return { reason: 'unreachable', detail: error.message };
  const status = (error as GraphQLError).extensions?.response as { status?: number } | undefined;
  if (status?.status === 502 || status?.status === 503 || status?.status === 504) {
    return { reason: 'unreachable', detail: `HTTP ${status.status}` };
  }
  return undefined;
}
