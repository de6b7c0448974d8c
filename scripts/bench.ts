import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { subgraphs } from '../subgraphs';
import { runLoad, type LoadResult } from './load';

/**
 * `npm run bench`: boots the supergraph (as `npm start` does, in a child process so the load
 * generator does not share its event loop), then measures on loopback, for a bounded time:
 *  - the member query through the gateway (answered by four subgraphs);
 *  - the members-subgraph part of it, sent to the members subgraph directly and through the
 *    gateway, whose ratio is the gateway's own overhead;
 *  - SQL statements per request, from each subgraph's /metrics.
 * BENCH_SECONDS (default 15) and BENCH_CONNECTIONS (default 16) tune it.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const PORT = 4400;
/** Each subgraph 400 above its usual port, so the benchmark can run beside `npm start`. */
const SUBGRAPH_PORTS: Record<string, number> = Object.fromEntries(subgraphs.map((s) => [s.name, s.defaultPort + 400]));

const MEMBER_QUERY = `query Member($id: ID!) { member(id: $id) { memberNumber fullName status company { name }
  dependants { fullName relationship }
  coverage { scheme { name } period { start end } benefits { category annualLimit { amount currency } } }
  claims(first: 5) { edges { node { claimNumber status totalBilled { amount currency } } } }
  invoices(first: 3) { edges { node { invoiceNumber status amountDue { amount currency } dueDate } } }
  balance { amount currency } } }`;

const MEMBERS_PART = `query Member($id: ID!) { member(id: $id) { memberNumber fullName status company { name } dependants { fullName relationship } } }`;

async function main(): Promise<void> {
  const stack = await startStack();
  try {
    const gateway = `http://127.0.0.1:${PORT}/graphql`;
    const members = `http://127.0.0.1:${SUBGRAPH_PORTS.members}/graphql`;
    const id = await pickMember(gateway);
    const body = (query: string) => JSON.stringify({ query, variables: { id } });

    await runLoad({ url: gateway, body: body(MEMBER_QUERY), connections: CONNECTIONS, seconds: 3 }); // warm-up
    const full = await measured(gateway, body(MEMBER_QUERY));
    const direct = await measured(members, body(MEMBERS_PART));
    const viaGateway = await measured(gateway, body(MEMBERS_PART));

    const row = (name: string, r: LoadResult & { sqlPerRequest: number }) =>
      `${name.padEnd(44)} ${r.requestsPerSecond.toFixed(0).padStart(7)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${r.sqlPerRequest.toFixed(2).padStart(9)} ${String(r.errors).padStart(7)}`;
    console.log(`\nLoopback, ${CONNECTIONS} connections, ${SECONDS} s per run, member ${id}`);
    console.log(`${'workload'.padEnd(44)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'SQL/req'.padStart(9)} ${'errors'.padStart(7)}`);
    console.log(row('member query via gateway (4 subgraphs)', full));
    console.log(row('members part, direct to members subgraph', direct));
    console.log(row('members part, via gateway', viaGateway));
    console.log(`\ngateway/direct throughput ratio (same members query): ${(viaGateway.requestsPerSecond / direct.requestsPerSecond).toFixed(2)}`);
    console.log(`gateway/direct p50 latency ratio (same members query): ${(viaGateway.p50 / direct.p50).toFixed(2)}`);
  } finally {
    await stopStack(stack);
  }
}

async function measured(url: string, body: string) {
  const before = await sqlStatements();
  const result = await runLoad({ url, body, connections: CONNECTIONS, seconds: SECONDS });
  const after = await sqlStatements();
  return { ...result, sqlPerRequest: (after - before) / Math.max(1, result.requests) };
}

/** Total SQL statements sent by every subgraph so far (from their Prometheus metrics). */
async function sqlStatements(): Promise<number> {
  let total = 0;
  for (const port of Object.values(SUBGRAPH_PORTS)) {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    for (const line of text.split('\n')) if (line.startsWith('sql_statements_total')) total += Number(line.split(' ').pop());
  }
  return total;
}

async function pickMember(gateway: string): Promise<string> {
  const response = await fetch(gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ members(first: 1, filter: { status: ACTIVE, type: PRINCIPAL, search: "MCS1000" }) { edges { node { id } } } }' }),
  });
  const json = (await response.json()) as { data: { members: { edges: { node: { id: string } }[] } } };
  return json.data.members.edges[0].node.id;
}

function startStack(): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    DATA_DIR: process.env.DATA_DIR ?? join(__dirname, '..', '..', '.data', 'bench'),
    EMBEDDED_POSTGRES_PORT: '54392',
  };
  for (const [name, port] of Object.entries(SUBGRAPH_PORTS)) {
    env[`${name.toUpperCase()}_PORT`] = String(port);
    delete env[`${name.toUpperCase()}_URL`];
  }
  const child = fork(join(__dirname, 'start.js'), [], { env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the supergraph did not start within 180 s')), 180_000);
    child.once('message', () => {
      clearTimeout(timer);
      resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`the supergraph exited during start-up (code ${code})`)));
  });
}

function stopStack(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
