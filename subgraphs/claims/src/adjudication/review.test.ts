import { addDays, today } from '../../../../kit/dates';
import { handleOnce } from '../../../../kit/events/inbox';
import type { AnyRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, startTestSubgraph, staffActor } from '../../../../kit/testing';
import { claimsSubgraph } from '../subgraph';
import {
  ADJUDICATED_CLAIM_FIELDS,
  applyEvents,
  readDecision,
  seedTestFamily,
  submitFamilyClaim,
  testBenefit,
  testEvent,
  type TestFamily,
} from '../testing';

let runtime: AnyRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph(claimsSubgraph);
});
afterAll(() => runtime.stop());

const OFFICER = staffActor('officer-wanjiru');

const REVIEW = `mutation($claimId: ID!, $action: ClaimReviewAction!, $reason: String!, $adjustedLines: [ClaimLineAdjustmentInput!]) {
  reviewClaim(claimId: $claimId, action: $action, reason: $reason, adjustedLines: $adjustedLines) { ${ADJUDICATED_CLAIM_FIELDS} } }`;
const REVERSE = `mutation($claimId: ID!, $reason: String!) { reverseClaim(claimId: $claimId, reason: $reason) { ${ADJUDICATED_CLAIM_FIELDS} } }`;

const gp = (amount: string) => [{ serviceCode: 'CON-GP', quantity: 1, unitPrice: { amount }, diagnosisCodes: ['B50.9'] }];

/**
 * A claim held for review by its risk score: a KES 100,000 consultation (tariff KES 2,500) the day
 * after a KES 2,500 one at the same clinic. Near-duplicate (30) + price outlier (25) + round
 * amount (10) = 65, above the review score of 60.
 */
async function pendedForReview(family: TestFamily) {
  await submitFamilyClaim(runtime, family, { serviceDate: addDays(today(), -3), lines: gp('2500.00') });
  const claim = await submitFamilyClaim(runtime, family, { serviceDate: addDays(today(), -2), lines: gp('100000.00') });
  expect(claim).toMatchObject({ status: 'PENDED' });
  return claim;
}

async function ledgerOf(memberId: string): Promise<{ amount: number; visits: number; total: number }> {
  const [row] = await runtime.dataSource.query(
    `SELECT COALESCE(sum(b.amount_minor), 0)::int AS amount, COALESCE(sum(b.visits), 0)::int AS visits,
            (SELECT COALESCE(sum(amount_minor), 0)::int FROM utilisation_totals WHERE scope = 'MEMBER' AND owner_id = $1) AS total
     FROM benefit_utilisation b WHERE b.member_id = $1`,
    [memberId],
  );
  return row;
}

async function outboxOf(claimId: string, type: string): Promise<Record<string, any>[]> {
  const rows = await runtime.dataSource.query(`SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND type = $2 ORDER BY position`, [claimId, type]);
  return rows.map((r: { payload: Record<string, any> }) => r.payload);
}

describe('manual review of pended claims', () => {
  it('holds a risky claim for review with the signals that explain its score', async () => {
    const family = await seedTestFamily(runtime);
    const claim = await readDecision(runtime, (await pendedForReview(family)).id);
    expect(claim).toMatchObject({ status: 'PENDED', pendReason: 'REVIEW', risk: { score: 65, level: 'HIGH' } });
    expect(claim.risk.signals.map((s: any) => [s.rule, s.weight])).toEqual([
      ['PROVIDER_PRICE_OUTLIER', 25],
      ['NEAR_DUPLICATE', 30],
      ['ROUND_AMOUNT', 10],
    ]);
    expect(claim.reasons.map((r: any) => r.code)).toEqual(['FRAUD_REVIEW']);
    const queue = await executeOk(runtime, `{ claimsForReview(first: 100) { edges { node { id } } } }`);
    expect(queue.claimsForReview.edges.map((e: any) => e.node.id)).toContain(claim.id);
  });

  it('APPROVE pays what the engine computes without the pend, records the officer and moves the ledger', async () => {
    const family = await seedTestFamily(runtime);
    const pended = await pendedForReview(family);
    expect(await ledgerOf(family.principalId)).toEqual({ amount: 250_000, visits: 1, total: 250_000 });

    const { reviewClaim } = await executeOk(runtime, REVIEW, { claimId: pended.id, action: 'APPROVE', reason: 'Specialist visit confirmed by phone' }, OFFICER);
    expect(reviewClaim).toMatchObject({
      status: 'APPROVED',
      decision: 'APPROVED',
      pendReason: null,
      payable: { amount: '2500.00' },
      review: { action: 'APPROVE', reason: 'Specialist visit confirmed by phone', reviewedBy: 'officer-wanjiru' },
    });
    expect(reviewClaim.reasons.map((r: any) => r.code)).toEqual(['MANUAL_APPROVAL']);
    expect(await ledgerOf(family.principalId)).toEqual({ amount: 500_000, visits: 2, total: 500_000 });
    const decided = await outboxOf(pended.id, 'claims.claim.decided');
    expect(decided.map((e) => [e.decision, e.payableMinor])).toEqual([
      ['PENDED', 250_000],
      ['APPROVED', 250_000],
    ]);
  });

  it('ADJUST pays the officer\'s lower amount, refusing more than the engine computes', async () => {
    const family = await seedTestFamily(runtime);
    const pended = await pendedForReview(family);
    const tooMuch = await execute(runtime, REVIEW, {
      claimId: pended.id, action: 'ADJUST', reason: 'Part of the visit', adjustedLines: [{ lineNumber: 1, payable: { amount: '3000.00' } }],
    }, OFFICER);
    expect(tooMuch.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'adjustedLines[0].payable', rule: 'AT_MOST_COMPUTED' });
    const missing = await execute(runtime, REVIEW, { claimId: pended.id, action: 'ADJUST', reason: 'Part of the visit' }, OFFICER);
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'REQUIRED_FOR_ADJUST' });

    const { reviewClaim } = await executeOk(runtime, REVIEW, {
      claimId: pended.id, action: 'ADJUST', reason: 'Part of the visit', adjustedLines: [{ lineNumber: 1, payable: { amount: '1000.00' } }],
    }, OFFICER);
    expect(reviewClaim).toMatchObject({ status: 'PARTIALLY_APPROVED', payable: { amount: '1000.00' }, review: { action: 'ADJUST' } });
    expect(reviewClaim.lines[0].adjudication).toMatchObject({ outcome: 'PARTIALLY_APPROVED', payable: { minorUnits: '100000' }, disallowed: { minorUnits: '9900000' } });
    expect(reviewClaim.lines[0].adjudication.reasons.map((r: any) => r.code)).toContain('MANUAL_ADJUSTMENT');
    expect(await ledgerOf(family.principalId)).toEqual({ amount: 350_000, visits: 2, total: 350_000 });
  });

  it('DENY pays nothing and leaves the ledger alone', async () => {
    const family = await seedTestFamily(runtime);
    const pended = await pendedForReview(family);
    const { reviewClaim } = await executeOk(runtime, REVIEW, { claimId: pended.id, action: 'DENY', reason: 'Billing pattern confirmed as abuse' }, OFFICER);
    expect(reviewClaim).toMatchObject({ status: 'DENIED', payable: { amount: '0.00' }, review: { action: 'DENY' } });
    expect(reviewClaim.reasons.map((r: any) => r.code)).toEqual(['MANUAL_DENIAL']);
    expect(reviewClaim.lines.map((l: any) => l.outcome)).toEqual(['DENIED']);
    expect(await ledgerOf(family.principalId)).toEqual({ amount: 250_000, visits: 1, total: 250_000 });
  });

  it('APPROVE of a claim waiting for a pre-authorisation is the officer\'s authorisation', async () => {
    const family = await seedTestFamily(runtime, { scheme: { benefits: [testBenefit({ requiresPreauthorisation: true })] } });
    const pended = await submitFamilyClaim(runtime, family);
    expect(pended.status).toBe('PENDED');
    const { reviewClaim } = await executeOk(runtime, REVIEW, { claimId: pended.id, action: 'APPROVE', reason: 'Emergency, authorised after the fact' }, OFFICER);
    expect(reviewClaim).toMatchObject({ status: 'APPROVED', payable: { amount: '3450.00' } });
  });

  it('refuses to review a claim that is not PENDED', async () => {
    const family = await seedTestFamily(runtime);
    const approved = await submitFamilyClaim(runtime, family);
    const result = await execute(runtime, REVIEW, { claimId: approved.id, action: 'APPROVE', reason: 'Looks fine' }, OFFICER);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'APPROVED', action: 'review' });
  });
});

describe('reversing an approved claim', () => {
  it('gives its utilisation back, records claims.claim.reversed and refuses a second reversal', async () => {
    const family = await seedTestFamily(runtime);
    const claim = await submitFamilyClaim(runtime, family);
    expect(await ledgerOf(family.principalId)).toEqual({ amount: 345_000, visits: 1, total: 345_000 });

    const { reverseClaim } = await executeOk(runtime, REVERSE, { claimId: claim.id, reason: 'Provider billed the wrong member' }, OFFICER);
    expect(reverseClaim).toMatchObject({ status: 'REVERSED', reversal: { reason: 'Provider billed the wrong member', reversedBy: 'officer-wanjiru' } });
    expect(await ledgerOf(family.principalId)).toEqual({ amount: 0, visits: 0, total: 0 });
    expect(await outboxOf(claim.id, 'claims.claim.reversed')).toEqual([
      { claimId: claim.id, claimNumber: claim.claimNumber, reversedAt: expect.any(String), reason: 'Provider billed the wrong member', payableMinor: 345_000, currency: 'KES' },
    ]);
    const movements = await runtime.dataSource.query('SELECT direction, amount_minor::int AS amount FROM utilisation_movements WHERE claim_id = $1 ORDER BY recorded_at, direction DESC', [claim.id]);
    expect(movements).toEqual([{ direction: 1, amount: 345_000 }, { direction: -1, amount: 345_000 }]);

    const eob = await executeOk(runtime, `query($id: ID!) { claim(id: $id) { explanationOfBenefits { headline notes } } }`, { id: claim.id });
    expect(eob.claim.explanationOfBenefits.headline).toMatch(/^This claim was reversed on \d{4}-\d{2}-\d{2}, so the scheme no longer pays for it\.$/);

    const again = await execute(runtime, REVERSE, { claimId: claim.id, reason: 'Twice' }, OFFICER);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'REVERSED' });
  });

  it('gives back what the claim drew on its pre-authorisation', async () => {
    const family = await seedTestFamily(runtime);
    const preauths = runtime.services.preauthorisations;
    const preauth = await preauths.request(
      { memberId: family.principalId, providerId: family.providerId, benefitCategory: 'OUTPATIENT' as never, estimatedAmount: { amount: '5000.00', currency: 'KES' }, diagnosisCodes: ['B50.9'], plannedDate: today() },
      'provider-desk',
    );
    await preauths.approve(preauth.id, { approvedAmount: { amount: '5000.00', currency: 'KES' }, validFrom: addDays(today(), -10), validTo: today() }, 'officer');
    const claim = await submitFamilyClaim(runtime, family, { preauthorisationId: preauth.id });
    expect((await preauths.get(preauth.id)).usedMinor).toBe(345_000);
    await executeOk(runtime, REVERSE, { claimId: claim.id, reason: 'Duplicate billing found' }, OFFICER);
    expect((await preauths.get(preauth.id)).usedMinor).toBe(0);
  });
});

describe('the settlement saga', () => {
  it('stores the settlement id when finance posts the settlement', async () => {
    const family = await seedTestFamily(runtime);
    const claim = await submitFamilyClaim(runtime, family);
    await applyEvents(runtime, [testEvent('finance.settlement.posted', { claimId: claim.id, settlementId: 'STL-2026-000042', amountMinor: 345_000, currency: 'KES' })]);
    expect(await readDecision(runtime, claim.id)).toMatchObject({ status: 'APPROVED', settlementId: 'STL-2026-000042' });
  });

  it('compensates a rejected settlement: reversed, utilisation given back, PENDED for review with the reason; once only', async () => {
    // 1. An approved claim, its utilisation in the ledger.
    const family = await seedTestFamily(runtime);
    const claim = await submitFamilyClaim(runtime, family);
    expect(await ledgerOf(family.principalId)).toEqual({ amount: 345_000, visits: 1, total: 345_000 });

    // 2. Finance refuses to pay it; the event is delivered twice through the inbox.
    const rejected = testEvent('finance.settlement.rejected', { claimId: claim.id, reason: 'Provider bank account closed' });
    const subscriptions = runtime.definition.subscriptions!;
    expect(await handleOnce(runtime.dataSource, subscriptions, runtime.services, rejected)).toBe(true);
    expect(await handleOnce(runtime.dataSource, subscriptions, runtime.services, rejected)).toBe(false);
    // A second rejection of the same claim (a new event) finds it no longer approved.
    await applyEvents(runtime, [testEvent('finance.settlement.rejected', { claimId: claim.id, reason: 'Again' })]);

    const compensated = await readDecision(runtime, claim.id);
    expect(compensated).toMatchObject({ status: 'PENDED', pendReason: 'SETTLEMENT_REJECTED', pendDetail: 'Provider bank account closed' });
    expect(await ledgerOf(family.principalId)).toEqual({ amount: 0, visits: 0, total: 0 });
    const reversed = await outboxOf(claim.id, 'claims.claim.reversed');
    expect(reversed.map((e) => e.reason)).toEqual(['Settlement rejected by finance: Provider bank account closed']);

    // 3. An officer approves it again: a new decision, the ledger moves again, finance is told.
    const { reviewClaim } = await executeOk(runtime, REVIEW, { claimId: claim.id, action: 'APPROVE', reason: 'Provider gave new bank details' }, OFFICER);
    expect(reviewClaim).toMatchObject({ status: 'APPROVED', payable: { amount: '3450.00' } });
    expect(await ledgerOf(family.principalId)).toEqual({ amount: 345_000, visits: 1, total: 345_000 });
    expect((await outboxOf(claim.id, 'claims.claim.decided')).map((e) => e.decision)).toEqual(['APPROVED', 'APPROVED']);
  });
});
