import { randomUUID } from 'node:crypto';
import { getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import type { Clock } from '../../../kit/clock';
import type { SubgraphRuntime } from '../../../kit/subgraph';
import { execute, executeOk, staffActor, startTestSubgraph } from '../../../kit/testing';
import { INGESTED_EVENTS } from './ingest/ingest.events';
import type { AnalyticsLoaders } from './loaders';
import { createAnalyticsServices, type AnalyticsServices } from './services';
import { analyticsSubgraph } from './subgraph';
import { claimDecided, decidedEvent, deliver, policyChanged, reversedEvent, testEvent, versionPublished } from './testing';

let runtime: SubgraphRuntime<AnalyticsServices, AnalyticsLoaders>;
beforeAll(async () => {
  runtime = await startTestSubgraph(analyticsSubgraph);
});
afterAll(() => runtime.stop());

const admin = staffActor('test-analytics-admin');
const analyst = staffActor('test-analyst', 'ANALYST');
const piiAnalyst = { ...staffActor('test-pii-analyst', 'ANALYST'), grants: ['PII' as const] };

async function points(metric: string, day: string, currency?: string) {
  const data = await executeOk(
    runtime,
    `query($metric: String!, $day: LocalDate!, $currency: String) { timeSeries(metric: $metric, from: $day, to: $day, currency: $currency) { points { dimension currency value } } }`,
    { metric, day, currency: currency ?? null },
    analyst,
  );
  return Object.fromEntries(data.timeSeries.points.map((p: { dimension: string; value: string }) => [p.dimension, Number(p.value)]));
}

describe('claims series', () => {
  it('computes the auto-adjudication rate and turnaround of a worked example, whatever the order and however often events come', async () => {
    const day = '2026-03-02';
    // A: engine approves 20 s after submission. C: engine denies 40 s after. B: engine pends, an officer approves 3 h later.
    const a = claimDecided({ submittedAt: `${day}T06:00:00Z`, decidedAt: `${day}T06:00:20Z`, payableMinor: 10_000 });
    const c = claimDecided({ submittedAt: `${day}T07:00:00Z`, decidedAt: `${day}T07:00:40Z`, decision: 'DENIED', payableMinor: 0 });
    // Pended claims carry the provisional amount the engine computed: not payable until approved.
    const bPended = claimDecided({ submittedAt: `${day}T06:00:00Z`, decidedAt: `${day}T06:00:10Z`, decision: 'PENDED', payableMinor: 5_000 });
    const bReviewed = { ...bPended, decidedAt: `${day}T09:00:00Z`, decision: 'APPROVED' as const, decidedBy: 'REVIEW' as const, payableMinor: 5_000 };
    // D: pended and not yet reviewed.
    const d = claimDecided({ submittedAt: `${day}T08:00:00Z`, decidedAt: `${day}T08:00:05Z`, decision: 'PENDED', payableMinor: 4_000 });
    const events = [decidedEvent(a), decidedEvent(c), decidedEvent(bReviewed), decidedEvent(bPended), decidedEvent(d)];
    // The review's decision arrives before the engine's pend it followed; every event also comes twice.
    for (const event of events) await deliver(runtime, event);
    for (const event of events) expect(await deliver(runtime, event)).toBe(false);

    expect(await points('claims.by-status', day)).toEqual({ APPROVED: 2, DENIED: 1, PENDED: 1 });
    expect(await points('claims.decided', day)).toEqual({ '': 3 });
    expect(await points('claims.decided.automatically', day)).toEqual({ '': 2 });
    // 2 of 3: 6666.67 bps, rounded half up.
    expect(await points('claims.auto-adjudication-rate', day)).toEqual({ '': 6667 });
    // (20 + 40 + 10800) s over 3 claims.
    expect(await points('claims.turnaround.total-seconds', day)).toEqual({ '': 10_860 });
    expect(await points('claims.turnaround.average-seconds', day)).toEqual({ '': 3620 });
    expect(await points('claims.payable', day, 'KES')).toEqual({ '': 15_000 });
    expect(await points('claims.payable.by-provider', day, 'KES')).toEqual({ [a.providerId]: 10_000, [c.providerId]: 0, [bPended.providerId]: 5_000, [d.providerId]: 0 });

    const { analyticsSummary } = await executeOk(
      runtime,
      `query { analyticsSummary(from: "${day}", to: "${day}", currency: "KES") { claimsDecided claimsDecidedAutomatically autoAdjudicationRateBps averageTurnaroundSeconds claimsPayable { minorUnits } } }`,
      {},
      analyst,
    );
    expect(analyticsSummary).toEqual({ claimsDecided: 3, claimsDecidedAutomatically: 2, autoAdjudicationRateBps: 6667, averageTurnaroundSeconds: 3620, claimsPayable: { minorUnits: '15000' } });
  });

  it('counts claims by benefit and by provider', async () => {
    const day = '2026-03-05';
    const provider = randomUUID();
    await deliver(runtime, decidedEvent(claimDecided({ providerId: provider, decidedAt: `${day}T08:00:00Z`, benefitCategory: 'DENTAL', payableMinor: 3_000 })));
    await deliver(runtime, decidedEvent(claimDecided({ providerId: provider, decidedAt: `${day}T09:00:00Z`, benefitCategory: 'OUTPATIENT', payableMinor: 4_000 })));
    expect(await points('claims.by-benefit', day)).toEqual({ DENTAL: 1, OUTPATIENT: 1 });
    expect(await points('claims.payable.by-benefit', day, 'KES')).toEqual({ DENTAL: 3_000, OUTPATIENT: 4_000 });
    expect(await points('claims.by-provider', day)).toEqual({ [provider]: 2 });
    expect(await points('claims.payable.by-provider', day, 'KES')).toEqual({ [provider]: 7_000 });
  });

  it('subtracts a reversed claim once, even when the reversal comes first or twice', async () => {
    const day = '2026-03-10';
    const kept = claimDecided({ decidedAt: `${day}T08:00:00Z`, payableMinor: 7_000 });
    const reversed = claimDecided({ decidedAt: `${day}T08:00:00Z`, payableMinor: 10_000 });
    const early = claimDecided({ decidedAt: `${day}T08:00:00Z`, payableMinor: 2_000 });
    await deliver(runtime, decidedEvent(kept));
    await deliver(runtime, decidedEvent(reversed));
    expect(await points('claims.payable', day, 'KES')).toEqual({ '': 17_000 });
    // Claims may publish the same reversal twice (two events, two ids): still one subtraction.
    await deliver(runtime, reversedEvent(reversed.claimId, `${day}T10:00:00Z`));
    await deliver(runtime, reversedEvent(reversed.claimId, `${day}T10:00:00Z`));
    // A reversal delivered before the decision it reverses.
    await deliver(runtime, reversedEvent(early.claimId, `${day}T11:00:00Z`));
    await deliver(runtime, decidedEvent(early));
    expect(await points('claims.payable', day, 'KES')).toEqual({ '': 7_000 });
    expect(await points('claims.by-status', day)).toEqual({ APPROVED: 1, REVERSED: 2 });
  });

  it('refuses a series of an unknown metric or an inverted span, naming the field', async () => {
    const result = await execute(runtime, `query { timeSeries(metric: "claims.nope", from: "2026-03-02", to: "2026-03-01") { from } }`, {}, analyst);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(result.errors?.[0].extensions?.violations).toEqual([
      expect.objectContaining({ field: 'metric', rule: 'known' }),
      expect.objectContaining({ field: 'to', rule: 'notBeforeFrom' }),
    ]);
  });
});

describe('premiums and loss ratio', () => {
  it('values paid invoices at the policy premium, even when the payment comes before the policy, and divides claims payable by them', async () => {
    const day = '2026-04-07';
    const policy = policyChanged({ premiumMinor: 20_000 });
    await deliver(runtime, testEvent(INGESTED_EVENTS.INVOICE_PAID, { invoiceId: randomUUID(), policyId: policy.id, paidAt: `${day}T09:00:00Z` }));
    expect(await points('premiums.paid', day, 'KES')).toEqual({});
    await deliver(runtime, testEvent(INGESTED_EVENTS.POLICY_CHANGED, policy));
    expect(await points('premiums.paid', day, 'KES')).toEqual({ '': 20_000 });
    // A stale version of the policy changes nothing.
    await deliver(runtime, testEvent(INGESTED_EVENTS.POLICY_CHANGED, { ...policy, version: 0, premiumMinor: 1 }));
    await deliver(runtime, decidedEvent(claimDecided({ decidedAt: `${day}T10:00:00Z`, payableMinor: 5_000 })));
    expect(await points('loss-ratio', day, 'KES')).toEqual({ '': 2_500 });
    const { analyticsSummary } = await executeOk(runtime, `query { analyticsSummary(from: "${day}", to: "${day}") { premiumsPaid { minorUnits } lossRatioBps lossRatioBasis } }`, {}, analyst);
    expect(analyticsSummary).toMatchObject({ premiumsPaid: { minorUnits: '20000' }, lossRatioBps: 2_500 });
    expect(analyticsSummary.lossRatioBasis).toMatch(/^paid/);
  });

  it('values a paid invoice at the premium finance says it billed, a prorated one included', async () => {
    const day = '2026-04-08';
    const policy = policyChanged({ premiumMinor: 20_000 });
    await deliver(runtime, testEvent(INGESTED_EVENTS.POLICY_CHANGED, policy));
    await deliver(runtime, testEvent(INGESTED_EVENTS.INVOICE_PAID, { invoiceId: randomUUID(), policyId: policy.id, netPremiumMinor: 13_548, currency: 'KES', paidAt: `${day}T09:00:00Z` }));
    expect(await points('premiums.paid', day, 'KES')).toEqual({ '': 13_548 });
  });

  it('counts an invoice re-opened and paid again once, on the day of its latest payment, whatever the order', async () => {
    const [first, second] = ['2026-04-09', '2026-04-10'];
    const policy = policyChanged({ premiumMinor: 20_000 });
    await deliver(runtime, testEvent(INGESTED_EVENTS.POLICY_CHANGED, policy));
    const invoiceId = randomUUID();
    const paid = (day: string) => testEvent(INGESTED_EVENTS.INVOICE_PAID, { invoiceId, policyId: policy.id, netPremiumMinor: 20_000, currency: 'KES', paidAt: `${day}T09:00:00Z` });
    await deliver(runtime, paid(first));
    expect(await points('premiums.paid', first, 'KES')).toEqual({ '': 20_000 });
    // Re-opened and paid again: the payment moves to its new day.
    await deliver(runtime, paid(second));
    expect(await points('premiums.paid', first, 'KES')).toEqual({});
    expect(await points('premiums.paid', second, 'KES')).toEqual({ '': 20_000 });
    // The first payment's event delivered again late (a new id) changes nothing.
    await deliver(runtime, paid(first));
    expect(await points('premiums.paid', first, 'KES')).toEqual({});
    expect(await points('premiums.paid', second, 'KES')).toEqual({ '': 20_000 });
  });
});

describe('utilisation alerts', () => {
  const ALERTS = `query($subjectId: ID) { alerts(subjectId: $subjectId, first: 50) { edges { node { subjectType thresholdPct limitPeriod status consumed { minorUnits } limit { minorUnits } rule { id } } } } }`;

  it('raises one alert per threshold crossed, never twice however often events are delivered', async () => {
    const version = versionPublished();
    const benefitId = version.benefits[0].id;
    const { createAlertRule: rule } = await executeOk(runtime, `mutation { createAlertRule(input: { name: "Members near their limit ${randomUUID()}", subjectType: MEMBER }) { id thresholdsPct } }`, {}, admin);
    await deliver(runtime, testEvent(INGESTED_EVENTS.SCHEME_VERSION_PUBLISHED, version));
    const memberId = randomUUID();
    const claim = (payableMinor: number, at: string) =>
      decidedEvent(claimDecided({ memberId, schemeVersionId: version.id, payableMinor, decidedAt: at, lines: [{ lineNumber: 1, payableMinor, benefitId }] }));
    // This rule's alerts only: other tests' rules share the database.
    const thresholds = async () =>
      (await executeOk(runtime, ALERTS, { subjectId: memberId }, piiAnalyst)).alerts.edges
        .filter((e: { node: { rule: { id: string } } }) => e.node.rule.id === rule.id)
        .map((e: { node: { thresholdPct: number } }) => e.node.thresholdPct)
        .sort((a: number, b: number) => a - b);

    const first = claim(72_000, '2026-05-01T08:00:00Z');
    await deliver(runtime, first);
    expect(await thresholds()).toEqual([70]);

    // Redelivered through the inbox, and past it (a replay the inbox forgot), and concurrently.
    await deliver(runtime, first);
    await runtime.dataSource.transaction((manager) => runtime.services.ingest.ingest(manager, { ...first, id: randomUUID() }));
    const second = claim(14_000, '2026-05-02T08:00:00Z');
    await Promise.all([deliver(runtime, second), deliver(runtime, second), deliver(runtime, { ...second, id: randomUUID() })]);
    expect(await thresholds()).toEqual([70, 85]);

    await deliver(runtime, claim(20_000, '2026-05-03T08:00:00Z'));
    expect(await thresholds()).toEqual([70, 85, 95, 100]);
    const { alerts } = await executeOk(runtime, ALERTS, { subjectId: memberId }, piiAnalyst);
    expect(alerts.edges[0].node).toMatchObject({ subjectType: 'MEMBER', limitPeriod: '2026-01-01', status: 'OPEN', limit: { minorUnits: '100000' } });

    const { limitUtilisation } = await executeOk(
      runtime,
      `query($id: ID) { limitUtilisation(subjectType: MEMBER, subjectId: $id) { benefitId consumed { minorUnits } utilisationBps } }`,
      { id: memberId },
      piiAnalyst,
    );
    expect(limitUtilisation).toEqual([{ benefitId, consumed: { minorUnits: '106000' }, utilisationBps: 10_600 }]);
  });

  it('measures a scheme against its limit times the lives it covers, limits arriving after the claims', async () => {
    const version = versionPublished();
    const benefitId = version.benefits[0].id;
    await executeOk(runtime, `mutation { createAlertRule(input: { name: "Scheme ${randomUUID()}", subjectType: SCHEME, thresholdsPct: [50] }) { id } }`, {}, admin);
    const holders = [randomUUID(), randomUUID()];
    for (const holder of holders) {
      await deliver(runtime, testEvent(INGESTED_EVENTS.POLICY_CHANGED, policyChanged({ schemeId: version.schemeId, schemeVersionId: version.id, coveredMembers: [{ memberId: holder, coveredFrom: '2026-01-01', coveredTo: '2026-12-31' }] })));
    }
    await deliver(runtime, decidedEvent(claimDecided({ memberId: holders[0], schemeVersionId: version.id, payableMinor: 100_000, lines: [{ lineNumber: 1, payableMinor: 100_000, benefitId }] })));
    // The scheme's limits were not known yet; now they are.
    await deliver(runtime, testEvent(INGESTED_EVENTS.SCHEME_VERSION_PUBLISHED, version));
    const { alerts } = await executeOk(runtime, ALERTS, { subjectId: version.schemeId }, analyst);
    expect(alerts.edges.map((e: { node: unknown }) => e.node)).toEqual([
      expect.objectContaining({ subjectType: 'SCHEME', thresholdPct: 50, limitPeriod: '2026', consumed: { minorUnits: '100000' }, limit: { minorUnits: '200000' } }),
    ]);
  });

  it('counts towards a scheme year only the lives whose cover overlaps it', async () => {
    const version = versionPublished();
    const benefitId = version.benefits[0].id;
    await deliver(runtime, testEvent(INGESTED_EVENTS.SCHEME_VERSION_PUBLISHED, version));
    const policy = (coveredFrom: string, coveredTo: string, status = 'ACTIVE') =>
      testEvent(INGESTED_EVENTS.POLICY_CHANGED, policyChanged({ schemeId: version.schemeId, schemeVersionId: version.id, status, coveredMembers: [{ memberId: randomUUID(), coveredFrom, coveredTo }] }));
    await deliver(runtime, policy('2026-01-01', '2026-12-31'));
    // Cancelled in March: it covered part of 2026, so it counts.
    await deliver(runtime, policy('2026-01-01', '2026-03-31', 'CANCELLED'));
    // Ended before the year, starts after it, or never began: none counts.
    await deliver(runtime, policy('2025-01-01', '2025-12-31'));
    await deliver(runtime, policy('2027-01-01', '2027-12-31'));
    await deliver(runtime, policy('2026-02-01', '2026-01-31'));
    await deliver(runtime, decidedEvent(claimDecided({ schemeVersionId: version.id, payableMinor: 50_000, lines: [{ lineNumber: 1, payableMinor: 50_000, benefitId }] })));
    const { limitUtilisation } = await executeOk(
      runtime,
      `query($id: ID) { limitUtilisation(subjectType: SCHEME, subjectId: $id) { limitPeriod limit { minorUnits } } }`,
      { id: version.schemeId },
      analyst,
    );
    expect(limitUtilisation).toEqual([{ limitPeriod: '2026', limit: { minorUnits: '200000' } }]);
  });

  it('misses no threshold two concurrent claims cross together', async () => {
    const version = versionPublished();
    const benefitId = version.benefits[0].id;
    await deliver(runtime, testEvent(INGESTED_EVENTS.SCHEME_VERSION_PUBLISHED, version));
    const { createAlertRule: rule } = await executeOk(runtime, `mutation { createAlertRule(input: { name: "Race ${randomUUID()}", subjectType: MEMBER, thresholdsPct: [70] }) { id } }`, {}, admin);
    const memberId = randomUUID();
    // 40 % each, on different days so nothing but the benefit makes them take turns.
    const claim = (at: string) => decidedEvent(claimDecided({ memberId, schemeVersionId: version.id, payableMinor: 40_000, decidedAt: at, lines: [{ lineNumber: 1, payableMinor: 40_000, benefitId }] }));

    // Step 1: the first claim is applied and evaluated, but its transaction stays open.
    const first = runtime.dataSource.createQueryRunner();
    await first.connect();
    await first.startTransaction();
    try {
      await runtime.services.ingest.ingest(first.manager, claim('2026-05-10T08:00:00Z'));
      // Step 2: the second is taken in meanwhile; it must wait to see the first before it evaluates.
      const second = runtime.dataSource.transaction((manager) => runtime.services.ingest.ingest(manager, claim('2026-05-11T08:00:00Z')));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await first.commitTransaction();
      await second;
    } finally {
      await first.release();
    }
    const { alerts } = await executeOk(runtime, ALERTS, { subjectId: memberId }, piiAnalyst);
    // This test's rule only: the other tests' rules watch members too.
    const ours = alerts.edges.filter((e: { node: { rule: { id: string } } }) => e.node.rule.id === rule.id);
    expect(ours.map((e: { node: { thresholdPct: number } }) => e.node.thresholdPct)).toEqual([70]);
  });

  it('evaluates only the subjects an event touched, not every member of the benefit', async () => {
    const version = versionPublished();
    const benefitId = version.benefits[0].id;
    await deliver(runtime, testEvent(INGESTED_EVENTS.SCHEME_VERSION_PUBLISHED, version));
    await executeOk(runtime, `mutation { createAlertRule(input: { name: "Scope ${randomUUID()}", subjectType: MEMBER, thresholdsPct: [50] }) { id } }`, {}, admin);
    // A member past the threshold whose facts no event touches (written directly, on a day no event has, and removed at the end).
    const untouched = claimDecided({ schemeVersionId: version.id, payableMinor: 90_000, decidedAt: '2026-05-13T08:00:00Z' });
    await runtime.dataSource.query(
      `INSERT INTO claim_facts (claim_id, member_id, provider_id, scheme_version_id, benefit_category, benefit_period_start, decided_at, decided_on, decision, decided_by, currency, payable_minor)
       VALUES ($1, $2, $3, $4, 'OUTPATIENT', '2026-01-01', $5, '2026-05-13', 'APPROVED', 'ENGINE', 'KES', 90000)`,
      [untouched.claimId, untouched.memberId, untouched.providerId, version.id, untouched.decidedAt],
    );
    await runtime.dataSource.query(`INSERT INTO claim_line_facts (claim_id, line_number, benefit_id, payable_minor) VALUES ($1, 1, $2, 90000)`, [untouched.claimId, benefitId]);
    const touched = randomUUID();
    await deliver(runtime, decidedEvent(claimDecided({ memberId: touched, schemeVersionId: version.id, payableMinor: 60_000, decidedAt: '2026-05-12T09:00:00Z', lines: [{ lineNumber: 1, payableMinor: 60_000, benefitId }] })));
    const alertsOf = async (subjectId: string) => (await executeOk(runtime, ALERTS, { subjectId }, piiAnalyst)).alerts.edges.length;
    expect(await alertsOf(touched)).toBeGreaterThan(0);
    expect(await alertsOf(untouched.memberId)).toBe(0);
    // Facts no event produced would not survive a rebuild.
    await runtime.dataSource.query(`DELETE FROM claim_facts WHERE claim_id = $1`, [untouched.claimId]);
  });

  it('shows an analyst without the PII grant scheme utilisation only, in queries, alerts and the utilisation report', async () => {
    const version = versionPublished();
    const benefitId = version.benefits[0].id;
    await deliver(runtime, testEvent(INGESTED_EVENTS.SCHEME_VERSION_PUBLISHED, version));
    const memberId = randomUUID();
    await deliver(runtime, testEvent(INGESTED_EVENTS.POLICY_CHANGED, policyChanged({ schemeId: version.schemeId, schemeVersionId: version.id, coveredMembers: [{ memberId, coveredFrom: '2026-01-01', coveredTo: '2026-12-31' }] })));
    await deliver(runtime, decidedEvent(claimDecided({ memberId, schemeVersionId: version.id, payableMinor: 99_000, lines: [{ lineNumber: 1, payableMinor: 99_000, benefitId }] })));
    const UTILISATION = `query($type: UtilisationSubject!, $id: ID) { limitUtilisation(subjectType: $type, subjectId: $id) { subjectType subjectId } }`;

    for (const type of ['MEMBER', 'POLICY']) {
      const refused = await execute(runtime, UTILISATION, { type, id: null }, analyst);
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const alerts = await execute(runtime, `query($type: UtilisationSubject) { alerts(subjectType: $type) { edges { node { id } } } }`, { type }, analyst);
      expect(alerts.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect((await executeOk(runtime, UTILISATION, { type: 'SCHEME', id: version.schemeId }, analyst)).limitUtilisation).toEqual([{ subjectType: 'SCHEME', subjectId: version.schemeId }]);
    const unfiltered = await executeOk(runtime, `query { alerts(first: 100) { edges { node { subjectType } } } }`, {}, analyst);
    expect(unfiltered.alerts.edges.length).toBeGreaterThan(0);
    expect(new Set(unfiltered.alerts.edges.map((e: { node: { subjectType: string } }) => e.node.subjectType))).toEqual(new Set(['SCHEME']));

    // With the grant, or as an administrator, the member's own use shows.
    expect((await executeOk(runtime, UTILISATION, { type: 'MEMBER', id: memberId }, piiAnalyst)).limitUtilisation).toEqual([{ subjectType: 'MEMBER', subjectId: memberId }]);
    expect((await executeOk(runtime, ALERTS, { subjectId: memberId }, piiAnalyst)).alerts.edges.length).toBeGreaterThan(0);

    const { createReportDefinition } = await executeOk(runtime, `mutation { createReportDefinition(input: { name: "Utilisation ${randomUUID()}", kind: UTILISATION, rangeDays: 1 }) { id } }`, {}, admin);
    const RUN = `mutation($id: ID!) { runReport(input: { definitionId: $id }) { id csv } }`;
    const { runReport } = await executeOk(runtime, RUN, { id: createReportDefinition.id }, analyst);
    expect(runReport.csv).toContain(`SCHEME,${version.schemeId},`);
    expect(runReport.csv).not.toContain(memberId);
    expect(runReport.csv).not.toMatch(/^(MEMBER|POLICY),/m);
    const { reportRun } = await executeOk(runtime, `query($id: ID!) { reportRun(id: $id) { csv } }`, { id: runReport.id }, admin);
    expect(reportRun.csv).toContain(`MEMBER,${memberId},`);
  });

  it('refuses thresholds out of range, naming the field; only an administrator manages rules and acknowledges alerts', async () => {
    const bad = await execute(runtime, `mutation { createAlertRule(input: { name: "x", subjectType: MEMBER, thresholdsPct: [70, 70] }) { id } }`, {}, admin);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'thresholdsPct', rule: 'thresholds' });
    const refused = await execute(runtime, `mutation { createAlertRule(input: { name: "x", subjectType: MEMBER }) { id } }`, {}, analyst);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('reports', () => {
  it('runs a report on demand, keeps the run in its history and exports it as CSV', async () => {
    const day = '2026-06-03';
    await deliver(runtime, decidedEvent(claimDecided({ decidedAt: `${day}T08:00:00Z`, benefitCategory: 'DENTAL' })));
    const { createReportDefinition } = await executeOk(
      runtime,
      `mutation { createReportDefinition(input: { name: "Claims by status", kind: METRIC_SERIES, metric: "claims.by-status", rangeDays: 7 }) { id schedule nextRunAt } }`,
      {},
      admin,
    );
    expect(createReportDefinition).toMatchObject({ schedule: 'NONE', nextRunAt: null });
    // Analysts run reports themselves.
    const { runReport } = await executeOk(
      runtime,
      `mutation($id: ID!) { runReport(input: { definitionId: $id, from: "${day}", to: "${day}" }) { id status trigger rowCount parameters { from to } startedAt finishedAt requestedBy csv } }`,
      { id: createReportDefinition.id },
      analyst,
    );
    expect(runReport).toMatchObject({ status: 'SUCCEEDED', trigger: 'ON_DEMAND', rowCount: 1, parameters: { from: day, to: day }, requestedBy: analyst.id });
    expect(runReport.csv).toBe(`day,metric,dimension,currency,value\r\n${day},claims.by-status,APPROVED,,1\r\n`);
    const { reportDefinition } = await executeOk(runtime, `query($id: ID!) { reportDefinition(id: $id) { runs { id status } } }`, { id: createReportDefinition.id }, analyst);
    expect(reportDefinition.runs).toEqual([{ id: runReport.id, status: 'SUCCEEDED' }]);
  });

  it('runs a scheduled report once per slot, even when two schedulers race', async () => {
    const { createReportDefinition } = await executeOk(
      runtime,
      `mutation { createReportDefinition(input: { name: "Daily utilisation", kind: UTILISATION, rangeDays: 1, schedule: DAILY }) { id nextRunAt } }`,
      {},
      admin,
    );
    const slot = new Date(createReportDefinition.nextRunAt);
    const later: Clock = { now: () => new Date(slot.getTime() + 60_000), today: () => slot.toISOString().slice(0, 10) };
    const services = createAnalyticsServices(runtime.dataSource, later);
    await Promise.all([services.reports.runDue(), services.reports.runDue()]);
    await services.reports.runDue();
    const runs = await runtime.dataSource.query(`SELECT trigger, status, scheduled_for FROM report_runs WHERE definition_id = $1`, [createReportDefinition.id]);
    expect(runs).toEqual([{ trigger: 'SCHEDULED', status: 'SUCCEEDED', scheduled_for: slot }]);
    const [definition] = await runtime.dataSource.query(`SELECT next_run_at FROM report_definitions WHERE id = $1`, [createReportDefinition.id]);
    expect(definition.next_run_at).toEqual(new Date(slot.getTime() + 86_400_000));
  });

  it('marks runs left running past the timeout failed before it starts the due ones', async () => {
    const { createReportDefinition } = await executeOk(runtime, `mutation { createReportDefinition(input: { name: "Stuck", kind: UTILISATION, rangeDays: 1 }) { id } }`, {}, admin);
    const now = new Date('2026-06-10T12:00:00Z');
    const clock: Clock = { now: () => now, today: () => '2026-06-10' };
    const started = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
    const insert = `INSERT INTO report_runs (definition_id, trigger, status, parameters, started_at, requested_by) VALUES ($1, 'ON_DEMAND', 'RUNNING', '{"from": "2026-06-09", "to": "2026-06-09"}', $2, 'test') RETURNING id`;
    const [[stuck], [recent]] = [await runtime.dataSource.query(insert, [createReportDefinition.id, started(31)]), await runtime.dataSource.query(insert, [createReportDefinition.id, started(5)])];

    await createAnalyticsServices(runtime.dataSource, clock).reports.runDue();
    const rows = await runtime.dataSource.query(`SELECT id, status, finished_at, error FROM report_runs WHERE id = ANY($1) ORDER BY started_at`, [[stuck.id, recent.id]]);
    expect(rows).toEqual([
      { id: stuck.id, status: 'FAILED', finished_at: now, error: expect.stringMatching(/still running after 30 minutes/) },
      { id: recent.id, status: 'RUNNING', finished_at: null, error: null },
    ]);
  });

  it('refuses a series report of an unknown metric, naming the field', async () => {
    const result = await execute(runtime, `mutation { createReportDefinition(input: { name: "x", kind: METRIC_SERIES, metric: "nope" }) { id } }`, {}, admin);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'metric', rule: 'known' });
  });
});

describe('dashboards', () => {
  const WIDGET = `mutation($input: AddWidgetInput!) { addDashboardWidget(input: $input) { id title type metric lastDays position { x y width height } } }`;

  it('lets an analyst build their own dashboard, validating each widget, but not share it or touch another user’s', async () => {
    const { createDashboard } = await executeOk(runtime, `mutation { createDashboard(input: { name: "My claims" }) { id ownerId shared } }`, {}, analyst);
    expect(createDashboard).toMatchObject({ ownerId: analyst.id, shared: false });
    const widget = { dashboardId: createDashboard.id, title: 'Status', type: 'BAR_CHART', metric: 'claims.by-status', position: { x: 0, y: 0, width: 6, height: 4 } };
    const { addDashboardWidget } = await executeOk(runtime, WIDGET, { input: widget }, analyst);
    expect(addDashboardWidget).toMatchObject({ title: 'Status', lastDays: 30, position: { x: 0, y: 0, width: 6, height: 4 } });

    const overlap = await execute(runtime, WIDGET, { input: { ...widget, position: { x: 4, y: 2, width: 4, height: 2 } } }, analyst);
    expect(overlap.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'position', rule: 'noOverlap' });
    const outside = await execute(runtime, WIDGET, { input: { ...widget, metric: 'nope', position: { x: 8, y: 0, width: 6, height: 2 } } }, analyst);
    expect(outside.errors?.[0].extensions?.violations).toEqual([
      expect.objectContaining({ field: 'metric', rule: 'known' }),
      expect.objectContaining({ field: 'position.width', rule: 'withinGrid' }),
    ]);

    const share = await execute(runtime, `mutation($id: ID!) { updateDashboard(input: { id: $id, shared: true }) { id } }`, { id: createDashboard.id }, analyst);
    expect(share.errors?.[0].extensions).toMatchObject({ field: 'shared', rule: 'adminOnly' });

    const { createDashboard: adminOwn } = await executeOk(runtime, `mutation { createDashboard(input: { name: "Board", shared: true }) { id } }`, {}, admin);
    const touch = await execute(runtime, `mutation($id: ID!) { deleteDashboard(id: $id) }`, { id: adminOwn.id }, analyst);
    expect(touch.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const { dashboards } = await executeOk(runtime, `query { dashboards { id widgets { title } } }`, {}, analyst);
    expect(dashboards).toEqual(expect.arrayContaining([{ id: createDashboard.id, widgets: [{ title: 'Status' }] }, { id: adminOwn.id, widgets: [] }]));
    const other = staffActor('another-analyst', 'ANALYST');
    const { dashboard } = await executeOk(runtime, `query($id: ID!) { dashboard(id: $id) { id } }`, { id: createDashboard.id }, other);
    expect(dashboard).toBeNull();

    expect(await executeOk(runtime, `mutation($id: ID!) { deleteDashboard(id: $id) }`, { id: createDashboard.id }, analyst)).toEqual({ deleteDashboard: true });
  });
});

describe('privacy', () => {
  it('has no field for a name, contact detail, birth date or diagnosis in any analytics type', async () => {
    const { __schema } = await executeOk<IntrospectionQuery>(runtime, getIntrospectionQuery(), {}, admin);
    const personal = /(first|last|full|member|display|contact|holder|provider)name|email|phone|mobile|address|birth|dob|gender|national|passport|diagnos|icd/i;
    const own = new Set(analyticsSubgraph.entities.map((e) => e.name).concat(['LimitUtilisation', 'DataPoint', 'TimeSeries', 'MetricDefinition', 'AnalyticsSummary', 'WidgetPosition', 'ReportParameters']));
    const fields = __schema.types.filter((t) => own.has(t.name) && t.kind === 'OBJECT').flatMap((t) => ('fields' in t ? t.fields.map((f) => `${t.name}.${f.name}`) : []));
    expect(fields.length).toBeGreaterThan(60);
    expect(fields.filter((f) => personal.test(f.split('.')[1]))).toEqual([]);
  });

  it('keeps only the fields it declares of each event, so no contact or birth date reaches its event log', async () => {
    const member = { id: randomUUID(), companyId: null, status: 'ACTIVE', version: 1 };
    const event = testEvent(INGESTED_EVENTS.MEMBER_CHANGED, {
      ...member,
      firstName: 'Wanjiru',
      email: 'wanjiru@example.com',
      phone: '+254700000000',
      dateOfBirth: '1990-01-01',
      memberNumber: 'MBR-1',
    });
    await deliver(runtime, event);
    const [logged] = await runtime.dataSource.query(`SELECT payload FROM event_log WHERE event_id = $1`, [event.id]);
    expect(logged.payload).toEqual(member);
    // Nested lists too: a claim line keeps its number, amount and benefit only.
    const claim = claimDecided({ decidedAt: '2026-07-03T08:00:00Z' });
    const decided = decidedEvent({ ...claim, memberName: 'Wanjiru', lines: claim.lines.map((l) => ({ ...l, diagnosisCode: 'J45' })) } as typeof claim);
    await deliver(runtime, decided);
    const [loggedClaim] = await runtime.dataSource.query(`SELECT payload FROM event_log WHERE event_id = $1`, [decided.id]);
    expect(loggedClaim.payload).toEqual(claim);
    expect(await runtime.dataSource.query(`SELECT status, version FROM member_facts WHERE member_id = $1`, [member.id])).toEqual([{ status: 'ACTIVE', version: 1 }]);
  });

  it('refuses members and lets analysts read but not rebuild', async () => {
    const member = await execute(runtime, `query { metricDefinitions { code } }`, {}, { id: 'user-m', roles: ['MEMBER'], memberId: randomUUID(), family: [], ip: '127.0.0.1' });
    expect(member.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const rebuild = await execute(runtime, `mutation { rebuildAnalytics { eventsReplayed } }`, {}, analyst);
    expect(rebuild.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('rebuild from the event log', () => {
  const snapshot = async () => ({
    points: await runtime.dataSource.query(`SELECT metric, to_char(day, 'YYYY-MM-DD') AS day, dimension, currency, value FROM metric_points ORDER BY 1, 2, 3, 4`),
    claims: await runtime.dataSource.query(`SELECT * FROM claim_facts ORDER BY claim_id`),
    members: await runtime.dataSource.query(`SELECT * FROM member_facts ORDER BY member_id`),
    premiums: await runtime.dataSource.query(`SELECT * FROM premium_payments ORDER BY invoice_id, policy_id`),
    cover: await runtime.dataSource.query(`SELECT * FROM policy_cover_facts ORDER BY policy_id, member_id, covered_from`),
    utilisation: (await executeOk(runtime, `query { limitUtilisation(subjectType: MEMBER) { subjectId benefitId consumed { minorUnits } } }`, {}, admin)).limitUtilisation,
    alerts: await runtime.dataSource.query(`SELECT id FROM alert_instances ORDER BY id`),
  });

  it('gives the same numbers after a rebuild as before', async () => {
    // Some history of its own, on top of what the other tests delivered.
    const claim = claimDecided({ decidedAt: '2026-07-01T08:00:00Z' });
    await deliver(runtime, decidedEvent(claim));
    await deliver(runtime, reversedEvent(claim.claimId, '2026-07-02T08:00:00Z'));
    const before = await snapshot();
    expect(before.points.length).toBeGreaterThan(20);

    // Numbers damaged by hand, so a rebuild that did nothing would not pass.
    await runtime.dataSource.query(`UPDATE metric_points SET value = value + 1`);
    await runtime.dataSource.query(`DELETE FROM claim_facts WHERE claim_id = $1`, [claim.claimId]);
    const { rebuildAnalytics } = await executeOk(runtime, `mutation { rebuildAnalytics { eventsReplayed daysRecomputed } }`, {}, admin);
    expect(rebuildAnalytics.eventsReplayed).toBeGreaterThan(20);

    expect(await snapshot()).toEqual(before);
  });
});
