import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  GraphQLError,
  isObjectType,
  isInterfaceType,
  Kind,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../kit/pagination';

/**
 * What one operation may ask of the supergraph, checked at the gateway after the operation is
 * validated and before any subgraph is called: how deep it nests, how many aliases it uses, what
 * it costs (each field 1, a page of a list times its page size), and how large a page it asks.
 */
export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  maxPageSize: number;
}

export const DEFAULT_OPERATION_LIMITS: OperationLimits = { maxDepth: 12, maxAliases: 30, maxCost: 20_000, maxPageSize: MAX_PAGE_SIZE };

/** The page-size arguments of the graph's lists (cursor pagination: `first`; `last` where a list pages backwards). */
const PAGE_SIZE_ARGUMENTS = new Set(['first', 'last']);

export interface OperationMeasure {
  depth: number;
  aliases: number;
  cost: number;
  /** Page sizes asked, with the field that asked each. */
  pageSizes: { field: string; size: number }[];
  /** Whether the operation only reads the schema (`__schema`, `__type`, `__typename` at its root). */
  introspectionOnly?: boolean;
}

const INTROSPECTION_ROOT_FIELDS = new Set(['__schema', '__type', '__typename']);

/**
 * Measures an operation: fragments are followed where they are spread (a fragment spread into
 * itself is counted once, as validation has already refused cycles), and variables are read
 * for page sizes. With the schema, a page asked without a size counts at the field's default.
 */
export function measureOperation(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
  schema?: GraphQLSchema,
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const pageSizes: OperationMeasure['pageSizes'] = [];
  let aliases = 0;

  const sizeOf = (value: ValueNode): number | null => {
    if (value.kind === Kind.INT) return Number(value.value);
    if (value.kind === Kind.VARIABLE) {
      const given = variables[value.name.value];
      return typeof given === 'number' ? given : null;
    }
    return null;
  };

  const typeNamed = (name: string | undefined): GraphQLCompositeType | undefined => {
    const type = name ? schema?.getType(name) : undefined;
    return type && (isObjectType(type) || isInterfaceType(type)) ? type : undefined;
  };
  /** The page sizes a field is declared with when none is asked (`first: Int! = 20`). */
  const declaredPageSize = (parent: GraphQLCompositeType | undefined, field: FieldNode): number | null => {
    if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) return null;
    const definition = parent.getFields()[field.name.value];
    const argument = definition?.args.find((a) => PAGE_SIZE_ARGUMENTS.has(a.name) && typeof a.defaultValue === 'number');
    return argument ? (argument.defaultValue as number) : null;
  };

  /** Depth and cost of a selection set, `inside` naming the fragments already being walked. */
  const walk = (selections: SelectionSetNode, parent: GraphQLCompositeType | undefined, inside: Set<string>): { depth: number; cost: number } => {
    let depth = 0;
    let cost = 0;
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = selection as FieldNode;
        if (field.alias) aliases += 1;
        let multiplier = 1;
        let asked = false;
        for (const argument of field.arguments ?? []) {
          if (!PAGE_SIZE_ARGUMENTS.has(argument.name.value)) continue;
          asked = true;
          const size = sizeOf(argument.value);
          if (size !== null) pageSizes.push({ field: field.alias?.value ?? field.name.value, size });
          multiplier = Math.max(multiplier, size ?? DEFAULT_PAGE_SIZE);
        }
        if (!asked) multiplier = declaredPageSize(parent, field) ?? 1;
        const childType =
          parent && (isObjectType(parent) || isInterfaceType(parent)) ? typeNamed(getNamedType(parent.getFields()[field.name.value]?.type)?.name) : undefined;
        const inner = field.selectionSet ? walk(field.selectionSet, childType, inside) : { depth: 0, cost: 0 };
        depth = Math.max(depth, 1 + inner.depth);
        cost += 1 + multiplier * inner.cost;
      } else {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? (inside.has(selection.name.value) ? undefined : fragments.get(selection.name.value)) : selection;
        if (!fragment) continue;
        const on = fragment.typeCondition ? typeNamed(fragment.typeCondition.name.value) : parent;
        const inner = walk(fragment.selectionSet, on, selection.kind === Kind.FRAGMENT_SPREAD ? new Set([...inside, selection.name.value]) : inside);
        depth = Math.max(depth, inner.depth);
        cost += inner.cost;
      }
    }
    return { depth, cost };
  };

  const root = schema ? (operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType()) : undefined;
  const { depth, cost } = walk(operation.selectionSet, root ?? undefined, new Set());
  const introspectionOnly = operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && INTROSPECTION_ROOT_FIELDS.has(s.name.value));
  return { depth, aliases, cost, pageSizes, introspectionOnly };
}

/** The violations of the limits, each naming what was asked and what is allowed. */
export function limitViolations(measure: OperationMeasure, limits: OperationLimits): { rule: string; message: string }[] {
  const violations: { rule: string; message: string }[] = [];
  // Reading the schema nests type references deeper than data ever needs (graphql-js's own
  // introspection query: 15 levels) and touches no subgraph; its size is still bounded by cost and tokens.
  if (measure.depth > limits.maxDepth && !measure.introspectionOnly) violations.push({ rule: 'MAX_DEPTH', message: `nests ${measure.depth} fields deep; at most ${limits.maxDepth} are allowed` });
  if (measure.aliases > limits.maxAliases) violations.push({ rule: 'MAX_ALIASES', message: `uses ${measure.aliases} aliases; at most ${limits.maxAliases} are allowed` });
  if (measure.cost > limits.maxCost) {
    violations.push({ rule: 'MAX_COST', message: `would cost ${measure.cost} (each field 1, each page of a list times its size); at most ${limits.maxCost} is allowed` });
  }
  for (const { field, size } of measure.pageSizes) {
    if (size > limits.maxPageSize || size < 1) violations.push({ rule: 'PAGE_SIZE', message: `${field} asks for ${size} items a page; 1 to ${limits.maxPageSize} are allowed` });
  }
  return violations;
}

/**
 * Refuses, before execution (so before any subgraph is called), an operation over the limits:
 * HTTP 400 with code QUERY_LIMIT_EXCEEDED and every limit it breaks.
 */
export function operationLimitsPlugin<TContext extends object>(limits: OperationLimits, onRefused?: (rule: string) => void): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          if (!operation) return;
          const violations = limitViolations(measureOperation(document, operation, request.variables ?? {}, schema), limits);
          if (violations.length === 0) return;
          for (const v of violations) onRefused?.(v.rule);
          throw new GraphQLError(`The operation is over the gateway's limits: ${violations.map((v) => v.message).join('; ')}.`, {
            extensions: { code: 'QUERY_LIMIT_EXCEEDED', violations, http: { status: 400 } },
          });
        },
      };
    },
  };
}
