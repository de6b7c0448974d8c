import { buildDemoPlan } from '../../../demo/plan';
import { startTestSubgraph } from '../../../kit/testing';
import type { SubgraphRuntime } from '../../../kit/subgraph';
import { readFinanceConfig } from './config';
import { billingPeriods, seedFinanceDemo } from './demo';
import { lastDueDatePastGrace } from './invoice/invoice.rules';
import type { FinanceLoaders } from './loaders';
import type { FinanceServices } from './services';
import { financeSubgraph } from './subgraph';

let runtime: SubgraphRuntime<FinanceServices, FinanceLoaders>;
beforeAll(async () => {
  runtime = await startTestSubgraph(financeSubgraph);
});
afterAll(() => runtime.stop());

class RolledBack extends Error {}

/** Seeds the demo inside a transaction, checks the deferred ledger rules, reads a summary, and rolls back. */
async function seedAndSummarise() {
  const plan = buildDemoPlan();
  let summary: Record<string, unknown> = {};
  await runtime.dataSource
    .transaction(async (manager) => {
      await seedFinanceDemo(manager, plan);
      // Fires the deferred balance checks now rather than at a commit that never comes.
      await manager.query('SET CONSTRAINTS ALL IMMEDIATE');
      const policyIds = plan.policies.map((p) => p.id);
      const [counts] = await manager.query(
        `SELECT count(*)::int AS invoices,
                count(*) FILTER (WHERE status = 'PAID')::int AS paid,
                count(*) FILTER (WHERE status = 'OPEN')::int AS open,
                count(*) FILTER (WHERE status = 'PARTIALLY_PAID')::int AS partly_paid,
                count(DISTINCT policy_id)::int AS policies
           FROM invoices WHERE policy_id = ANY($1)`,
        [policyIds],
      );
      const methods = await manager.query(
        `SELECT method, count(*)::int AS n FROM payments p JOIN invoices i ON i.id = p.invoice_id
          WHERE i.policy_id = ANY($1) GROUP BY method ORDER BY method`,
        [policyIds],
      );
      const receipts: { external_reference: string; payer_phone: string | null }[] = await manager.query(
        `SELECT external_reference, payer_phone FROM payments p JOIN invoices i ON i.id = p.invoice_id
          WHERE i.policy_id = ANY($1) AND method = 'MPESA' ORDER BY p.id`,
        [policyIds],
      );
      const [ledger] = await manager.query(
        `SELECT sum(debit_minor)::text AS debits, sum(credit_minor)::text AS credits FROM journal_lines l
           JOIN journal_entries e ON e.id = l.entry_id WHERE e.posted_by LIKE 'system:%'`,
      );
      const [unposted] = await manager.query(
        `SELECT count(*)::int AS n FROM invoices i WHERE i.policy_id = ANY($1)
            AND NOT EXISTS (SELECT 1 FROM journal_entries e WHERE e.source_id = i.id)`,
        [policyIds],
      );
      const suspended = plan.policies.filter((p) => p.status === 'SUSPENDED').map((p) => p.id);
      const arrears: { months: number }[] = await manager.query(
        `SELECT count(*) FILTER (WHERE status = 'OPEN')::int AS months FROM invoices WHERE policy_id = ANY($1) GROUP BY policy_id`,
        [suspended],
      );
      const [collections] = await manager.query(
        `SELECT count(*) FILTER (WHERE overdue_notified_at IS NOT NULL)::int AS reported,
                count(*) FILTER (WHERE overdue_notified_at IS NULL AND status IN ('OPEN', 'PARTIALLY_PAID') AND due_date <= $2)::int AS unreported,
                (SELECT count(*)::int FROM outbox_events o WHERE o.aggregate_id = ANY(array_agg(i.id::text))) AS events
           FROM invoices i WHERE i.policy_id = ANY($1)`,
        [policyIds, lastDueDatePastGrace(plan.asOf, readFinanceConfig().gracePeriodDays)],
      );
      const fingerprint = await manager.query(
        `SELECT i.id, i.net_minor, i.status, i.amount_paid_minor FROM invoices i WHERE i.policy_id = ANY($1) ORDER BY i.id`,
        [policyIds],
      );
      summary = { counts, methods, receipts, ledger, unposted: unposted.n, arrears, suspended: suspended.length, collections, fingerprint };
      throw new RolledBack();
    })
    .catch((error) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  return summary as {
    counts: { invoices: number; paid: number; open: number; partly_paid: number; policies: number };
    methods: { method: string; n: number }[];
    receipts: { external_reference: string; payer_phone: string | null }[];
    ledger: { debits: string; credits: string };
    unposted: number;
    arrears: { months: number }[];
    suspended: number;
    collections: { reported: number; unreported: number; events: number };
    fingerprint: unknown[];
  };
}

describe('finance demo data', () => {
  it('bills every policy monthly, mostly paid, with open, part-paid and arrears, on a ledger that balances, the same every time', async () => {
    const plan = buildDemoPlan();
    const first = await seedAndSummarise();
    expect(first.counts.policies).toBe(plan.policies.length);
    expect(first.counts.invoices).toBeGreaterThan(plan.policies.length * 8);
    expect(first.counts.paid / first.counts.invoices).toBeGreaterThan(0.6);
    expect(first.counts.open).toBeGreaterThan(plan.policies.length / 2);
    expect(first.counts.partly_paid).toBeGreaterThan(0);
    expect(first.methods.map((m) => m.method)).toEqual(['BANK_TRANSFER', 'CARD', 'MPESA']);
    const mpesa = first.methods.find((m) => m.method === 'MPESA')!.n;
    expect(mpesa).toBeGreaterThan(first.methods.reduce((sum, m) => sum + m.n, 0) / 2);
    expect(first.receipts.every((r) => /^U[A-L][1-9A-V][A-Z0-9]{7}$/.test(r.external_reference))).toBe(true);
    expect(first.receipts.every((r) => r.payer_phone && /^\+2547\d{8}$/.test(r.payer_phone))).toBe(true);
    expect(first.ledger.debits).toBe(first.ledger.credits);
    expect(first.unposted).toBe(0);
    expect(first.arrears).toHaveLength(first.suspended);
    expect(first.arrears.every((a) => a.months >= 3)).toBe(true);
    // What was past grace on the plan's day is already reflected in the seeded policies: reported, and no events.
    expect(first.collections.reported).toBeGreaterThan(first.suspended);
    expect(first.collections).toMatchObject({ unreported: 0, events: 0 });

    const second = await seedAndSummarise();
    expect(second.fingerprint).toEqual(first.fingerprint);
    expect(second.receipts).toEqual(first.receipts);
  });
});

describe('billing periods', () => {
  it('bills calendar months, pro rata for a month covered in part', () => {
    expect(billingPeriods('2026-01-01', '2026-03-31', 300_000)).toEqual([
      { periodStart: '2026-01-01', periodEnd: '2026-01-31', netMinor: 300_000 },
      { periodStart: '2026-02-01', periodEnd: '2026-02-28', netMinor: 300_000 },
      { periodStart: '2026-03-01', periodEnd: '2026-03-31', netMinor: 300_000 },
    ]);
    expect(billingPeriods('2026-04-21', '2026-05-10', 300_000)).toEqual([
      { periodStart: '2026-04-21', periodEnd: '2026-04-30', netMinor: 100_000 },
      { periodStart: '2026-05-01', periodEnd: '2026-05-10', netMinor: 96_774 },
    ]);
  });
});
