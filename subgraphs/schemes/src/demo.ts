import type { EntityManager } from 'typeorm';
import { demoPolicySellers, type DemoPlan, type DemoScheme, type SchemeCode } from '../../../demo/plan';
import { addDays, daysBetween } from '../../../kit/dates';
import { Benefit, BenefitCategory, BenefitLimitBasis, BenefitQuantityLimit, BenefitQuantityUnit, BenefitSubLimit } from './benefit/benefit.entity';
import { Gender } from './gender';
import { PolicyEvent, PolicyEventType } from './policy/policy-event.entity';
import { recordPoliciesChanged } from './policy/policy.events';
import { PolicyMember } from './policy/policy-member.entity';
import { Policy, PolicyBillingFrequency, PolicyStatus } from './policy/policy.entity';
import { RatingFactor, RatingFactorType } from './rating/rating-factor.entity';
import { BenefitPeriod, Scheme, SchemeStatus } from './scheme/scheme.entity';
import { SchemeVersion, SchemeVersionStatus } from './scheme/scheme-version.entity';
import { recordVersionsPublished } from './scheme/scheme-version.events';

const DEMO_ACTOR = 'system:demo-seed';
const KES = 100; // minor units per shilling

/** What sets the three tiers apart, in whole shillings. */
interface Tier {
  description: string;
  perPerson: number;
  perFamily: number;
  inpatient: number;
  outpatient: number;
  maternity: number;
  dental: number;
  optical: number;
  perVisit: number;
  copay: number;
  /** Provider networks the scheme may be used in; empty for any provider. */
  networks: string[];
  /** Whether claims of critical fraud risk are denied outright rather than reviewed. */
  autoDenyCriticalRisk: boolean;
  outpatientVisits: number | null;
  inpatientWaitingDays: number;
  routineWaitingDays: number;
  dentalDeductible: number;
  routineCoinsuranceBps: number;
  outpatientPreauthAbove: number;
}

const TIERS: Record<SchemeCode, Tier> = {
  ESSENTIAL: {
    description: 'Hospital cover with a managed outpatient benefit, for employers who want sound cover at an accessible premium.',
    perPerson: 600_000,
    perFamily: 1_500_000,
    inpatient: 500_000,
    outpatient: 50_000,
    maternity: 50_000,
    dental: 10_000,
    optical: 10_000,
    perVisit: 5_000,
    copay: 200,
    networks: ['AFYA-BASIC'],
    autoDenyCriticalRisk: true,
    outpatientVisits: 12,
    inpatientWaitingDays: 30,
    routineWaitingDays: 90,
    dentalDeductible: 1_000,
    routineCoinsuranceBps: 2_000,
    outpatientPreauthAbove: 10_000,
  },
  COMPREHENSIVE: {
    description: 'Inpatient and outpatient cover with maternity, dental and optical for the whole family.',
    perPerson: 2_500_000,
    perFamily: 6_000_000,
    inpatient: 2_000_000,
    outpatient: 150_000,
    maternity: 150_000,
    dental: 30_000,
    optical: 30_000,
    perVisit: 10_000,
    copay: 100,
    networks: ['AFYA-BASIC', 'AFYA-PLUS'],
    autoDenyCriticalRisk: true,
    outpatientVisits: 24,
    inpatientWaitingDays: 0,
    routineWaitingDays: 90,
    dentalDeductible: 500,
    routineCoinsuranceBps: 1_000,
    outpatientPreauthAbove: 20_000,
  },
  PREMIER: {
    description: 'High limits at any provider, no co-payments, for executives and their families.',
    perPerson: 6_000_000,
    perFamily: 15_000_000,
    inpatient: 5_000_000,
    outpatient: 400_000,
    maternity: 400_000,
    dental: 75_000,
    optical: 60_000,
    perVisit: 25_000,
    copay: 0,
    networks: [],
    autoDenyCriticalRisk: false,
    outpatientVisits: null,
    inpatientWaitingDays: 0,
    routineWaitingDays: 0,
    dentalDeductible: 0,
    routineCoinsuranceBps: 0,
    outpatientPreauthAbove: 50_000,
  },
};

/** The same rating table for every tier (the tiers differ in base premium); age bands match the plan's. */
const RATING: Pick<RatingFactor, 'type' | 'value' | 'minValue' | 'maxValue' | 'multiplierBps'>[] = [
  { type: RatingFactorType.AGE_BAND, value: '0-17', minValue: 0, maxValue: 17, multiplierBps: 6_000 },
  { type: RatingFactorType.AGE_BAND, value: '18-35', minValue: 18, maxValue: 35, multiplierBps: 10_000 },
  { type: RatingFactorType.AGE_BAND, value: '36-50', minValue: 36, maxValue: 50, multiplierBps: 13_000 },
  { type: RatingFactorType.AGE_BAND, value: '51-65', minValue: 51, maxValue: 65, multiplierBps: 18_000 },
  { type: RatingFactorType.AGE_BAND, value: '66-120', minValue: 66, maxValue: 120, multiplierBps: 26_000 },
  { type: RatingFactorType.GENDER, value: 'FEMALE', minValue: null, maxValue: null, multiplierBps: 10_500 },
  { type: RatingFactorType.GENDER, value: 'MALE', minValue: null, maxValue: null, multiplierBps: 10_000 },
  { type: RatingFactorType.REGION, value: 'Nairobi', minValue: null, maxValue: null, multiplierBps: 11_500 },
  { type: RatingFactorType.REGION, value: 'Mombasa', minValue: null, maxValue: null, multiplierBps: 11_000 },
  { type: RatingFactorType.REGION, value: 'Kisumu', minValue: null, maxValue: null, multiplierBps: 10_500 },
  { type: RatingFactorType.REGION, value: 'Nakuru', minValue: null, maxValue: null, multiplierBps: 10_000 },
  { type: RatingFactorType.REGION, value: 'Kericho', minValue: null, maxValue: null, multiplierBps: 9_500 },
  { type: RatingFactorType.COVER_LEVEL, value: 'STANDARD', minValue: null, maxValue: null, multiplierBps: 10_000 },
  { type: RatingFactorType.COVER_LEVEL, value: 'ENHANCED', minValue: null, maxValue: null, multiplierBps: 12_500 },
  { type: RatingFactorType.LIFESTYLE, value: 'NON_SMOKER', minValue: null, maxValue: null, multiplierBps: 10_000 },
  { type: RatingFactorType.LIFESTYLE, value: 'SMOKER', minValue: null, maxValue: null, multiplierBps: 12_500 },
  { type: RatingFactorType.FAMILY_SIZE, value: '1-2', minValue: 1, maxValue: 2, multiplierBps: 10_000 },
  { type: RatingFactorType.FAMILY_SIZE, value: '3-4', minValue: 3, maxValue: 4, multiplierBps: 9_500 },
  { type: RatingFactorType.FAMILY_SIZE, value: '5+', minValue: 5, maxValue: null, multiplierBps: 9_000 },
];

interface BenefitSpec {
  benefit: Omit<Benefit, 'id' | 'versionId' | 'currency' | 'position' | 'createdAt' | 'updatedAt' | 'annualLimit' | 'perVisitLimit' | 'deductible' | 'copay' | 'preauthorisationThreshold'>;
  subLimits: { name: string; serviceCategory: string; share: number }[];
  quantityLimits: { unit: BenefitQuantityUnit; maxQuantity: number; perDays: number | null; serviceCategory?: string }[];
}

/** A share of an amount, in whole shillings (sub-limits are set as a share of the benefit's limit). */
const share = (shillings: number, fraction: number) => Math.round(shillings * fraction) * KES;

function benefitsOf(tier: Tier): BenefitSpec[] {
  const common = { description: null, perVisitLimitMinor: null, deductibleMinor: 0, copayMinor: 0, coinsuranceBps: 0, minAge: null, maxAge: null, gender: null };
  return [
    {
      benefit: {
        ...common,
        code: 'INPATIENT',
        name: 'Inpatient care',
        description: 'Hospital admission: ward, theatre, specialist fees, drugs and diagnostics while admitted.',
        category: BenefitCategory.INPATIENT,
        limitBasis: BenefitLimitBasis.PER_PERSON,
        annualLimitMinor: tier.inpatient * KES,
        waitingPeriodDays: tier.inpatientWaitingDays,
        requiresPreauthorisation: true,
        preauthorisationThresholdMinor: null,
        networkCodes: tier.networks,
        exclusions: ['Cosmetic and beauty treatment', 'Self-inflicted injuries', 'Experimental or unproven treatment'],
      },
      subLimits: [
        { name: 'Room and board', serviceCategory: 'ROOM_AND_BOARD', share: 0.2 },
        { name: 'Pre-existing and chronic conditions', serviceCategory: 'CHRONIC', share: 0.3 },
      ],
      quantityLimits: [],
    },
    {
      benefit: {
        ...common,
        code: 'OUTPATIENT',
        name: 'Outpatient care',
        description: 'Consultations, prescribed medicines, laboratory tests and imaging without admission.',
        category: BenefitCategory.OUTPATIENT,
        limitBasis: BenefitLimitBasis.PER_PERSON,
        annualLimitMinor: tier.outpatient * KES,
        perVisitLimitMinor: tier.perVisit * KES,
        copayMinor: tier.copay * KES,
        waitingPeriodDays: 0,
        requiresPreauthorisation: true,
        preauthorisationThresholdMinor: tier.outpatientPreauthAbove * KES,
        networkCodes: tier.networks,
        exclusions: ['Over-the-counter medicines', 'Vitamins and supplements unless prescribed'],
      },
      subLimits: [
        { name: 'Prescribed medicines', serviceCategory: 'PHARMACY', share: 0.4 },
        { name: 'Laboratory and imaging', serviceCategory: 'LABORATORY', share: 0.3 },
      ],
      quantityLimits: tier.outpatientVisits ? [{ unit: BenefitQuantityUnit.VISIT, maxQuantity: tier.outpatientVisits, perDays: null }] : [],
    },
    {
      benefit: {
        ...common,
        code: 'MATERNITY',
        name: 'Maternity',
        description: 'Antenatal care, delivery (normal or caesarean) and postnatal care.',
        category: BenefitCategory.MATERNITY,
        limitBasis: BenefitLimitBasis.PER_FAMILY,
        annualLimitMinor: tier.maternity * KES,
        waitingPeriodDays: 300,
        requiresPreauthorisation: true,
        preauthorisationThresholdMinor: share(tier.maternity, 0.25),
        minAge: 16,
        maxAge: 55,
        gender: Gender.FEMALE,
        networkCodes: tier.networks,
        exclusions: ['Infertility treatment', 'Surrogacy arrangements'],
      },
      subLimits: [
        { name: 'Normal delivery', serviceCategory: 'NORMAL_DELIVERY', share: 0.4 },
        { name: 'Caesarean section', serviceCategory: 'CAESAREAN_SECTION', share: 0.8 },
        { name: 'Antenatal and postnatal care', serviceCategory: 'ANTENATAL', share: 0.15 },
      ],
      quantityLimits: [],
    },
    {
      benefit: {
        ...common,
        code: 'DENTAL',
        name: 'Dental',
        description: 'Consultations, fillings, extractions, scaling and polishing.',
        category: BenefitCategory.DENTAL,
        limitBasis: BenefitLimitBasis.PER_PERSON,
        annualLimitMinor: tier.dental * KES,
        deductibleMinor: tier.dentalDeductible * KES,
        coinsuranceBps: tier.routineCoinsuranceBps,
        waitingPeriodDays: tier.routineWaitingDays,
        requiresPreauthorisation: false,
        preauthorisationThresholdMinor: null,
        networkCodes: tier.networks,
        exclusions: ['Cosmetic dentistry and teeth whitening', 'Orthodontics for adults'],
      },
      subLimits: [{ name: 'Scaling and polishing', serviceCategory: 'SCALING', share: 0.2 }],
      quantityLimits: [{ unit: BenefitQuantityUnit.VISIT, maxQuantity: 2, perDays: null }],
    },
    {
      benefit: {
        ...common,
        code: 'OPTICAL',
        name: 'Optical',
        description: 'Eye tests, prescription lenses and frames.',
        category: BenefitCategory.OPTICAL,
        limitBasis: BenefitLimitBasis.PER_PERSON,
        annualLimitMinor: tier.optical * KES,
        coinsuranceBps: tier.routineCoinsuranceBps,
        waitingPeriodDays: tier.routineWaitingDays,
        requiresPreauthorisation: false,
        preauthorisationThresholdMinor: null,
        networkCodes: tier.networks,
        exclusions: ['Contact lenses for cosmetic purposes', 'Sunglasses'],
      },
      subLimits: [
        { name: 'Frames', serviceCategory: 'FRAMES', share: 0.5 },
        { name: 'Lenses', serviceCategory: 'LENSES', share: 0.5 },
      ],
      // One pair of frames every two years; examinations and lenses are not counted.
      quantityLimits: [{ unit: BenefitQuantityUnit.ITEM, maxQuantity: 1, perDays: 730, serviceCategory: 'FRAMES' }],
    },
  ];
}

/**
 * Inserts the plan's schemes, each with one published version (benefits, sub-limits, cost
 * sharing, rating), and the plan's policies with their covered members and lifecycle events,
 * and records the versions' and policies' events for other domains' read models.
 * Deterministic: every id comes from the plan or from `plan.random('schemes')`.
 */
export async function seedSchemesDemo(manager: EntityManager, plan: DemoPlan): Promise<void> {
  const random = plan.random('schemes');
  for (const scheme of plan.schemes) await seedScheme(manager, scheme, random);

  const members = new Map(plan.members.map((m) => [m.id, m]));
  // Some policies were sold by crm's demo agents: their commission accrues from the policy events.
  const sellers = demoPolicySellers(plan);
  const policies: Partial<Policy>[] = [];
  const cover: Partial<PolicyMember>[] = [];
  const events: Partial<PolicyEvent>[] = [];
  for (const p of plan.policies) {
    const holder = members.get(p.holderMemberId)!;
    const status = p.status as PolicyStatus;
    // A cancelled policy covers through the holder's termination date (inclusive).
    const cancellationDate = status === PolicyStatus.CANCELLED ? minDate(holder.terminationDate ?? p.endDate, p.endDate) : null;
    policies.push({
      id: p.id,
      policyNumber: p.policyNumber,
      schemeId: p.schemeId,
      schemeVersionId: p.schemeVersionId,
      holderMemberId: p.holderMemberId,
      companyId: p.companyId,
      startDate: p.startDate,
      endDate: p.endDate,
      cancellationDate,
      status,
      // The plan's suspended policies were suspended for unpaid premiums.
      premiumInArrears: status === PolicyStatus.SUSPENDED,
      billingFrequency: p.billingFrequency as PolicyBillingFrequency,
      currency: plan.currency,
      premiumMinor: p.monthlyPremiumMinor,
      salesAgentId: sellers.get(p.id) ?? null,
    });
    for (const memberId of p.coveredMemberIds) {
      cover.push({ id: random.uuid(), policyId: p.id, memberId, coveredFrom: p.startDate, coveredTo: cancellationDate ?? p.endDate });
    }
    const event = (type: PolicyEventType, from: PolicyStatus | null, to: PolicyStatus, reason: string, effectiveDate: string) =>
      events.push({ id: random.uuid(), policyId: p.id, type, fromStatus: from, toStatus: to, actorId: DEMO_ACTOR, reason, effectiveDate });
    event(PolicyEventType.ISSUED, null, PolicyStatus.PENDING, 'Issued at group enrolment', p.startDate);
    event(PolicyEventType.ACTIVATED, PolicyStatus.PENDING, PolicyStatus.ACTIVE, 'First premium received', p.startDate);
    if (status === PolicyStatus.SUSPENDED) {
      const suspendedOn = addDays(p.startDate, random.int(30, Math.max(30, daysBetween(p.startDate, plan.asOf) - 1)));
      event(PolicyEventType.SUSPENDED, PolicyStatus.ACTIVE, PolicyStatus.SUSPENDED, 'Premium unpaid past the grace period', suspendedOn);
    }
    if (status === PolicyStatus.CANCELLED) {
      event(PolicyEventType.CANCELLED, PolicyStatus.ACTIVE, PolicyStatus.CANCELLED, 'Holder left the employer', cancellationDate!);
    }
  }
  for (let i = 0; i < policies.length; i += 200) await manager.insert(Policy, policies.slice(i, i + 200));
  for (let i = 0; i < cover.length; i += 500) await manager.insert(PolicyMember, cover.slice(i, i + 500));
  for (let i = 0; i < events.length; i += 500) await manager.insert(PolicyEvent, events.slice(i, i + 500));
  // New policy numbers continue after the seeded ones.
  const highest = Math.max(0, ...plan.policies.map((p) => Number(p.policyNumber.split('-').at(-1))));
  if (highest > 0) await manager.query(`SELECT setval('policy_number_seq', $1)`, [highest]);

  // Other domains' read models (claims) fill in from these on first start.
  await recordVersionsPublished(manager, plan.schemes.map((s) => s.versionId));
  await recordPoliciesChanged(manager, plan.policies.map((p) => p.id));
}

async function seedScheme(manager: EntityManager, demo: DemoScheme, random: ReturnType<DemoPlan['random']>): Promise<void> {
  const tier = TIERS[demo.code];
  await manager.insert(Scheme, {
    id: demo.id,
    code: demo.code,
    name: demo.name,
    description: tier.description,
    status: SchemeStatus.ACTIVE,
    companyId: null,
    currency: 'KES',
    benefitPeriod: BenefitPeriod.CALENDAR_YEAR,
  });
  // Terms go in while the version is a draft; publishing it then freezes them.
  await manager.insert(SchemeVersion, {
    id: demo.versionId,
    schemeId: demo.id,
    versionNumber: 1,
    status: SchemeVersionStatus.DRAFT,
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
    currency: 'KES',
    baseMonthlyPremiumMinor: demo.baseMonthlyPremiumMinor,
    overallAnnualLimitPerPersonMinor: tier.perPerson * KES,
    overallAnnualLimitPerFamilyMinor: tier.perFamily * KES,
    allowedNetworkCodes: tier.networks,
    autoDenyCriticalRisk: tier.autoDenyCriticalRisk,
    changeSummary: 'Launch terms for 2026',
  });
  const specs = benefitsOf(tier);
  const benefitIds = specs.map(() => random.uuid());
  await manager.insert(
    Benefit,
    specs.map((spec, i) => ({ ...spec.benefit, id: benefitIds[i], versionId: demo.versionId, currency: 'KES', position: i + 1 })),
  );
  const subLimits = specs.flatMap((spec, i) =>
    spec.subLimits.map((s, j) => ({
      id: random.uuid(),
      versionId: demo.versionId,
      benefitId: benefitIds[i],
      name: s.name,
      serviceCategory: s.serviceCategory,
      serviceCode: null,
      currency: 'KES',
      limitMinor: share(spec.benefit.annualLimitMinor / KES, s.share),
      position: j + 1,
    })),
  );
  await manager.insert(BenefitSubLimit, subLimits);
  const quantityLimits = specs.flatMap((spec, i) =>
    spec.quantityLimits.map((q, j) => ({ id: random.uuid(), versionId: demo.versionId, benefitId: benefitIds[i], ...q, position: j + 1 })),
  );
  if (quantityLimits.length > 0) await manager.insert(BenefitQuantityLimit, quantityLimits);
  await manager.insert(
    RatingFactor,
    RATING.map((f, i) => ({ ...f, id: random.uuid(), versionId: demo.versionId, position: i + 1 })),
  );
  await manager.update(
    SchemeVersion,
    { id: demo.versionId },
    { status: SchemeVersionStatus.PUBLISHED, publishedAt: new Date('2025-12-01T06:00:00Z'), publishedBy: DEMO_ACTOR },
  );
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}
