import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, parse } from 'graphql';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';
import { DateTimeISOResolver } from 'graphql-scalars';

export const FEDERATION_VERSION = 'https://specs.apollo.dev/federation/v2.7';
const FEDERATION_IMPORTS = ['@key', '@shareable', '@external', '@requires', '@provides', '@inaccessible', '@tag'];

/** How a subgraph turns a representation `{ __typename, id }` into its own object. */
export type ReferenceResolvers<TContext> = Record<
  string,
  { __resolveReference(reference: { id: string } & Record<string, unknown>, context: TContext): unknown }
>;

/**
 * Builds a Federation 2 subgraph schema from type-graphql classes: type-graphql builds the schema,
 * its SDL (with `@key` and friends) is printed, linked to the federation spec, and handed back
 * to `buildSubgraphSchema` together with type-graphql's resolvers and the reference resolvers.
 */
export async function buildFederatedSchema<TContext>(
  options: Omit<BuildSchemaOptions, 'skipCheck'>,
  referenceResolvers: ReferenceResolvers<TContext>,
): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    ...options,
    scalarsMap: [{ type: Date, scalar: DateTimeISOResolver }, ...(options.scalarsMap ?? [])],
    validate: options.validate ?? { forbidUnknownValues: false },
    skipCheck: true,
  });
  const sdl = `extend schema @link(url: "${FEDERATION_VERSION}", import: ${JSON.stringify(FEDERATION_IMPORTS)})\n\n${printSchemaWithDirectives(schema)}`;
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<TContext>;
  for (const [typeName, reference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...reference } as GraphQLResolverMap<TContext>[string];
  }
  return buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as GraphQLResolverMap<unknown> });
}
