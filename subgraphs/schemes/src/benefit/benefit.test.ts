import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, startTestSubgraph } from '../../../../kit/testing';
import { schemesSubgraph } from '../subgraph';
import { addTestBenefit, createTestScheme, kes, testBenefitInput } from '../testing';

let runtime: SubgraphRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph<unknown, unknown>(schemesSubgraph);
});
afterAll(() => runtime.stop());

const ADD = `mutation($input: AddBenefitInput!) { addBenefit(input: $input) { id } }`;
const BENEFIT_FIELDS = `code name category limitBasis annualLimit { amount currency } perVisitLimit { amount } deductible { amount } copay { amount }
  coinsuranceBps waitingPeriodDays requiresPreauthorisation preauthorisationThreshold { amount } minAge maxAge gender networkCodes exclusions
  subLimits { name serviceCategory serviceCode limit { amount } } quantityLimits { unit maxQuantity perDays }`;

describe('benefits', () => {
  it('adds a benefit with its limits, cost sharing and restrictions, amounts exact', async () => {
    const scheme = await createTestScheme(runtime);
    await addTestBenefit(runtime, scheme.versionId, {
      code: 'maternity',
      name: 'Maternity',
      category: 'MATERNITY',
      limitBasis: 'PER_FAMILY',
      annualLimit: kes('150000.50'),
      perVisitLimit: null,
      copay: null,
      deductible: kes('0'),
      coinsuranceBps: 0,
      waitingPeriodDays: 300,
      requiresPreauthorisation: true,
      preauthorisationThreshold: kes('37500'),
      minAge: 16,
      maxAge: 55,
      gender: 'FEMALE',
      subLimits: [
        { name: 'Caesarean section', serviceCategory: 'caesarean_section', limit: kes('120000.00') },
        { name: 'Delivery pack', serviceCode: 'MAT-001', limit: kes('5000.00') },
      ],
      quantityLimits: [{ unit: 'VISIT', maxQuantity: 8 }],
      exclusions: ['Infertility treatment'],
    });
    const data = await executeOk(runtime, `query($id: ID!) { schemeVersion(id: $id) { benefits { ${BENEFIT_FIELDS} } } }`, { id: scheme.versionId });
    expect(data.schemeVersion.benefits).toEqual([
      {
        code: 'MATERNITY',
        name: 'Maternity',
        category: 'MATERNITY',
        limitBasis: 'PER_FAMILY',
        annualLimit: { amount: '150000.50', currency: 'KES' },
        perVisitLimit: null,
        deductible: { amount: '0.00' },
        copay: { amount: '0.00' },
        coinsuranceBps: 0,
        waitingPeriodDays: 300,
        requiresPreauthorisation: true,
        preauthorisationThreshold: { amount: '37500.00' },
        minAge: 16,
        maxAge: 55,
        gender: 'FEMALE',
        networkCodes: ['AFYA-BASIC'],
        exclusions: ['Infertility treatment'],
        subLimits: [
          { name: 'Caesarean section', serviceCategory: 'CAESAREAN_SECTION', serviceCode: null, limit: { amount: '120000.00' } },
          { name: 'Delivery pack', serviceCategory: null, serviceCode: 'MAT-001', limit: { amount: '5000.00' } },
        ],
        quantityLimits: [{ unit: 'VISIT', maxQuantity: 8, perDays: null }],
      },
    ]);
  });

  it('refuses broken terms, each violation naming the field and the rule, and stores nothing', async () => {
    const scheme = await createTestScheme(runtime);
    const result = await execute(runtime, ADD, {
      input: {
        versionId: scheme.versionId,
        benefit: testBenefitInput({
          annualLimit: kes('50000.00'),
          subLimits: [{ name: 'Medicines', serviceCategory: 'PHARMACY', limit: kes('60000.00') }],
          coinsuranceBps: 12000,
          minAge: 60,
          maxAge: 18,
          copay: kes('12.345'),
        }),
      },
    });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].extensions?.violations).toEqual([
      expect.objectContaining({ field: 'copay.amount', rule: 'VALID_AMOUNT' }),
      expect.objectContaining({ field: 'subLimits[0].limit', rule: 'NOT_ABOVE_ANNUAL_LIMIT' }),
      expect.objectContaining({ field: 'coinsuranceBps', rule: 'BASIS_POINTS_RANGE' }),
      expect.objectContaining({ field: 'minAge', rule: 'MIN_NOT_ABOVE_MAX' }),
    ]);
    const above = await execute(runtime, ADD, { input: { versionId: scheme.versionId, benefit: testBenefitInput({ annualLimit: kes('1000000.01'), subLimits: [] }) } });
    expect(above.errors?.[0].extensions).toMatchObject({ field: 'annualLimit', rule: 'NOT_ABOVE_OVERALL_LIMIT' });
    const data = await executeOk(runtime, `query($id: ID!) { schemeVersion(id: $id) { benefits { id } } }`, { id: scheme.versionId });
    expect(data.schemeVersion.benefits).toEqual([]);
  });

  it('keeps benefit codes unique within a version', async () => {
    const scheme = await createTestScheme(runtime);
    await addTestBenefit(runtime, scheme.versionId);
    const again = await execute(runtime, ADD, { input: { versionId: scheme.versionId, benefit: testBenefitInput({ code: 'outpatient' }) } });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code', rule: 'UNIQUE' });
  });

  it('replaces a draft benefit\'s terms and removes it', async () => {
    const scheme = await createTestScheme(runtime);
    const benefit = await addTestBenefit(runtime, scheme.versionId);
    await addTestBenefit(runtime, scheme.versionId, { code: 'DENTAL', name: 'Dental', category: 'DENTAL' });
    const updated = await executeOk(runtime, `mutation($input: UpdateBenefitInput!) { updateBenefit(input: $input) { ${BENEFIT_FIELDS} } }`, {
      input: {
        benefitId: benefit.id,
        benefit: testBenefitInput({ name: 'General outpatient', subLimits: [{ name: 'Imaging', serviceCategory: 'IMAGING', limit: kes('30000.00') }], quantityLimits: [] }),
      },
    });
    expect(updated.updateBenefit).toMatchObject({
      name: 'General outpatient',
      subLimits: [{ name: 'Imaging', serviceCategory: 'IMAGING', serviceCode: null, limit: { amount: '30000.00' } }],
      quantityLimits: [],
    });
    const clash = await execute(runtime, `mutation($input: UpdateBenefitInput!) { updateBenefit(input: $input) { id } }`, {
      input: { benefitId: benefit.id, benefit: testBenefitInput({ code: 'DENTAL' }) },
    });
    expect(clash.errors?.[0].extensions).toMatchObject({ field: 'code', rule: 'UNIQUE' });

    const removed = await executeOk(runtime, `mutation($id: ID!) { removeBenefit(benefitId: $id) { id benefits { code } } }`, { id: benefit.id });
    expect(removed.removeBenefit).toEqual({ id: scheme.versionId, benefits: [{ code: 'DENTAL' }] });
  });
});
