import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, startTestSubgraph, uniqueSuffix } from '../../../../kit/testing';
import { schemesSubgraph } from '../subgraph';
import {
  addTestBenefit,
  createActiveScheme,
  createTestScheme,
  kes,
  publishTestVersion,
  setTestRating,
  testBenefitInput,
  testRatingInput,
  uniqueSchemeCode,
} from '../testing';

let runtime: SubgraphRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph<unknown, unknown>(schemesSubgraph);
});
afterAll(() => runtime.stop());

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const CREATE = `mutation($input: CreateSchemeInput!) { createScheme(input: $input) { id } }`;
const ACTIVATE = `mutation($id: ID!) { activateScheme(schemeId: $id) { id status } }`;

describe('creating schemes', () => {
  it('creates a DRAFT scheme with an empty draft version 1', async () => {
    const scheme = await createTestScheme(runtime, { benefitPeriod: 'POLICY_YEAR' });
    const data = await executeOk(
      runtime,
      `query($id: ID!) { scheme(id: $id) { code status currency benefitPeriod companyId company { id } currentVersion { id }
         versions { versionNumber status effectiveFrom overallAnnualLimitPerPerson { amount currency minorUnits } benefits { id } rating { baseMonthlyPremium { amount } factors { id } } } } }`,
      { id: scheme.id },
    );
    expect(data.scheme).toEqual({
      code: scheme.code,
      status: 'DRAFT',
      currency: 'KES',
      benefitPeriod: 'POLICY_YEAR',
      companyId: null,
      company: null,
      currentVersion: null,
      versions: [
        {
          versionNumber: 1,
          status: 'DRAFT',
          effectiveFrom: null,
          overallAnnualLimitPerPerson: { amount: '1000000.00', currency: 'KES', minorUnits: '100000000' },
          benefits: [],
          rating: { baseMonthlyPremium: null, factors: [] },
        },
      ],
    });
  });

  it('refuses a taken code as a conflict and malformed input naming the field and the rule', async () => {
    const scheme = await createTestScheme(runtime);
    const taken = await execute(runtime, CREATE, { input: { code: scheme.code, name: 'Again', overallAnnualLimitPerPerson: kes('100.00') } });
    expect(taken.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'code', rule: 'UNIQUE' });

    const bad = await execute(runtime, CREATE, {
      input: {
        code: 'not a code',
        name: 'Bad',
        overallAnnualLimitPerPerson: kes('500000.005'),
        overallAnnualLimitPerFamily: { amount: '100.00', currency: 'USD' },
      },
    });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].extensions?.violations).toEqual([
      expect.objectContaining({ field: 'code', rule: 'CODE_FORMAT' }),
      expect.objectContaining({ field: 'overallAnnualLimitPerPerson.amount', rule: 'VALID_AMOUNT' }),
      expect.objectContaining({ field: 'overallAnnualLimitPerFamily.currency', rule: 'SAME_CURRENCY' }),
    ]);

    const family = await execute(runtime, CREATE, {
      input: { code: uniqueSchemeCode(), name: 'Small family', overallAnnualLimitPerPerson: kes('1000.00'), overallAnnualLimitPerFamily: kes('999.99') },
    });
    expect(family.errors?.[0].extensions).toMatchObject({ field: 'overallAnnualLimitPerFamily', rule: 'NOT_BELOW_PER_PERSON' });
  });

  it('lists schemes by code, filtered and in pages', async () => {
    const prefix = `L${uniqueSuffix().toUpperCase()}`;
    for (const n of [3, 1, 2]) await createTestScheme(runtime, { code: `${prefix}-${n}` });
    const page = `query($search: String, $after: String) { schemes(filter: { search: $search, status: DRAFT }, first: 2, after: $after) {
      edges { node { code } } pageInfo { hasNextPage endCursor } } }`;
    const first = await executeOk(runtime, page, { search: prefix });
    expect(first.schemes.edges.map((e: { node: { code: string } }) => e.node.code)).toEqual([`${prefix}-1`, `${prefix}-2`]);
    expect(first.schemes.pageInfo.hasNextPage).toBe(true);
    const second = await executeOk(runtime, page, { search: prefix, after: first.schemes.pageInfo.endCursor });
    expect(second.schemes.edges.map((e: { node: { code: string } }) => e.node.code)).toEqual([`${prefix}-3`]);
    expect(second.schemes.pageInfo.hasNextPage).toBe(false);
  });
});

describe('activation', () => {
  it('is refused until a version with a benefit and a period is published, and says why', async () => {
    const scheme = await createTestScheme(runtime);
    const early = await execute(runtime, ACTIVATE, { id: scheme.id });
    expect(early.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect(early.errors?.[0].message).toMatch(/has no published version; publish a version with at least one benefit and an effective period first/);

    const empty = await execute(runtime, `mutation($input: PublishSchemeVersionInput!) { publishSchemeVersion(input: $input) { id } }`, {
      input: { versionId: scheme.versionId, effectiveFrom: '2026-01-01' },
    });
    expect(empty.errors?.[0].extensions?.violations).toEqual([
      expect.objectContaining({ field: 'benefits', rule: 'AT_LEAST_ONE_BENEFIT' }),
      expect.objectContaining({ field: 'rating.baseMonthlyPremium', rule: 'REQUIRED' }),
    ]);

    await addTestBenefit(runtime, scheme.versionId);
    await setTestRating(runtime, scheme.versionId);
    const version = await publishTestVersion(runtime, scheme.versionId, '2026-01-01');
    expect(version.status).toBe('PUBLISHED');
    const active = await executeOk(runtime, ACTIVATE, { id: scheme.id });
    expect(active.activateScheme.status).toBe('ACTIVE');
    const current = await executeOk(runtime, `query($id: ID!) { scheme(id: $id) { currentVersion(on: "2026-02-01") { id publishedBy } } }`, { id: scheme.id });
    expect(current.scheme.currentVersion).toEqual({ id: scheme.versionId, publishedBy: 'test-officer' });
  });

  it('is refused for a published version without benefits, however it got there', async () => {
    // Publishing refuses an empty version, so this state can only come from outside the service.
    const code = uniqueSchemeCode();
    const [{ id }] = await runtime.dataSource.query(
      `INSERT INTO schemes (code, name, status, currency, benefit_period) VALUES ($1, 'Legacy', 'DRAFT', 'KES', 'CALENDAR_YEAR') RETURNING id`,
      [code],
    );
    await runtime.dataSource.query(
      `INSERT INTO scheme_versions (scheme_id, version_number, status, effective_from, currency, base_monthly_premium_minor, published_at)
       VALUES ($1, 1, 'PUBLISHED', '2026-01-01', 'KES', 100000, now())`,
      [id],
    );
    const result = await execute(runtime, ACTIVATE, { id });
    expect(result.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect(result.errors?.[0].message).toMatch(`version 1 of ${code} has no benefits; a scheme is activated only with at least one benefit`);
  });

  it('suspends and retires, and a retired scheme stays retired', async () => {
    const scheme = await createActiveScheme(runtime);
    const suspended = await executeOk(runtime, `mutation($id: ID!) { suspendScheme(schemeId: $id) { status } }`, { id: scheme.id });
    expect(suspended.suspendScheme.status).toBe('SUSPENDED');
    const retired = await executeOk(runtime, `mutation($id: ID!) { retireScheme(schemeId: $id) { status } }`, { id: scheme.id });
    expect(retired.retireScheme.status).toBe('RETIRED');
    const again = await execute(runtime, ACTIVATE, { id: scheme.id });
    expect(again.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect(again.errors?.[0].message).toMatch(/is RETIRED; only a scheme that is DRAFT or SUSPENDED can be activated/);
  });
});

describe('published versions are immutable', () => {
  async function publishedScheme() {
    const scheme = await createActiveScheme(runtime);
    const data = await executeOk(runtime, `query($id: ID!) { schemeVersion(id: $id) { benefits { id } } }`, { id: scheme.versionId });
    return { ...scheme, benefitId: data.schemeVersion.benefits[0].id as string };
  }

  it('refuses every change through the API with a clear error, and changes nothing', async () => {
    const scheme = await publishedScheme();
    const attempts: [string, Record<string, unknown>][] = [
      [`mutation($input: AddBenefitInput!) { addBenefit(input: $input) { id } }`, { input: { versionId: scheme.versionId, benefit: testBenefitInput({ code: 'DENTAL' }) } }],
      [
        `mutation($input: UpdateBenefitInput!) { updateBenefit(input: $input) { id } }`,
        { input: { benefitId: scheme.benefitId, benefit: testBenefitInput({ annualLimit: kes('1.00'), subLimits: [] }) } },
      ],
      [`mutation($id: ID!) { removeBenefit(benefitId: $id) { id } }`, { id: scheme.benefitId }],
      [`mutation($input: SetRatingInput!) { setRating(input: $input) { id } }`, { input: testRatingInput(scheme.versionId, { baseMonthlyPremium: kes('1.00') }) }],
      [
        `mutation($input: UpdateSchemeVersionInput!) { updateSchemeVersion(input: $input) { id } }`,
        { input: { versionId: scheme.versionId, overallAnnualLimitPerPerson: kes('1.00') } },
      ],
    ];
    for (const [mutation, variables] of attempts) {
      const result = await execute(runtime, mutation, variables);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'PUBLISHED_VERSION_IMMUTABLE', versionId: scheme.versionId });
      expect(result.errors?.[0].message).toMatch(/is published and cannot be changed; create a new draft version with createSchemeVersion/);
    }
    const republish = await execute(runtime, `mutation($input: PublishSchemeVersionInput!) { publishSchemeVersion(input: $input) { id } }`, {
      input: { versionId: scheme.versionId, effectiveFrom: '2026-06-01' },
    });
    expect(republish.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');

    const after = await executeOk(
      runtime,
      `query($id: ID!) { schemeVersion(id: $id) { effectiveFrom overallAnnualLimitPerPerson { amount } rating { baseMonthlyPremium { amount } }
         benefits { code annualLimit { amount } subLimits { name } } } }`,
      { id: scheme.versionId },
    );
    expect(after.schemeVersion).toEqual({
      effectiveFrom: '2026-01-01',
      overallAnnualLimitPerPerson: { amount: '1000000.00' },
      rating: { baseMonthlyPremium: { amount: '2000.00' } },
      benefits: [{ code: 'OUTPATIENT', annualLimit: { amount: '100000.00' }, subLimits: [{ name: 'Prescribed medicines' }] }],
    });
  });

  it('is enforced by the database as well: triggers refuse writes to published terms', async () => {
    const scheme = await publishedScheme();
    const sql = runtime.dataSource;
    const statements: [string, unknown[]][] = [
      ['UPDATE benefits SET annual_limit_minor = 1 WHERE id = $1', [scheme.benefitId]],
      ['DELETE FROM benefits WHERE id = $1', [scheme.benefitId]],
      ['UPDATE benefit_sub_limits SET limit_minor = 1 WHERE benefit_id = $1', [scheme.benefitId]],
      ['DELETE FROM benefit_quantity_limits WHERE benefit_id = $1', [scheme.benefitId]],
      ['UPDATE rating_factors SET multiplier_bps = 1 WHERE version_id = $1', [scheme.versionId]],
      [
        `INSERT INTO rating_factors (version_id, type, value, multiplier_bps, position) VALUES ($1, 'REGION', 'Lamu', 9000, 99)`,
        [scheme.versionId],
      ],
      ['UPDATE scheme_versions SET base_monthly_premium_minor = 1 WHERE id = $1', [scheme.versionId]],
      ['DELETE FROM scheme_versions WHERE id = $1', [scheme.versionId]],
    ];
    for (const [statement, params] of statements) {
      await expect(sql.query(statement, params)).rejects.toMatchObject({ code: '23000', message: expect.stringMatching(/published/) });
    }
    const [{ limit }] = await sql.query('SELECT annual_limit_minor::int AS limit FROM benefits WHERE id = $1', [scheme.benefitId]);
    expect(limit).toBe(10_000_000);

    // The same statements are fine on a draft: the triggers guard published terms only.
    const draft = await createTestScheme(runtime);
    const benefit = await addTestBenefit(runtime, draft.versionId);
    await sql.query('UPDATE benefits SET annual_limit_minor = 5000000 WHERE id = $1', [benefit.id]);
    await sql.query('DELETE FROM benefit_sub_limits WHERE benefit_id = $1', [benefit.id]);
  });

  it('takes changes in a new draft copied from the latest published version, which then supersedes it from its date', async () => {
    const scheme = await publishedScheme();
    const created = await executeOk(
      runtime,
      `mutation($id: ID!) { createSchemeVersion(schemeId: $id) { id versionNumber status rating { baseMonthlyPremium { amount } factors { type value } }
         benefits { id code subLimits { name limit { amount } } quantityLimits { unit maxQuantity } } } }`,
      { id: scheme.id },
    );
    const draft = created.createSchemeVersion;
    expect(draft).toMatchObject({ versionNumber: 2, status: 'DRAFT', rating: { baseMonthlyPremium: { amount: '2000.00' } } });
    expect(draft.rating.factors).toHaveLength(10);
    expect(draft.benefits).toEqual([
      {
        id: expect.not.stringMatching(scheme.benefitId),
        code: 'OUTPATIENT',
        subLimits: [{ name: 'Prescribed medicines', limit: { amount: '40000.00' } }],
        quantityLimits: [{ unit: 'VISIT', maxQuantity: 12 }],
      },
    ]);

    const second = await execute(runtime, `mutation($id: ID!) { createSchemeVersion(schemeId: $id) { id } }`, { id: scheme.id });
    expect(second.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'ONE_DRAFT_AT_A_TIME', versionId: draft.id });

    await executeOk(runtime, `mutation($input: UpdateBenefitInput!) { updateBenefit(input: $input) { id } }`, {
      input: { benefitId: draft.benefits[0].id, benefit: testBenefitInput({ annualLimit: kes('150000.00') }) },
    });
    const tooEarly = await execute(runtime, `mutation($input: PublishSchemeVersionInput!) { publishSchemeVersion(input: $input) { id } }`, {
      input: { versionId: draft.id, effectiveFrom: '2026-01-01' },
    });
    expect(tooEarly.errors?.[0].extensions).toMatchObject({ field: 'effectiveFrom', rule: 'AFTER_PREVIOUS_VERSION' });
    await publishTestVersion(runtime, draft.id, '2026-07-01');

    const limits = await executeOk(
      runtime,
      `query($id: ID!) { scheme(id: $id) {
         june: currentVersion(on: "2026-06-30") { versionNumber benefits { annualLimit { amount } } }
         july: currentVersion(on: "2026-07-01") { versionNumber benefits { annualLimit { amount } } }
         before: currentVersion(on: "2025-12-31") { versionNumber } } }`,
      { id: scheme.id },
    );
    expect(limits.scheme).toEqual({
      june: { versionNumber: 1, benefits: [{ annualLimit: { amount: '100000.00' } }] },
      july: { versionNumber: 2, benefits: [{ annualLimit: { amount: '150000.00' } }] },
      before: null,
    });
  });
});

describe('unknown ids', () => {
  it('answers null for look-ups and NOT_FOUND for changes', async () => {
    const data = await executeOk(runtime, `query($id: ID!) { scheme(id: $id) { id } schemeVersion(id: $id) { id } junk: scheme(id: "not-a-uuid") { id } }`, {
      id: UNKNOWN,
    });
    expect(data).toEqual({ scheme: null, schemeVersion: null, junk: null });
    const changes: [string, Record<string, unknown>][] = [
      [ACTIVATE, { id: UNKNOWN }],
      [`mutation($id: ID!) { createSchemeVersion(schemeId: $id) { id } }`, { id: 'not-a-uuid' }],
      [`mutation($input: AddBenefitInput!) { addBenefit(input: $input) { id } }`, { input: { versionId: UNKNOWN, benefit: testBenefitInput() } }],
      [`mutation($id: ID!) { removeBenefit(benefitId: $id) { id } }`, { id: UNKNOWN }],
      [`mutation($input: SetRatingInput!) { setRating(input: $input) { id } }`, { input: testRatingInput(UNKNOWN) }],
    ];
    for (const [mutation, variables] of changes) {
      const result = await execute(runtime, mutation, variables);
      expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
  });
});
