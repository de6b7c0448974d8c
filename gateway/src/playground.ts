import express, { type Express, type Request, type Response } from 'express';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the playground lives; its assets are served under `${PLAYGROUND_PATH}/assets/`. */
export const PLAYGROUND_PATH = '/playground';

/** What every example tab's comment says about signing in; the README tells the same story. */
const SIGN_IN_NOTE = `# Sign in first: run the login mutation (see the README), then paste the accessToken into the
# Headers tab below as {"Authorization": "Bearer <accessToken>"}. Run with Ctrl-Enter.`;

/** One tab of the playground: an operation with variables that run as they stand. */
export interface PlaygroundExample {
  /** The operation name, which GraphiQL shows as the tab's title. */
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

/**
 * Questions an ANALYST asks, one tab each. They read only plain fields (ids, statuses, amounts,
 * counts): an analyst without a PII or DIAGNOSES grant runs every one of them without errors.
 */
export const ANALYST_EXAMPLES: readonly PlaygroundExample[] = [
  {
    name: 'ClaimsByStatus',
    query: `# Claims in one status over a range of service dates, newest first.
${SIGN_IN_NOTE}
query ClaimsByStatus($status: ClaimStatus!, $from: LocalDate, $to: LocalDate, $first: Int! = 50) {
  claims(first: $first, filter: { status: $status, serviceDateFrom: $from, serviceDateTo: $to }) {
    edges {
      node {
        claimNumber
        status
        benefitCategory
        serviceDate
        submittedAt
        providerId
        totalBilled { amount currency }
        payable { amount currency }
        pendReason
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`,
    variables: { status: 'PENDED', from: '2026-01-01', to: '2026-12-31' },
  },
  {
    name: 'FinancialReport',
    query: `# Premiums written and earned, claims incurred and paid, and the loss ratio, per scheme.
${SIGN_IN_NOTE}
query FinancialReport($from: LocalDate!, $to: LocalDate!, $groupBy: ReportGrouping! = SCHEME) {
  financialReport(from: $from, to: $to, groupBy: $groupBy) {
    from
    to
    groupBy
    rows {
      groupId
      currency
      premiumsWritten { amount currency }
      premiumsEarned { amount currency }
      claimsIncurred { amount currency }
      claimsPaid { amount currency }
      lossRatio
    }
  }
}
`,
    variables: { from: '2026-01-01', to: '2026-12-31', groupBy: 'SCHEME' },
  },
  {
    name: 'AgentPerformance',
    query: `# Each sales agent's policies, premium, lead conversion and commission over a period.
${SIGN_IN_NOTE}
query AgentPerformance($from: LocalDate!, $to: LocalDate!, $currency: String! = "KES") {
  agentPerformance(from: $from, to: $to, currency: $currency) {
    agentCode
    agentName
    teamId
    policiesSold
    premiumWritten { amount currency }
    leadsReceived
    leadsConverted
    conversionRateBps
    opportunitiesWon
    opportunitiesLost
    commissionNet { amount currency }
    commissionPaid { amount currency }
  }
}
`,
    variables: { from: '2026-01-01', to: '2026-12-31', currency: 'KES' },
  },
  {
    name: 'ReceivablesAgeing',
    query: `# What is owed on a day by days past due, per currency and per debtor (member or employer id).
${SIGN_IN_NOTE}
query ReceivablesAgeing($asOf: LocalDate!) {
  receivablesAgeing(asOf: $asOf) {
    asOf
    currencies {
      currency
      notYetDue { amount }
      days1To30 { amount }
      days31To60 { amount }
      days61To90 { amount }
      over90 { amount }
      total { amount }
    }
    debtors {
      companyId
      memberId
      currency
      over90 { amount }
      total { amount }
    }
  }
}
`,
    variables: { asOf: '2026-12-31' },
  },
  {
    name: 'TokenWalletUsage',
    query: `# Employers' token wallets: what is left, held for running operations and owed.
# For one wallet's history: walletTransactions(walletId: "...", from: "...", to: "...").
${SIGN_IN_NOTE}
query TokenWalletUsage($first: Int! = 20) {
  tokenWallets(first: $first) {
    edges {
      node {
        id
        companyId
        balance
        reserved
        available
        arrears
        updatedAt
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`,
    variables: { first: 20 },
  },
];

/** The first query a visitor sees: the first analyst example. */
export const DEFAULT_PLAYGROUND_QUERY = ANALYST_EXAMPLES[0].query;

/**
 * The headers editor starts with the line to fill in. Until the placeholder is replaced the page
 * sends no Authorization header, so the login mutation and the schema's docs work before sign-in.
 */
export const TOKEN_PLACEHOLDER = 'Bearer <paste your accessToken here>';
export const DEFAULT_HEADERS = `{\n  "Authorization": "${TOKEN_PLACEHOLDER}"\n}`;

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
    <link rel="icon" href="data:," />
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
  const tabs = ANALYST_EXAMPLES.map((example) => ({ query: example.query, variables: JSON.stringify(example.variables, null, 2), headers: DEFAULT_HEADERS }));
  return `(function () {
  var root = document.getElementById('graphiql');
  var endpoint = new URL(root.getAttribute('data-endpoint'), window.location.href).toString();
  var send = GraphiQL.createFetcher({ url: endpoint });
  var placeholder = ${JSON.stringify(TOKEN_PLACEHOLDER)};
  var fetcher = function (params, options) {
    // The unfilled template is not a token: leave the header out rather than have it refused.
    var headers = (options && options.headers) || {};
    var kept = {};
    Object.keys(headers).forEach(function (name) {
      if (!(name.toLowerCase() === 'authorization' && headers[name] === placeholder)) kept[name] = headers[name];
    });
    return send(params, Object.assign({}, options, { headers: kept }));
  };
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: ${JSON.stringify(DEFAULT_PLAYGROUND_QUERY)},
      defaultHeaders: ${JSON.stringify(DEFAULT_HEADERS)},
      defaultTabs: ${JSON.stringify(tabs)},
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
