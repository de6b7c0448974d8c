import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { runInNewContext } from 'node:vm';
import { projectRoot } from './config';
import { ANALYST_EXAMPLES, DEFAULT_HEADERS, DEFAULT_PLAYGROUND_QUERY, playgroundHtml, playgroundScript, TOKEN_PLACEHOLDER } from './playground';

const apiSchema = buildSchema(readFileSync(join(projectRoot(), 'schema', 'api.graphql'), 'utf8'));

/**
 * The page's own script, run against stand-ins for the browser, React and GraphiQL globals the
 * UMD bundles define: it must mount GraphiQL on the page's endpoint with the props we rely on.
 */
describe('playground bootstrap script', () => {
  function mount(pageUrl: string) {
    const root = { getAttribute: (name: string) => (name === 'data-endpoint' ? '/graphql' : null) };
    const calls: {
      fetcherUrl?: string;
      sent: Array<{ params: unknown; headers: Record<string, string> }>;
      rootElement?: unknown;
      rendered?: { component: unknown; props: Record<string, unknown> };
    } = { sent: [] };
    const GraphiQL = Object.assign(function GraphiQL() {}, {
      createFetcher: (options: { url: string }) => {
        calls.fetcherUrl = options.url;
        return (params: unknown, opts: { headers: Record<string, string> }) => calls.sent.push({ params, headers: opts.headers });
      },
    });
    runInNewContext(playgroundScript(), {
      URL,
      window: { location: { href: pageUrl } },
      document: { getElementById: (id: string) => (id === 'graphiql' ? root : null) },
      GraphiQL,
      React: { createElement: (component: unknown, props: Record<string, unknown>) => ({ component, props }) },
      ReactDOM: {
        createRoot: (element: unknown) => {
          calls.rootElement = element;
          return { render: (tree: { component: unknown; props: Record<string, unknown> }) => (calls.rendered = tree) };
        },
      },
    });
    return { calls, root, GraphiQL };
  }

  it('points GraphiQL at /graphql on the origin that served the page', () => {
    const { calls, root, GraphiQL } = mount('https://gateway.internal:8443/playground');
    expect(calls.fetcherUrl).toBe('https://gateway.internal:8443/graphql');
    expect(calls.rootElement).toBe(root);
    expect(calls.rendered?.component).toBe(GraphiQL);
    expect(calls.rendered?.props).toMatchObject({
      defaultQuery: DEFAULT_PLAYGROUND_QUERY,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    });
    expect(JSON.parse(calls.rendered?.props.defaultHeaders as string)).toEqual({ Authorization: TOKEN_PLACEHOLDER });
  });

  it('opens one tab per analyst example, each with its variables and the token template', () => {
    const { calls } = mount('http://127.0.0.1:4000/playground');
    const tabs = calls.rendered?.props.defaultTabs as Array<{ query: string; variables: string; headers: string }>;
    expect(tabs.map((t) => parse(t.query).definitions.map((d) => (d as OperationDefinitionNode).name?.value))).toEqual(ANALYST_EXAMPLES.map((e) => [e.name]));
    expect(tabs.map((t) => JSON.parse(t.variables))).toEqual(ANALYST_EXAMPLES.map((e) => e.variables));
    expect(tabs.every((t) => t.headers === DEFAULT_HEADERS)).toBe(true);
  });

  it('sends the bearer token from the headers editor, and no Authorization header while it is the placeholder', () => {
    const { calls } = mount('http://127.0.0.1:4000/playground');
    const fetcher = calls.rendered?.props.fetcher as (params: unknown, opts: { headers: Record<string, string> }) => void;
    fetcher({ query: '{ me { id } }' }, { headers: { Authorization: TOKEN_PLACEHOLDER, 'X-Trace': 'on' } });
    fetcher({ query: '{ me { id } }' }, { headers: { Authorization: 'Bearer a.b.c' } });
    expect(calls.sent.map((s) => s.headers)).toEqual([{ 'X-Trace': 'on' }, { Authorization: 'Bearer a.b.c' }]);
  });

  it('links assets with their content version and the endpoint as data, not inline script', () => {
    const html = playgroundHtml('/graphql', { 'graphiql.min.js': 'abc123def456' });
    expect(html).toContain('src="/playground/assets/graphiql.min.js?v=abc123def456"');
    expect(html).not.toMatch(/<script>(?!<)/);
    expect(html.match(/<script[^>]*>/g)).toHaveLength(4);
  });
});

describe('analyst examples', () => {
  it.each(ANALYST_EXAMPLES.map((e) => [e.name, e] as const))('%s is a named read-only query that validates against the client-facing schema', (name, example) => {
    const document = parse(example.query);
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    expect(operations.map((o) => [o.operation, o.name?.value])).toEqual([['query', name]]);
    expect(validate(apiSchema, document).map((e) => e.message)).toEqual([]);
  });

  it('tells the reader how to sign in, in every tab', () => {
    for (const example of ANALYST_EXAMPLES) expect(example.query).toContain('"Authorization": "Bearer <accessToken>"');
  });
});
