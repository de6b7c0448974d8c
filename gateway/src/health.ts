import fetch, { type RequestInit } from 'node-fetch';
import type { SubgraphEndpoint } from './config';

export interface SubgraphHealth {
  url: string;
  ready: boolean;
  /** The subgraph's HTTP status, or why there was none. */
  status?: number;
  error?: string;
  ms: number;
}

/** A subgraph's readiness URL: `/health/ready` beside its GraphQL endpoint. */
export function subgraphHealthUrl(graphqlUrl: string): string {
  return new URL('./health/ready', graphqlUrl).toString();
}

/**
 * Asks every subgraph whether it is ready, in parallel, each within `timeoutMs`. Never throws:
 * a subgraph that is down is reported, not fatal, because the gateway still serves the others.
 */
export async function probeSubgraphs(subgraphs: SubgraphEndpoint[], timeoutMs: number): Promise<Record<string, SubgraphHealth>> {
  const entries = await Promise.all(subgraphs.map(async ({ name, url }) => [name, await probe(subgraphHealthUrl(url), timeoutMs)] as const));
  return Object.fromEntries(entries);
}

async function probe(url: string, timeoutMs: number): Promise<SubgraphHealth> {
  const started = Date.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { signal: controller.signal as RequestInit['signal'], headers: { accept: 'application/json' } });
    await response.buffer();
    return { url, ready: response.ok, status: response.status, ms: Date.now() - started };
  } catch (error) {
    const reason = controller.signal.aborted ? `no answer within ${timeoutMs} ms` : error instanceof Error ? error.message : String(error);
    return { url, ready: false, error: reason, ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}
