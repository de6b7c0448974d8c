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
      { name: 'members', url: 'http://localhost:4001/graphql' },
      { name: 'schemes', url: 'http://localhost:4002/graphql' },
    ]);
    expect(config).toMatchObject({ port: 4000, introspect: false, subgraphTimeoutMs: 10_000, introspection: true, playground: true });
    expect(config.supergraphPath).toMatch(/schema\/supergraph\.graphql$/);
    expect(existsSync(config.supergraphPath)).toBe(true);
  });

  it('takes each subgraph URL from <NAME>_URL', () => {
    const config = readGatewayConfig(REGISTRY, { MEMBERS_URL: 'http://members:4001/graphql', PORT: '8080', GATEWAY_SUBGRAPH_TIMEOUT_MS: '2500' });
    expect(config.subgraphs[0]).toEqual({ name: 'members', url: 'http://members:4001/graphql' });
    expect(config.subgraphs[1].url).toBe('http://localhost:4002/graphql');
    expect(config.port).toBe(8080);
    expect(config.subgraphTimeoutMs).toBe(2500);
    expect(subgraphUrlVariable('member-cards')).toBe('MEMBER_CARDS_URL');
  });

  it('turns introspection off in production unless asked for', () => {
    expect(readGatewayConfig(REGISTRY, { NODE_ENV: 'production' }).introspection).toBe(false);
    expect(readGatewayConfig(REGISTRY, { NODE_ENV: 'production', GATEWAY_INTROSPECTION: 'true' }).introspection).toBe(true);
    expect(readGatewayConfig(REGISTRY, { NODE_ENV: 'production', GATEWAY_EXPOSE_ERROR_DETAILS: 'true' }).exposeErrorDetails).toBe(false);
  });

  it('names every bad variable at once', () => {
    const read = () => readGatewayConfig(REGISTRY, { MEMBERS_URL: 'members:4001', SCHEMES_URL: 'not a url', GATEWAY_SUBGRAPH_TIMEOUT_MS: 'soon', GATEWAY_INTROSPECT: 'maybe' });
    expect(read).toThrow(/MEMBERS_URL must use http: or https:/);
    expect(read).toThrow(/SCHEMES_URL must be a URL/);
    expect(read).toThrow(/GATEWAY_SUBGRAPH_TIMEOUT_MS must be an integer/);
    expect(read).toThrow(/GATEWAY_INTROSPECT must be true or false/);
  });

  it('refuses runtime composition in production', () => {
    expect(() => readGatewayConfig(REGISTRY, { NODE_ENV: 'production', GATEWAY_INTROSPECT: 'true' })).toThrow(/GATEWAY_INTROSPECT must be false/);
  });
});
