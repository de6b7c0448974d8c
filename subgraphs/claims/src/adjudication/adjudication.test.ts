import { addDays, today } from '../../../../kit/dates';
import type { AnyRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, startTestSubgraph } from '../../../../kit/testing';
import { claimsSubgraph } from '../subgraph';
import {
  ADJUDICATED_CLAIM_FIELDS,
  createTestClaimInput,
  newId,
  readDecision,
  seedTestFamily,
  submitFamilyClaim,
  submitTestClaim,
  testBenefit,
} from '../testing';
import type { AdjudicationService } from './adjudication.service';

let runtime: AnyRuntime;
let adjudication: AdjudicationService;
beforeAll(async () => {
  runtime = await startTestSubgraph(claimsSubgraph);
  adjudication = runtime.services.adjudication;
});
afterAll(() => runtime.stop());

const EOB = `query($id: ID!) { claim(id: $id) {
  explanationOfBenefits { claimNumber member provider benefit decision headline notes
    lines { lineNumber service outcome billed { amount } schemePays { amount } youPay { amount } notPaid { amount } explanation }
    totals { billed { amount } schemePays { amount } youPay { amount } notPaid { amount } } }
  fhirClaimResponse } }`;

async function outboxOf(claimId: string, type: string): Promise<{ payload: Record<string, any>; xmin: string }[]> {
  return runtime.dataSource.query(`SELECT payload, xmin::text AS xmin FROM outbox_events WHERE aggregate_id = $1 AND type = $2 ORDER BY position`, [claimId, type]);
}

describe('adjudicating a claim end to end', () => {
  it('decides a submitted claim right after submission: amounts, reasons per line, risk and steps', async () => {
    // 1. A covered member whose outpatient benefit has a KES 200 copay, at a contracted clinic.
    const family = await seedTestFamily(runtime, { scheme: { benefits: [testBenefit({ copayMinor: 20_000 })] } });

    // 2. The standard malaria visit: KES 2,500 + 500 + 850, where the medicine's tariff is KES 450.
    const submitted = await submitFamilyClaim(runtime, family);
    expect(submitted.status).toBe('APPROVED');

    // 3. What was decided, and why.
    const claim = await readDecision(runtime, submitted.id);
    expect(claim).toMatchObject({
      status: 'APPROVED',
      decision: 'APPROVED',
      pendReason: null,
      provider: { id: family.providerId },
      payable: { amount: '3250.00', currency: 'KES' },
      memberResponsibility: { amount: '200.00' },
      amounts: {
        submitted: { minorUnits: '385000' },
        eligible: { minorUnits: '345000' },
        disallowed: { minorUnits: '40000' },
        copay: { minorUnits: '20000' },
        payable: { minorUnits: '325000' },
      },
      risk: { score: 0, level: 'LOW', signals: [] },
    });
    expect(claim.adjudicatedAt).toEqual(expect.any(String));
    expect(claim.lines.map((l: any) => [l.lineNumber, l.outcome, l.adjudication.payable.minorUnits])).toEqual([
      [1, 'APPROVED', '230000'],
      [2, 'APPROVED', '50000'],
      [3, 'APPROVED', '45000'],
    ]);
    expect(claim.lines[0].adjudication.reasons.map((r: any) => r.code)).toEqual(['COPAY_APPLIED']);
    expect(claim.lines[2].adjudication).toMatchObject({ eligible: { minorUnits: '45000' }, disallowed: { minorUnits: '40000' } });
    expect(claim.lines[2].adjudication.reasons).toEqual([expect.objectContaining({ step: 'ELIGIBLE_AMOUNT', code: 'TARIFF_EXCEEDED' })]);
    expect(claim.adjudicationSteps.map((s: any) => s.step)).toEqual([
      'INTAKE', 'DUPLICATE', 'PROVIDER', 'MEMBER_POLICY', 'BENEFIT', 'WAITING_PERIOD', 'PREAUTHORIZATION',
      'FREQUENCY_QUANTITY', 'ELIGIBLE_AMOUNT', 'COST_SHARE', 'CAPS', 'RISK', 'DECISION',
    ]);
    expect(claim.adjudicationSteps.find((s: any) => s.step === 'ELIGIBLE_AMOUNT')).toMatchObject({ outcome: 'ADJUSTED', codes: ['TARIFF_EXCEEDED'] });
  });

  it('explains the decision in sentences (EOB) and as a FHIR ClaimResponse', async () => {
    const family = await seedTestFamily(runtime);
    const submitted = await submitFamilyClaim(runtime, family);
    const { claim } = await executeOk(runtime, EOB, { id: submitted.id });
    const eob = claim.explanationOfBenefits;
    expect(eob).toMatchObject({ claimNumber: submitted.claimNumber, benefit: 'Outpatient', decision: 'APPROVED' });
    expect(eob.provider).toMatch(/^Test Clinic /);
    expect(eob.member).toMatch(/^MCS/);
    expect(eob.headline).toBe('Your claim is approved. The scheme pays KES 3,450.00 and your share is KES 0.00.');
    expect(eob.lines[0].service).toBe('General practitioner consultation');
    expect(eob.lines[2]).toMatchObject({ billed: { amount: '850.00' }, schemePays: { amount: '450.00' }, notPaid: { amount: '400.00' } });
    expect(eob.lines[2].explanation).toContain('Your provider billed more than the price agreed with the scheme; the difference is not yours to pay.');
    expect(eob.totals).toEqual({ billed: { amount: '3850.00' }, schemePays: { amount: '3450.00' }, youPay: { amount: '0.00' }, notPaid: { amount: '400.00' } });

    const fhir = claim.fhirClaimResponse;
    expect(fhir).toMatchObject({ resourceType: 'ClaimResponse', outcome: 'complete', request: { identifier: { value: submitted.claimNumber } } });
    expect(fhir.payment.amount).toEqual({ value: 3450, currency: 'KES' });
    expect(fhir.item).toHaveLength(3);
  });

  it('records claims.claim.decided in the outbox in the same transaction as the decision and the ledger', async () => {
    const family = await seedTestFamily(runtime);
    const submitted = await submitFamilyClaim(runtime, family);
    const events = await outboxOf(submitted.id, 'claims.claim.decided');
    expect(events).toHaveLength(1);
    expect(events[0].payload).toEqual({
      claimId: submitted.id,
      claimNumber: submitted.claimNumber,
      memberId: family.principalId,
      providerId: family.providerId,
      serviceDate: submitted.serviceDate,
      decision: 'APPROVED',
      currency: 'KES',
      payableMinor: 345_000,
      memberResponsibilityMinor: 0,
      decidedAt: expect.any(String),
      lines: [
        { lineNumber: 1, payableMinor: 250_000, benefitId: expect.any(String) },
        { lineNumber: 2, payableMinor: 50_000, benefitId: expect.any(String) },
        { lineNumber: 3, payableMinor: 45_000, benefitId: expect.any(String) },
      ],
      submittedAt: expect.any(String),
      decidedBy: 'ENGINE',
      benefitCategory: 'OUTPATIENT',
      policyId: expect.any(String),
      schemeVersionId: expect.any(String),
      benefitPeriodStart: expect.any(String),
    });
    // PostgreSQL stamps each row with the transaction that wrote it: the claim's decision, the
    // ledger and the event share one.
    const [claimRow] = await runtime.dataSource.query('SELECT xmin::text AS xmin FROM claims WHERE id = $1', [submitted.id]);
    const [ledgerRow] = await runtime.dataSource.query('SELECT xmin::text AS xmin FROM benefit_utilisation WHERE member_id = $1', [family.principalId]);
    expect(claimRow.xmin).toBe(events[0].xmin);
    expect(ledgerRow.xmin).toBe(events[0].xmin);
  });

  it('leaves nothing behind when the deciding transaction rolls back', async () => {
    const family = await seedTestFamily(runtime);
    // A provider claims has not heard of: the claim waits SUBMITTED after submission.
    const claim = await submitTestClaim(runtime, { memberId: family.principalId });
    expect(claim.status).toBe('SUBMITTED');
    await expect(
      runtime.dataSource.transaction(async (manager) => {
        await adjudication.adjudicateIn(manager, claim.id, 'test-officer', false);
        throw new Error('the commit fails');
      }),
    ).rejects.toThrow('the commit fails');
    const after = await readDecision(runtime, claim.id);
    expect(after).toMatchObject({ status: 'SUBMITTED', decision: null, amounts: null });
    expect(await outboxOf(claim.id, 'claims.claim.decided')).toEqual([]);
  });

  it('refuses to decide a decided claim again: the stored decision is returned and nothing moves', async () => {
    const family = await seedTestFamily(runtime);
    const submitted = await submitFamilyClaim(runtime, family);
    const before = await readDecision(runtime, submitted.id);
    const [ledgerBefore] = await runtime.dataSource.query('SELECT amount_minor, visits FROM benefit_utilisation WHERE member_id = $1', [family.principalId]);

    const again = await executeOk(runtime, `mutation($id: ID!) { adjudicateClaim(claimId: $id) { ${ADJUDICATED_CLAIM_FIELDS} } }`, { id: submitted.id });
    expect(again.adjudicateClaim).toEqual(before);
    await Promise.all([adjudication.adjudicate(submitted.id, 'a'), adjudication.adjudicate(submitted.id, 'b')]);

    const [ledgerAfter] = await runtime.dataSource.query('SELECT amount_minor, visits FROM benefit_utilisation WHERE member_id = $1', [family.principalId]);
    expect(ledgerAfter).toEqual(ledgerBefore);
    expect(ledgerAfter.visits).toBe(1);
    expect(await outboxOf(submitted.id, 'claims.claim.decided')).toHaveLength(1);
    const [{ count }] = await runtime.dataSource.query('SELECT count(*)::int AS count FROM claim_adjudications WHERE claim_id = $1', [submitted.id]);
    expect(count).toBe(1);
  });

  it('waits while the read models lack the member, then the adjudicate-submitted job decides the claim', async () => {
    const memberId = newId();
    const claim = await submitTestClaim(runtime, { memberId });
    expect(claim.status).toBe('SUBMITTED');
    expect(await adjudication.adjudicateWaiting(50, [memberId])).toEqual({ decided: 0, failed: 0 });

    // The member's, the scheme's and the provider's events arrive.
    await seedTestFamily(runtime, { principal: { id: memberId }, provider: { id: claim.providerId } });
    expect(await adjudication.adjudicateWaiting(50, [memberId])).toEqual({ decided: 1, failed: 0 });
    expect((await readDecision(runtime, claim.id)).status).toBe('APPROVED');
  });

  it('denies, when asked to decide regardless, a claim whose member and provider nobody told claims about', async () => {
    const claim = await submitTestClaim(runtime);
    const data = await executeOk(runtime, `mutation($id: ID!) { adjudicateClaim(claimId: $id) { ${ADJUDICATED_CLAIM_FIELDS} } }`, { id: claim.id });
    expect(data.adjudicateClaim).toMatchObject({ status: 'DENIED', decision: 'DENIED', payable: { amount: '0.00' } });
    expect(data.adjudicateClaim.reasons).toEqual([expect.objectContaining({ step: 'PROVIDER', code: 'PROVIDER_UNKNOWN' })]);
  });

  it('refuses an unknown claim with NOT_FOUND', async () => {
    const result = await execute(runtime, `mutation($id: ID!) { adjudicateClaim(claimId: $id) { id } }`, { id: newId() });
    expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('denies a duplicate of a standing claim, pointing at the original', async () => {
    const family = await seedTestFamily(runtime);
    const first = await submitFamilyClaim(runtime, family);
    const second = await submitFamilyClaim(runtime, family, { serviceDate: addDays(today(), -3) });
    const claim = await readDecision(runtime, second.id);
    expect(claim).toMatchObject({ status: 'DENIED', duplicateOf: { id: first.id, claimNumber: first.claimNumber } });
    expect(claim.reasons).toEqual([expect.objectContaining({ step: 'DUPLICATE', code: 'DUPLICATE_CLAIM' })]);
  });
});

describe('the cover the read models give on the day of service', () => {
  it('pays a claim on the last day of cover and refuses one the day after', async () => {
    const lastDay = addDays(today(), -3);
    const family = await seedTestFamily(runtime, { coveredTo: lastDay, dependants: 1 });
    const onLastDay = await submitFamilyClaim(runtime, family, { serviceDate: lastDay });
    expect(onLastDay.status).toBe('APPROVED');
    const after = await submitFamilyClaim(runtime, family, { memberId: family.dependantIds[0], serviceDate: addDays(lastDay, 1) });
    const decided = await readDecision(runtime, after.id);
    expect(decided.status).toBe('DENIED');
    expect(decided.reasons).toEqual([expect.objectContaining({ step: 'MEMBER_POLICY', code: 'COVERAGE_TERMINATED' })]);
  });

  it('pends a claim whose benefit needs a pre-authorisation, and pays one that names an approved pre-authorisation', async () => {
    const family = await seedTestFamily(runtime, { scheme: { benefits: [testBenefit({ requiresPreauthorisation: true })] } });
    const pended = await submitFamilyClaim(runtime, family);
    const claim = await readDecision(runtime, pended.id);
    expect(claim).toMatchObject({ status: 'PENDED', pendReason: 'AUTHORIZATION' });
    expect(claim.reasons[0]).toMatchObject({ step: 'PREAUTHORIZATION', code: 'PENDING_AUTHORIZATION' });
    expect(claim.lines.map((l: any) => l.outcome)).toEqual(['PENDED', 'PENDED', 'PENDED']);
    const [ledger] = await runtime.dataSource.query('SELECT count(*)::int AS rows FROM benefit_utilisation WHERE member_id = $1', [family.principalId]);
    expect(ledger.rows).toBe(0);

    // The provider asks first, the insurer approves KES 3,000, and the claim names it.
    const preauths = runtime.services.preauthorisations;
    const requested = await preauths.request(
      {
        memberId: family.principalId,
        providerId: family.providerId,
        benefitCategory: 'OUTPATIENT' as never,
        estimatedAmount: { amount: '4000.00', currency: 'KES' },
        diagnosisCodes: ['B50.9'],
        plannedDate: addDays(today(), -2),
      },
      'provider-desk',
    );
    await preauths.approve(requested.id, { approvedAmount: { amount: '3000.00', currency: 'KES' }, validFrom: addDays(today(), -5), validTo: today() }, 'officer');
    const paid = await submitFamilyClaim(runtime, family, {
      preauthorisationId: requested.id,
      serviceDate: addDays(today(), -4),
      lines: [
        { serviceCode: 'CON-GP', quantity: 1, unitPrice: { amount: '2500.00' }, diagnosisCodes: ['B50.9'] },
        { serviceCode: 'LAB-BS-MPS', quantity: 1, unitPrice: { amount: '500.00' }, diagnosisCodes: ['B50.9'] },
        { serviceCode: 'PHA-AL', quantity: 2, unitPrice: { amount: '450.00' }, diagnosisCodes: ['B50.9'] },
      ],
    });
    const decided = await readDecision(runtime, paid.id);
    expect(decided).toMatchObject({ status: 'PARTIALLY_APPROVED', preauthorisationId: requested.id, payable: { amount: '3000.00' } });
    expect((await preauths.get(requested.id)).usedMinor).toBe(300_000);
  });

  it('refuses a claim naming another member\'s pre-authorisation', async () => {
    const family = await seedTestFamily(runtime);
    const other = await runtime.services.preauthorisations.request(
      { memberId: newId(), providerId: family.providerId, benefitCategory: 'OUTPATIENT' as never, estimatedAmount: { amount: '100.00', currency: 'KES' }, diagnosisCodes: ['B50.9'], plannedDate: today() },
      'provider-desk',
    );
    await expect(submitFamilyClaim(runtime, family, { preauthorisationId: other.id })).rejects.toThrow(/MEMBER_PREAUTHORISATION/);
  });
});

describe('benefit balances', () => {
  it('shows limit, used and remaining per benefit, by query and on Member through federation', async () => {
    const family = await seedTestFamily(runtime, {
      dependants: 1,
      scheme: { benefits: [testBenefit({ name: 'Family outpatient', limitScope: 'FAMILY', annualLimitMinor: 2_000_000 }), testBenefit({ category: 'DENTAL', name: 'Dental' })] },
    });
    await submitFamilyClaim(runtime, family);
    await submitFamilyClaim(runtime, family, { memberId: family.dependantIds[0] });

    const data = await executeOk(runtime, `query($id: ID!) { benefitUtilisation(memberId: $id) {
      benefitName category limitScope periodStart periodEnd limit { amount } used { amount } memberUsed { amount } remaining { amount } visitsUsed } }`, {
      id: family.dependantIds[0],
    });
    const year = today().slice(0, 4);
    expect(data.benefitUtilisation).toEqual([
      {
        benefitName: 'Family outpatient', category: 'OUTPATIENT', limitScope: 'FAMILY', periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`,
        limit: { amount: '20000.00' }, used: { amount: '6900.00' }, memberUsed: { amount: '3450.00' }, remaining: { amount: '13100.00' }, visitsUsed: 1,
      },
      {
        benefitName: 'Dental', category: 'DENTAL', limitScope: 'INDIVIDUAL', periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`,
        limit: { amount: '100000.00' }, used: { amount: '0.00' }, memberUsed: { amount: '0.00' }, remaining: { amount: '100000.00' }, visitsUsed: 0,
      },
    ]);

    const entities = await executeOk(runtime, `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Member { id benefitBalances { benefitName remaining { amount } } } } }`, {
      reps: [{ __typename: 'Member', id: family.principalId }, { __typename: 'Member', id: newId() }],
    });
    expect(entities._entities).toEqual([
      { id: family.principalId, benefitBalances: [{ benefitName: 'Family outpatient', remaining: { amount: '13100.00' } }, { benefitName: 'Dental', remaining: { amount: '100000.00' } }] },
      { id: expect.any(String), benefitBalances: [] },
    ]);
  });
});

describe('the answer to a submission', () => {
  it('is the claim exactly as stored and decided, without reading it back', async () => {
    const family = await seedTestFamily(runtime);
    const answered = await runtime.services.claims.submit(
      { ...createTestClaimInput({ memberId: family.principalId, providerId: family.providerId }) } as never,
      'test-officer',
    );
    expect(answered.status).toBe('APPROVED');
    expect(answered).toEqual(await runtime.services.claims.get(answered.id));
  });

  it('is the stored claim too when the read models cannot decide it yet', async () => {
    const answered = await runtime.services.claims.submit(createTestClaimInput() as never, 'test-officer');
    expect(answered.status).toBe('SUBMITTED');
    expect(answered).toEqual(await runtime.services.claims.get(answered.id));
  });
});
