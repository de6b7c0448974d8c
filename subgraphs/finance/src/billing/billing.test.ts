import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../../kit/clock';
import type { DomainEvent } from '../../../../kit/events/event';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, staffActor, startTestSubgraph } from '../../../../kit/testing';
import { COMMISSION_PAYOUT_APPROVED } from '../commission/commission.subscriptions';
import { readFinanceConfig } from '../config';
import { reopenInvoice } from '../providers/refund/refund.service';
import { checkLedger } from '../ledger/ledger-check';
import { JournalSourceType } from '../ledger/journal-entry.entity';
import { ACCOUNTS, buildPosting } from '../ledger/ledger.rules';
import { postEntry } from '../ledger/ledger.service';
import type { FinanceLoaders } from '../loaders';
import { createFinanceServices, type FinanceServices } from '../services';
import { CLAIM_DECIDED } from '../settlement/settlement.subscriptions';
import { financeSubgraph } from '../subgraph';
import { foreignId, outboxEventsOf, payTestInvoice, raiseTestInvoice } from '../testing';
import { TOKEN_PURCHASE_CANCELLED, TOKEN_PURCHASE_CREATED } from '../token-purchase/token-purchase.subscriptions';
import type { PolicyChanged } from './billing.rules';
import { POLICY_CHANGED } from './billing.subscriptions';

let runtime: SubgraphRuntime<FinanceServices, FinanceLoaders>;
beforeAll(async () => {
  runtime = await startTestSubgraph(financeSubgraph);
});
afterAll(() => runtime.stop());

const config = readFinanceConfig();
const LEAD = config.billingLeadDays;

function servicesOn(day: string): FinanceServices {
  const clock: Clock = { today: () => day, now: () => new Date(`${day}T06:00:00Z`) };
  return createFinanceServices(runtime.dataSource, config, clock);
}

/** Delivers another domain's event to finance's subscriptions, as its consumer would, with business time pinned to `day`. */
async function deliver(type: string, payload: unknown, day = '2026-01-01', occurredAt = new Date().toISOString()): Promise<void> {
  const services = servicesOn(day);
  const event: DomainEvent = { id: randomUUID(), type, source: type.split('.')[0], aggregateId: randomUUID(), occurredAt, payload };
  await runtime.dataSource.transaction(async (manager) => {
    for (const subscription of financeSubgraph.subscriptions!.filter((s) => s.types.includes(type))) await subscription.handle(event, manager, services);
  });
}

let policyCounter = 0;
function policyEvent(overrides: Partial<PolicyChanged> = {}): PolicyChanged {
  policyCounter += 1;
  const holderMemberId = overrides.holderMemberId ?? foreignId();
  const startDate = overrides.startDate ?? '2026-01-01';
  return {
    id: randomUUID(),
    policyNumber: `POL-T${Date.now().toString(36)}${policyCounter}`,
    schemeId: foreignId(),
    schemeVersionId: foreignId(),
    holderMemberId,
    companyId: null,
    startDate,
    endDate: '2026-12-31',
    status: 'ACTIVE',
    premiumInArrears: false,
    coveredMembers: [{ memberId: holderMemberId, coveredFrom: startDate, coveredTo: '2026-12-31' }],
    billingFrequency: 'MONTHLY',
    premiumMinor: 310_000,
    currency: 'KES',
    version: 1,
    ...overrides,
  };
}

interface BilledLine {
  invoice_id: string;
  kind: string;
  period_start: string;
  period_end: string;
  net_minor: string;
}

/** Every live line billing a policy, in period order. */
function linesOf(policyId: string): Promise<BilledLine[]> {
  return runtime.dataSource.query(
    `SELECT l.invoice_id, l.kind, to_char(l.period_start, 'YYYY-MM-DD') AS period_start, to_char(l.period_end, 'YYYY-MM-DD') AS period_end, l.net_minor
       FROM invoice_lines l WHERE l.policy_id = $1 AND NOT l.voided ORDER BY l.period_start, l.kind`,
    [policyId],
  );
}

const periods = (lines: BilledLine[]) => lines.map((l) => [l.period_start, l.period_end, Number(l.net_minor)]);

const INVOICE = `id invoiceNumber kind policyId billedMemberId companyId issueDate dueDate periodStart periodEnd status
  total { minorUnits } lines { lineNumber kind policyId memberId periodStart periodEnd net { minorUnits } }`;

describe('policy billing read model', () => {
  it('keeps the highest version of each policy and ignores stale ones', async () => {
    const policy = policyEvent({ version: 3, premiumMinor: 500_000 });
    await deliver(POLICY_CHANGED, policy);
    await deliver(POLICY_CHANGED, { ...policy, version: 2, premiumMinor: 100_000, companyId: foreignId() });
    const { billingPolicy } = await executeOk(runtime, `query($id: ID!) { billingPolicy(policyId: $id) { version companyId schemeId premium { minorUnits } } }`, {
      id: policy.id,
    });
    expect(billingPolicy).toEqual({ version: 3, companyId: null, schemeId: policy.schemeId, premium: { minorUnits: '500000' } });
  });
});

describe('premium billing run', () => {
  it('raises monthly, quarterly and annual periods anchored on the start date, lead days ahead, and never twice', async () => {
    const monthly = policyEvent();
    const quarterly = policyEvent({ billingFrequency: 'QUARTERLY', premiumMinor: 900_000 });
    const annual = policyEvent({ billingFrequency: 'ANNUAL', premiumMinor: 3_600_000, startDate: '2026-01-15' });
    for (const p of [monthly, quarterly, annual]) await deliver(POLICY_CHANGED, p);
    const asOf = '2026-04-01';
    const run = await executeOk(runtime, `mutation($asOf: LocalDate) { runPremiumBilling(asOf: $asOf) { asOf invoicesRaised linesRaised invoices { ${INVOICE} } } }`, { asOf });
    expect(run.runPremiumBilling.asOf).toBe(asOf);

    expect(periods(await linesOf(monthly.id))).toEqual([
      ['2026-01-01', '2026-01-31', 310_000],
      ['2026-02-01', '2026-02-28', 310_000],
      ['2026-03-01', '2026-03-31', 310_000],
      ['2026-04-01', '2026-04-30', 310_000],
    ]);
    expect(periods(await linesOf(quarterly.id))).toEqual([
      ['2026-01-01', '2026-03-31', 900_000],
      ['2026-04-01', '2026-06-30', 900_000],
    ]);
    // The annual period is cut by the policy's end date: 351 of its 365 days.
    expect(periods(await linesOf(annual.id))).toEqual([['2026-01-15', '2026-12-31', 3_461_918]]);

    // An individual policy's period is its own one-line invoice, addressed to the holder, VAT and terms from config.
    const april = run.runPremiumBilling.invoices.find((i: { policyId: string; periodStart: string }) => i.policyId === monthly.id && i.periodStart === '2026-04-01');
    expect(april).toMatchObject({
      kind: 'PREMIUM',
      billedMemberId: monthly.holderMemberId,
      companyId: null,
      issueDate: asOf,
      status: 'OPEN',
      total: { minorUnits: String(310_000 + Math.round((310_000 * config.vatRateBps) / 10_000)) },
      lines: [{ lineNumber: 1, kind: 'PREMIUM', policyId: monthly.id, memberId: monthly.holderMemberId, periodStart: '2026-04-01', periodEnd: '2026-04-30', net: { minorUnits: '310000' } }],
    });
    expect(april.dueDate).toBe(new Date(Date.parse(`${asOf}T00:00:00Z`) + config.paymentTermsDays * 86_400_000).toISOString().slice(0, 10));

    // The next run bills nothing new; a later one only the periods that have come within the lead days.
    await servicesOn(asOf).billing.run(asOf);
    expect(await linesOf(monthly.id)).toHaveLength(4);
    await servicesOn('2026-04-24').billing.run('2026-04-24');
    expect((await linesOf(monthly.id)).map((l) => l.period_start).slice(-1)).toEqual([LEAD >= 7 ? '2026-05-01' : '2026-04-01']);
    expect(await linesOf(quarterly.id)).toHaveLength(2);
  });

  it('raises each period once when two runs race', async () => {
    const policy = policyEvent({ startDate: '2026-02-01' });
    await deliver(POLICY_CHANGED, policy);
    const results = await Promise.allSettled([servicesOn('2026-05-01').billing.run('2026-05-01'), servicesOn('2026-05-01').billing.run('2026-05-01')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect((await linesOf(policy.id)).map((l) => l.period_start)).toEqual(['2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01']);
  });

  it('bills a cancelled policy up to its last day of cover, pro rata, and no further', async () => {
    const policy = policyEvent({ premiumMinor: 280_000 });
    await deliver(POLICY_CHANGED, policy);
    await deliver(POLICY_CHANGED, { ...policy, version: 2, status: 'CANCELLED', cancellationDate: '2026-02-14' });
    await servicesOn('2026-06-01').billing.run('2026-06-01');
    expect(periods(await linesOf(policy.id))).toEqual([
      ['2026-01-01', '2026-01-31', 280_000],
      ['2026-02-01', '2026-02-14', 140_000],
    ]);
  });
});

describe('group invoices per employer', () => {
  it('bills an employer\'s policies on one invoice, a line each, and clearing it tells schemes once per policy', async () => {
    const companyId = foreignId();
    const first = policyEvent({ companyId, premiumMinor: 200_000 });
    const second = policyEvent({ companyId, premiumMinor: 300_000, startDate: '2026-01-10' });
    await deliver(POLICY_CHANGED, first);
    await deliver(POLICY_CHANGED, second);
    await servicesOn('2026-01-05').billing.run('2026-01-05');

    const { invoices } = await executeOk(runtime, `query($c: ID!) { invoices(filter: { companyId: $c }) { edges { node { ${INVOICE} } } } }`, { c: companyId });
    expect(invoices.edges).toHaveLength(1);
    const invoice = invoices.edges[0].node;
    expect(invoice).toMatchObject({ kind: 'PREMIUM', companyId, policyId: null, billedMemberId: null, periodStart: '2026-01-01', periodEnd: '2026-02-09' });
    expect(invoice.lines.map((l: { policyId: string; periodStart: string; net: { minorUnits: string } }) => [l.policyId, l.periodStart, l.net.minorUnits])).toEqual([
      [first.id, '2026-01-01', '200000'],
      [second.id, '2026-01-10', '300000'],
    ]);
    const byPolicy = await executeOk(runtime, `query($p: ID!) { invoices(filter: { policyId: $p }) { edges { node { id } } } }`, { p: second.id });
    expect(byPolicy.invoices.edges).toEqual([{ node: { id: invoice.id } }]);

    // The employer pays the one bill: each policy on it gets its own finance.invoice.paid.
    const total = (Number(invoice.total.minorUnits) / 100).toFixed(2);
    await payTestInvoice(runtime, invoice.id, { amount: { amount: total, currency: 'KES' }, receivedAt: '2026-01-20T08:00:00.000Z' });
    const paid = await outboxEventsOf(runtime, invoice.id, 'finance.invoice.paid');
    expect(paid.map((e) => e.payload)).toEqual([
      // Each policy's own share of the bill: its month's premium, before VAT.
      { invoiceId: invoice.id, invoiceNumber: invoice.invoiceNumber, policyId: first.id, billedMemberId: first.holderMemberId, netPremiumMinor: first.premiumMinor, currency: 'KES', paidAt: '2026-01-20T08:00:00.000Z' },
      { invoiceId: invoice.id, invoiceNumber: invoice.invoiceNumber, policyId: second.id, billedMemberId: second.holderMemberId, netPremiumMinor: second.premiumMinor, currency: 'KES', paidAt: '2026-01-20T08:00:00.000Z' },
    ]);
    expect(new Set(paid.map((e) => e.id)).size).toBe(2);
  });

  it('reports an employer\'s invoice unpaid past grace once per policy on it', async () => {
    const companyId = foreignId();
    const policies = [policyEvent({ companyId }), policyEvent({ companyId, premiumMinor: 150_000 })];
    for (const p of policies) await deliver(POLICY_CHANGED, p);
    await servicesOn('2026-01-01').billing.run('2026-01-01');
    const [invoice] = await runtime.dataSource.query(`SELECT id, due_date FROM invoices WHERE company_id = $1`, [companyId]);
    const pastGrace = new Date(invoice.due_date.getTime() + (config.gracePeriodDays + 2) * 86_400_000).toISOString().slice(0, 10);
    await servicesOn(pastGrace).invoices.reportOverdue();
    const overdue = await outboxEventsOf(runtime, invoice.id, 'finance.invoice.overdue');
    expect(overdue.map((e) => e.payload.policyId).sort()).toEqual(policies.map((p) => p.id).sort());
  });
});

describe('proration of mid-period changes', () => {
  it('charges a member added mid-period, credits one removed, and credits nothing for a cancellation on the last day', async () => {
    const policy = policyEvent({ startDate: '2026-03-01' });
    await deliver(POLICY_CHANGED, policy);
    await servicesOn('2026-03-01').billing.run('2026-03-01');
    const [march] = await linesOf(policy.id);
    const spouse = { memberId: foreignId(), coveredFrom: '2026-03-22', coveredTo: '2026-12-31' };

    // 1. A spouse joins on 22 March: KES 620 more a month, for 10 of March's 31 days.
    const added = { ...policy, version: 2, premiumMinor: 372_000, coveredMembers: [...policy.coveredMembers, spouse] };
    await deliver(POLICY_CHANGED, added, '2026-03-22');
    await deliver(POLICY_CHANGED, added, '2026-03-22');
    const afterAdd = await linesOf(policy.id);
    expect(periods(afterAdd)).toEqual([
      ['2026-03-01', '2026-03-31', 310_000],
      ['2026-03-22', '2026-03-31', 20_000],
    ]);
    expect(afterAdd[1].kind).toBe('SUPPLEMENTARY');
    const { invoice: supplementary } = await executeOk(runtime, `query($id: ID!) { invoice(id: $id) { kind policyId total { minorUnits } } }`, { id: afterAdd[1].invoice_id });
    expect(supplementary).toMatchObject({ kind: 'SUPPLEMENTARY', policyId: policy.id });

    // 2. The spouse leaves after 26 March: 5 days of the extra premium are credited, the invoices stay as they were.
    const removed = { ...added, version: 3, premiumMinor: 310_000, coveredMembers: [...policy.coveredMembers, { ...spouse, coveredTo: '2026-03-26' }] };
    await deliver(POLICY_CHANGED, removed, '2026-03-27');
    const notes = await executeOk(
      runtime,
      `query($p: ID!) { creditNotes(policyId: $p) { id creditNoteNumber invoiceId periodStart periodEnd net { minorUnits } total { minorUnits } policyVersion journalEntryId } }`,
      { p: policy.id },
    );
    expect(notes.creditNotes).toHaveLength(1);
    const [note] = notes.creditNotes;
    expect(note).toMatchObject({ invoiceId: march.invoice_id, periodStart: '2026-03-27', periodEnd: '2026-03-31', net: { minorUnits: '10000' }, policyVersion: 3 });
    expect(note.creditNoteNumber).toMatch(/^CN-2026-\d{6}$/);
    // The invoice's lines stay as billed; what it owes drops by the credit.
    const { invoice: original } = await executeOk(
      runtime,
      `query($id: ID!) { invoice(id: $id) { status total { minorUnits } netPremium { minorUnits } credited { minorUnits } amountDue { minorUnits } } }`,
      { id: march.invoice_id },
    );
    const marchTotal = 310_000 + Math.round((310_000 * config.vatRateBps) / 10_000);
    expect(original).toEqual({
      status: 'OPEN',
      total: { minorUnits: String(marchTotal) },
      netPremium: { minorUnits: '310000' },
      credited: { minorUnits: note.total.minorUnits },
      amountDue: { minorUnits: String(marchTotal - Number(note.total.minorUnits)) },
    });
    const entry = await executeOk(
      runtime,
      `query($id: ID!) { journalEntries(filter: { sourceId: $id }) { edges { node { sourceType reversesEntryId lines { account { code } debit { minorUnits } credit { minorUnits } } } } } }`,
      { id: note.id },
    );
    expect(entry.journalEntries.edges).toHaveLength(1);
    const posted = entry.journalEntries.edges[0].node;
    expect(posted.sourceType).toBe('CREDIT_NOTE');
    const debits = posted.lines.reduce((s: number, l: { debit: { minorUnits: string } }) => s + Number(l.debit.minorUnits), 0);
    const credits = posted.lines.reduce((s: number, l: { credit: { minorUnits: string } }) => s + Number(l.credit.minorUnits), 0);
    expect(debits).toBe(credits);
    expect(posted.lines[0]).toEqual({ account: { code: ACCOUNTS.PREMIUM_INCOME }, debit: { minorUnits: '10000' }, credit: { minorUnits: '0' } });
    expect(posted.lines.at(-1)).toEqual({ account: { code: ACCOUNTS.PREMIUMS_RECEIVABLE }, debit: { minorUnits: '0' }, credit: { minorUnits: note.total.minorUnits } });

    // 3. Cancelled with the last day of cover on the last day of the invoiced period: nothing to credit.
    await deliver(POLICY_CHANGED, { ...removed, version: 4, status: 'CANCELLED', cancellationDate: '2026-03-31' }, '2026-03-28');
    expect((await executeOk(runtime, `query($p: ID!) { creditNotes(policyId: $p) { id } }`, { p: policy.id })).creditNotes).toHaveLength(1);
  });

  it('credits the rest of the period when a policy is cancelled mid-period', async () => {
    const policy = policyEvent({ startDate: '2026-04-01', premiumMinor: 300_000 });
    await deliver(POLICY_CHANGED, policy);
    await servicesOn('2026-04-01').billing.run('2026-04-01');
    await deliver(POLICY_CHANGED, { ...policy, version: 2, status: 'CANCELLED', cancellationDate: '2026-04-20' }, '2026-04-21');
    const notes = await executeOk(runtime, `query($p: ID!) { creditNotes(policyId: $p) { periodStart net { minorUnits } } }`, { p: policy.id });
    expect(notes.creditNotes).toEqual([{ periodStart: '2026-04-21', net: { minorUnits: '100000' } }]);
  });
});

describe('token purchases', () => {
  it('invoices a purchase to the company once, and its payment tells tokens, not schemes', async () => {
    const purchase = {
      purchaseId: randomUUID(),
      walletId: randomUUID(),
      companyId: foreignId(),
      packageCode: 'PACK-100',
      tokens: 100,
      amountMinor: 250_000,
      currency: 'KES',
      createdAt: '2026-02-03T09:00:00.000Z',
    };
    await deliver(TOKEN_PURCHASE_CREATED, purchase);
    await deliver(TOKEN_PURCHASE_CREATED, purchase);
    const { invoices } = await executeOk(
      runtime,
      `query($c: ID!) { invoices(filter: { companyId: $c }) { edges { node { id invoiceNumber kind tokenPurchaseId policyId billedMemberId issueDate total { amount minorUnits }
        journalEntries { sourceType lines { account { code } debit { minorUnits } credit { minorUnits } } } } } } }`,
      { c: purchase.companyId },
    );
    expect(invoices.edges).toHaveLength(1);
    const invoice = invoices.edges[0].node;
    expect(invoice).toMatchObject({ kind: 'TOKEN_PURCHASE', tokenPurchaseId: purchase.purchaseId, policyId: null, billedMemberId: null, issueDate: '2026-02-03' });
    expect(invoice.journalEntries[0].sourceType).toBe('TOKEN_PURCHASE_INVOICE');
    expect(invoice.journalEntries[0].lines.map((l: { account: { code: string } }) => l.account.code)).toEqual([ACCOUNTS.PREMIUMS_RECEIVABLE, ACCOUNTS.DEFERRED_TOKEN_REVENUE]);

    await payTestInvoice(runtime, invoice.id, { amount: { amount: invoice.total.amount, currency: 'KES' }, receivedAt: '2026-02-04T10:00:00.000Z' });
    expect(await outboxEventsOf(runtime, invoice.id, 'finance.invoice.paid')).toEqual([]);
    const [paid] = await outboxEventsOf(runtime, invoice.id, 'finance.token-purchase.paid');
    expect(paid.payload).toEqual({
      purchaseId: purchase.purchaseId,
      invoiceId: invoice.id,
      invoiceNumber: invoice.invoiceNumber,
      amountMinor: Number(invoice.total.minorUnits),
      currency: 'KES',
      paidAt: '2026-02-04T10:00:00.000Z',
    });
  });

  it('voids the invoice of a purchase given up unpaid, mirroring its raising entry, and keeps one with money against it', async () => {
    const purchase = (companyId: string) => ({
      purchaseId: randomUUID(),
      walletId: randomUUID(),
      companyId,
      packageCode: 'PACK-100',
      tokens: 100,
      amountMinor: 250_000,
      currency: 'KES',
      createdAt: '2026-02-03T09:00:00.000Z',
    });
    const cancellation = (p: { purchaseId: string; walletId: string; companyId: string }) => ({
      purchaseId: p.purchaseId,
      walletId: p.walletId,
      companyId: p.companyId,
      status: 'EXPIRED',
      reason: 'unpaid for 72 hours',
      cancelledAt: '2026-02-06T09:00:00.000Z',
    });
    const invoiceOf = async (purchaseId: string) =>
      (
        await runtime.dataSource.query(
          `SELECT i.id, i.status, i.void_reason,
                  (SELECT array_agg(e.source_type ORDER BY e.entry_number) FROM journal_entries e WHERE e.source_id = i.id) AS entries,
                  (SELECT sum(l.debit_minor - l.credit_minor)::int FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
                    WHERE e.source_id = i.id AND l.account_code = '${ACCOUNTS.DEFERRED_TOKEN_REVENUE}') AS deferred_net
             FROM invoices i WHERE i.token_purchase_id = $1`,
          [purchaseId],
        )
      )[0];

    // Unpaid: voided once (the second delivery finds it void), the deferred revenue back to zero.
    const unpaid = purchase(foreignId());
    await deliver(TOKEN_PURCHASE_CREATED, unpaid);
    await deliver(TOKEN_PURCHASE_CANCELLED, cancellation(unpaid));
    await deliver(TOKEN_PURCHASE_CANCELLED, cancellation(unpaid));
    expect(await invoiceOf(unpaid.purchaseId)).toMatchObject({
      status: 'VOID',
      void_reason: 'Token purchase expired unpaid: unpaid for 72 hours',
      entries: ['TOKEN_PURCHASE_INVOICE', 'INVOICE_VOID'],
      deferred_net: 0,
    });

    // Part paid: kept as it is.
    const partPaid = purchase(foreignId());
    await deliver(TOKEN_PURCHASE_CREATED, partPaid);
    const kept = await invoiceOf(partPaid.purchaseId);
    await payTestInvoice(runtime, kept.id, { amount: { amount: '100.00', currency: 'KES' }, receivedAt: '2026-02-04T10:00:00.000Z' });
    await deliver(TOKEN_PURCHASE_CANCELLED, cancellation(partPaid));
    expect(await invoiceOf(partPaid.purchaseId)).toMatchObject({ status: 'PARTIALLY_PAID', entries: ['TOKEN_PURCHASE_INVOICE'] });
    expect(await checkLedger(runtime.dataSource.manager)).toEqual([]);
  });
});

describe('commission payouts', () => {
  const PAY = `mutation($id: ID!, $ref: String!) { payCommissionPayout(payoutId: $id, bankReference: $ref) { id status bankReference amount { minorUnits } paymentEntryId } }`;

  it('accrues an approved payout once, pays it once, and refuses a second payment with another reference', async () => {
    const approved = {
      payoutId: randomUUID(),
      agentId: randomUUID(),
      agentCode: 'AGT-0042',
      agentName: 'Wanjiku Kamau',
      periodStart: '2026-01-01',
      periodEnd: '2026-01-31',
      amountMinor: 1_234_500,
      currency: 'KES',
      approvedAt: '2026-02-02T07:00:00.000Z',
    };
    await deliver(COMMISSION_PAYOUT_APPROVED, approved);
    await deliver(COMMISSION_PAYOUT_APPROVED, approved);
    const accrual = await runtime.dataSource.query(
      `SELECT l.account_code, l.debit_minor, l.credit_minor FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
        WHERE e.source_id = $1 AND e.source_type = 'COMMISSION_ACCRUAL' ORDER BY l.line_number`,
      [approved.payoutId],
    );
    expect(accrual).toEqual([
      { account_code: ACCOUNTS.COMMISSION_EXPENSE, debit_minor: '1234500', credit_minor: '0' },
      { account_code: ACCOUNTS.COMMISSIONS_PAYABLE, debit_minor: '0', credit_minor: '1234500' },
    ]);
    const listed = await executeOk(runtime, `query($a: ID!) { commissionDisbursements(agentId: $a) { id status agentCode } }`, { a: approved.agentId });
    expect(listed.commissionDisbursements).toEqual([{ id: approved.payoutId, status: 'ACCRUED', agentCode: 'AGT-0042' }]);

    const analyst = await execute(runtime, PAY, { id: approved.payoutId, ref: 'FT26033ABCDE' }, staffActor('analyst-1', 'ANALYST'));
    expect(analyst.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const first = await executeOk(runtime, PAY, { id: approved.payoutId, ref: 'FT26033ABCDE' });
    const second = await executeOk(runtime, PAY, { id: approved.payoutId, ref: 'FT26033ABCDE' });
    expect(first.payCommissionPayout).toMatchObject({ status: 'PAID', bankReference: 'FT26033ABCDE', amount: { minorUnits: '1234500' } });
    expect(second.payCommissionPayout.paymentEntryId).toBe(first.payCommissionPayout.paymentEntryId);
    const other = await execute(runtime, PAY, { id: approved.payoutId, ref: 'FT26034XXXXX' });
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'payoutId' });

    const events = await outboxEventsOf(runtime, approved.payoutId, 'finance.commission-payout.paid');
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({ payoutId: approved.payoutId, agentId: approved.agentId, amountMinor: 1_234_500, currency: 'KES', bankReference: 'FT26033ABCDE' });
    const payments = await runtime.dataSource.query(`SELECT count(*)::int AS n FROM journal_entries WHERE source_id = $1 AND source_type = 'COMMISSION_PAYMENT'`, [approved.payoutId]);
    expect(payments).toEqual([{ n: 1 }]);
  });
});

describe('multi-currency', () => {
  const RATE = `mutation($input: RecordExchangeRateInput!) { recordExchangeRate(input: $input) { fromCurrency toCurrency rate effectiveFrom } }`;

  it('records the rate on each foreign-currency line at posting, and a later rate never changes it', async () => {
    const recorded = await executeOk(runtime, RATE, { input: { fromCurrency: 'usd', rate: '129.5', effectiveFrom: '2026-01-01' } });
    expect(recorded.recordExchangeRate).toEqual({ fromCurrency: 'USD', toCurrency: 'KES', rate: '129.5', effectiveFrom: '2026-01-01' });
    const purchase = { purchaseId: randomUUID(), walletId: randomUUID(), companyId: foreignId(), packageCode: 'PACK-USD', tokens: 10, amountMinor: 10_000, currency: 'USD', createdAt: '2026-03-01T09:00:00.000Z' };
    await deliver(TOKEN_PURCHASE_CREATED, purchase);
    const linesQuery = `SELECT l.account_code, l.fx_rate::text AS rate, l.functional_currency, l.functional_debit_minor, l.functional_credit_minor
        FROM invoices i JOIN journal_entries e ON e.source_id = i.id JOIN journal_lines l ON l.entry_id = e.id
       WHERE i.token_purchase_id = $1 ORDER BY l.line_number`;
    const before = await runtime.dataSource.query(linesQuery, [purchase.purchaseId]);
    expect(before.map((l: { rate: string; functional_debit_minor: string; functional_credit_minor: string; functional_currency: string }) => [
      Number(l.rate), l.functional_currency, l.functional_debit_minor, l.functional_credit_minor,
    ])).toEqual([
      [129.5, 'KES', '1295000', '0'],
      [129.5, 'KES', '0', '1295000'],
    ]);

    // A new rate from a later day, and the same day refused: the posted amounts stay as they were.
    await executeOk(runtime, RATE, { input: { fromCurrency: 'USD', rate: '140', effectiveFrom: '2026-02-01' } });
    const sameDay = await execute(runtime, RATE, { input: { fromCurrency: 'USD', rate: '150', effectiveFrom: '2026-02-01' } });
    expect(sameDay.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'effectiveFrom' });
    expect(await runtime.dataSource.query(linesQuery, [purchase.purchaseId])).toEqual(before);
    const { exchangeRates } = await executeOk(runtime, `{ exchangeRates(fromCurrency: "USD") { rate effectiveFrom } }`);
    expect(exchangeRates).toEqual([{ rate: '140', effectiveFrom: '2026-02-01' }, { rate: '129.5', effectiveFrom: '2026-01-01' }]);
  });

  it('balances each entry in the functional currency, however its lines round', async () => {
    await executeOk(runtime, RATE, { input: { fromCurrency: 'CHF', rate: '129.5', effectiveFrom: '2026-01-01' } });
    const sourceId = randomUUID();
    // CHF 0.03 is KES 3.885 but each CHF 0.01 is KES 1.295: rounded line by line, credits would exceed debits.
    await runtime.dataSource.transaction((manager) =>
      postEntry(
        manager,
        buildPosting({
          entryDate: '2026-03-01',
          description: 'Rounding test',
          sourceType: JournalSourceType.CLAIM_SETTLEMENT,
          sourceId,
          lines: [
            { account: ACCOUNTS.BANK, debitMinor: 3, creditMinor: 0, currency: 'CHF' },
            ...[1, 2, 3].map(() => ({ account: ACCOUNTS.CLAIMS_PAYABLE, debitMinor: 0, creditMinor: 1, currency: 'CHF' })),
          ],
        }),
        'test',
      ),
    );
    const [sums] = await runtime.dataSource.query(
      `SELECT sum(l.functional_debit_minor)::int AS debits, sum(l.functional_credit_minor)::int AS credits
         FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.source_id = $1`,
      [sourceId],
    );
    expect(sums).toEqual({ debits: 388, credits: 388 });
  });

  it('refuses a posting in a currency with no known rate, naming the currency, and keeps nothing', async () => {
    const purchase = { purchaseId: randomUUID(), walletId: randomUUID(), companyId: foreignId(), packageCode: 'PACK-EUR', tokens: 10, amountMinor: 10_000, currency: 'EUR', createdAt: '2026-03-01T09:00:00.000Z' };
    await expect(deliver(TOKEN_PURCHASE_CREATED, purchase)).rejects.toThrow(/no EUR→KES exchange rate/);
    expect(await runtime.dataSource.query(`SELECT id FROM invoices WHERE token_purchase_id = $1`, [purchase.purchaseId])).toEqual([]);
    const bad = await execute(runtime, RATE, { input: { fromCurrency: 'EU', toCurrency: 'KES', rate: '-1', effectiveFrom: '2026-02-01' } });
    expect(bad.errors?.[0].extensions?.violations).toEqual([
      expect.objectContaining({ field: 'fromCurrency', rule: 'CURRENCY_CODE' }),
      expect.objectContaining({ field: 'rate', rule: 'POSITIVE_DECIMAL' }),
    ]);
    const same = await execute(runtime, RATE, { input: { fromCurrency: 'KES', rate: '1', effectiveFrom: '2026-02-01' } });
    expect(same.errors?.[0].extensions?.violations).toEqual([expect.objectContaining({ field: 'toCurrency', rule: 'DIFFERENT_CURRENCY' })]);
  });
});

describe('receivables ageing', () => {
  it('ages what a debtor owed on a day by days past due, counting only payments received by then', async () => {
    const companyId = foreignId();
    const raise = (issueDate: string) => raiseTestInvoice(runtime, { companyId, issueDate, periodStart: issueDate, periodEnd: issueDate });
    const notDue = await raise('2026-06-15'); // due 15 July
    const day30 = await raise('2026-05-01'); // due 31 May: 30 days past on 30 June
    const day31 = await raise('2026-04-30'); // due 30 May: 31 days past
    const day92 = await raise('2026-02-28'); // due 30 March: 92 days past
    await raise('2026-07-01'); // issued after the day: not owed yet
    await payTestInvoice(runtime, day30.id, { amount: { amount: '1000.00', currency: 'KES' }, receivedAt: '2026-06-10T08:00:00.000Z' });
    await payTestInvoice(runtime, day31.id, { amount: { amount: '4500.00', currency: 'KES' }, receivedAt: '2026-07-02T08:00:00.000Z' });
    expect([notDue, day30, day31, day92].map((i) => i.dueDate)).toEqual(['2026-07-15', '2026-05-31', '2026-05-30', '2026-03-30']);

    const { receivablesAgeing } = await executeOk(
      runtime,
      `query($c: ID!) { receivablesAgeing(asOf: "2026-06-30", companyId: $c) {
        currencies { currency notYetDue { amount } days1To30 { amount } days31To60 { amount } days61To90 { amount } over90 { amount } total { amount } }
        debtors { companyId memberId total { amount } } } }`,
      { c: companyId },
    );
    expect(receivablesAgeing.currencies).toEqual([
      {
        currency: 'KES',
        notYetDue: { amount: '4500.00' },
        days1To30: { amount: '3500.00' },
        days31To60: { amount: '4500.00' },
        days61To90: { amount: '0.00' },
        over90: { amount: '4500.00' },
        total: { amount: '17000.00' },
      },
    ]);
    expect(receivablesAgeing.debtors).toEqual([{ companyId, memberId: null, total: { amount: '17000.00' } }]);
  });
});

describe('financial report', () => {
  it('reports premiums written and earned, claims incurred and paid, and the exact loss ratio of a scheme', async () => {
    // A KES 3,100 monthly policy billed for January; a KES 500 claim decided on 5 January and paid to the provider on 7 January.
    const policy = policyEvent({ startDate: '2026-01-01' });
    await deliver(POLICY_CHANGED, policy);
    await servicesOn('2026-01-01').billing.run('2026-01-01');
    const providerId = foreignId();
    await deliver(CLAIM_DECIDED, {
      claimId: randomUUID(),
      claimNumber: `CLM-2026-R${policyCounter}`,
      memberId: policy.holderMemberId,
      providerId,
      decision: 'APPROVED',
      currency: 'KES',
      payableMinor: 50_000,
      memberResponsibilityMinor: 0,
      decidedAt: '2026-01-05T08:00:00.000Z',
    });
    // The provider is paid on 7 January; paying again finds nothing left to pay.
    const paid = await servicesOn('2026-01-07').settlements.pay('2026-01-31', providerId, 'test');
    expect(paid.map((s) => [s.status, s.paymentReference?.slice(0, 9)])).toEqual([['PAID', 'SPY-2026-']]);
    expect(await servicesOn('2026-01-08').settlements.pay('2026-01-31', providerId, 'test')).toEqual([]);
    const payment = await runtime.dataSource.query(
      `SELECT l.account_code, l.debit_minor, l.credit_minor FROM journal_lines l WHERE l.entry_id = $1 ORDER BY l.line_number`,
      [paid[0].paymentEntryId],
    );
    expect(payment).toEqual([
      { account_code: ACCOUNTS.CLAIMS_PAYABLE, debit_minor: '50000', credit_minor: '0' },
      { account_code: ACCOUNTS.BANK, debit_minor: '0', credit_minor: '50000' },
    ]);
    const officerOnly = await execute(runtime, `mutation { paySettlements(upTo: "2026-01-31") { id } }`, {}, staffActor('analyst-1', 'ANALYST'));
    expect(officerOnly.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const { financialReport } = await executeOk(
      runtime,
      `{ financialReport(from: "2026-01-01", to: "2026-01-10", groupBy: SCHEME) { groupBy rows { groupId currency premiumsWritten { minorUnits }
          premiumsEarned { minorUnits } claimsIncurred { minorUnits } claimsPaid { minorUnits } lossRatioBps lossRatio } } }`,
    );
    expect(financialReport.groupBy).toBe('SCHEME');
    expect(financialReport.rows.filter((r: { groupId: string }) => r.groupId === policy.schemeId)).toEqual([
      {
        groupId: policy.schemeId,
        currency: 'KES',
        premiumsWritten: { minorUnits: '310000' },
        premiumsEarned: { minorUnits: '100000' },
        claimsIncurred: { minorUnits: '50000' },
        claimsPaid: { minorUnits: '50000' },
        lossRatioBps: 5000,
        lossRatio: '0.5000',
      },
    ]);
    const bad = await execute(runtime, `{ financialReport(from: "2026-02-01", to: "2026-01-01") { groupBy } }`);
    expect(bad.errors?.[0].extensions?.violations).toEqual([expect.objectContaining({ field: 'to', rule: 'AFTER_FROM' })]);
  });

  it('counts a claim as incurred on the day of the care, not the day it was decided', async () => {
    // Care on 27 February, decided on 3 March: February's claim.
    const policy = policyEvent({ startDate: '2026-01-01' });
    await deliver(POLICY_CHANGED, policy);
    await deliver(CLAIM_DECIDED, {
      claimId: randomUUID(),
      claimNumber: `CLM-2026-S${policyCounter}`,
      memberId: policy.holderMemberId,
      providerId: foreignId(),
      serviceDate: '2026-02-27',
      decision: 'APPROVED',
      currency: 'KES',
      payableMinor: 72_000,
      memberResponsibilityMinor: 0,
      decidedAt: '2026-03-03T08:00:00.000Z',
    });
    const incurred = async (from: string, to: string) => {
      const { financialReport } = await executeOk(runtime, `query($from: LocalDate!, $to: LocalDate!) {
        financialReport(from: $from, to: $to, groupBy: SCHEME) { rows { groupId claimsIncurred { minorUnits } } } }`, { from, to });
      return financialReport.rows.find((r: { groupId: string }) => r.groupId === policy.schemeId)?.claimsIncurred.minorUnits ?? '0';
    };
    expect(await incurred('2026-02-01', '2026-02-28')).toBe('72000');
    expect(await incurred('2026-03-01', '2026-03-31')).toBe('0');
  });
});

const INVOICE_STATE = `query($id: ID!) { invoice(id: $id) { status total { minorUnits } amountPaid { minorUnits } credited { minorUnits } amountDue { minorUnits } } }`;
const NOTES = `query($p: ID!) { creditNotes(policyId: $p) { id total { minorUnits } applied { minorUnits } heldAsCredit { minorUnits } } }`;

async function invoiceState(id: string) {
  return (await executeOk(runtime, INVOICE_STATE, { id })).invoice;
}

/** Pays `minor` KES of an invoice by M-Pesa. */
function payKes(invoiceId: string, minor: number, receivedAt: string) {
  return payTestInvoice(runtime, invoiceId, { amount: { amount: (minor / 100).toFixed(2), currency: 'KES' }, receivedAt });
}

describe('credit notes against what an invoice owes', () => {
  it('lowers an unpaid invoice\'s amount due and its ageing from the day of the note, and refuses to void it', async () => {
    const policy = policyEvent({ startDate: '2026-04-01', premiumMinor: 300_000 });
    await deliver(POLICY_CHANGED, policy);
    await servicesOn('2026-04-01').billing.run('2026-04-01');
    const [april] = await linesOf(policy.id);
    const total = Number((await invoiceState(april.invoice_id)).total.minorUnits);

    await deliver(POLICY_CHANGED, { ...policy, version: 2, status: 'CANCELLED', cancellationDate: '2026-04-20' }, '2026-04-21');
    const [note] = (await executeOk(runtime, NOTES, { p: policy.id })).creditNotes;
    const credited = Number(note.total.minorUnits);
    expect(note).toMatchObject({ applied: note.total, heldAsCredit: { minorUnits: '0' } });
    expect(await invoiceState(april.invoice_id)).toEqual({
      status: 'OPEN',
      total: { minorUnits: String(total) },
      amountPaid: { minorUnits: '0' },
      credited: { minorUnits: String(credited) },
      amountDue: { minorUnits: String(total - credited) },
    });

    const ageing = async (asOf: string) =>
      (await executeOk(runtime, `query($m: ID!, $d: LocalDate!) { receivablesAgeing(asOf: $d, memberId: $m) { currencies { total { minorUnits } } } }`, { m: policy.holderMemberId, d: asOf }))
        .receivablesAgeing.currencies;
    expect(await ageing('2026-04-20')).toEqual([{ total: { minorUnits: String(total) } }]);
    expect(await ageing('2026-04-21')).toEqual([{ total: { minorUnits: String(total - credited) } }]);

    const voided = await execute(runtime, `mutation($input: VoidInvoiceInput!) { voidInvoice(input: $input) { id } }`, { input: { invoiceId: april.invoice_id, reason: 'raised in error' } });
    expect(voided.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect(voided.errors?.[0].message).toMatch(/credit notes against it/);
  });

  it('holds a credit on a paid invoice as the payer\'s credit balance', async () => {
    const policy = policyEvent({ startDate: '2026-05-01', premiumMinor: 300_000 });
    await deliver(POLICY_CHANGED, policy);
    await servicesOn('2026-05-01').billing.run('2026-05-01');
    const [may] = await linesOf(policy.id);
    const total = Number((await invoiceState(may.invoice_id)).total.minorUnits);
    await payKes(may.invoice_id, total, '2026-05-02T08:00:00.000Z');

    await deliver(POLICY_CHANGED, { ...policy, version: 2, status: 'CANCELLED', cancellationDate: '2026-05-20' }, '2026-05-21');
    const [note] = (await executeOk(runtime, NOTES, { p: policy.id })).creditNotes;
    expect(note).toMatchObject({ applied: { minorUnits: '0' }, heldAsCredit: note.total });
    expect(await invoiceState(may.invoice_id)).toMatchObject({ status: 'PAID', credited: { minorUnits: '0' }, amountDue: { minorUnits: '0' } });
    const lines = await runtime.dataSource.query(
      `SELECT l.account_code, l.debit_minor, l.credit_minor FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.source_id = $1 ORDER BY l.line_number`,
      [note.id],
    );
    expect(lines.at(-1)).toEqual({ account_code: ACCOUNTS.PAYER_CREDIT_BALANCES, debit_minor: '0', credit_minor: note.total.minorUnits });
    expect(lines.some((l: { account_code: string }) => l.account_code === ACCOUNTS.PREMIUMS_RECEIVABLE)).toBe(false);
  });

  it('settles a part-paid invoice with a credit, holds what is left over, and tells schemes the invoice is paid', async () => {
    const policy = policyEvent({ startDate: '2026-06-01', premiumMinor: 310_000 });
    await deliver(POLICY_CHANGED, policy);
    await servicesOn('2026-06-01').billing.run('2026-06-01');
    const [june] = await linesOf(policy.id);
    const total = Number((await invoiceState(june.invoice_id)).total.minorUnits);
    await payKes(june.invoice_id, total - 60_000, '2026-06-03T08:00:00.000Z');

    // 20 of June's 30 days credited: more than the 600.00 still owed.
    await deliver(POLICY_CHANGED, { ...policy, version: 2, status: 'CANCELLED', cancellationDate: '2026-06-10' }, '2026-06-11');
    const [note] = (await executeOk(runtime, NOTES, { p: policy.id })).creditNotes;
    expect(note.applied).toEqual({ minorUnits: '60000' });
    expect(Number(note.heldAsCredit.minorUnits)).toBe(Number(note.total.minorUnits) - 60_000);
    expect(await invoiceState(june.invoice_id)).toMatchObject({ status: 'PAID', credited: { minorUnits: '60000' }, amountDue: { minorUnits: '0' } });
    const paid = await outboxEventsOf(runtime, june.invoice_id, 'finance.invoice.paid');
    expect(paid.map((e) => e.payload.policyId)).toEqual([policy.id]);
  });
});

describe('invoice events per occurrence', () => {
  it('tells schemes again when an invoice re-opened by a refund is paid again', async () => {
    const invoice = await raiseTestInvoice(runtime);
    await payTestInvoice(runtime, invoice.id, { receivedAt: '2026-03-05T08:00:00.000Z' });
    // A refund or a lost chargeback takes the money back off the invoice.
    await runtime.dataSource.transaction((manager) => reopenInvoice(manager, invoice.id, Number(invoice.total.minorUnits)));
    expect((await invoiceState(invoice.id)).status).toBe('OPEN');
    await payTestInvoice(runtime, invoice.id, { receivedAt: '2026-03-09T08:00:00.000Z' });

    const paid = await outboxEventsOf(runtime, invoice.id, 'finance.invoice.paid');
    expect(paid.map((e) => e.payload.paidAt)).toEqual(['2026-03-05T08:00:00.000Z', '2026-03-09T08:00:00.000Z']);
    expect(paid[0].id).not.toBe(paid[1].id);
  });
});

describe('billing runs against changes and failures', () => {
  it('bills a premium change made between planning and raising at the new premium', async () => {
    const policy = policyEvent({ startDate: '2026-07-01', premiumMinor: 200_000 });
    await deliver(POLICY_CHANGED, policy);
    // Hold the lock the run takes for this policy's invoice, so the run plans and then waits.
    const runner = runtime.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query(`SELECT pg_advisory_xact_lock(hashtext('finance.billing:' || $1))`, [`policy:${policy.id}:2026-07-01`]);
    const running = servicesOn('2026-07-01').billing.run('2026-07-01');
    for (let waited = 0; ; waited += 20) {
      const [{ n }] = await runtime.dataSource.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
      if (n > 0) break;
      if (waited > 10_000) throw new Error('the billing run never reached the held lock');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await servicesOn('2026-06-28').billing.onPolicyChanged(runner.manager, { ...policy, version: 2, premiumMinor: 260_000 }, '2026-06-28T09:00:00.000Z');
    await runner.commitTransaction();
    await runner.release();
    await running;
    expect(periods(await linesOf(policy.id))).toEqual([['2026-07-01', '2026-07-31', 260_000]]);
  });

  it('counts an invoice it cannot raise and raises the others', async () => {
    const foreign = policyEvent({ startDate: '2026-08-01', currency: 'GBP' });
    const local = policyEvent({ startDate: '2026-08-01' });
    await deliver(POLICY_CHANGED, foreign);
    await deliver(POLICY_CHANGED, local);
    const { runPremiumBilling } = await executeOk(runtime, `mutation { runPremiumBilling(asOf: "2026-08-01") { groupsFailed invoices { policyId } } }`);
    expect(runPremiumBilling.groupsFailed).toBeGreaterThanOrEqual(1);
    expect(runPremiumBilling.invoices.map((i: { policyId: string }) => i.policyId)).toContain(local.id);
    expect(await linesOf(foreign.id)).toEqual([]);
    expect(periods(await linesOf(local.id))).toEqual([['2026-08-01', '2026-08-31', 310_000]]);
    // Nothing left for later runs to fail on.
    await deliver(POLICY_CHANGED, { ...foreign, version: 2, premiumMinor: 0 });
  });
});

describe('dating premium changes, and reinstatement', () => {
  it('dates a premium change the cover windows do not date by when the event occurred, not when it is handled', async () => {
    const policy = policyEvent({ startDate: '2026-09-01', premiumMinor: 300_000 });
    await deliver(POLICY_CHANGED, policy);
    await servicesOn('2026-09-01').billing.run('2026-09-01');
    // Changed on 11 September, handled on the 25th (a late or replayed event): 20 of 30 days at KES 600 more.
    await deliver(POLICY_CHANGED, { ...policy, version: 2, premiumMinor: 360_000 }, '2026-09-25', '2026-09-11T07:00:00.000Z');
    expect(periods(await linesOf(policy.id))).toEqual([
      ['2026-09-01', '2026-09-30', 300_000],
      ['2026-09-11', '2026-09-30', 40_000],
    ]);
  });

  it('charges back the credited days when a cancelled policy is reinstated', async () => {
    const policy = policyEvent({ startDate: '2026-10-01', premiumMinor: 310_000 });
    await deliver(POLICY_CHANGED, policy);
    await servicesOn('2026-10-01').billing.run('2026-10-01');
    await deliver(POLICY_CHANGED, { ...policy, version: 2, status: 'CANCELLED', cancellationDate: '2026-10-21' }, '2026-10-22');
    const notes = await executeOk(runtime, `query($p: ID!) { creditNotes(policyId: $p) { periodStart periodEnd net { minorUnits } } }`, { p: policy.id });
    expect(notes.creditNotes).toEqual([{ periodStart: '2026-10-22', periodEnd: '2026-10-31', net: { minorUnits: '100000' } }]);

    await deliver(POLICY_CHANGED, { ...policy, version: 3, status: 'ACTIVE', cancellationDate: null }, '2026-10-25');
    const lines = await linesOf(policy.id);
    expect(periods(lines)).toEqual([
      ['2026-10-01', '2026-10-31', 310_000],
      ['2026-10-22', '2026-10-31', 100_000],
    ]);
    expect(lines[1].kind).toBe('SUPPLEMENTARY');
  });
});

describe('the ledger after all of the above', () => {
  it('holds every invariant', async () => {
    expect(await checkLedger(runtime.dataSource.manager)).toEqual([]);
  });
});
