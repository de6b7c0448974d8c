import type { DataSource } from 'typeorm';
import type { PermissionTree } from '../../../../kit/auth/permissions';
import type { GraphQLResolveInfo } from 'graphql';
import { rule } from 'graphql-shield';
import { hasRole } from '../../../../kit/auth/identity';
import { ForbiddenError, UnauthenticatedError, type AuthContext } from '../../../../kit/auth/rules';
import type { EventSubscription } from '../../../../kit/events/event';
import { AuditRecords1700000006500 } from './1700000006500-AuditRecords';
import { AuditRecord } from './audit-record.entity';
import { AuditRecordResolver } from './audit.resolver';
import { createAuditServices, type AuditServices } from './audit.service';
import { auditRecordsSubscription } from './audit.subscription';

/* eslint-disable @typescript-eslint/no-unsafe-function-type */

/**
 * The log is an administrator's view: ADMIN only, like `staff()`. Unlike `staff()`, a refusal is
 * written to the request's access log, so an attempt to read the audit log is itself audited.
 */
const administrators = rule('auditLog:admin', { cache: 'no_cache' })((_parent, args: { memberId?: string | null }, ctx: AuthContext, info: GraphQLResolveInfo) => {
  if (ctx.actor.id === 'anonymous') return new UnauthenticatedError();
  if (hasRole(ctx.actor, 'ADMIN')) return true;
  ctx.access.touch(args?.memberId ?? null, `${info.parentType.name}.${info.fieldName}`, false);
  return new ForbiddenError('the audit log is for administrators');
});

/**
 * The audit store, spread into the identity subgraph's definition. Two things need merging rather
 * than spreading: `permissions.Query` into identity's own `Query` rules, and `createServices` into
 * identity's services (the resolver reads `ctx.services.audit`).
 */
export const auditModule = {
  entities: [AuditRecord] as Function[],
  migrations: [AuditRecords1700000006500] as Function[],
  resolvers: [AuditRecordResolver] as Function[],
  subscriptions: [auditRecordsSubscription] as EventSubscription[],
  permissions: {
    Query: { auditRecords: administrators },
    AuditRecord: administrators,
  } satisfies PermissionTree,
  createServices: (dataSource: DataSource): AuditServices => createAuditServices(dataSource),
};
