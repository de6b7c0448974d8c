import { GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, and, deny, shield, type IRules } from 'graphql-shield';
import { isSelfService, notAnalystOnly } from './rules';

/** One graphql-shield rule (`rule(...)`, `allow`, `and(...)`, ...). */
export type ShieldRule = Exclude<IRules, Record<string, unknown>> | typeof allow;

/** A rule per type: one rule for the whole type, or one per field. */
export type PermissionTree = Record<string, ShieldRule | Record<string, ShieldRule>>;

/** Federation plumbing the gateway needs to compose and to resolve entity references. */
const FEDERATION_RULES: PermissionTree = {
  Query: { _service: allow, _entities: allow },
  _Service: allow,
};

/** Types that only carry other types (pages, edges, money) and expose nothing on their own. */
const CARRIER_TYPE = /^(PageInfo|Money|.+Connection|.+Edge)$/;

/**
 * Wraps the schema in graphql-shield with deny as the fallback. Before that it checks that every
 * root field and every object type has an explicit rule, so a field added without one fails fast.
 */
export function applyPermissions(schema: GraphQLSchema, tree: PermissionTree): GraphQLSchema {
  const merged = mergeTrees(schema, tree);
  const unguarded = findUnguardedFields(schema, merged);
  if (unguarded.length > 0) {
    throw new Error(`These fields have no permission rule: ${unguarded.join(', ')}`);
  }
  const middleware = shield(withReadOnlyAnalysts(schema, merged) as never, {
    fallbackRule: deny,
    allowExternalErrors: true,
    debug: false,
    fallbackError: 'Not authorised to access this field',
  });
  return applyMiddleware(schema, middleware);
}

/** Analysts are read-only: every mutation field but those on one's own account also needs an actor who is more than an analyst. */
function withReadOnlyAnalysts(schema: GraphQLSchema, tree: PermissionTree): PermissionTree {
  const mutation = schema.getMutationType()?.name;
  const rules = mutation ? tree[mutation] : undefined;
  if (!mutation || !rules || isRule(rules)) return tree;
  return {
    ...tree,
    [mutation]: Object.fromEntries(Object.entries(rules).map(([field, rule]) => [field, isSelfService(rule) ? rule : and(notAnalystOnly, rule)])),
  };
}

function mergeTrees(schema: GraphQLSchema, tree: PermissionTree): PermissionTree {
  const merged: PermissionTree = { ...tree };
  for (const [type, rule] of Object.entries(FEDERATION_RULES)) {
    if (!schema.getType(type)) continue;
    const own = merged[type];
    const present = schema.getType(type) as GraphQLObjectType;
    // A subgraph that declares no entity has no `_entities` field to guard.
    const plumbing = typeof rule === 'object' && !isRule(rule) ? Object.fromEntries(Object.entries(rule).filter(([field]) => present.getFields()[field])) : rule;
    merged[type] = typeof plumbing === 'object' && !isRule(plumbing) && own && !isRule(own) ? { ...own, ...plumbing } : (own ?? plumbing);
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (type instanceof GraphQLObjectType && CARRIER_TYPE.test(type.name) && !merged[type.name]) merged[type.name] = allow;
  }
  return merged;
}

function isRule(value: unknown): value is ShieldRule {
  return typeof value === 'object' && value !== null && typeof (value as { resolve?: unknown }).resolve === 'function';
}

/**
 * Lists `Type.field` for every root field without its own rule and every field of an object
 * type that has neither a type-wide rule nor a rule of its own.
 */
export function findUnguardedFields(schema: GraphQLSchema, tree: PermissionTree): string[] {
  const roots = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name, schema.getSubscriptionType()?.name]);
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    const rule = tree[type.name];
    const isRoot = roots.has(type.name);
    if (!isRoot && isRule(rule)) continue;
    const perField = rule && !isRule(rule) ? rule : {};
    // A type-wide default (`*`) guards the type's other fields; root fields still each need their own.
    if (!isRoot && perField['*']) continue;
    for (const field of Object.keys(type.getFields())) {
      if (!perField[field]) missing.push(`${type.name}.${field}`);
    }
  }
  return missing;
}
