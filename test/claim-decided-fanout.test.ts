import { today } from '../kit/dates';
import { InProcessEventBus } from '../kit/events/bus';
import { eventually, useOwnTestDatabases } from '../kit/testing';
import { startTestSupergraph, type TestSupergraph } from '../gateway/src/testing';
import { subgraphs } from '../subgraphs';
import { createTestClaimInput } from '../subgraphs/claims/src/testing';
import { FakeReceiver } from '../subgraphs/engagement/src/webhook/fakes';
import { claimableMember } from './covered-family';

// Its runtimes relay their outboxes: this file has databases of its own.
useOwnTestDatabases();

/**
 * One decided claim, many consequences, all through events: engagement notifies the member and
 * delivers a signed webhook, analytics counts the claim and measures the member's benefit against
 * its limit, raising the alert the crossing calls for. Every subgraph runs on one bus, as in
 * `npm start`; the webhook's receiver is the only thing outside the platform.
 */
let supergraph: TestSupergraph;
let receiver: FakeReceiver;

beforeAll(async () => {
  // Engagement's sender runs often enough for a test to see its delivery.
  process.env.ENGAGEMENT_DELIVERY_JOB_MS = '200';
  receiver = await new FakeReceiver(() => Date.now()).start();
  supergraph = await startTestSupergraph(subgraphs, { bus: new InProcessEventBus() });
});
afterAll(async () => {
  await supergraph?.stop();
  await receiver?.close();
});

describe('a claim decided in claims', () => {
  it('produces a notification, a signed webhook delivery, an analytics data point and a utilisation alert', async () => {
    // 1. An external system subscribes to decisions; analytics watches members' benefits from 1% of a limit.
    const { registerWebhookEndpoint } = await supergraph.runOk(
      `mutation($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { secret endpoint { id } } }`,
      { input: { url: receiver.url, eventTypes: ['claims.claim.decided'] } },
    );
    receiver.secret = registerWebhookEndpoint.secret;
    const { createAlertRule } = await supergraph.runOk(
      `mutation($input: CreateAlertRuleInput!) { createAlertRule(input: $input) { id } }`,
      { input: { name: 'Early look at outpatient use', subjectType: 'MEMBER', thresholdsPct: [1] } },
    );

    // 2. A covered member and a licensed provider, each made in its own subgraph, known to claims.
    const { principal, provider } = await claimableMember(supergraph);

    // 3. The claim is submitted through the gateway and decided before the answer.
    const { submitClaim } = await supergraph.runOk(
      `mutation($input: SubmitClaimInput!) { submitClaim(input: $input) { id claimNumber status payable { minorUnits } } }`,
      { input: createTestClaimInput({ memberId: principal.id, providerId: provider.id }) },
    );
    expect(submitClaim.status).toBe('APPROVED');

    // 4. Engagement: the member is told of the decision.
    await eventually(async () => {
      const { notifications } = await supergraph.runOk(`query($m: ID!) { notifications(memberId: $m) { event channel status } }`, { m: principal.id });
      expect(notifications).toEqual(expect.arrayContaining([expect.objectContaining({ event: 'CLAIM_DECIDED' })]));
    }, 15_000);

    // 5. Engagement: the subscriber receives the decision once, signed so that it verifies.
    await eventually(() => {
      const received = receiver.verified.map((body) => JSON.parse(body)).filter((b) => JSON.stringify(b).includes(submitClaim.id));
      expect(received).toHaveLength(1);
    }, 15_000);
    expect(receiver.refused).toBe(0);

    // 6. Analytics: the approved claim is a data point of the day it was decided.
    const day = today();
    await eventually(async () => {
      const { timeSeries } = await supergraph.runOk(
        `query($from: LocalDate!, $to: LocalDate!) { timeSeries(metric: "claims.by-status", from: $from, to: $to, dimension: "APPROVED") { points { day value } } }`,
        { from: day, to: day },
      );
      expect(timeSeries.points.map((p: { value: string }) => Number(p.value)).reduce((a: number, b: number) => a + b, 0)).toBeGreaterThanOrEqual(1);
    }, 15_000);

    // 7. Analytics: the member's benefit is measured against its limit, and the crossing raises the rule's alert once.
    const alert = await eventually(async () => {
      const { alerts } = await supergraph.runOk(
        `query($m: ID!) { alerts(subjectType: MEMBER, subjectId: $m) { edges { node { ruleId thresholdPct status } } } }`,
        { m: principal.id },
      );
      const mine = alerts.edges.map((e: { node: { ruleId: string } }) => e.node).filter((a: { ruleId: string }) => a.ruleId === createAlertRule.id);
      expect(mine).toHaveLength(1);
      return mine[0];
    }, 15_000);
    expect(alert).toEqual({ ruleId: createAlertRule.id, thresholdPct: 1, status: 'OPEN' });
    // The rule would watch every member of later tests' claims too.
    await supergraph.runOk(`mutation($id: ID!) { updateAlertRule(input: { id: $id, active: false }) { id } }`, { id: createAlertRule.id });
  });
});
