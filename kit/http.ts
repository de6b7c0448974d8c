import express, { type Express } from 'express';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import { CORRELATION_HEADER, currentScope, runInRequestScope } from './request-context';

/** Where an app keeps the path prefixes whose next segment is a secret. */
const SECRET_PREFIXES = 'secretPathPrefixes';

export interface HttpAppOptions {
  logger: Logger;
  metrics: Metrics;
  /** Readiness: every dependency the service cannot answer without. */
  isReady: () => Promise<Record<string, boolean>>;
  /** Optional detail for the readiness body that does not decide readiness (e.g. the gateway's subgraphs). */
  readinessDetail?: () => Promise<Record<string, unknown>>;
  /** Largest JSON body accepted (bytes, or an express size such as '1mb'); larger answers 413. */
  bodyLimit?: string | number;
}

/**
 * The HTTP shell every service shares: a correlation id on every request (taken from the
 * caller or made here), an access log line, liveness, readiness and Prometheus metrics.
 */
export function createHttpApp({ logger, metrics, isReady, readinessDetail, bodyLimit = '1mb' }: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  const countRequest = metrics.counter('http_requests_total', 'HTTP requests served, by route and status');
  const secretPrefixes: string[] = [];
  app.locals[SECRET_PREFIXES] = secretPrefixes;

  app.use((req, res, next) => {
    runInRequestScope(req.header(CORRELATION_HEADER), () => {
      const started = process.hrtime.bigint();
      // Read the path now: mounted routers rewrite req.path while they handle the request.
      const route = routeOf(req.originalUrl, secretPrefixes);
      res.setHeader(CORRELATION_HEADER, currentScope()!.correlationId);
      res.on('finish', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        countRequest({ route, status: String(res.statusCode) });
        const line = { method: req.method, route, status: res.statusCode, ms: Math.round(ms * 10) / 10, sql: currentScope()?.sqlStatements };
        if (route.startsWith('/health') || route === '/metrics') logger.debug('request', line);
        else logger.info('request', line);
      });
      next();
    });
  });

  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/health/ready', async (_req, res) => {
    const [checks, detail] = await Promise.all([isReady(), readinessDetail?.()]);
    const ok = Object.values(checks).every(Boolean);
    res.status(ok ? 200 : 503).json({ ...detail, status: ok ? 'ok' : 'unavailable', checks });
  });
  app.get('/metrics', (_req, res) => {
    res.type('text/plain; version=0.0.4').send(metrics.render());
  });
  // The raw body is kept for signatures over it (the gateway's assertion to a subgraph, webhooks).
  app.use(express.json({ limit: bodyLimit, verify: (req, _res, buf) => void ((req as RawBodyRequest).rawBody = buf) }));
  return app;
}

/** A request whose JSON body was parsed; `rawBody` holds the bytes as they arrived. */
export interface RawBodyRequest extends IncomingMessage {
  rawBody?: Buffer;
}

/**
 * Declares that the path segment after `prefix` is a secret (a callback URL's token): the access
 * log and the metrics label show it as `:secret`.
 */
export function declareSecretPathSegment(app: Express, prefix: string): void {
  (app.locals[SECRET_PREFIXES] as string[] | undefined)?.push(`${prefix.replace(/\/+$/, '').toLowerCase()}/`);
}

/** The path with the segment after a secret prefix (lower case; Express routes ignore case) replaced by `:secret`. */
export function redactPath(path: string, secretPrefixes: readonly string[]): string {
  for (const prefix of secretPrefixes) {
    if (path.toLowerCase().startsWith(prefix)) return `${prefix}:secret${path.slice(prefix.length).replace(/^[^/]*/, '')}`;
  }
  return path;
}

function routeOf(originalUrl: string, secretPrefixes: readonly string[]): string {
  const path = redactPath(originalUrl.split('?')[0], secretPrefixes);
  return path.length > 64 ? path.slice(0, 64) : path;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on `port` (0 picks a free one) and returns a close that also drops idle keep-alive sockets. */
export function listen(app: Express, port: number, host = '0.0.0.0'): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(port, host);
    server.keepAliveTimeout = 65_000;
    server.once('error', reject);
    server.once('listening', () => {
      const actual = (server.address() as AddressInfo).port;
      resolve({
        url: `http://localhost:${actual}`,
        port: actual,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), 2000).unref();
          }),
      });
    });
  });
}
