import { adjudicate } from './adjudicate';
import { explanationOfBenefits, FHIR_ADJUDICATION_SYSTEM, LOCAL_ADJUDICATION_SYSTEM, toFhirClaimResponse } from './eob';
import { BENEFIT_ID, anInput, kes } from './fixtures';
import type { InputOverrides } from './fixtures';
import type { AdjudicationInput } from './types';
import { amount } from './wording';

const run = (overrides: InputOverrides) => {
  const input: AdjudicationInput = anInput(overrides);
  return { claim: input.claim, result: adjudicate(input) };
};

describe('explanation of benefits', () => {
  const names = { member: 'Achieng Otieno', provider: 'Nairobi West Clinic', benefit: 'Outpatient', services: { 'CON-GP': 'General practitioner consultation', 'LAB-FBC': 'Full blood count' } };

  it('formats KES amounts with separators', () => {
    expect(amount(123456789, 'KES')).toBe('KES 1,234,567.89');
    expect(amount(5, 'KES')).toBe('KES 0.05');
    expect(amount(5000, 'UGX')).toBe('UGX 5,000');
  });

  it('tells the member, per line, what the scheme pays, what they pay and why', () => {
    const { claim, result } = run({
      lines: [{ unitPriceMinor: kes(2500) }, { serviceCode: 'LAB-FBC', unitPriceMinor: kes(1200) }],
      provider: { tariffs: { 'CON-GP': kes(2000) } },
      benefit: { copayMinor: kes(200), coinsuranceBps: 1000 },
    });
    const eob = explanationOfBenefits(claim, result, names);
    expect(eob).toMatchObject({ claimNumber: 'CLM-2025-000001', member: 'Achieng Otieno', provider: 'Nairobi West Clinic', decision: 'APPROVED' });
    expect(eob.headline).toBe('Your claim is approved. The scheme pays KES 2,700.00 and your share is KES 500.00.');
    const [consultation, test] = eob.lines;
    expect(consultation).toMatchObject({
      service: 'General practitioner consultation',
      billed: { minor: kes(2500), text: 'KES 2,500.00' },
      schemePays: { text: 'KES 1,620.00' },
      youPay: { text: 'KES 380.00' },
      notPaid: { text: 'KES 500.00' },
    });
    expect(consultation.explanation).toEqual([
      'Your provider billed more than the price agreed with the scheme; the difference is not yours to pay.',
      'You pay a fixed copay of KES 200.00.',
      'You pay KES 180.00 as your share (coinsurance) of the cost.',
      'The scheme pays KES 1,620.00.',
    ]);
    expect(test.explanation).toEqual(['You pay KES 120.00 as your share (coinsurance) of the cost.', 'The scheme pays KES 1,080.00.']);
    expect(eob.totals).toMatchObject({ billed: { text: 'KES 3,700.00' }, schemePays: { text: 'KES 2,700.00' }, youPay: { text: 'KES 500.00' } });
  });

  it('explains a limit the member pays for, and a service the scheme does not cover', () => {
    const limited = run({ utilisation: { benefitMemberMinor: { [BENEFIT_ID]: kes(99_000) } } });
    const eob = explanationOfBenefits(limited.claim, limited.result, names);
    expect(eob.lines[0].youPay.text).toBe('KES 1,500.00');
    expect(eob.lines[0].explanation[0]).toBe('KES 1,500.00 is over your cover limits, so it is yours to pay.');
    expect(eob.lines[0].explanation[1]).toContain("annual limit of KES 100,000.00 had KES 1,000.00 left");

    const excluded = run({ benefit: { exclusions: ['CON-GP'] } });
    const denied = explanationOfBenefits(excluded.claim, excluded.result, names);
    expect(denied.headline).toBe('Your claim is not approved, so the scheme pays nothing on it.');
    expect(denied.lines[0].explanation[0]).toContain('The scheme does not pay for this service.');
    expect(denied.lines[0].explanation[1]).toBe('It is not covered by your scheme, so your provider may ask you to pay the KES 2,500.00 billed.');

    const blacklisted = run({ provider: { blacklisted: true } });
    const providerFault = explanationOfBenefits(blacklisted.claim, blacklisted.result);
    expect(providerFault.lines[0].explanation[1]).toBe('Your provider may not ask you to pay for it.');
    expect(providerFault.notes).toEqual(['The provider is blacklisted by the scheme.']);
    expect(providerFault.lines[0].service).toBe('CON-GP');
  });

  it('says when a claim waits', () => {
    const { claim, result } = run({ benefit: { requiresPreauthorisation: true } });
    expect(explanationOfBenefits(claim, result).headline).toContain('waiting for a pre-authorisation');
  });
});

describe('FHIR ClaimResponse', () => {
  it('carries per item the submitted, eligible, deductible, copay and benefit amounts', () => {
    const { claim, result } = run({
      lines: [{ unitPriceMinor: kes(2500) }, { serviceCode: 'LAB-FBC', unitPriceMinor: kes(1200) }],
      benefit: { deductibleMinor: kes(300), copayMinor: kes(200), coinsuranceBps: 1000 },
    });
    const fhir = toFhirClaimResponse(claim, result, { created: '2025-06-12', id: 'cr-1', insurer: 'Example Health' });
    expect(fhir).toMatchObject({
      resourceType: 'ClaimResponse',
      id: 'cr-1',
      status: 'active',
      use: 'claim',
      outcome: 'complete',
      created: '2025-06-12',
      patient: { reference: 'Patient/member-1' },
      requestor: { reference: 'Organization/provider-1' },
      request: { reference: 'Claim/claim-1', identifier: { value: 'CLM-2025-000001' } },
      type: { coding: [{ code: 'professional' }] },
      payment: { amount: { value: 2880, currency: 'KES' } },
    });
    const first = fhir.item[0];
    expect(first.itemSequence).toBe(1);
    const byCode = Object.fromEntries(first.adjudication.filter((a) => a.amount).map((a) => [`${a.category.coding[0].system === FHIR_ADJUDICATION_SYSTEM ? '' : 'local:'}${a.category.coding[0].code}`, a.amount!.value]));
    expect(byCode).toEqual({ submitted: 2500, eligible: 2500, deductible: 300, copay: 200, 'local:coinsurance': 200, benefit: 1800, 'local:disallowed': 0, 'local:exceeded': 0 });
    const reasons = first.adjudication.filter((a) => a.reason).map((a) => a.reason!.coding[0].code);
    expect(reasons).toEqual(['DEDUCTIBLE_APPLIED', 'COPAY_APPLIED', 'COINSURANCE_APPLIED']);
    expect(fhir.total.find((a) => a.category.coding[0].code === 'benefit')?.amount).toEqual({ value: 2880, currency: 'KES' });
    expect(fhir.total.find((a) => a.category.coding[0].system === LOCAL_ADJUDICATION_SYSTEM && a.category.coding[0].code === 'coinsurance')?.amount?.value).toBe(320);
  });

  it('queues a pended claim and leaves payment out of anything not paid', () => {
    const pended = run({ benefit: { requiresPreauthorisation: true } });
    const fhir = toFhirClaimResponse(pended.claim, pended.result, { created: '2025-06-12' });
    expect(fhir.outcome).toBe('queued');
    expect(fhir.payment).toBeUndefined();
    expect(fhir.processNote[0].text).toContain('waits for authorisation');
    const denied = run({ member: null });
    expect(toFhirClaimResponse(denied.claim, denied.result, { created: '2025-06-12' })).toMatchObject({ outcome: 'complete', disposition: 'Your claim is not approved, so the scheme pays nothing on it.' });
  });
});
