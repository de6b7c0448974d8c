import { randomUUID } from 'node:crypto';
import { addDays, today } from '../../../kit/dates';
import type { DomainEvent } from '../../../kit/events/event';
import type { AnyRuntime } from '../../../kit/subgraph';
import { executeOk, uniqueSuffix } from '../../../kit/testing';
import {
  READ_MODEL_EVENTS,
  type ContractChangedPayload,
  type MemberChangedPayload,
  type PolicyChangedPayload,
  type ProviderChangedPayload,
  type PublishedBenefit,
  type SchemeVersionPublishedPayload,
} from './readmodel/read-model.events';

/** Fixture factories for the claims domain: each call makes fresh, unique data. */

export interface TestClaimLineInput {
  serviceCode: string;
  description?: string | null;
  quantity: number;
  unitPrice: { amount: string; currency?: string };
  billedAmount?: { amount: string; currency?: string } | null;
  diagnosisCodes: string[];
}

export interface TestClaimInput {
  memberId: string;
  providerId: string;
  providerReference: string;
  benefitCategory: string;
  serviceDate: string;
  admissionDate?: string | null;
  dischargeDate?: string | null;
  diagnosisCodes: string[];
  currency: string;
  totalBilled?: { amount: string; currency?: string } | null;
  lines: TestClaimLineInput[];
  preauthorisationId?: string | null;
}

/** A new id for a member or provider that no other test uses (they live in other subgraphs). */
export function newId(): string {
  return randomUUID();
}

/**
 * An outpatient malaria visit two days ago: consultation, blood slide and antimalarials,
 * KES 3,850 in all, for a new member at a new provider. Override what the test is about.
 */
export function createTestClaimInput(overrides: Partial<TestClaimInput> = {}): TestClaimInput {
  return {
    memberId: newId(),
    providerId: newId(),
    providerReference: `INV-${uniqueSuffix()}`.toUpperCase(),
    benefitCategory: 'OUTPATIENT',
    serviceDate: addDays(today(), -2),
    diagnosisCodes: ['B50.9'],
    currency: 'KES',
    lines: [
      { serviceCode: 'CON-GP', quantity: 1, unitPrice: { amount: '2500.00', currency: 'KES' }, diagnosisCodes: ['B50.9'] },
      { serviceCode: 'LAB-BS-MPS', quantity: 1, unitPrice: { amount: '500.00', currency: 'KES' }, diagnosisCodes: ['B50.9'] },
      { serviceCode: 'PHA-AL', quantity: 1, unitPrice: { amount: '850.00', currency: 'KES' }, diagnosisCodes: ['B50.9'] },
    ],
    ...overrides,
  };
}

/** An inpatient stay that ended yesterday: three bed days for pneumonia. */
export function createTestInpatientClaimInput(overrides: Partial<TestClaimInput> = {}): TestClaimInput {
  const discharge = addDays(today(), -1);
  const admission = addDays(discharge, -3);
  return createTestClaimInput({
    benefitCategory: 'INPATIENT',
    serviceDate: admission,
    admissionDate: admission,
    dischargeDate: discharge,
    diagnosisCodes: ['J18.9'],
    lines: [
      { serviceCode: 'IP-BED-GENERAL', quantity: 3, unitPrice: { amount: '8000.00', currency: 'KES' }, diagnosisCodes: ['J18.9'] },
      { serviceCode: 'IMG-CXR', quantity: 1, unitPrice: { amount: '2500.00', currency: 'KES' }, diagnosisCodes: ['J18.9'] },
    ],
    ...overrides,
  });
}

export const CLAIM_FIELDS = `id claimNumber memberId providerId providerReference benefitCategory serviceDate admissionDate dischargeDate
  diagnosisCodes status currency submittedAt submittedBy totalBilled { amount currency minorUnits }
  lines { lineNumber serviceCode description quantity diagnosisCodes unitPrice { amount currency } billedAmount { amount currency } }`;

export const SUBMIT_CLAIM = `mutation($input: SubmitClaimInput!, $key: String) {
  submitClaim(input: $input, idempotencyKey: $key) { ${CLAIM_FIELDS} } }`;

export interface TestClaim {
  id: string;
  claimNumber: string;
  memberId: string;
  providerId: string;
  providerReference: string;
  status: string;
  serviceDate: string;
  totalBilled: { amount: string; currency: string; minorUnits: string };
  lines: { lineNumber: number; serviceCode: string; quantity: number; billedAmount: { amount: string } }[];
  [field: string]: unknown;
}

/** Submits a claim through the subgraph and returns it (fails the test on any error). */
export async function submitTestClaim(runtime: AnyRuntime, overrides: Partial<TestClaimInput> = {}, idempotencyKey?: string) {
  const data = await executeOk<{ submitClaim: TestClaim }>(runtime, SUBMIT_CLAIM, {
    input: createTestClaimInput(overrides),
    key: idempotencyKey,
  });
  return data.submitClaim;
}

// ---------------------------------------------------------------------------------------------
// Read models: other domains' events, crafted, and a covered family fed through the handlers.

/** A domain event as another subgraph would publish it, with a fresh event id. */
export function testEvent<T extends { id?: string; claimId?: string }>(type: string, payload: T): DomainEvent<T> {
  return {
    id: randomUUID(),
    type,
    source: type.split('.')[0],
    aggregateId: payload.id ?? payload.claimId ?? randomUUID(),
    occurredAt: new Date().toISOString(),
    payload,
  };
}

/** Applies events through claims' subscription handlers, each in its own transaction (as the inbox does, without it). */
export async function applyEvents(runtime: AnyRuntime, events: DomainEvent[]): Promise<void> {
  const subscriptions = runtime.definition.subscriptions ?? [];
  for (const event of events) {
    const handlers = subscriptions.filter((s) => s.types.includes(event.type));
    if (handlers.length === 0) throw new Error(`claims does not subscribe to ${event.type}`);
    await runtime.dataSource.transaction(async (manager) => {
      for (const handler of handlers) await handler.handle(event, manager, runtime.services);
    });
  }
}

export function testMemberPayload(overrides: Partial<MemberChangedPayload> = {}): MemberChangedPayload {
  return {
    id: newId(),
    memberNumber: `MCS${uniqueSuffix()}-00`.toUpperCase(),
    type: 'PRINCIPAL',
    relationship: 'SELF',
    principalId: null,
    companyId: newId(),
    dateOfBirth: '1985-04-12',
    gender: 'FEMALE',
    status: 'ACTIVE',
    enrolmentDate: '2020-01-01',
    terminationDate: null,
    version: 1,
    ...overrides,
  };
}

/** An outpatient benefit of KES 100,000 a person a year, no cost share, no restrictions. */
export function testBenefit(overrides: Partial<PublishedBenefit> = {}): PublishedBenefit {
  return {
    id: newId(),
    code: `OP-${uniqueSuffix()}`.toUpperCase(),
    name: 'Outpatient',
    category: 'OUTPATIENT',
    annualLimitMinor: 10_000_000,
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

export function testSchemeVersionPayload(overrides: Partial<SchemeVersionPublishedPayload> = {}): SchemeVersionPublishedPayload {
  return {
    id: newId(),
    schemeId: newId(),
    schemeCode: `SCH-${uniqueSuffix()}`.toUpperCase(),
    schemeName: 'Afya Test Scheme',
    versionNumber: 1,
    currency: 'KES',
    benefitPeriod: 'CALENDAR_YEAR',
    effectiveFrom: '2020-01-01',
    overallAnnualLimitPerPersonMinor: 100_000_000,
    overallAnnualLimitPerFamilyMinor: null,
    allowedNetworkCodes: [],
    autoDenyCriticalRisk: false,
    benefits: [testBenefit()],
    ...overrides,
  };
}

export function testPolicyPayload(overrides: Partial<PolicyChangedPayload> = {}): PolicyChangedPayload {
  return {
    id: newId(),
    policyNumber: `POL-${uniqueSuffix()}`.toUpperCase(),
    schemeId: newId(),
    schemeVersionId: newId(),
    holderMemberId: null,
    companyId: null,
    startDate: '2020-01-01',
    endDate: null,
    status: 'ACTIVE',
    premiumInArrears: false,
    coveredMembers: [],
    version: 1,
    ...overrides,
  };
}

/** An active clinic, licensed since 2020, in network AFYA-PLUS. */
export function testProviderPayload(overrides: Partial<ProviderChangedPayload> = {}): ProviderChangedPayload {
  return {
    id: newId(),
    name: `Test Clinic ${uniqueSuffix()}`,
    type: 'CLINIC',
    status: 'ACTIVE',
    blacklisted: false,
    county: 'Nairobi',
    licences: [{ number: `LIC-${uniqueSuffix()}`, validFrom: '2020-01-01', validTo: null }],
    networks: [{ code: 'AFYA-PLUS', joinedOn: '2020-01-01', leftOn: null }],
    version: 1,
    ...overrides,
  };
}

/** Agreed prices: a GP consultation KES 2,500, a malaria slide KES 500, artemether-lumefantrine KES 450. */
export const TEST_TARIFFS = [
  { serviceCode: 'CON-GP', priceMinor: 250_000 },
  { serviceCode: 'LAB-BS-MPS', priceMinor: 50_000 },
  { serviceCode: 'PHA-AL', priceMinor: 45_000 },
];

export function testContractPayload(providerId: string, overrides: Partial<ContractChangedPayload> = {}): ContractChangedPayload {
  return {
    id: newId(),
    providerId,
    status: 'ACTIVE',
    validFrom: '2020-01-01',
    validTo: null,
    currency: 'KES',
    tariffs: TEST_TARIFFS,
    version: 1,
    ...overrides,
  };
}

export interface TestFamilyOptions {
  /** How many dependants besides the principal. */
  dependants?: number;
  scheme?: Partial<SchemeVersionPublishedPayload>;
  policy?: Partial<PolicyChangedPayload>;
  /** The principal's member event. */
  principal?: Partial<MemberChangedPayload>;
  /** When every member's cover on the policy ends. */
  coveredTo?: string | null;
  tariffs?: ContractChangedPayload['tariffs'];
  provider?: Partial<ProviderChangedPayload>;
}

export interface TestFamily {
  principalId: string;
  dependantIds: string[];
  memberIds: string[];
  providerId: string;
  policyId: string;
  schemeVersionId: string;
  scheme: SchemeVersionPublishedPayload;
  /** The scheme's benefits by category. */
  benefitId: (category: string) => string;
}

/**
 * A family covered by its own scheme version and policy, and a provider with a contract, all fed
 * into the read models through claims' event handlers. Ready for claims to be adjudicated.
 */
export async function seedTestFamily(runtime: AnyRuntime, options: TestFamilyOptions = {}): Promise<TestFamily> {
  const principal = testMemberPayload(options.principal);
  const dependants = Array.from({ length: options.dependants ?? 0 }, (_, i) =>
    testMemberPayload({
      type: 'DEPENDANT',
      relationship: i === 0 ? 'SPOUSE' : 'CHILD',
      principalId: principal.id,
      companyId: principal.companyId,
      memberNumber: `${principal.memberNumber.slice(0, -3)}-${String(i + 1).padStart(2, '0')}`,
      dateOfBirth: i === 0 ? '1987-09-30' : `201${i}-06-15`,
      gender: i % 2 === 0 ? 'MALE' : 'FEMALE',
    }),
  );
  const members = [principal, ...dependants];
  const scheme = testSchemeVersionPayload(options.scheme);
  const policy = testPolicyPayload({
    schemeId: scheme.schemeId,
    schemeVersionId: scheme.id,
    holderMemberId: principal.id,
    companyId: principal.companyId,
    ...options.policy,
    coveredMembers: members.map((m) => ({ memberId: m.id, coveredFrom: options.policy?.startDate ?? '2020-01-01', coveredTo: options.coveredTo ?? null })),
  });
  const provider = testProviderPayload(options.provider);
  const contract = testContractPayload(provider.id, options.tariffs ? { tariffs: options.tariffs } : {});
  await applyEvents(runtime, [
    ...members.map((m) => testEvent(READ_MODEL_EVENTS.MEMBER_CHANGED, m)),
    testEvent(READ_MODEL_EVENTS.SCHEME_VERSION_PUBLISHED, scheme),
    testEvent(READ_MODEL_EVENTS.POLICY_CHANGED, policy),
    testEvent(READ_MODEL_EVENTS.PROVIDER_CHANGED, provider),
    testEvent(READ_MODEL_EVENTS.CONTRACT_CHANGED, contract),
  ]);
  return {
    principalId: principal.id,
    dependantIds: dependants.map((d) => d.id),
    memberIds: members.map((m) => m.id),
    providerId: provider.id,
    policyId: policy.id,
    schemeVersionId: scheme.id,
    scheme,
    benefitId: (category) => {
      const benefit = scheme.benefits.find((b) => b.category === category);
      if (!benefit) throw new Error(`the test scheme has no ${category} benefit`);
      return benefit.id;
    },
  };
}

/** Everything adjudication adds to a claim, for queries in tests. */
export const ADJUDICATED_CLAIM_FIELDS = `id claimNumber status decision pendReason pendDetail adjudicatedAt settlementId preauthorisationId
  payable { amount minorUnits currency } memberResponsibility { amount minorUnits }
  amounts { submitted { minorUnits } eligible { minorUnits } disallowed { minorUnits } deductible { minorUnits } copay { minorUnits }
            coinsurance { minorUnits } payable { minorUnits } exceeded { minorUnits } memberResponsibility { minorUnits } }
  reasons { step code message }
  risk { score level signals { rule weight detail } }
  adjudicationSteps { step outcome codes message }
  review { action reason reviewedBy }
  reversal { reason reversedBy }
  duplicateOf { id claimNumber }
  provider { id }
  lines { lineNumber serviceCode outcome adjudication { outcome approvedQuantity reasons { step code message }
          eligible { minorUnits } disallowed { minorUnits } copay { minorUnits } payable { minorUnits } exceeded { minorUnits } } }`;

export const CLAIM_WITH_DECISION = `query($id: ID!) { claim(id: $id) { ${ADJUDICATED_CLAIM_FIELDS} } }`;

/** Submits a claim for a member of a seeded family at its provider (adjudicated right after it commits). */
export async function submitFamilyClaim(runtime: AnyRuntime, family: TestFamily, overrides: Partial<TestClaimInput> = {}) {
  return submitTestClaim(runtime, { memberId: family.principalId, providerId: family.providerId, ...overrides });
}

/** A claim's adjudication fields, read through the subgraph. */
export async function readDecision(runtime: AnyRuntime, claimId: string) {
  const data = await executeOk<{ claim: Record<string, any> }>(runtime, CLAIM_WITH_DECISION, { id: claimId });
  return data.claim;
}
