import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

/**
 * A closed-loop HTTP load generator for loopback benchmarks: `connections` clients each send
 * the next request as soon as the previous answer arrives, for `seconds`, over keep-alive
 * sockets. Every latency is kept, so the percentiles are exact rather than bucketed.
 */
export async function runLoad(options: {
  url: string;
  /** The request body, or a function making the next one (each request different). */
  body: string | (() => string);
  connections: number;
  /** Sees every answer (e.g. to tally what the server decided). */
  onResponse?: (text: string) => void;
  seconds: number;
  /** Extra headers, or a function making them for each body (e.g. a signature over it). */
  headers?: Record<string, string> | ((body: string) => Record<string, string>);
}): Promise<LoadResult> {
  const target = new URL(options.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) throw new Error('load tests target loopback addresses only');
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + options.seconds * 1000;
  const nextBody = typeof options.body === 'string' ? ((body: string) => () => body)(options.body) : options.body;

  const once = () =>
    new Promise<void>((resolve) => {
      const body = nextBody();
      const extra = typeof options.headers === 'function' ? options.headers(body) : options.headers;
      const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...extra };
      const started = performance.now();
      const req = request(target, { method: 'POST', agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          latencies.push(performance.now() - started);
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode !== 200 || text.includes('"errors"')) errors += 1;
          options.onResponse?.(text);
          resolve();
        });
      });
      req.on('error', () => {
        errors += 1;
        resolve();
      });
      req.end(body);
    });

  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < deadline) await once();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    errors,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
  };
}
