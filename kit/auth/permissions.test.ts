import 'reflect-metadata';
import { buildSchema as buildSdl, graphql } from 'graphql';
import { allow, rule } from 'graphql-shield';
import { applyPermissions, findUnguardedFields } from './permissions';

const schema = buildSdl(`
  type Query { member(id: ID!): Member  members: [Member!]! }
  type Mutation { suspendMember(id: ID!): Member }
  type Member { id: ID! name: String! }
`);

describe('permission shell', () => {
  it('lists every root field and type field without a rule', () => {
    expect(findUnguardedFields(schema, { Query: { member: allow } })).toEqual([
      'Query.members',
      'Mutation.suspendMember',
      'Member.id',
      'Member.name',
    ]);
  });

  it('does not accept a type-wide rule in place of per-field rules on root types', () => {
    expect(findUnguardedFields(schema, { Query: allow, Mutation: { suspendMember: allow }, Member: allow })).toEqual([
      'Query.member',
      'Query.members',
    ]);
  });

  it('refuses to build a schema with an unguarded field', () => {
    expect(() => applyPermissions(schema, { Query: { member: allow, members: allow }, Member: allow })).toThrow(
      /no permission rule: Mutation.suspendMember/,
    );
  });

  it('denies a field whose rule throws, and still answers the others', async () => {
    const crashing = rule('crashing', { cache: 'no_cache' })(() => {
      throw new Error('the rule could not decide');
    });
    const guarded = applyPermissions(
      buildSdl(`type Query { secret: String  open: String  _service: String  _entities: String }`),
      { Query: { secret: crashing, open: allow } },
    );
    const rootValue = { secret: 'classified', open: 'public' };
    const result = await graphql({ schema: guarded, source: '{ secret open }', rootValue, contextValue: {} });
    expect(result.data).toEqual({ secret: null, open: 'public' });
    expect(result.errors?.[0].message).toMatch(/Not authorised/);
  });
});
