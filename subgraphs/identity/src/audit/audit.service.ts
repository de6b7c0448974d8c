import type { DataSource, EntityManager } from 'typeorm';
import type { AuditRecordPayload } from '../../../../kit/auth/audit';
import { preparedQuery } from '../../../../kit/database';
import { paginate, type KeysetSort, type Page, type PageArgs } from '../../../../kit/pagination';
import { AuditRecord } from './audit-record.entity';

/** Newest first: the order an administrator reads the log in. */
export const AUDIT_ORDER: KeysetSort<AuditRecord> = { column: 'at', property: 'at', direction: 'DESC' };

export interface AuditFilter {
  memberId?: string | null;
  actorId?: string | null;
  allowed?: boolean | null;
  from?: Date | null;
  to?: Date | null;
}

/** Refuses a payload that is not an audit record, so it is dead-lettered instead of stored half-empty. */
export function checkAuditPayload(payload: unknown): AuditRecordPayload {
  const p = payload as Partial<AuditRecordPayload> | null;
  const text = (v: unknown) => typeof v === 'string' && v.length > 0;
  const ok =
    !!p &&
    text(p.subgraph) &&
    text(p.actorId) &&
    Array.isArray(p.actorRoles) &&
    (p.operationType === 'query' || p.operationType === 'mutation') &&
    typeof p.operation === 'string' &&
    Array.isArray(p.fields) &&
    typeof p.allowed === 'boolean' &&
    typeof p.correlationId === 'string' &&
    text(p.at) &&
    !Number.isNaN(Date.parse(p.at!));
  if (!ok) throw new TypeError('not an audit record payload');
  return p as AuditRecordPayload;
}

const INSERT = `INSERT INTO audit_records
  (id, subgraph, actor_id, actor_roles, ip, member_id, operation_type, operation, fields, allowed, correlation_id, at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
  ON CONFLICT (id) DO NOTHING`;

/** Stores one record under its event's id; storing the same event again changes nothing. */
export async function storeAuditRecord(manager: EntityManager, eventId: string, payload: AuditRecordPayload): Promise<void> {
  await preparedQuery(manager, INSERT, [
    eventId,
    payload.subgraph,
    payload.actorId,
    payload.actorRoles.map(String),
    payload.ip ?? null,
    payload.memberId ?? null,
    payload.operationType,
    payload.operation,
    payload.fields.map(String),
    payload.allowed,
    payload.correlationId,
    payload.at,
  ]);
}

/** Reads the audit log; it is written only by the subscription. */
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  search(filter: AuditFilter, page: PageArgs): Promise<Page<AuditRecord>> {
    const query = this.dataSource.getRepository(AuditRecord).createQueryBuilder('record');
    if (filter.memberId) query.andWhere('record.member_id = :memberId', { memberId: filter.memberId });
    if (filter.actorId) query.andWhere('record.actor_id = :actorId', { actorId: filter.actorId });
    if (typeof filter.allowed === 'boolean') query.andWhere('record.allowed = :allowed', { allowed: filter.allowed });
    if (filter.from) query.andWhere('record.at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('record.at < :to', { to: filter.to });
    return paginate(query, 'record', AUDIT_ORDER, page);
  }
}

/** What the audit module adds to the identity subgraph's services. */
export function createAuditServices(dataSource: DataSource) {
  return { audit: new AuditService(dataSource) };
}

export type AuditServices = ReturnType<typeof createAuditServices>;
