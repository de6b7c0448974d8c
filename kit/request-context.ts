import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What the platform tracks for one incoming request, wherever in the call stack it is. */
export interface RequestScope {
  correlationId: string;
  /** SQL statements issued on behalf of this request (read by tests and the benchmark). */
  sqlStatements: number;
}

const storage = new AsyncLocalStorage<RequestScope>();

export const CORRELATION_HEADER = 'x-correlation-id';

/** Runs `fn` inside a request scope; every log line and SQL statement in it is attributed to it. */
export function runInRequestScope<T>(correlationId: string | undefined, fn: () => T): T {
  return storage.run({ correlationId: sanitizeCorrelationId(correlationId) ?? randomUUID(), sqlStatements: 0 }, fn);
}

export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

/** Accepts a caller's correlation id only if it is short and plain, so it is safe to log. */
function sanitizeCorrelationId(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return /^[A-Za-z0-9._:-]{1,100}$/.test(value) ? value : undefined;
}
