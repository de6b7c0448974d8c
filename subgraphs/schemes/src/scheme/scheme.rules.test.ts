import { ConflictError, InvalidTransitionError, ValidationError, Violations } from '../../../../kit/errors';
import { BenefitLimitBasis } from '../benefit/benefit.entity';
import { SchemeStatus } from './scheme.entity';
import { assertDraft, checkPublish, planSchemeTransition, type ActivationFacts, type PublishFacts } from './scheme.rules';
import { SchemeVersionStatus } from './scheme-version.entity';

const TODAY = '2026-03-01';
const published = (overrides: Partial<NonNullable<ActivationFacts['latestPublished']>> = {}): ActivationFacts => ({
  latestPublished: { versionNumber: 1, benefitCount: 3, effectiveFrom: '2026-01-01', effectiveTo: null, ...overrides },
  today: TODAY,
});
const draft = { code: 'ESSENTIAL', status: SchemeStatus.DRAFT };

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidTransitionError) return error.message;
    throw error;
  }
  throw new Error('expected INVALID_TRANSITION');
}

describe('scheme activation', () => {
  it('activates a draft with a published version that has a benefit and a current period', () => {
    expect(planSchemeTransition('activate', draft, published())).toBe(SchemeStatus.ACTIVE);
    expect(planSchemeTransition('activate', draft, published({ effectiveTo: TODAY }))).toBe(SchemeStatus.ACTIVE);
  });

  it('needs a published version', () => {
    expect(refusal(() => planSchemeTransition('activate', draft, { latestPublished: null, today: TODAY }))).toMatch(
      /ESSENTIAL has no published version; publish a version with at least one benefit and an effective period/,
    );
  });

  it('needs at least one benefit', () => {
    expect(refusal(() => planSchemeTransition('activate', draft, published({ benefitCount: 0 })))).toMatch(
      /version 1 of ESSENTIAL has no benefits; a scheme is activated only with at least one benefit/,
    );
  });

  it('needs a period that has not ended', () => {
    expect(refusal(() => planSchemeTransition('activate', draft, published({ effectiveFrom: null })))).toMatch(/has no effective period/);
    expect(refusal(() => planSchemeTransition('activate', draft, published({ effectiveTo: '2026-02-28' })))).toMatch(/ended on 2026-02-28/);
  });
});

describe('scheme status changes', () => {
  it('suspends only an active scheme and never revives a retired one', () => {
    expect(planSchemeTransition('suspend', { code: 'X', status: SchemeStatus.ACTIVE })).toBe(SchemeStatus.SUSPENDED);
    expect(refusal(() => planSchemeTransition('suspend', draft))).toMatch(/is DRAFT; only a scheme that is ACTIVE can be suspended/);
    expect(planSchemeTransition('activate', { code: 'X', status: SchemeStatus.SUSPENDED }, published())).toBe(SchemeStatus.ACTIVE);
    expect(planSchemeTransition('retire', { code: 'X', status: SchemeStatus.SUSPENDED })).toBe(SchemeStatus.RETIRED);
    expect(refusal(() => planSchemeTransition('activate', { code: 'X', status: SchemeStatus.RETIRED }, published()))).toMatch(/is RETIRED/);
    expect(refusal(() => planSchemeTransition('retire', { code: 'X', status: SchemeStatus.RETIRED }))).toMatch(/is RETIRED/);
  });
});

describe('published versions are immutable', () => {
  it('lets a draft be changed and refuses a published version, saying what to do instead', () => {
    expect(() => assertDraft({ id: 'v', status: SchemeVersionStatus.DRAFT, versionNumber: 2 }, 'ESSENTIAL', 'add a benefit')).not.toThrow();
    let error: unknown;
    try {
      assertDraft({ id: 'v', status: SchemeVersionStatus.PUBLISHED, versionNumber: 1 }, 'ESSENTIAL', 'add a benefit');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toMatch(/Cannot add a benefit: version 1 of scheme ESSENTIAL is published .* createSchemeVersion/);
    expect((error as ConflictError).extensions).toMatchObject({ code: 'CONFLICT', rule: 'PUBLISHED_VERSION_IMMUTABLE' });
  });
});

describe('publishing', () => {
  const facts = (overrides: Partial<PublishFacts> = {}, version: Partial<PublishFacts['version']> = {}): PublishFacts => ({
    version: {
      id: 'v',
      status: SchemeVersionStatus.DRAFT,
      versionNumber: 2,
      baseMonthlyPremiumMinor: 180_000,
      overallAnnualLimitPerPersonMinor: 60_000_000,
      overallAnnualLimitPerFamilyMinor: 150_000_000,
      ...version,
    },
    scheme: { code: 'ESSENTIAL', status: SchemeStatus.ACTIVE },
    benefits: [{ code: 'INPATIENT', limitBasis: BenefitLimitBasis.PER_PERSON, annualLimitMinor: 50_000_000 }],
    previousEffectiveFrom: '2026-01-01',
    effectiveFrom: '2026-07-01',
    ...overrides,
  });
  const broken = (f: PublishFacts) => {
    const violations = new Violations();
    checkPublish(f, violations);
    try {
      violations.throwIfAny();
      return [];
    } catch (error) {
      return (error as ValidationError).violations.map(({ field, rule }) => ({ field, rule }));
    }
  };

  it('accepts a complete draft', () => {
    expect(broken(facts())).toEqual([]);
  });

  it('names every missing part', () => {
    expect(
      broken(
        facts(
          { benefits: [], effectiveFrom: '2026-01-01', effectiveTo: '2025-12-31' },
          { baseMonthlyPremiumMinor: null, overallAnnualLimitPerPersonMinor: null },
        ),
      ),
    ).toEqual([
      { field: 'effectiveFrom', rule: 'AFTER_PREVIOUS_VERSION' },
      { field: 'effectiveTo', rule: 'NOT_BEFORE_EFFECTIVE_FROM' },
      { field: 'benefits', rule: 'AT_LEAST_ONE_BENEFIT' },
      { field: 'rating.baseMonthlyPremium', rule: 'REQUIRED' },
      { field: 'overallAnnualLimitPerPerson', rule: 'REQUIRED' },
    ]);
  });

  it('refuses a benefit above the overall limit of its basis', () => {
    const benefits = [
      { code: 'INPATIENT', limitBasis: BenefitLimitBasis.PER_PERSON, annualLimitMinor: 60_000_001 },
      { code: 'MATERNITY', limitBasis: BenefitLimitBasis.PER_FAMILY, annualLimitMinor: 100_000_000 },
    ];
    expect(broken(facts({ benefits }))).toEqual([{ field: 'benefits.INPATIENT.annualLimit', rule: 'NOT_ABOVE_OVERALL_LIMIT' }]);
  });

  it('refuses to publish twice, or for a retired scheme', () => {
    expect(() => broken(facts({}, { status: SchemeVersionStatus.PUBLISHED }))).toThrow(/already published/);
    expect(() => broken(facts({ scheme: { code: 'ESSENTIAL', status: SchemeStatus.RETIRED } }))).toThrow(/ESSENTIAL is RETIRED/);
  });
});
