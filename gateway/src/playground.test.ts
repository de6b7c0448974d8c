import { runInNewContext } from 'node:vm';
import { DEFAULT_PLAYGROUND_QUERY, playgroundHtml, playgroundScript } from './playground';

/**
 * The page's own script, run against stand-ins for the browser, React and GraphiQL globals the
 * UMD bundles define: it must mount GraphiQL on the page's endpoint with the props we rely on.
 */
describe('playground bootstrap script', () => {
  function mount(pageUrl: string) {
    const root = { getAttribute: (name: string) => (name === 'data-endpoint' ? '/graphql' : null) };
    const calls: { fetcherUrl?: string; rootElement?: unknown; rendered?: { component: unknown; props: Record<string, unknown> } } = {};
    const GraphiQL = Object.assign(function GraphiQL() {}, {
      createFetcher: (options: { url: string }) => {
        calls.fetcherUrl = options.url;
        return 'the-fetcher';
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
      fetcher: 'the-fetcher',
      defaultQuery: DEFAULT_PLAYGROUND_QUERY,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    });
    expect(JSON.parse(calls.rendered?.props.defaultHeaders as string)).toEqual({ 'X-Actor-Id': 'playground-analyst' });
  });

  it('links assets with their content version and the endpoint as data, not inline script', () => {
    const html = playgroundHtml('/graphql', { 'graphiql.min.js': 'abc123def456' });
    expect(html).toContain('src="/playground/assets/graphiql.min.js?v=abc123def456"');
    expect(html).not.toMatch(/<script>(?!<)/);
    expect(html.match(/<script[^>]*>/g)).toHaveLength(4);
  });
});
