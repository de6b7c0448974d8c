import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ASSERTION_HEADER, signAssertion } from '../../kit/auth/gateway-assertion';
import { ANONYMOUS, type Actor } from '../../kit/auth/identity';
import type { Logger } from '../../kit/logger';
import { CORRELATION_HEADER, currentScope } from '../../kit/request-context';

/** What the gateway keeps per incoming request, for the calls it makes to subgraphs. */
export interface GatewayContext {
  correlationId: string;
  /** Who is acting, as the access token said (anonymous without one). */
  actor: Actor;
}

/** Code of the error a client gets for the part of its query a subgraph could not answer. */
export const SUBGRAPH_UNAVAILABLE = 'SUBGRAPH_UNAVAILABLE';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherResponse = Awaited<ReturnType<Fetcher>>;
type FetcherHeaders = FetcherResponse['headers'];

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

/** Raised when a subgraph cannot be reached at all (refused, reset, unknown host). */
export class SubgraphUnreachableError extends Error {
  constructor(readonly url: string, cause: Error) {
    super(`${url} could not be reached: ${cause.message}`);
    this.name = 'SubgraphUnreachableError';
  }
}

/** Response headers as the gateway reads them (names are case-insensitive). */
class ResponseHeaders implements FetcherHeaders {
  private readonly map: Map<string, string>;

  constructor(raw: IncomingHttpHeaders) {
    this.map = new Map(Object.entries(raw).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value ?? '')]));
  }
  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), value);
  }
  append(name: string, value: string): void {
    const current = this.get(name);
    this.set(name, current === null ? value : `${current}, ${value}`);
  }
  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }
  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }
  keys(): IterableIterator<string> {
    return this.map.keys();
  }
  values(): IterableIterator<string> {
    return this.map.values();
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}

/** A subgraph's complete answer, read within the deadline. */
class SubgraphResponse implements FetcherResponse {
  readonly bodyUsed = false;
  readonly redirected = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: FetcherHeaders,
    private readonly body: Buffer,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  async text(): Promise<string> {
    return this.body.toString('utf8');
  }
  async json(): Promise<any> {
    return JSON.parse(this.body.toString('utf8'));
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return this.body.buffer.slice(this.body.byteOffset, this.body.byteOffset + this.body.byteLength) as ArrayBuffer;
  }
  clone(): FetcherResponse {
    return new SubgraphResponse(this.url, this.status, this.statusText, this.headers, this.body);
  }
}

/**
 * Node's own HTTP client over keep-alive agents, with a per-call deadline that covers the body
 * too, so a subgraph that sends headers and then stalls cannot hold a request open. (The
 * gateway's calls are simple POSTs on loopback or a private network; a fetch implementation
 * costs several times more per call.)
 */
export function createSubgraphFetcher({ timeoutMs, maxSockets }: { timeoutMs: number; maxSockets: number }): SubgraphFetcher {
  const httpAgent = new HttpAgent({ keepAlive: true, maxSockets });
  const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets });
  const fetcher: Fetcher = (url, init = {}) =>
    new Promise<FetcherResponse>((resolve, reject) => {
      const target = new URL(url);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const body = init.body ?? '';
      const headers: Record<string, string | number> = { ...init.headers, 'content-length': Buffer.byteLength(body) };
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.destroy();
        reject(error);
      };
      const request = send(target, { method: init.method ?? 'POST', headers, agent: target.protocol === 'https:' ? httpsAgent : httpAgent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => fail(new SubgraphUnreachableError(url, error)));
        response.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(new SubgraphResponse(url, response.statusCode ?? 0, response.statusMessage ?? '', new ResponseHeaders(response.headers), Buffer.concat(chunks)));
        });
      });
      const timer = setTimeout(() => fail(new SubgraphTimeoutError(url, timeoutMs)), timeoutMs);
      request.on('error', (error) => fail(new SubgraphUnreachableError(url, error)));
      request.end(body);
    });
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
  /** The secret shared with this subgraph; every call carries a signature made with it. */
  secret: string;
  logger: Logger;
  /** Called once per subgraph call with how it ended (feeds the gateway's metrics). */
  onOutcome?: (subgraph: string, outcome: 'ok' | 'timeout' | 'unreachable' | 'http_error') => void;
}

/** Carries the actor from `willSendRequest` to the fetcher, which signs it with the body and removes it. */
const ACTOR_CARRIER = 'x-internal-actor';

/**
 * Calls one subgraph: forwards the request's correlation id and the verified actor, signed for
 * that subgraph with the request body, and turns a subgraph that
 * is down, slow or failing at the HTTP level into a typed error for just the part it owns.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly subgraph: string;
  private readonly logger: Logger;
  private readonly onOutcome?: SubgraphDataSourceOptions['onOutcome'];

  constructor({ name, url, fetcher, secret, logger, onOutcome }: SubgraphDataSourceOptions) {
    // The body is final only here, so the signature over it is made on the way out.
    const signingFetcher: Fetcher = (target, init = {}) => {
      const headers = { ...(init.headers as Record<string, string>) };
      const carried = headers[ACTOR_CARRIER];
      delete headers[ACTOR_CARRIER];
      const actor = carried ? (JSON.parse(carried) as Actor) : ANONYMOUS;
      headers[ASSERTION_HEADER] = signAssertion(secret, name, actor, init.body ?? '');
      return fetcher(target, { ...init, headers });
    };
    super({ url, fetcher: signingFetcher });
    this.subgraph = name;
    this.logger = logger;
    this.onOutcome = onOutcome;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http!.headers;
    // The scope is the request's own; the context copy covers calls made outside it.
    const correlationId = currentScope()?.correlationId ?? context?.correlationId;
    if (correlationId) headers.set(CORRELATION_HEADER, correlationId);
    headers.set(ACTOR_CARRIER, JSON.stringify(context?.actor ?? ANONYMOUS));
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
  if (error instanceof SubgraphUnreachableError) return { reason: 'unreachable', detail: error.message };
  const status = (error as GraphQLError).extensions?.response as { status?: number } | undefined;
  if (status?.status === 502 || status?.status === 503 || status?.status === 504) {
    return { reason: 'unreachable', detail: `HTTP ${status.status}` };
  }
  return undefined;
}
