import { createHash } from 'node:crypto';
import { IsOptional, Length } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import type { DataSource, EntityManager } from 'typeorm';
import { ConflictError } from './errors';

/** A stable fingerprint of a request's input, so a reused key with other input is caught. */
function fingerprint(request: unknown): string {
  return createHash('sha256').update(stableJson(request)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface IdempotentCall<R> {
  operation: string;
  /** The caller's idempotency key; without one the work simply runs in a transaction. */
  key?: string | null;
  request: unknown;
  /** Does the work inside the transaction and returns the id of what it created or changed. */
  run(manager: EntityManager): Promise<string>;
  /** Loads the result by id, for the first call and for every retry. */
  load(id: string): Promise<R>;
}

/**
 * Runs a mutation at most once per idempotency key. The key is claimed in the same transaction
 * as the work, so a retry (even one racing the first call) returns the first call's result;
 * the same key with a different request is refused.
 */
export async function runIdempotent<R>(dataSource: DataSource, call: IdempotentCall<R>): Promise<R> {
  if (!call.key) {
    const id = await dataSource.transaction((manager) => call.run(manager));
    return call.load(id);
  }
  if (call.key.length > 200) throw new ConflictError('idempotencyKey must be at most 200 characters', { field: 'idempotencyKey' });
  const hash = fingerprint(call.request);
  const id = await dataSource.transaction(async (manager) => {
    const claimed: unknown[] = await manager.query(
      `INSERT INTO idempotency_keys (operation, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (operation, key) DO NOTHING RETURNING key`,
      [call.operation, call.key, hash],
    );
    if (claimed.length === 0) return null;
    const resultId = await call.run(manager);
    await manager.query('UPDATE idempotency_keys SET result_id = $3 WHERE operation = $1 AND key = $2', [call.operation, call.key, resultId]);
    return resultId;
  });
  if (id) return call.load(id);
  const [previous] = await dataSource.query(
    'SELECT request_hash, result_id FROM idempotency_keys WHERE operation = $1 AND key = $2',
    [call.operation, call.key],
  );
  if (previous.request_hash !== hash) {
    throw new ConflictError(`idempotencyKey "${call.key}" was already used for a different ${call.operation} request`, {
      field: 'idempotencyKey',
      rule: 'IDEMPOTENCY_KEY_REUSED',
    });
  }
  return call.load(previous.result_id);
}

/** The `idempotencyKey` argument of mutations that create something. */
@ArgsType()
export class IdempotencyArgs {
  @Field(() => String, { nullable: true, description: 'Retries with the same key return the first result instead of acting twice.' })
  @IsOptional()
  @Length(8, 200)
  idempotencyKey?: string | null;
}
