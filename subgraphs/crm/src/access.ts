import type { GraphQLResolveInfo } from 'graphql';
import { rule } from 'graphql-shield';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { hasRole, type Actor } from '../../../kit/auth/identity';
import { ForbiddenError, UnauthenticatedError, type Sensitivity } from '../../../kit/auth/rules';
import type { CrmContext } from './context';

/**
 * Whose sales records the actor sees: `ALL` for managers and administrators (and analysts, within
 * their grant), else the id of the agent the user is (null: a sales user with no agent record sees nothing).
 */
export type SalesScope = 'ALL' | { agentId: string | null };

/** Managers run the whole pipeline; an agent sees and works their own leads, opportunities and commission. */
export async function salesScopeOf(ctx: Pick<CrmContext, 'actor' | 'loaders'>): Promise<SalesScope> {
  const { actor } = ctx;
  if (hasRole(actor, 'ADMIN', 'SALES_MANAGER', 'ANALYST')) return 'ALL';
  const agent = await ctx.loaders.agentByUserId.load(actor.id);
  return { agentId: agent?.id ?? null };
}

/** Whether the scope reaches a record worked by `agentId`. */
export function inScope(scope: SalesScope, agentId: string | null | undefined): boolean {
  return scope === 'ALL' || (!!agentId && scope.agentId === agentId);
}

/**
 * Limits a list query to the scope: every row for `ALL`, else the rows whose `agentColumn` is the
 * actor's agent, and none for a sales user with no agent record.
 */
export function whereInScope<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, agentColumn: string, scope: SalesScope): SelectQueryBuilder<T> {
  if (scope === 'ALL') return query;
  if (scope.agentId === null) return query.andWhere('false');
  return query.andWhere(`${agentColumn} = :scopeAgentId`, { scopeAgentId: scope.agentId });
}

function analystMay(actor: Actor, sensitivity: Sensitivity): boolean {
  return sensitivity === 'plain' || !!actor.grants?.includes('PII');
}

let salesRules = 0;

/**
 * A rule for the fields of a record an agent works (a lead, an opportunity, a commission entry):
 * sales managers and administrators see it, the agent it belongs to sees it, an analyst sees its
 * plain fields (personal ones only with the PII grant). Refusals go to the access log for the audit.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function salesRecord(agentOf: (parent: any) => string | null | undefined, sensitivity: Sensitivity = 'plain') {
  return rule(`crm:salesRecord:${sensitivity}:${(salesRules += 1)}`, { cache: 'no_cache' })(
    async (parent, _args, ctx: CrmContext, info: GraphQLResolveInfo) => {
      const { actor } = ctx;
      if (actor.id === 'anonymous') return new UnauthenticatedError();
      if (hasRole(actor, 'ADMIN', 'SALES_MANAGER')) return true;
      if (hasRole(actor, 'SALES_AGENT')) {
        const agent = await ctx.loaders.agentByUserId.load(actor.id);
        if (agent && agent.id === agentOf(parent)) return true;
      }
      if (hasRole(actor, 'ANALYST') && analystMay(actor, sensitivity)) return true;
      ctx.access.touch(null, `${info.parentType.name}.${info.fieldName}`, false);
      if (hasRole(actor, 'ANALYST')) return new ForbiddenError(`${sensitivity} data needs a grant your role does not have`);
      return new ForbiddenError("another agent's records");
    },
  );
}

/** The field map of an agent's record: `*` for plain fields, and the listed personal fields. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function salesRecordFields(agentOf: (parent: any) => string | null | undefined, personal: string[] = []) {
  const fields: Record<string, ReturnType<typeof salesRecord>> = { '*': salesRecord(agentOf, 'plain') };
  for (const field of personal) fields[field] = salesRecord(agentOf, 'personal');
  return fields;
}
