import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../../../../kit/events/event';
import { handleOnce } from '../../../../kit/events/inbox';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { executeOk, startTestSubgraph } from '../../../../kit/testing';
import type { FinanceLoaders } from '../loaders';
import type { FinanceServices } from '../services';
import { financeSubgraph } from '../subgraph';
import { foreignId, outboxEventsOf } from '../testing';
import type { ClaimDecided, ClaimReversed } from './settlement.rules';
import { SETTLEMENT_POSTED, SETTLEMENT_REJECTED } from './settlement.service';
import { CLAIM_DECIDED, CLAIM_REVERSED } from './settlement.subscriptions';

let runtime: SubgraphRuntime<FinanceServices, FinanceLoaders>;
beforeAll(async () => {
  runtime = await startTestSubgraph(financeSubgraph);
});
afterAll(() => runtime.stop());

let claimCounter = 0;
/** A decision as claims would announce it, for a new claim, provider and member. */
function decided(overrides: Partial<ClaimDecided> = {}): ClaimDecided {
  claimCounter += 1;
  return {
    claimId: randomUUID(),
    claimNumber: `CLM-2026-T${Date.now().toString(36)}${claimCounter}`,
    memberId: foreignId(),
    providerId: foreignId(),
    decision: 'APPROVED',
    currency: 'KES',
    payableMinor: 1_250_000,
    memberResponsibilityMinor: 20_000,
    decidedAt: '2026-03-04T08:15:00.000Z',
    lines: [{ lineNumber: 1, outcome: 'APPROVED', payableMinor: 1_250_000 }],
    ...overrides,
  };
}

function claimsEvent(type: string, payload: ClaimDecided | ClaimReversed): DomainEvent {
  return { id: randomUUID(), type, source: 'claims', aggregateId: payload.claimId, occurredAt: new Date().toISOString(), payload };
}

/** Delivers an event as the bus consumer does: through the inbox, in one transaction with its effects. */
const deliver = (event: DomainEvent) => handleOnce(runtime.dataSource, financeSubgraph.subscriptions!, runtime.services, event);

const SETTLEMENT_FIELDS = `id settlementNumber claimId claimNumber providerId memberId status batchDate decidedAt rejectionReason reversalReason
  amount { minorUnits currency } member { id }
  journalEntries { sourceType reversesEntryId lines { account { code } debit { minorUnits } credit { minorUnits } memberId providerId } }`;

async function settlementOf(claimId: string) {
  const rows: { id: string }[] = await runtime.dataSource.query('SELECT id FROM settlements WHERE claim_id = $1', [claimId]);
  if (rows.length !== 1) throw new Error(`expected one settlement of claim ${claimId}, found ${rows.length}`);
  return (await executeOk(runtime, `query($id: ID!) { settlement(id: $id) { ${SETTLEMENT_FIELDS} } }`, { id: rows[0].id })).settlement;
}

async function trialBalance() {
  const data = await executeOk(runtime, `{ trialBalance(currency: "KES") { isBalanced totalDebits { minorUnits } totalCredits { minorUnits } } }`);
  return data.trialBalance;
}

describe('claims.claim.decided', () => {
  it('posts one balanced settlement owed to the provider and records finance.settlement.posted', async () => {
    const decision = decided({ decision: 'PARTIALLY_APPROVED' });
    expect(await deliver(claimsEvent(CLAIM_DECIDED, decision))).toBe(true);

    const settlement = await settlementOf(decision.claimId);
    expect(settlement).toMatchObject({
      claimId: decision.claimId,
      claimNumber: decision.claimNumber,
      providerId: decision.providerId,
      memberId: decision.memberId,
      member: { id: decision.memberId },
      status: 'PENDING_PAYMENT',
      // Decided on Wednesday 4 March: paid in the batch of Friday 6 March.
      batchDate: '2026-03-06',
      rejectionReason: null,
      amount: { minorUnits: '1250000', currency: 'KES' },
    });
    expect(settlement.settlementNumber).toMatch(/^STL-2026-\d{6}$/);
    expect(settlement.journalEntries).toEqual([
      {
        sourceType: 'CLAIM_SETTLEMENT',
        reversesEntryId: null,
        lines: [
          { account: { code: '5000' }, debit: { minorUnits: '1250000' }, credit: { minorUnits: '0' }, memberId: decision.memberId, providerId: decision.providerId },
          { account: { code: '2000' }, debit: { minorUnits: '0' }, credit: { minorUnits: '1250000' }, memberId: decision.memberId, providerId: decision.providerId },
        ],
      },
    ]);
    const events = await outboxEventsOf(runtime, decision.claimId);
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      [SETTLEMENT_POSTED, { claimId: decision.claimId, settlementId: settlement.id, amountMinor: 1_250_000, currency: 'KES' }],
    ]);
  });

  it('posts once when the same decision arrives twice, through the inbox or as a new event', async () => {
    const decision = decided();
    const event = claimsEvent(CLAIM_DECIDED, decision);
    expect(await deliver(event)).toBe(true);
    expect(await deliver(event)).toBe(false);
    // Another event for the same claim (a replay with a new id) is stopped by the unique claim id.
    expect(await deliver(claimsEvent(CLAIM_DECIDED, decision))).toBe(true);
    const outcome = await runtime.dataSource.transaction((manager) => runtime.services.settlements.onClaimDecided(manager, decision));
    expect(outcome).toBe('ALREADY_SETTLED');

    expect(await runtime.dataSource.query('SELECT id FROM settlements WHERE claim_id = $1', [decision.claimId])).toHaveLength(1);
    const settlement = await settlementOf(decision.claimId);
    expect(settlement.journalEntries).toHaveLength(1);
    expect(await outboxEventsOf(runtime, decision.claimId, SETTLEMENT_POSTED)).toHaveLength(1);
  });

  it('posts once when two events of one decision arrive at the same moment; the other delivery fails and its retry changes nothing', async () => {
    const decision = decided();
    const events = Array.from({ length: 4 }, () => claimsEvent(CLAIM_DECIDED, decision));
    const outcomes = await Promise.allSettled(events.map(deliver));
    // Each delivery either posted, found the settlement, or lost the race on the unique claim id (and is redelivered).
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(String(outcome.reason)).toMatch(/settlements_claim_key/);
    }
    for (const [i, outcome] of outcomes.entries()) if (outcome.status === 'rejected') expect(await deliver(events[i])).toBe(true);

    expect(await runtime.dataSource.query('SELECT id FROM settlements WHERE claim_id = $1', [decision.claimId])).toHaveLength(1);
    expect((await settlementOf(decision.claimId)).journalEntries).toHaveLength(1);
    expect(await outboxEventsOf(runtime, decision.claimId, SETTLEMENT_POSTED)).toHaveLength(1);
    expect(await trialBalance()).toMatchObject({ isBalanced: true });
  });

  it('records finance.settlement.rejected, and keeps the settlement as REJECTED, when it cannot be posted', async () => {
    const foreignCurrency = decided({ currency: 'ZZZ' });
    const negative = decided({ payableMinor: -500 });
    for (const decision of [foreignCurrency, negative]) await deliver(claimsEvent(CLAIM_DECIDED, decision));

    const [currencyEvent] = await outboxEventsOf(runtime, foreignCurrency.claimId);
    expect(currencyEvent.type).toBe(SETTLEMENT_REJECTED);
    expect(currencyEvent.payload).toEqual({ claimId: foreignCurrency.claimId, reason: expect.stringMatching(/currency ZZZ is not supported/) });
    const [amountEvent] = await outboxEventsOf(runtime, negative.claimId);
    expect(amountEvent).toMatchObject({ type: SETTLEMENT_REJECTED, payload: { claimId: negative.claimId, reason: expect.stringMatching(/not a positive whole number/) } });

    const rejected = await settlementOf(foreignCurrency.claimId);
    expect(rejected).toMatchObject({ status: 'REJECTED', batchDate: null, journalEntries: [], rejectionReason: currencyEvent.payload.reason });
    // Rejected once: a second delivery of the same decision records nothing more.
    await deliver(claimsEvent(CLAIM_DECIDED, foreignCurrency));
    expect(await outboxEventsOf(runtime, foreignCurrency.claimId)).toHaveLength(1);
  });

  it('settles nothing for a denied or pended claim, or one with nothing payable', async () => {
    const decisions = [decided({ decision: 'DENIED', payableMinor: 0 }), decided({ decision: 'PENDED', payableMinor: 0 }), decided({ payableMinor: 0 })];
    for (const decision of decisions) await deliver(claimsEvent(CLAIM_DECIDED, decision));
    const ids = decisions.map((d) => d.claimId);
    expect(await runtime.dataSource.query('SELECT id FROM settlements WHERE claim_id = ANY($1)', [ids])).toEqual([]);
    expect(await runtime.dataSource.query('SELECT id FROM outbox_events WHERE aggregate_id = ANY($1)', [ids])).toEqual([]);
  });
});

describe('claims.claim.reversed', () => {
  it('posts the reversing entry, keeps the original, marks the settlement REVERSED, and the ledger still balances', async () => {
    // 1. A settled claim.
    const decision = decided();
    await deliver(claimsEvent(CLAIM_DECIDED, decision));
    const [original] = (await settlementOf(decision.claimId)).journalEntries;

    // 2. Its reversal, delivered twice (a replay with a new event id).
    const reversal: ClaimReversed = {
      claimId: decision.claimId,
      claimNumber: decision.claimNumber,
      reversedAt: '2026-03-20T10:00:00.000Z',
      reason: 'Provider billed the wrong member',
      payableMinor: decision.payableMinor,
      currency: 'KES',
    };
    await deliver(claimsEvent(CLAIM_REVERSED, reversal));
    await deliver(claimsEvent(CLAIM_REVERSED, reversal));

    // 3. The original entry stands; one new entry reverses it line for line.
    const settlement = await settlementOf(decision.claimId);
    expect(settlement).toMatchObject({ status: 'REVERSED', reversalReason: 'Provider billed the wrong member' });
    expect(settlement.journalEntries).toHaveLength(2);
    expect(settlement.journalEntries[0]).toEqual(original);
    const [, reversing] = settlement.journalEntries;
    const [{ id: originalId }] = await runtime.dataSource.query(`SELECT id FROM journal_entries WHERE source_id = $1 AND source_type = 'CLAIM_SETTLEMENT'`, [settlement.id]);
    expect(reversing).toEqual({
      sourceType: 'CLAIM_SETTLEMENT_REVERSAL',
      reversesEntryId: originalId,
      lines: [
        { account: { code: '2000' }, debit: { minorUnits: '1250000' }, credit: { minorUnits: '0' }, memberId: decision.memberId, providerId: decision.providerId },
        { account: { code: '5000' }, debit: { minorUnits: '0' }, credit: { minorUnits: '1250000' }, memberId: decision.memberId, providerId: decision.providerId },
      ],
    });

    // 4. Nothing is owed to the provider any more, and the trial balance balances.
    const [owed] = await runtime.dataSource.query(
      `SELECT sum(credit_minor - debit_minor)::text AS owed FROM journal_lines WHERE provider_id = $1 AND account_code = '2000'`,
      [decision.providerId],
    );
    expect(owed.owed).toBe('0');
    const balance = await trialBalance();
    expect(balance.isBalanced).toBe(true);
    expect(balance.totalDebits).toEqual(balance.totalCredits);
  });

  it('reverses nothing for a claim that was never settled', async () => {
    const claimId = randomUUID();
    await deliver(claimsEvent(CLAIM_REVERSED, { claimId, claimNumber: 'CLM-X', reversedAt: '2026-03-20T10:00:00.000Z', reason: 'Duplicate', payableMinor: 0, currency: 'KES' }));
    expect(await runtime.dataSource.query('SELECT id FROM settlements WHERE claim_id = $1', [claimId])).toEqual([]);
  });
});

describe('settlements in GraphQL', () => {
  it('lists a provider\'s settlements by status, newest first, page by page', async () => {
    const providerId = foreignId();
    const claims = [decided({ providerId }), decided({ providerId }), decided({ providerId, currency: 'ZZZ' })];
    for (const decision of claims) await deliver(claimsEvent(CLAIM_DECIDED, decision));

    const query = `query($filter: SettlementFilter, $after: String) { settlements(filter: $filter, first: 1, after: $after) {
      edges { node { claimId status } } pageInfo { hasNextPage endCursor } } }`;
    const first = await executeOk(runtime, query, { filter: { providerId, status: 'PENDING_PAYMENT' } });
    expect(first.settlements.edges).toEqual([{ node: { claimId: claims[1].claimId, status: 'PENDING_PAYMENT' } }]);
    expect(first.settlements.pageInfo.hasNextPage).toBe(true);
    const second = await executeOk(runtime, query, { filter: { providerId, status: 'PENDING_PAYMENT' }, after: first.settlements.pageInfo.endCursor });
    expect(second.settlements.edges).toEqual([{ node: { claimId: claims[0].claimId, status: 'PENDING_PAYMENT' } }]);
    expect(second.settlements.pageInfo.hasNextPage).toBe(false);

    const all = await executeOk(runtime, `query($p: ID!) { settlements(filter: { providerId: $p }) { edges { node { claimId status } } } }`, { p: providerId });
    expect(all.settlements.edges.map((e: { node: { status: string } }) => e.node.status)).toEqual(['REJECTED', 'PENDING_PAYMENT', 'PENDING_PAYMENT']);
    expect((await executeOk(runtime, `query($id: ID!) { settlement(id: $id) { id } }`, { id: randomUUID() })).settlement).toBeNull();
  });
});
