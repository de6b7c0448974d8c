import { existsSync } from 'node:fs';
import { readGatewayConfig, subgraphUrlVariable } from './config';

const REGISTRY = [
  { name: 'members', defaultPort: 4001 },
  { name: 'schemes', defaultPort: 4002 },
];

describe('gateway config', () => {
  it('defaults every subgraph to localhost on its registry port, and the committed supergraph', () => {
    const config = readGatewayConfig(REGISTRY, {});
    expect(config.subgraphs).toEqual([
      { name: 'members', url: 'http://localhost:4001/graphql', secret: expect.any(String) },
      { name: 'schemes', url: 'http://localhost:4002/graphql', secret: expect.any(String) },
    ]);
    // Outside production, development secrets: each subgraph its own.
    expect(config.subgraphs[0].secret).not.toBe(config.subgraphs[1].secret);
    expect(config).toMatchObject({ port: 4000, introspect: false, subgraphTimeoutMs: 10_000, introspection: true, playground: true });
    expect(config.supergraphPath).toMatch(/schema\/supergraph\.graphql$/);
    expect(existsSync(config.supergraphPath)).toBe(true);
  });

  it('takes each subgraph URL from <NAME>_URL', () => {
    const config = readGatewayConfig(REGISTRY, { MEMBERS_URL: 'http://members:4001/graphql', PORT: '8080', GATEWAY_SUBGRAPH_TIMEOUT_MS: '2500' });
    expect(config.subgraphs[0]).toMatchObject({ name: 'members', url: 'http://members:4001/graphql' });
    expect(config.subgraphs[1].url).toBe('http://localhost:4002/graphql');
    expect(config.port).toBe(8080);
    expect(config.subgraphTimeoutMs).toBe(2500);
    expect(subgraphUrlVariable('member-cards')).toBe('MEMBER_CARDS_URL');
  });

  const PRODUCTION = { NODE_ENV: 'production', GATEWAY_SUBGRAPH_SECRET: 'a-production-secret-of-at-least-32-chars' };

  it('turns introspection, the playground and error details off in production, and refuses to turn them on', () => {
    expect(readGatewayConfig(REGISTRY, PRODUCTION)).toMatchObject({ introspection: false, playground: false, exposeErrorDetails: false });
    expect(() => readGatewayConfig(REGISTRY, { ...PRODUCTION, GATEWAY_INTROSPECTION: 'true' })).toThrow(/GATEWAY_INTROSPECTION and GATEWAY_PLAYGROUND must be false/);
    expect(() => readGatewayConfig(REGISTRY, { ...PRODUCTION, GATEWAY_PLAYGROUND: 'true' })).toThrow(/must be false when NODE_ENV=production/);
    expect(readGatewayConfig(REGISTRY, { ...PRODUCTION, GATEWAY_EXPOSE_ERROR_DETAILS: 'true' }).exposeErrorDetails).toBe(false);
  });

  it('needs a real gateway secret in production, and derives a different secret for each subgraph from it', () => {
    expect(() => readGatewayConfig(REGISTRY, { NODE_ENV: 'production' })).toThrow(/GATEWAY_SUBGRAPH_SECRET is required/);
    expect(() => readGatewayConfig(REGISTRY, { NODE_ENV: 'production', GATEWAY_SUBGRAPH_SECRET: 'short' })).toThrow(/at least 32 characters/);
    const config = readGatewayConfig(REGISTRY, { ...PRODUCTION, SCHEMES_GATEWAY_SECRET: 'a-secret-given-to-schemes-alone-000000' });
    expect(config.subgraphs[0].secret).toHaveLength(43);
    expect(config.subgraphs[1].secret).toBe('a-secret-given-to-schemes-alone-000000');
  });

  it('verifies tokens against the identity service keys, and enforces the member app safelist by default', () => {
    const config = readGatewayConfig([...REGISTRY, { name: 'identity', defaultPort: 4006 }], {});
    expect(config.auth).toMatchObject({ issuer: 'mcs-identity', audience: 'mcs-api', jwksUrl: 'http://localhost:4006/.well-known/jwks.json' });
    expect(config.safelistClients).toEqual(['member-app']);
    expect(readGatewayConfig(REGISTRY, { GATEWAY_SAFELIST_CLIENTS: 'none' }).safelistClients).toEqual([]);
  });

  it('names every bad variable at once', () => {
    const read = () => readGatewayConfig(REGISTRY, { MEMBERS_URL: 'members:4001', SCHEMES_URL: 'not a url', GATEWAY_SUBGRAPH_TIMEOUT_MS: 'soon', GATEWAY_INTROSPECT: 'maybe' });
    expect(read).toThrow(/MEMBERS_URL must use http: or https:/);
    expect(read).toThrow(/SCHEMES_URL must be a URL/);
    expect(read).toThrow(/GATEWAY_SUBGRAPH_TIMEOUT_MS must be an integer/);
    expect(read).toThrow(/GATEWAY_INTROSPECT must be true or false/);
  });

  it('refuses runtime composition in production', () => {
    expect(() => readGatewayConfig(REGISTRY, { ...PRODUCTION, GATEWAY_INTROSPECT: 'true' })).toThrow(/GATEWAY_INTROSPECT must be false/);
  });
});
