import { DEFAULT_ADJUDICATION_OPTIONS } from './options';
import type {
  AdjudicationInput,
  AdjudicationOptions,
  BenefitTerms,
  ClaimHistoryItem,
  ClaimInput,
  ClaimLineInput,
  CoverageFacts,
  MemberFacts,
  PreauthorisationFacts,
  ProviderFacts,
  UtilisationFacts,
} from './types';

/**
 * Fixture factories for engine tests: a valid, clean outpatient claim that is APPROVED in full
 * with no cost share, so each test overrides only what it is about. Money is KES minor units:
 * `kes(2500)` is KES 2,500.00. The default service date is 2025-06-10, inside every default window.
 */

export const kes = (shillings: number): number => Math.round(shillings * 100);

export const SERVICE_DATE = '2025-06-10';
export const BENEFIT_ID = 'ben-outpatient';

export function aLine(overrides: Partial<ClaimLineInput> = {}): ClaimLineInput {
  const quantity = overrides.quantity ?? 1;
  const unitPriceMinor = overrides.unitPriceMinor ?? kes(2500);
  return {
    lineNumber: 1,
    serviceCode: 'CON-GP',
    serviceCategory: 'OUTPATIENT',
    diagnosisCodes: [],
    ...overrides,
    quantity,
    unitPriceMinor,
    billedMinor: overrides.billedMinor ?? quantity * unitPriceMinor,
  };
}

export function aClaim(overrides: Partial<ClaimInput> = {}): ClaimInput {
  return {
    id: 'claim-1',
    claimNumber: 'CLM-2025-000001',
    memberId: 'member-1',
    providerId: 'provider-1',
    benefitCategory: 'OUTPATIENT',
    serviceDate: SERVICE_DATE,
    serviceTime: '10:30',
    currency: 'KES',
    diagnosisCodes: ['J06.9'],
    lines: [aLine()],
    preauthorisationId: null,
    ...overrides,
  };
}

export function aMember(overrides: Partial<MemberFacts> = {}): MemberFacts {
  return {
    id: 'member-1',
    principalId: null,
    familyId: 'member-1',
    status: 'ACTIVE',
    dateOfBirth: '1985-03-20',
    gender: 'FEMALE',
    enrolmentDate: '2024-01-01',
    terminationDate: null,
    ...overrides,
  };
}

export function aBenefit(overrides: Partial<BenefitTerms> = {}): BenefitTerms {
  return {
    id: BENEFIT_ID,
    code: 'OP',
    name: 'Outpatient',
    category: 'OUTPATIENT',
    annualLimitMinor: kes(100_000),
    limitScope: 'INDIVIDUAL',
    perVisitLimitMinor: null,
    subLimits: [],
    quantityLimits: [],
    maxVisitsPerPeriod: null,
    waitingPeriodDays: 0,
    deductibleMinor: 0,
    copayMinor: 0,
    coinsuranceBps: 0,
    requiresPreauthorisation: false,
    preauthorisationThresholdMinor: null,
    minAge: null,
    maxAge: null,
    gender: null,
    networkCodes: [],
    exclusions: [],
    ...overrides,
  };
}

export function aCoverage(overrides: Partial<CoverageFacts> = {}): CoverageFacts {
  return {
    policyId: 'policy-1',
    policyStatus: 'ACTIVE',
    coveredFrom: '2025-01-01',
    coveredTo: '2025-12-31',
    schemeVersionId: 'scheme-v1',
    allowedNetworkCodes: [],
    overallAnnualLimitPerPersonMinor: kes(1_000_000),
    overallAnnualLimitPerFamilyMinor: null,
    period: { start: '2025-01-01', end: '2025-12-31' },
    benefits: [aBenefit()],
    autoDenyCriticalRisk: false,
    premiumInArrears: false,
    ...overrides,
  };
}

export function aProvider(overrides: Partial<ProviderFacts> = {}): ProviderFacts {
  return {
    id: 'provider-1',
    status: 'ACTIVE',
    blacklisted: false,
    licences: [{ validFrom: '2025-01-01', validTo: '2025-12-31' }],
    networks: [{ code: 'NET-A', joinedOn: '2020-01-01', leftOn: null }],
    tariffs: {},
    ...overrides,
  };
}

export function aPreauthorisation(overrides: Partial<PreauthorisationFacts> = {}): PreauthorisationFacts {
  return {
    id: 'pa-1',
    status: 'APPROVED',
    approvedMinor: kes(50_000),
    usedMinor: 0,
    validFrom: '2025-06-01',
    validTo: '2025-06-30',
    benefitCategory: 'OUTPATIENT',
    ...overrides,
  };
}

export function noUtilisation(overrides: Partial<UtilisationFacts> = {}): UtilisationFacts {
  return {
    benefitMemberMinor: {},
    benefitFamilyMinor: {},
    subLimitMemberMinor: {},
    quantityUsed: {},
    visitsUsed: {},
    deductibleMetMinor: {},
    overallMemberMinor: 0,
    overallFamilyMinor: 0,
    ...overrides,
  };
}

let historySequence = 0;

/** An earlier claim of the default member at the default provider, paid. */
export function aHistoryClaim(overrides: Partial<ClaimHistoryItem> = {}): ClaimHistoryItem {
  historySequence += 1;
  return {
    claimId: `earlier-${historySequence}`,
    claimNumber: `CLM-2025-9${String(historySequence).padStart(5, '0')}`,
    memberId: 'member-1',
    providerId: 'provider-1',
    benefitCategory: 'OUTPATIENT',
    serviceDate: '2025-05-01',
    billedMinor: kes(2500),
    status: 'APPROVED',
    serviceCodes: ['CON-GP'],
    diagnosisCodes: ['J06.9'],
    ...overrides,
  };
}

export interface InputOverrides {
  claim?: Partial<ClaimInput>;
  /** The claim's lines, each completed by `aLine`; line numbers default to 1, 2, 3... */
  lines?: Partial<ClaimLineInput>[];
  member?: Partial<MemberFacts> | null;
  coverage?: Partial<CoverageFacts> | null;
  /** Merged into the default outpatient benefit (ignored when `coverage.benefits` is given). */
  benefit?: Partial<BenefitTerms>;
  provider?: Partial<ProviderFacts> | null;
  preauthorisation?: Partial<PreauthorisationFacts> | null;
  utilisation?: Partial<UtilisationFacts>;
  memberHistory?: ClaimHistoryItem[];
  providerHistory?: ClaimHistoryItem[];
  providerAverages?: Record<string, number>;
  providerClaimsByDay?: Record<string, number>;
  options?: Partial<AdjudicationOptions>;
}

/** A valid AdjudicationInput for a clean claim, with what the test is about overridden. */
export function anInput(overrides: InputOverrides = {}): AdjudicationInput {
  const lines = overrides.lines?.map((line, index) => aLine({ lineNumber: index + 1, ...line }));
  const benefit = aBenefit(overrides.benefit);
  return {
    claim: aClaim({ ...(lines ? { lines } : {}), ...overrides.claim }),
    member: overrides.member === null ? null : aMember(overrides.member),
    coverage: overrides.coverage === null ? null : aCoverage({ benefits: [benefit], ...overrides.coverage }),
    provider: overrides.provider === null ? null : aProvider(overrides.provider),
    preauthorisation: overrides.preauthorisation === undefined || overrides.preauthorisation === null ? null : aPreauthorisation(overrides.preauthorisation),
    utilisation: noUtilisation(overrides.utilisation),
    memberHistory: overrides.memberHistory ?? [],
    providerHistory: overrides.providerHistory ?? [],
    ...(overrides.providerAverages ? { providerAverages: overrides.providerAverages } : {}),
    ...(overrides.providerClaimsByDay ? { providerClaimsByDay: overrides.providerClaimsByDay } : {}),
    options: { ...DEFAULT_ADJUDICATION_OPTIONS, ...overrides.options },
  };
}
