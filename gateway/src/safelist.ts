import type { NextFunction, Request, Response } from 'express';
import { Kind, parse, print, visit, type DefinitionNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasRole } from '../../kit/auth/identity';
import type { Logger } from '../../kit/logger';
import { actorOf } from './auth';

/**
 * Persisted operations: a client's safelist is every operation in its folder under `clients/`,
 * printed with the fragments it uses and keyed by the SHA-256 of that text (the hash Apollo's
 * persisted-query protocol sends). `npm run compose` writes it to `schema/safelist.<client>.json`
 * and `npm run schema:check` fails when it is stale. For a client whose safelist is enforced the
 * gateway runs only those operations: the app sends the hash, the gateway supplies the text.
 */
export interface Safelist {
  client: string;
  operations: Array<{ name: string; sha256: string; document: string }>;
}

/** The client every member user's requests count as: a member has no other client. */
export const MEMBER_CLIENT = 'member-app';
export const CLIENT_NAME_HEADER = 'apollographql-client-name';

export function safelistFileName(client: string): string {
  return `safelist.${client}.json`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Builds a client's safelist from the `.graphql` files in its folder. */
export function buildSafelist(client: string, clientDir: string): Safelist {
  const definitions: DefinitionNode[] = readdirSync(clientDir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .flatMap((f) => parse(readFileSync(join(clientDir, f), 'utf8')).definitions);
  const fragments = new Map(
    definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const operations = definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => {
      const used = fragmentsUsedBy(operation, fragments);
      const document = [operation, ...[...used].sort().map((name) => fragments.get(name)!)].map((d) => print(d)).join('\n\n');
      return { name: operation.name?.value ?? '(anonymous)', sha256: sha256Hex(document), document };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return { client, operations };
}

function fragmentsUsedBy(node: DefinitionNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): Set<string> {
  visit(node, {
    FragmentSpread(spread) {
      const name = spread.name.value;
      if (seen.has(name) || !fragments.has(name)) return;
      seen.add(name);
      fragmentsUsedBy(fragments.get(name)!, fragments, seen);
    },
  });
  return seen;
}

export function renderSafelist(safelist: Safelist): string {
  return `${JSON.stringify(safelist, null, 2)}\n`;
}

/** Loads the committed safelists of the enforced clients; a missing one is a start-up error. */
export function loadSafelists(schemaDir: string, clients: readonly string[]): Map<string, Map<string, string>> {
  const lists = new Map<string, Map<string, string>>();
  for (const client of clients) {
    const path = join(schemaDir, safelistFileName(client));
    if (!existsSync(path)) throw new Error(`No safelist for client "${client}" at ${path}: run \`npm run compose\``);
    const safelist = JSON.parse(readFileSync(path, 'utf8')) as Safelist;
    lists.set(client, new Map(safelist.operations.map((o) => [o.sha256, o.document])));
  }
  return lists;
}

function refuse(res: Response, message: string): void {
  res.status(400).json({ errors: [{ message, extensions: { code: 'PERSISTED_QUERY_NOT_ALLOWED' } }] });
}

interface PersistedBody {
  query?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } };
}

/**
 * Express middleware (after authentication, before Apollo): for an enforced client, only a
 * safelisted operation runs. The client is the one named by the `apollographql-client-name`
 * header, and always the member app for a member user, whatever the header says.
 */
export function enforceSafelists(lists: Map<string, Map<string, string>>, logger: Logger, onRefused?: (client: string) => void) {
  return (req: Request, res: Response, next: NextFunction) => {
    const named = req.headers[CLIENT_NAME_HEADER];
    const client = hasRole(actorOf(req), 'MEMBER') ? MEMBER_CLIENT : Array.isArray(named) ? named[0] : named;
    const allowed = client ? lists.get(client) : undefined;
    if (!allowed) return next();
    if (req.method !== 'POST' || typeof req.body !== 'object' || req.body === null) {
      onRefused?.(client!);
      return refuse(res, `The ${client} client may only send its persisted operations, by POST.`);
    }
    const body = req.body as PersistedBody;
    const hash = body.extensions?.persistedQuery?.sha256Hash;
    const document = typeof hash === 'string' ? allowed.get(hash) : undefined;
    if (!document || (body.query !== undefined && body.query !== document)) {
      onRefused?.(client!);
      logger.warn('operation not in the client safelist', { client, hash: typeof hash === 'string' ? hash.slice(0, 16) : undefined });
      return refuse(res, `This operation is not one the ${client} client is allowed to send.`);
    }
    body.query = document;
    next();
  };
}
