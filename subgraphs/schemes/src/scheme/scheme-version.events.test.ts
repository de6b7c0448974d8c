import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, startTestSubgraph } from '../../../../kit/testing';
import { BenefitQuantityUnit } from '../benefit/benefit.entity';
import { schemesSubgraph } from '../subgraph';
import { addTestBenefit, createTestScheme, kes, outboxEventsOf, publishTestVersion, setTestRating, testBenefitInput } from '../testing';
import { SCHEME_VERSION_PUBLISHED, splitQuantityLimits, type SchemeVersionPublishedPayload } from './scheme-version.events';

let runtime: SubgraphRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph<unknown, unknown>(schemesSubgraph);
});
afterAll(() => runtime.stop());

const UPDATE_VERSION = `mutation($input: UpdateSchemeVersionInput!) { updateSchemeVersion(input: $input) { id allowedNetworkCodes autoDenyCriticalRisk } }`;

describe('schemes.scheme-version.published', () => {
  it('carries the published terms, with the version settings and benefit fields adjudication needs', async () => {
    // 1. A draft with network and fraud settings, and two benefits: one shared by the family.
    const scheme = await createTestScheme(runtime);
    const updated = await executeOk(runtime, UPDATE_VERSION, {
      input: {
        versionId: scheme.versionId,
        overallAnnualLimitPerPerson: kes('1000000.00'),
        overallAnnualLimitPerFamily: kes('3000000.00'),
        allowedNetworkCodes: ['afya-basic', 'AFYA-PLUS', 'AFYA-BASIC'],
        autoDenyCriticalRisk: true,
      },
    });
    expect(updated.updateSchemeVersion).toMatchObject({ allowedNetworkCodes: ['AFYA-BASIC', 'AFYA-PLUS'], autoDenyCriticalRisk: true });
    const outpatient = await addTestBenefit(runtime, scheme.versionId, {
      quantityLimits: [
        { unit: 'VISIT', maxQuantity: 12 },
        { unit: 'ITEM', maxQuantity: 2, serviceCategory: 'spectacles' },
        { unit: 'SESSION', maxQuantity: 6, perDays: 90, serviceCode: 'PHY-001' },
      ],
    });
    const maternity = await addTestBenefit(runtime, scheme.versionId, {
      code: 'MATERNITY',
      name: 'Maternity',
      category: 'MATERNITY',
      limitBasis: 'PER_FAMILY',
      annualLimit: kes('150000.00'),
      perVisitLimit: null,
      copay: null,
      coinsuranceBps: 0,
      waitingPeriodDays: 300,
      requiresPreauthorisation: true,
      preauthorisationThreshold: kes('20000.00'),
      minAge: 16,
      maxAge: 55,
      gender: 'FEMALE',
      subLimits: [{ name: 'Caesarean section', serviceCode: 'CS-01', limit: kes('120000.00') }],
      quantityLimits: [],
      networkCodes: [],
      exclusions: ['Infertility treatment'],
    });
    await setTestRating(runtime, scheme.versionId);

    // 2. Nothing is told while the version is a draft.
    expect(await outboxEventsOf(runtime, scheme.versionId)).toEqual([]);

    // 3. Publishing records one event with the terms.
    await publishTestVersion(runtime, scheme.versionId, '2026-02-01');
    const events = await outboxEventsOf<SchemeVersionPublishedPayload>(runtime, scheme.versionId, SCHEME_VERSION_PUBLISHED);
    expect(events).toHaveLength(1);
    const { benefits, ...version } = events[0].payload;
    expect(version).toEqual({
      id: scheme.versionId,
      schemeId: scheme.id,
      schemeCode: scheme.code,
      schemeName: `Test scheme ${scheme.code}`,
      versionNumber: 1,
      currency: 'KES',
      benefitPeriod: 'CALENDAR_YEAR',
      effectiveFrom: '2026-02-01',
      overallAnnualLimitPerPersonMinor: 100_000_000,
      overallAnnualLimitPerFamilyMinor: 300_000_000,
      allowedNetworkCodes: ['AFYA-BASIC', 'AFYA-PLUS'],
      autoDenyCriticalRisk: true,
    });
    expect(benefits).toEqual([
      {
        id: outpatient.id,
        code: 'OUTPATIENT',
        name: 'Outpatient care',
        category: 'OUTPATIENT',
        annualLimitMinor: 10_000_000,
        limitScope: 'INDIVIDUAL',
        perVisitLimitMinor: 1_000_000,
        subLimits: [{ name: 'Prescribed medicines', serviceCategory: 'PHARMACY', serviceCode: null, limitMinor: 4_000_000 }],
        quantityLimits: [
          { serviceCategory: 'SPECTACLES', serviceCode: null, maxQuantity: 2, unit: 'ITEM', perDays: null },
          { serviceCategory: null, serviceCode: 'PHY-001', maxQuantity: 6, unit: 'SESSION', perDays: 90 },
        ],
        maxVisitsPerPeriod: 12,
        waitingPeriodDays: 0,
        deductibleMinor: 0,
        copayMinor: 20_000,
        coinsuranceBps: 1000,
        requiresPreauthorisation: false,
        preauthorisationThresholdMinor: null,
        minAge: null,
        maxAge: null,
        gender: null,
        networkCodes: ['AFYA-BASIC'],
        exclusions: ['Over-the-counter medicines'],
      },
      expect.objectContaining({
        id: maternity.id,
        limitScope: 'FAMILY',
        maxVisitsPerPeriod: null,
        quantityLimits: [],
        subLimits: [{ name: 'Caesarean section', serviceCategory: null, serviceCode: 'CS-01', limitMinor: 12_000_000 }],
        // "Pre-authorisation from KES 20,000" is a threshold, not "every claim".
        requiresPreauthorisation: false,
        preauthorisationThresholdMinor: 2_000_000,
        waitingPeriodDays: 300,
        minAge: 16,
        maxAge: 55,
        gender: 'FEMALE',
      }),
    ]);
  });

  it('is not recorded when publishing is refused, and new settings are for drafts only', async () => {
    const scheme = await createTestScheme(runtime);
    const refused = await execute(runtime, `mutation($input: PublishSchemeVersionInput!) { publishSchemeVersion(input: $input) { id } }`, {
      input: { versionId: scheme.versionId, effectiveFrom: '2026-01-01' },
    });
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await outboxEventsOf(runtime, scheme.versionId)).toEqual([]);

    await addTestBenefit(runtime, scheme.versionId);
    await setTestRating(runtime, scheme.versionId);
    await publishTestVersion(runtime, scheme.versionId);
    const published = await execute(runtime, UPDATE_VERSION, {
      input: { versionId: scheme.versionId, overallAnnualLimitPerPerson: kes('1000000.00'), autoDenyCriticalRisk: true },
    });
    expect(published.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'PUBLISHED_VERSION_IMMUTABLE' });
    const badCode = await execute(runtime, UPDATE_VERSION, {
      input: { versionId: (await executeOk(runtime, `mutation($id: ID!) { createSchemeVersion(schemeId: $id) { id } }`, { id: scheme.id })).createSchemeVersion.id, overallAnnualLimitPerPerson: kes('1000000.00'), allowedNetworkCodes: ['not a code'] },
    });
    expect(badCode.errors?.[0].extensions?.violations).toEqual([expect.objectContaining({ field: 'allowedNetworkCodes[0]', rule: 'CODE_FORMAT' })]);
  });

  it('copies the version settings into the next draft', async () => {
    const scheme = await createTestScheme(runtime);
    await executeOk(runtime, UPDATE_VERSION, {
      input: { versionId: scheme.versionId, overallAnnualLimitPerPerson: kes('1000000.00'), allowedNetworkCodes: ['AFYA-BASIC'], autoDenyCriticalRisk: true },
    });
    await addTestBenefit(runtime, scheme.versionId, testBenefitInput({ code: 'DENTAL', category: 'DENTAL' }));
    await setTestRating(runtime, scheme.versionId);
    await publishTestVersion(runtime, scheme.versionId);
    const next = await executeOk(runtime, `mutation($id: ID!) { createSchemeVersion(schemeId: $id) { versionNumber allowedNetworkCodes autoDenyCriticalRisk } }`, { id: scheme.id });
    expect(next.createSchemeVersion).toEqual({ versionNumber: 2, allowedNetworkCodes: ['AFYA-BASIC'], autoDenyCriticalRisk: true });
  });
});

describe('splitting quantity limits', () => {
  const limit = (unit: BenefitQuantityUnit, maxQuantity: number, extra: { perDays?: number; serviceCategory?: string; serviceCode?: string } = {}) => ({
    unit,
    maxQuantity,
    perDays: extra.perDays ?? null,
    serviceCategory: extra.serviceCategory ?? null,
    serviceCode: extra.serviceCode ?? null,
  });

  it('makes a visit limit over the whole period on every service the benefit\'s visit cap', () => {
    expect(splitQuantityLimits([limit(BenefitQuantityUnit.VISIT, 12)])).toEqual({ maxVisitsPerPeriod: 12, quantityLimits: [] });
  });

  it('passes on visit limits over a rolling window or for one service, and every other unit, as quantity limits', () => {
    const { maxVisitsPerPeriod, quantityLimits } = splitQuantityLimits([
      limit(BenefitQuantityUnit.VISIT, 2, { perDays: 30 }),
      limit(BenefitQuantityUnit.VISIT, 4, { serviceCategory: 'CONSULTATION' }),
      limit(BenefitQuantityUnit.DAY, 30),
    ]);
    expect(maxVisitsPerPeriod).toBeNull();
    expect(quantityLimits).toEqual([
      { serviceCategory: null, serviceCode: null, maxQuantity: 2, unit: 'VISIT', perDays: 30 },
      { serviceCategory: 'CONSULTATION', serviceCode: null, maxQuantity: 4, unit: 'VISIT', perDays: null },
      { serviceCategory: null, serviceCode: null, maxQuantity: 30, unit: 'DAY', perDays: null },
    ]);
  });
});
