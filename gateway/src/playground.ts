import express, { type Express, type Request, type Response } from 'express';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the playground lives; its assets are served under `${PLAYGROUND_PATH}/assets/`. */
export const PLAYGROUND_PATH = '/playground';

/** The first query a visitor sees. It touches only the members subgraph, so it runs on any supergraph. */
export const DEFAULT_PLAYGROUND_QUERY = `# Medical coverage supergraph: one endpoint for every domain.
# Run with Ctrl-Enter. Set who is acting in the Headers tab (X-Actor-Id).
query MemberSearch($search: String, $first: Int! = 10) {
  members(first: $first, filter: { search: $search }) {
    edges {
      node {
        id
        memberNumber
        fullName
        type
        status
        enrolmentDate
        company { id name }
        dependants { memberNumber fullName relationship status }
        lifeEvents { type toStatus actorId reason recordedAt }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;

const DEFAULT_HEADERS = `{\n  "X-Actor-Id": "playground-analyst"\n}`;

/** Files the page loads, all from this machine's node_modules (nothing from a CDN). */
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.production.min.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

/** A file inside an installed package, found through its package.json (React's `exports` hide umd/). */
function packageFile(pkg: string, file: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

/**
 * The browser may only talk to this origin: scripts, styles and API calls come from here, fonts
 * and icons are inlined data. Anything off the machine is refused by the browser as well.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The playground page: GraphiQL 3 from local assets, pointed at the gateway's own endpoint.
 * `versions` adds each asset's content hash to its URL, so the long cache never serves a stale file.
 */
export function playgroundHtml(graphqlPath: string, versions: Record<string, string> = {}): string {
  const asset = (file: string) => `${PLAYGROUND_PATH}/assets/${file}${versions[file] ? `?v=${versions[file]}` : ''}`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Medical Coverage · GraphQL playground</title>
    <link rel="stylesheet" href="${asset('graphiql.min.css')}" />
    <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
  </head>
  <body>
    <div id="graphiql" data-endpoint="${graphqlPath}">Loading the playground…</div>
    <script src="${asset('react.production.min.js')}"></script>
    <script src="${asset('react-dom.production.min.js')}"></script>
    <script src="${asset('graphiql.min.js')}"></script>
    <script src="${asset('playground.js')}"></script>
  </body>
</html>
`;
}

/** Mounts GraphiQL: a script file rather than an inline one, so the policy can forbid inline scripts. */
export function playgroundScript(): string {
  return `(function () {
  var root = document.getElementById('graphiql');
  var endpoint = new URL(root.getAttribute('data-endpoint'), window.location.href).toString();
  var fetcher = GraphiQL.createFetcher({ url: endpoint });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: ${JSON.stringify(DEFAULT_PLAYGROUND_QUERY)},
      defaultHeaders: ${JSON.stringify(DEFAULT_HEADERS)},
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: 'headers'
    })
  );
})();
`;
}

/** Serves `/playground` and its assets; a browser asking `/graphql` for HTML is sent here. */
export function mountPlayground(app: Express, graphqlPath: string): void {
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const [name, { pkg, file, type }] of Object.entries(ASSETS)) {
    files.set(name, { body: readFileSync(packageFile(pkg, file)), type });
  }
  files.set('playground.js', { body: Buffer.from(playgroundScript()), type: 'text/javascript' });
  const versions = Object.fromEntries([...files].map(([name, { body }]) => [name, createHash('sha256').update(body).digest('hex').slice(0, 12)]));
  const html = playgroundHtml(graphqlPath, versions);

  const router = express.Router();
  router.get('/', (_req, res) => {
    res.set({ 'content-security-policy': CONTENT_SECURITY_POLICY, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
    res.type('html').send(html);
  });
  router.get('/assets/:file', (req: Request<{ file: string }>, res: Response) => {
    const file = files.get(req.params.file);
    if (!file) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    // The page links each asset with its content hash, so a changed file gets a new URL.
    res.set({ 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
    res.type(file.type).send(file.body);
  });
  app.use(PLAYGROUND_PATH, router);

  app.get(graphqlPath, (req, res, next) => {
    if (req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html') {
      res.redirect(302, PLAYGROUND_PATH);
      return;
    }
    next();
  });
}
