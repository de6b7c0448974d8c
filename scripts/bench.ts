import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { startEmbeddedPostgres } from '../kit/embedded-postgres';
import { createLogger } from '../kit/logger';
import { subgraphs } from '../subgraphs';
import { runLoad, type LoadResult } from './load';
import { DEVELOPMENT_GATEWAY_SECRET } from '../kit/config';
import { ASSERTION_HEADER, deriveSubgraphSecret, signAssertion } from '../kit/auth/gateway-assertion';
import type { Actor, Role } from '../kit/auth/identity';
import { DEMO_PASSWORD, demoTotpSecret } from '../subgraphs/identity/src/demo';
import { totpCode } from '../subgraphs/identity/src/totp/totp';

/**
 * `npm run bench`: boots the supergraph (as `npm start` does, in a child process so the load
 * generator does not share its event loop), then measures on loopback, for a bounded time:
 *  - the member query through the gateway (answered by four subgraphs);
 *  - the members-subgraph part of it, sent to the members subgraph directly and through the
 *    gateway, whose ratio is the gateway's own overhead;
 *  - claims submitted and adjudicated through the gateway, and premium payments posted through it;
 *  - SQL statements per request, from each subgraph's /metrics.
 * BENCH_WORKLOADS picks among member, claims and payments (default all three).
 * BENCH_SECONDS (default 15) and BENCH_CONNECTIONS (default 16) tune it. BENCH_TOPOLOGY picks
 * how the supergraph runs: `single` (default) is `npm start`, everything in one process with the
 * in-process bus (or Redis when REDIS_URL is set); `services` is the deployed shape of
 * docker-compose, each subgraph and the gateway a process of its own, joined by Redis Streams
 * (REDIS_URL required), on an embedded PostgreSQL the benchmark starts.
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

const WORKLOADS = (process.env.BENCH_WORKLOADS ?? 'member,claims,payments').split(',').map((w) => w.trim());
const TOPOLOGY = process.env.BENCH_TOPOLOGY ?? 'single';
/**
 * The load comes from one address at hundreds of requests a second: the gateway's rate limits
 * stay on (their cost is measured) with room for it.
 */
const RATE_LIMITS = { GATEWAY_RATE_LIMIT_PER_IP: '100000000', GATEWAY_RATE_LIMIT_PER_USER: '100000000' };
/** A larger demo world than npm start's, so members do not run out of outpatient visits within a run. */
const DEMO_SCALE = process.env.BENCH_DEMO_SCALE ?? '5';

/**
 * Who the load acts as: demo staff users signed in through the gateway (password and TOTP), as
 * the admin dashboard does. Claims are submitted by a claims officer; the member query is an
 * administrator's (it reads cover, claims and billing, which no narrower role sees together).
 */
interface SignedIn {
  token: string;
  actor: Actor;
}
let admin: SignedIn;
let claimsOfficer: SignedIn;
let financeOfficer: SignedIn;

async function signIn(email: string): Promise<SignedIn> {
  const response = await fetch(`http://127.0.0.1:${PORT}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation($input: LoginInput!) { login(input: $input) { accessToken user { id roles } } }`,
      variables: { input: { email, password: DEMO_PASSWORD, totpCode: totpCode(demoTotpSecret(email)) } },
    }),
  });
  const json = (await response.json()) as { data?: { login: { accessToken: string; user: { id: string; roles: Role[] } } }; errors?: unknown[] };
  if (!json.data?.login) throw new Error(`${email} could not sign in: ${JSON.stringify(json.errors)}`);
  return { token: json.data.login.accessToken, actor: { id: json.data.login.user.id, roles: json.data.login.user.roles } };
}

const bearer = (who: SignedIn) => ({ authorization: `Bearer ${who.token}` });

/** Headers for a call straight to a subgraph: the gateway's signature, made with the development secret. */
function signedFor(subgraph: string, who: SignedIn) {
  const secret = deriveSubgraphSecret(DEVELOPMENT_GATEWAY_SECRET, subgraph);
  return (body: string) => ({ [ASSERTION_HEADER]: signAssertion(secret, subgraph, who.actor, body) });
}

async function main(): Promise<void> {
  const stack = await startStack();
  try {
    admin = await signIn('admin@demo.mcs.test');
    claimsOfficer = await signIn('claims@demo.mcs.test');
    financeOfficer = await signIn('finance@demo.mcs.test');
    const workloads: Array<[string, () => Promise<void>]> = [
      ['member', memberWorkload],
      ['claims', claimsWorkload],
      ['payments', paymentsWorkload],
    ];
    for (const [name, run] of workloads) {
      if (!WORKLOADS.includes(name)) continue;
      await untilEventsSettle(name);
      await run();
    }
  } finally {
    await stopStack(stack);
  }
}

async function memberWorkload(): Promise<void> {
  {
    const gateway = `http://127.0.0.1:${PORT}/graphql`;
    const members = `http://127.0.0.1:${SUBGRAPH_PORTS.members}/graphql`;
    const id = await pickMember(gateway);
    const body = (query: string) => JSON.stringify({ query, variables: { id } });

    await runLoad({ url: gateway, body: body(MEMBER_QUERY), connections: CONNECTIONS, seconds: 3, headers: bearer(admin) }); // warm-up
    const full = await measured(gateway, body(MEMBER_QUERY), bearer(admin));
    const direct = await measured(members, body(MEMBERS_PART), signedFor('members', admin));
    const viaGateway = await measured(gateway, body(MEMBERS_PART), bearer(admin));

    const row = (name: string, r: LoadResult & { sqlPerRequest: number }) =>
      `${name.padEnd(44)} ${r.requestsPerSecond.toFixed(0).padStart(7)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${r.sqlPerRequest.toFixed(2).padStart(9)} ${String(r.errors).padStart(7)}`;
    console.log(`\nLoopback, ${CONNECTIONS} connections, ${SECONDS} s per run, member ${id}`);
    console.log(`${'workload'.padEnd(44)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'SQL/req'.padStart(9)} ${'errors'.padStart(7)}`);
    console.log(row('member query via gateway (4 subgraphs)', full));
    console.log(row('members part, direct to members subgraph', direct));
    console.log(row('members part, via gateway', viaGateway));
    console.log(`\ngateway/direct throughput ratio (same members query): ${(viaGateway.requestsPerSecond / direct.requestsPerSecond).toFixed(2)}`);
    console.log(`gateway/direct p50 latency ratio (same members query): ${(viaGateway.p50 / direct.p50).toFixed(2)}`);
  }
}

async function measured(url: string, body: string, headers: Parameters<typeof runLoad>[0]['headers']) {
  const before = await sqlStatements();
  const result = await runLoad({ url, body, connections: CONNECTIONS, seconds: SECONDS, headers });
  const after = await sqlStatements();
  return { ...result, sqlPerRequest: (after - before) / Math.max(1, result.requests) };
}

/**
 * SQL statements every subgraph has sent so far (from their Prometheus metrics): for requests
 * only, or (`background`) also the relays, consumers and jobs that carry a claim's events on.
 */
async function sqlStatements(background = false): Promise<number> {
  let total = 0;
  for (const subgraph of Object.keys(SUBGRAPH_PORTS)) total += await metric(subgraph, 'sql_statements_total', background ? '' : 'origin="request"');
  return total;
}

/** Background statements a second, over all subgraphs, below which the platform counts as idle (relays polling, jobs). */
const IDLE_BACKGROUND_SQL_PER_SECOND = 60;

/**
 * Waits until the events already in flight have been applied (the demo seed's, an earlier
 * workload's), so a run measures its own load, not the backlog of the one before: eleven
 * subgraphs consume each other's events on the same two cores. Idle means the subgraphs' background
 * SQL (relays, consumers, jobs) stays under IDLE_BACKGROUND_SQL_PER_SECOND for three seconds running.
 */
async function untilEventsSettle(before: string): Promise<void> {
  const started = Date.now();
  const background = async () => (await sqlStatements(true)) - (await sqlStatements(false));
  let previous = await background();
  let quietSeconds = 0;
  let rate = Number.NaN;
  while (quietSeconds < 3 && Date.now() - started < 180_000) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const current = await background();
    rate = current - previous;
    previous = current;
    quietSeconds = rate < IDLE_BACKGROUND_SQL_PER_SECOND ? quietSeconds + 1 : 0;
  }
  const waited = ((Date.now() - started) / 1000).toFixed(0);
  console.log(quietSeconds >= 3 ? `\n(${before}: waited ${waited} s for the events in flight to be applied)` : `\n(${before}: events still being applied after ${waited} s, ${rate} background statements/s; measuring anyway)`);
}

/** SQL statements each subgraph has sent so far, requests and background work alike. */
async function sqlPerSubgraph(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const subgraph of Object.keys(SUBGRAPH_PORTS)) counts[subgraph] = await metric(subgraph, 'sql_statements_total');
  return counts;
}

/** A counter from one subgraph's /metrics, summed over the series whose labels contain `labels`. */
async function metric(subgraph: string, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${SUBGRAPH_PORTS[subgraph]}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if ((line.startsWith(`${name} `) || line.startsWith(`${name}{`)) && line.includes(labels)) total += Number(line.split(' ').pop());
  }
  return total;
}

async function graphql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${PORT}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(admin) },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await response.json()) as { data: T; errors?: unknown[] };
  if (json.errors) throw new Error(JSON.stringify(json.errors));
  return json.data;
}

const DECISIONS = ['APPROVED', 'PARTIALLY_APPROVED', 'DENIED', 'PENDED'] as const;

/** How many claims are in each status, counted page by page through the gateway. */
async function claimCounts(statuses: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const status of statuses) {
    counts[status] = 0;
    let after: string | null = null;
    for (;;) {
      const data: any = await graphql(`query($status: ClaimStatus!, $after: String) { claims(first: 100, after: $after, filter: { status: $status }) {
        edges { node { id } } pageInfo { hasNextPage endCursor } } }`, { status, after });
      counts[status] += data.claims.edges.length;
      if (!data.claims.pageInfo.hasNextPage) break;
      after = data.claims.pageInfo.endCursor;
    }
  }
  return counts;
}

const rate = (counts: Record<string, number>) => {
  const decided = DECISIONS.reduce((sum, d) => sum + (counts[d] ?? 0), 0);
  return { decided, automatic: decided - (counts.PENDED ?? 0), share: decided ? (decided - (counts.PENDED ?? 0)) / decided : 0 };
};

/**
 * Claims end to end: the demo's 600 seeded claims are adjudicated from the other domains' events
 * (their auto-adjudication rate is the realistic figure); then new outpatient claims are submitted
 * through the gateway, each adjudicated before the answer, and the run waits until finance has
 * applied every decision event (settlements for what was approved).
 */
/** Coprime with any member count it is used with (checked below), so a round visits every member. */
const MEMBER_STRIDE = 37;

async function claimsWorkload(): Promise<void> {
  const waitStarted = Date.now();
  for (;;) {
    const waiting = await graphql(`{ claims(first: 1, filter: { status: SUBMITTED }) { edges { node { id } } } }`);
    if (waiting.claims.edges.length === 0) break;
    if (Date.now() - waitStarted > 180_000) throw new Error('the demo claims were not adjudicated within 180 s');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const demo = await claimCounts(DECISIONS);

  // Members with active cover, and clinics and pharmacies in the basic network, licensed today.
  const today = new Date().toISOString().slice(0, 10);
  const members: { id: string }[] = [];
  for (const status of ['ACTIVE']) {
    let after: string | null = null;
    for (;;) {
      const data: any = await graphql(`query($after: String) { members(first: 100, after: $after, filter: { status: ${status} }) {
        edges { node { id coverage { status } } } pageInfo { hasNextPage endCursor } } }`, { after });
      members.push(...data.members.edges.map((e: any) => e.node).filter((m: any) => m.coverage?.status === 'ACTIVE'));
      if (!data.members.pageInfo.hasNextPage) break;
      after = data.members.pageInfo.endCursor;
    }
  }
  const providerData: any = await graphql(`query($on: LocalDate!) { providers(first: 100) { edges { node {
    id type status blacklisted licensedOn(on: $on) networkCodes(on: $on) } } } }`, { on: today });
  const providers = providerData.providers.edges
    .map((e: any) => e.node)
    .filter((p: any) => p.type === 'CLINIC' && p.status === 'ACTIVE' && !p.blacklisted && p.licensedOn && p.networkCodes.includes('AFYA-BASIC'));
  if (members.length === 0 || providers.length === 0) throw new Error('no covered members or usable clinics in the demo data');
  while (members.length % MEMBER_STRIDE === 0) members.pop();

  const run = Date.now().toString(36);
  let n = 0;
  const body = () => {
    n += 1;
    // Every member once per round, in a stride that spreads neighbouring requests over different
    // families (a family's claims are decided one at a time, under its ledger lock); a member's
    // visits differ in clinic, day and fee, so none repeats an earlier one (the engine rightly
    // denies repeats as duplicates).
    const member = members[(n * MEMBER_STRIDE) % members.length];
    const visit = Math.floor(n / members.length);
    const provider = providers[(n + visit) % providers.length];
    const serviceDate = new Date(Date.now() - (1 + ((n + visit * 7) % 20)) * 86_400_000).toISOString().slice(0, 10);
    const consultation = (2000 + ((n + visit * 243) % 400) * 5).toFixed(2);
    return JSON.stringify({
      query: `mutation($input: SubmitClaimInput!) { submitClaim(input: $input) { claimNumber status } }`,
      variables: {
        input: {
          memberId: member.id,
          providerId: provider.id,
          providerReference: `BENCH-${run}-${n}`,
          benefitCategory: 'OUTPATIENT',
          serviceDate,
          diagnosisCodes: ['B50.9'],
          lines: [
            { serviceCode: 'CON-GP', quantity: 1, unitPrice: { amount: consultation }, diagnosisCodes: ['B50.9'] },
            { serviceCode: 'LAB-BS-MPS', quantity: 1, unitPrice: { amount: '500.00' }, diagnosisCodes: ['B50.9'] },
            { serviceCode: 'PHA-AL', quantity: 1, unitPrice: { amount: '850.00' }, diagnosisCodes: ['B50.9'] },
          ],
        },
      },
    });
  };
  const decided: Record<string, number> = {};
  const onResponse = (text: string) => {
    const status = /"status":"([A-Z_]+)"/.exec(text)?.[1] ?? 'ERROR';
    decided[status] = (decided[status] ?? 0) + 1;
  };

  // BENCH_CLAIMS_DIRECT=1 sends the same mutations straight to the claims subgraph, to see what the gateway adds.
  const target = process.env.BENCH_CLAIMS_DIRECT ? `http://127.0.0.1:${SUBGRAPH_PORTS.claims}/graphql` : `http://127.0.0.1:${PORT}/graphql`;
  // Warm-up, as for the member query: compiled code, pooled connections and prepared statements.
  const warmBase = await metric('claims', 'events_published_total', 'claims.claim.decided');
  const headers = process.env.BENCH_CLAIMS_DIRECT ? signedFor('claims', claimsOfficer) : bearer(claimsOfficer);
  const warm = await runLoad({ url: target, body, connections: CONNECTIONS, seconds: 3, headers });
  await financeCaughtUp(warmBase + warm.requests - warm.errors, Date.now() + 120_000);

  const sqlBefore = await sqlStatements(true);
  const perSubgraphBefore = await sqlPerSubgraph();
  const publishedBefore = await metric('claims', 'events_published_total', 'claims.claim.decided');
  const started = Date.now();
  const load = await runLoad({ url: target, body, connections: CONNECTIONS, seconds: SECONDS, onResponse, headers });
  // Events flow on after the last answer: wait until finance has applied every decision.
  const settledAt = await financeCaughtUp(publishedBefore + load.requests - load.errors, started + (SECONDS + 120) * 1000);
  const sqlPerClaim = ((await sqlStatements(true)) - sqlBefore) / Math.max(1, load.requests);
  const perSubgraphAfter = await sqlPerSubgraph();
  const sqlBySubgraph = Object.entries(perSubgraphAfter)
    .map(([name, after]) => [name, (after - perSubgraphBefore[name]) / Math.max(1, load.requests)] as const)
    .filter(([, perClaim]) => perClaim >= 0.05)
    .map(([name, perClaim]) => `${name} ${perClaim.toFixed(1)}`)
    .join(', ');
  const bench = rate(decided);
  const demoRate = rate(demo);
  const via = process.env.BENCH_CLAIMS_DIRECT ? 'straight to the claims subgraph' : 'through the gateway';
  const shape = TOPOLOGY === 'services' ? 'gateway and each subgraph a process of its own' : 'one process';
  console.log(`\nClaims: ${CONNECTIONS} connections for ${SECONDS} s ${via}, ${shape}, events on the ${process.env.REDIS_URL ? 'Redis Streams' : 'in-process'} bus (${members.length} covered members, ${providers.length} clinics)`);
  console.log(`  submitted and adjudicated      ${(load.requests / load.seconds).toFixed(0)} claims/s (p50 ${load.p50.toFixed(1)} ms, p95 ${load.p95.toFixed(1)} ms, p99 ${load.p99.toFixed(1)} ms, ${load.errors} errors)`);
  console.log(`  end to end, finance included   ${(load.requests / ((settledAt - started) / 1000)).toFixed(0)} claims/s (last decision applied by finance ${((settledAt - started) / 1000 - load.seconds).toFixed(1)} s after the load stopped)`);
  console.log(`  decisions                      ${JSON.stringify(decided)}; decided without a person ${(bench.share * 100).toFixed(1)}%`);
  console.log(`  SQL statements per claim       ${sqlPerClaim.toFixed(1)} in all, events included (${sqlBySubgraph})`);
  console.log(`Demo workload (600 seeded claims, adjudicated from events): ${JSON.stringify(demo)}`);
  console.log(`  auto-adjudication rate          ${(demoRate.share * 100).toFixed(1)}% (${demoRate.automatic} of ${demoRate.decided} decided without a person)`);
  const pended: any = await graphql(`{ claimsForReview(first: 100) { edges { node { claimNumber pendReason pendDetail } } } }`).catch(() => null);
  if (pended) {
    const reasons = new Map<string, number>();
    for (const { node } of pended.claimsForReview.edges) reasons.set(node.pendReason, (reasons.get(node.pendReason) ?? 0) + 1);
    console.log(`  pended, by stated reason        ${JSON.stringify(Object.fromEntries(reasons))}`);
  }
  const denied: any = await graphql(`{ claims(first: 100, filter: { status: DENIED }) { edges { node {
    reasons { code } lines { adjudication { reasons { code } } } } } } }`).catch(() => null);
  if (denied) {
    const codes = new Map<string, number>();
    for (const { node } of denied.claims.edges) {
      const all = [...node.reasons, ...node.lines.flatMap((l: any) => l.adjudication?.reasons ?? [])].map((r: { code: string }) => r.code);
      for (const code of new Set(all)) codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    console.log(`  newest ${denied.claims.edges.length} denied, by reason ${JSON.stringify(Object.fromEntries([...codes].sort((a, b) => b[1] - a[1])))}`);
  }
}

/**
 * Premium payments posted through the gateway by a finance clerk: each one locks its invoice,
 * checks the amount, numbers the payment and posts the receipt to the ledger in one transaction.
 * Payments of KES 1.00 spread over the demo's open invoices (a stride apart, so neighbouring
 * requests rarely wait for the same invoice's lock), each with a receipt number of its own;
 * afterwards the ledger is read back through the gateway to check it still balances.
 */
async function paymentsWorkload(): Promise<void> {
  const invoices: { id: string; due: number }[] = [];
  let after: string | null = null;
  for (;;) {
    const data: any = await graphql(`query($after: String) { invoices(first: 100, after: $after, filter: { status: OPEN }) {
      edges { node { id amountDue { minorUnits currency } } } pageInfo { hasNextPage endCursor } } }`, { after });
    invoices.push(...data.invoices.edges.map((e: any) => ({ id: e.node.id, due: Number(e.node.amountDue.minorUnits), currency: e.node.amountDue.currency })).filter((i: any) => i.currency === 'KES'));
    if (!data.invoices.pageInfo.hasNextPage || invoices.length >= 2000) break;
    after = data.invoices.pageInfo.endCursor;
  }
  if (invoices.length === 0) throw new Error('no open KES invoices in the demo data');
  while (invoices.length > 1 && invoices.length % MEMBER_STRIDE === 0) invoices.pop();
  const run = Date.now().toString(36).toUpperCase();
  let n = 0;
  const body = () => {
    n += 1;
    const invoice = invoices[(n * MEMBER_STRIDE) % invoices.length];
    return JSON.stringify({
      query: `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { paymentNumber status } }`,
      variables: { input: { invoiceId: invoice.id, amount: { amount: '1.00', currency: 'KES' }, method: 'BANK_TRANSFER', externalReference: `BENCH-${run}-${n}` } },
    });
  };
  const outcomes: Record<string, number> = {};
  const onResponse = (text: string) => {
    const status = /"status":"([A-Z_]+)"/.exec(text)?.[1] ?? /"code":"([A-Z_]+)"/.exec(text)?.[1] ?? 'ERROR';
    outcomes[status] = (outcomes[status] ?? 0) + 1;
  };
  const url = `http://127.0.0.1:${PORT}/graphql`;
  await runLoad({ url, body, connections: CONNECTIONS, seconds: 3, headers: bearer(financeOfficer) }); // warm-up
  for (const key of Object.keys(outcomes)) delete outcomes[key];
  const sqlBefore = await sqlStatements(true);
  const load = await runLoad({ url, body, connections: CONNECTIONS, seconds: SECONDS, onResponse, headers: bearer(financeOfficer) });
  const sqlPerPayment = ((await sqlStatements(true)) - sqlBefore) / Math.max(1, load.requests);
  const trial: any = await graphql(`{ trialBalance { isBalanced totalDebits { amount } totalCredits { amount } } }`).catch((error) => ({ error: String(error) }));
  console.log(`\nPayments: ${CONNECTIONS} connections for ${SECONDS} s through the gateway, signed in as the demo finance officer (${invoices.length} open invoices)`);
  console.log(`  payments posted                ${((outcomes.COMPLETED ?? 0) / load.seconds).toFixed(0)} payments/s (p50 ${load.p50.toFixed(1)} ms, p95 ${load.p95.toFixed(1)} ms, p99 ${load.p99.toFixed(1)} ms, ${load.errors} errors)`);
  console.log(`  outcomes                       ${JSON.stringify(outcomes)}`);
  console.log(`  SQL statements per payment     ${sqlPerPayment.toFixed(1)} in all, events included`);
  console.log(`  trial balance afterwards       ${JSON.stringify(trial.trialBalance ?? trial)}`);
}

/**
 * Waits until claims has published `published` decisions in all (its counter since start) and
 * finance has applied every one published; returns when that was seen.
 */
async function financeCaughtUp(published: number, deadline: number): Promise<number> {
  for (;;) {
    const sent = await metric('claims', 'events_published_total', 'claims.claim.decided');
    const applied = await metric('finance', 'events_handled_total', 'claims.claim.decided');
    if (sent >= published && applied >= sent) return Date.now();
    if (Date.now() > deadline) throw new Error(`finance applied ${applied} of ${sent} decisions (${published} expected)`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function pickMember(gateway: string): Promise<string> {
  const response = await fetch(gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(admin) },
    body: JSON.stringify({ query: '{ members(first: 1, filter: { status: ACTIVE, type: PRINCIPAL, search: "MCS1000" }) { edges { node { id } } } }' }),
  });
  const json = (await response.json()) as { data: { members: { edges: { node: { id: string } }[] } } };
  return json.data.members.edges[0].node.id;
}

const benchDataDir = join(__dirname, '..', '..', '.data', `bench-${process.pid}`);

interface Stack {
  processes: ChildProcess[];
  stop?: () => Promise<void>;
}

function startStack(): Promise<Stack> {
  return TOPOLOGY === 'services' ? startServices() : startSingle();
}

async function startSingle(): Promise<Stack> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    // A fresh database each run, so every run measures the same demo data.
    DATA_DIR: process.env.DATA_DIR ?? benchDataDir,
    EMBEDDED_POSTGRES_PORT: '54392',
    DEMO_SCALE,
    ...RATE_LIMITS,
  };
  for (const [name, port] of Object.entries(SUBGRAPH_PORTS)) {
    env[`${name.toUpperCase()}_PORT`] = String(port);
    delete env[`${name.toUpperCase()}_URL`];
  }
  const child = fork(join(__dirname, 'start.js'), [], { env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the supergraph did not start within 180 s')), 180_000);
    child.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => reject(new Error(`the supergraph exited during start-up (code ${code})`)));
  });
  return { processes: [child] };
}

/** The deployed shape: an embedded PostgreSQL here, each subgraph and the gateway a child process, Redis Streams between them. */
async function startServices(): Promise<Stack> {
  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl) throw new Error('BENCH_TOPOLOGY=services joins its processes with Redis Streams: set REDIS_URL');
  const logger = createLogger({ service: 'bench', level: 'error' });
  const postgres = await startEmbeddedPostgres({ dataDir: join(benchDataDir, 'postgres'), port: 54392, logger, persistent: false });
  const streamPrefix = `bench-${process.pid}`;
  const common: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'error', POSTGRES_URL: postgres.url, REDIS_URL: redisUrl, EVENT_STREAM_PREFIX: streamPrefix, ...RATE_LIMITS };
  for (const name of Object.keys(SUBGRAPH_PORTS)) delete common[`${name.toUpperCase()}_URL`];
  const processes = Object.entries(SUBGRAPH_PORTS).map(([name, port]) =>
    fork(join(__dirname, 'start-subgraph.js'), [name], { env: { ...common, DEMO_DATA: 'true', DEMO_SCALE, [`${name.toUpperCase()}_PORT`]: String(port) }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }),
  );
  const urls = Object.fromEntries(Object.entries(SUBGRAPH_PORTS).map(([name, port]) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${port}/graphql`]));
  processes.push(fork(join(__dirname, '..', 'gateway', 'src', 'main.js'), [], { env: { ...common, ...urls, PORT: String(PORT) }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
  const stack: Stack = {
    processes,
    stop: async () => {
      await postgres.stop();
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${streamPrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    },
  };
  const started = Date.now();
  for (const port of [...Object.values(SUBGRAPH_PORTS), PORT]) {
    for (;;) {
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
      if (ready) break;
      if (Date.now() - started > 180_000 || processes.some((p) => p.exitCode !== null)) {
        await stopStack(stack);
        throw new Error(`the service on port ${port} did not become ready`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return stack;
}

async function stopStack(stack: Stack): Promise<void> {
  await Promise.all(
    stack.processes.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGINT');
        }),
    ),
  );
  await stack.stop?.();
  if (!process.env.DATA_DIR) rmSync(benchDataDir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
