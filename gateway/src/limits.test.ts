import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getIntrospectionQuery, Kind, parse, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { projectRoot } from './config';
import { DEFAULT_OPERATION_LIMITS, limitViolations, measureOperation } from './limits';

/** The public schema the gateway serves. */
const api: GraphQLSchema = buildSchema(readFileSync(join(projectRoot(), 'schema', 'api.graphql'), 'utf8'));

function measure(query: string, variables: Record<string, unknown> = {}, schema?: GraphQLSchema) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return measureOperation(document, operation, variables, schema);
}

describe('measuring an operation', () => {
  it('counts depth, aliases and cost, a page costing its size times what it selects', () => {
    expect(measure('{ a }')).toEqual({ depth: 1, aliases: 0, cost: 1, pageSizes: [], introspectionOnly: false });
    expect(measure('{ x: member { y: company { name } } }')).toMatchObject({ depth: 3, aliases: 2, cost: 3 });
    // members (1) + 10 × (edges 1 + node 1 + id 1 + name 1) = 41.
    expect(measure('{ members(first: 10) { edges { node { id name } } } }')).toMatchObject({ depth: 4, cost: 41, pageSizes: [{ field: 'members', size: 10 }] });
    // Without a page size, the field's declared default counts (with the schema; without it, one).
    expect(measure('{ members { edges { node { id } } } }', {}, api).cost).toBe(1 + 20 * 3);
    expect(measure('{ member(id: "x") { claims { edges { node { id } } } } }', {}, api).cost).toBe(1 + 1 + 20 * 3);
    expect(measure('{ members { edges { node { id } } } }').cost).toBe(1 + 3);
  });

  it('reads page sizes from variables, and counts fragments where they are spread', () => {
    const query = `query($n: Int) { members(first: $n) { ...Page } other: members(first: 2) { ...Page } }
      fragment Page on MemberConnection { edges { node { id ... on Member { name } } } }`;
    expect(measure(query, { n: 5 })).toMatchObject({
      depth: 4,
      aliases: 1,
      cost: 1 + 5 * 4 + 1 + 2 * 4,
      pageSizes: [
        { field: 'members', size: 5 },
        { field: 'other', size: 2 },
      ],
    });
  });

  it('names every limit an operation breaks', () => {
    const violations = limitViolations({ depth: 13, aliases: 31, cost: 20_001, pageSizes: [{ field: 'members', size: 0 }] }, DEFAULT_OPERATION_LIMITS);
    expect(violations.map((v) => v.rule)).toEqual(['MAX_DEPTH', 'MAX_ALIASES', 'MAX_COST', 'PAGE_SIZE']);
    expect(limitViolations({ depth: 12, aliases: 30, cost: 20_000, pageSizes: [{ field: 'members', size: 100 }] }, DEFAULT_OPERATION_LIMITS)).toEqual([]);
  });

  it('lets a playground read the schema with graphql-js\'s introspection query, and no data query go as deep', () => {
    const introspection = parse(getIntrospectionQuery({ inputValueDeprecation: true, schemaDescription: true }));
    const measured = measureOperation(introspection, introspection.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!);
    expect(measured.depth).toBeGreaterThan(DEFAULT_OPERATION_LIMITS.maxDepth);
    expect(limitViolations(measured, DEFAULT_OPERATION_LIMITS)).toEqual([]);
    const nested = (levels: number): string => (levels === 0 ? 'id' : `member { ${nested(levels - 1)} }`);
    const mixed = parse(`{ __schema { queryType { name } } ${nested(14)} }`);
    const deep = measureOperation(mixed, mixed.definitions[0] as OperationDefinitionNode);
    expect(limitViolations(deep, DEFAULT_OPERATION_LIMITS).map((v) => v.rule)).toEqual(['MAX_DEPTH']);
  });
});

describe('the clients under the limits', () => {
  it('asks nothing of the supergraph that the gateway would refuse, in any operation of the admin dashboard or the member app', () => {
    const clientsDir = join(projectRoot(), 'clients');
    const documents: DocumentNode[] = ['admin-dashboard', 'member-app'].flatMap((app) =>
      readdirSync(join(clientsDir, app))
        .filter((file) => file.endsWith('.graphql'))
        .map((file) => parse(readFileSync(join(clientsDir, app, file), 'utf8'))),
    );
    const all: DocumentNode = { kind: Kind.DOCUMENT, definitions: documents.flatMap((d) => d.definitions) };
    const operations = all.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    expect(operations.length).toBeGreaterThan(10);
    for (const operation of operations) {
      // Variables at their largest allowed page.
      const variables = Object.fromEntries((operation.variableDefinitions ?? []).map((v) => [v.variable.name.value, DEFAULT_OPERATION_LIMITS.maxPageSize]));
      const refused = limitViolations(measureOperation(all, operation, variables, api), DEFAULT_OPERATION_LIMITS);
      expect({ operation: operation.name?.value, refused }).toEqual({ operation: operation.name?.value, refused: [] });
    }
  });
});
