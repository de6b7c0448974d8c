import type { Clock } from '../kit/clock';
import { addDays } from '../kit/dates';
import { InProcessEventBus } from '../kit/events/bus';
import type { SubgraphRuntime } from '../kit/subgraph';
import { eventually, executeOk, startTestSubgraph, useOwnTestDatabases } from '../kit/testing';
// The saga spans two subgraphs: the test wires both runtimes to one bus (neither imports the other).
import { readFinanceConfig } from '../subgraphs/finance/src/config';
import { createFinanceServices, type FinanceServices } from '../subgraphs/finance/src/services';
import { financeSubgraph } from '../subgraphs/finance/src/subgraph';
import { payTestInvoice, raiseTestInvoice, type TestInvoice } from '../subgraphs/finance/src/testing';
import { schemesSubgraph } from '../subgraphs/schemes/src/subgraph';
import { activateTestPolicy, createActiveScheme, issueTestPolicy, outboxEventsOf, type TestPolicy } from '../subgraphs/schemes/src/testing';
import { POLICY_CHANGED, type PolicyChangedPayload } from '../subgraphs/schemes/src/policy/policy.events';

// Its runtimes relay their outboxes: this file has databases of its own.
useOwnTestDatabases();

let bus: InProcessEventBus;
let schemes: SubgraphRuntime;
let finance: SubgraphRuntime;
beforeAll(async () => {
  bus = new InProcessEventBus();
  schemes = await startTestSubgraph<unknown, unknown>(schemesSubgraph, { bus });
  finance = await startTestSubgraph<unknown, unknown>(financeSubgraph, { bus });
});
afterAll(async () => {
  await finance.stop();
  await schemes.stop();
  await bus.close();
});

const GRACE_DAYS = readFinanceConfig().gracePeriodDays;

interface PolicyState {
  status: string;
  premiumInArrears: boolean;
  events: { type: string; actorId: string; reason: string; effectiveDate: string }[];
}

async function policyState(policyId: string): Promise<PolicyState> {
  const data = await executeOk(schemes, `query($id: ID!) { policy(id: $id) { status premiumInArrears events { type actorId reason effectiveDate } } }`, {
    id: policyId,
  });
  return data.policy;
}

async function activePolicy(): Promise<TestPolicy> {
  const scheme = await createActiveScheme(schemes);
  const policy = await issueTestPolicy(schemes, scheme.id);
  await activateTestPolicy(schemes, policy.id);
  return policy;
}

/** The January 2026 premium invoice of a policy: issued 1 January, due at the end of the payment terms. */
function januaryInvoice(policy: TestPolicy): Promise<TestInvoice> {
  return raiseTestInvoice(finance, {
    policyId: policy.id,
    billedMemberId: policy.holderMemberId,
    periodStart: '2026-01-01',
    periodEnd: '2026-01-31',
    issueDate: '2026-01-01',
  });
}

function pay(invoice: TestInvoice, amount: string, receivedAt: string) {
  return payTestInvoice(finance, invoice.id, { amount: { amount, currency: 'KES' }, receivedAt });
}

/** Runs finance's overdue job once, as its scheduler would, with business time pinned to `day`. */
async function runOverdueJob(day: string): Promise<void> {
  const clock: Clock = { today: () => day, now: () => new Date(`${day}T06:00:00Z`) };
  const services: FinanceServices = createFinanceServices(finance.dataSource, readFinanceConfig(), clock);
  const [job] = financeSubgraph.jobs!;
  await job.run(services);
}

/** The id of the one event of this type finance recorded about the invoice. */
async function financeEventId(invoiceId: string, type: string): Promise<string> {
  const events = await outboxEventsOf(finance, invoiceId, type);
  expect(events).toHaveLength(1);
  return events[0].id;
}

async function handledBySchemes(eventId: string): Promise<void> {
  const rows = await schemes.dataSource.query('SELECT 1 FROM inbox_events WHERE event_id = $1', [eventId]);
  expect(rows).toHaveLength(1);
}

describe('premium saga (finance → schemes)', () => {
  it('activates the PENDING policy an invoice pays for once a payment clears the invoice, not before', async () => {
    // 1. A PENDING policy and its January invoice, part-paid: nothing is told yet.
    const scheme = await createActiveScheme(schemes);
    const policy = await issueTestPolicy(schemes, scheme.id);
    const invoice = await januaryInvoice(policy);
    await pay(invoice, '1000.00', '2026-01-03T07:00:00.000Z');
    expect(await outboxEventsOf(finance, invoice.id, 'finance.invoice.paid')).toEqual([]);

    // 2. The payment of the rest clears it: finance records finance.invoice.paid in its outbox...
    const remaining = (Number(invoice.total.minorUnits) - 100_000) / 100;
    await pay(invoice, remaining.toFixed(2), '2026-01-05T07:00:00.000Z');
    const [paid] = await outboxEventsOf(finance, invoice.id, 'finance.invoice.paid');
    expect(paid.payload).toEqual({
      invoiceId: invoice.id,
      invoiceNumber: invoice.invoiceNumber,
      policyId: policy.id,
      billedMemberId: policy.holderMemberId,
      netPremiumMinor: Number(invoice.netPremium.minorUnits),
      currency: 'KES',
      paidAt: '2026-01-05T07:00:00.000Z',
    });

    // 3. ...and schemes activates the policy, as finance, naming the invoice.
    const state = await eventually(async () => {
      const current = await policyState(policy.id);
      expect(current.status).toBe('ACTIVE');
      return current;
    });
    expect(state.events.at(-1)).toEqual({
      type: 'ACTIVATED',
      actorId: 'system:finance',
      reason: `Premium invoice ${invoice.invoiceNumber} paid`,
      effectiveDate: '2026-01-05',
    });
    const changes = await outboxEventsOf<PolicyChangedPayload>(schemes, policy.id, POLICY_CHANGED);
    expect(changes.map((c) => c.payload.status)).toEqual(['PENDING', 'ACTIVE']);
  });

  it('suspends an ACTIVE policy for an invoice unpaid past grace, once, and reinstates it when the invoice is paid', async () => {
    // 1. An ACTIVE policy whose January invoice stays unpaid.
    const policy = await activePolicy();
    const invoice = await januaryInvoice(policy);

    // 2. On the last day of grace nothing happens; the day after, the invoice is reported.
    await runOverdueJob(addDays(invoice.dueDate, GRACE_DAYS));
    expect(await outboxEventsOf(finance, invoice.id, 'finance.invoice.overdue')).toEqual([]);
    const pastGrace = addDays(invoice.dueDate, GRACE_DAYS + 3);
    await runOverdueJob(pastGrace);
    const [overdue] = await outboxEventsOf(finance, invoice.id, 'finance.invoice.overdue');
    expect(overdue.payload).toEqual({
      invoiceId: invoice.id,
      invoiceNumber: invoice.invoiceNumber,
      policyId: policy.id,
      billedMemberId: policy.holderMemberId,
      dueDate: invoice.dueDate,
      daysOverdue: GRACE_DAYS + 3,
    });

    // 3. Schemes suspends the policy for arrears.
    const suspended = await eventually(async () => {
      const current = await policyState(policy.id);
      expect(current.status).toBe('SUSPENDED');
      return current;
    });
    expect(suspended.premiumInArrears).toBe(true);
    expect(suspended.events.at(-1)).toMatchObject({ type: 'SUSPENDED', actorId: 'system:finance', effectiveDate: pastGrace });
    expect(suspended.events.at(-1)!.reason).toContain(invoice.invoiceNumber);

    // 4. The job runs again (and later): the invoice is not reported twice, the policy not suspended twice.
    await runOverdueJob(pastGrace);
    await runOverdueJob(addDays(pastGrace, 10));
    expect(await outboxEventsOf(finance, invoice.id, 'finance.invoice.overdue')).toHaveLength(1);
    expect((await policyState(policy.id)).events.filter((e) => e.type === 'SUSPENDED')).toHaveLength(1);

    // 5. Paying the invoice reinstates the policy and clears the arrears.
    const paidOn = addDays(pastGrace, 1);
    await pay(invoice, invoice.total.amount, `${paidOn}T08:00:00.000Z`);
    const reinstated = await eventually(async () => {
      const current = await policyState(policy.id);
      expect(current.status).toBe('ACTIVE');
      return current;
    });
    expect(reinstated.premiumInArrears).toBe(false);
    expect(reinstated.events.at(-1)).toMatchObject({ type: 'REINSTATED', actorId: 'system:finance', effectiveDate: paidOn });
    const changes = await outboxEventsOf<PolicyChangedPayload>(schemes, policy.id, POLICY_CHANGED);
    expect(changes.slice(-2).map((c) => [c.payload.status, c.payload.premiumInArrears])).toEqual([
      ['SUSPENDED', true],
      ['ACTIVE', false],
    ]);
  });

  it('leaves an ACTIVE policy as it is, and one suspended for another reason suspended, when a premium is paid', async () => {
    const active = await activePolicy();
    const held = await activePolicy();
    await executeOk(schemes, `mutation($input: PolicyLifecycleInput!) { suspendPolicy(input: $input) { id } }`, {
      input: { policyId: held.id, reason: 'Fraud investigation', effectiveDate: '2026-01-02' },
    });
    const before = { active: await policyState(active.id), held: await policyState(held.id) };

    for (const policy of [active, held]) {
      const invoice = await januaryInvoice(policy);
      await pay(invoice, invoice.total.amount, '2026-01-04T07:00:00.000Z');
      const eventId = await financeEventId(invoice.id, 'finance.invoice.paid');
      await eventually(() => handledBySchemes(eventId));
    }
    expect(await policyState(active.id)).toEqual(before.active);
    expect(await policyState(held.id)).toEqual(before.held);
    expect(before.held).toMatchObject({ status: 'SUSPENDED', premiumInArrears: false });
  });

  it('skips, without retrying, a change the lifecycle rules refuse', async () => {
    // An invoice of a policy that was never activated goes past grace: only an ACTIVE policy can be suspended.
    const scheme = await createActiveScheme(schemes);
    const pending = await issueTestPolicy(schemes, scheme.id);
    const invoice = await januaryInvoice(pending);
    await runOverdueJob(addDays(invoice.dueDate, GRACE_DAYS + 1));
    const eventId = await financeEventId(invoice.id, 'finance.invoice.overdue');

    await eventually(() => handledBySchemes(eventId));
    expect(await schemes.dataSource.query('SELECT 1 FROM dead_letter_events WHERE event_id = $1', [eventId])).toEqual([]);
    const state = await policyState(pending.id);
    expect(state.status).toBe('PENDING');
    expect(state.events.map((e) => e.type)).toEqual(['ISSUED']);
  });
});
