import { randomUUID } from 'node:crypto';
import type { AnyRuntime } from '../../../kit/subgraph';
import { executeOk, uniqueSuffix } from '../../../kit/testing';

/** Fixture factories for the schemes domain: each call makes fresh, uniquely coded records. */

export function kes(amount: string) {
  return { amount, currency: 'KES' };
}

/** A scheme code no other test uses, e.g. TEST-LX2K9A. */
export function uniqueSchemeCode(prefix = 'T'): string {
  return `${prefix}-${uniqueSuffix().toUpperCase()}`.slice(0, 40);
}

/** A member id as the members subgraph would hand out; this subgraph only stores references. */
export function newMemberId(): string {
  return randomUUID();
}

export interface TestScheme {
  id: string;
  code: string;
  status: string;
  versionId: string;
}

/** A DRAFT scheme with its empty draft version 1. */
export async function createTestScheme(runtime: AnyRuntime, overrides: Record<string, unknown> = {}): Promise<TestScheme> {
  const code = uniqueSchemeCode();
  const data = await executeOk<{ createScheme: { id: string; code: string; status: string; versions: { id: string }[] } }>(
    runtime,
    `mutation($input: CreateSchemeInput!) { createScheme(input: $input) { id code status versions { id } } }`,
    {
      input: {
        code,
        name: `Test scheme ${code}`,
        overallAnnualLimitPerPerson: kes('1000000.00'),
        overallAnnualLimitPerFamily: kes('3000000.00'),
        ...overrides,
      },
    },
  );
  const scheme = data.createScheme;
  return { id: scheme.id, code: scheme.code, status: scheme.status, versionId: scheme.versions[0].id };
}

/** Outpatient terms that pass every rule; override what a test is about. */
export function testBenefitInput(overrides: Record<string, unknown> = {}) {
  return {
    code: 'OUTPATIENT',
    name: 'Outpatient care',
    category: 'OUTPATIENT',
    annualLimit: kes('100000.00'),
    perVisitLimit: kes('10000.00'),
    copay: kes('200.00'),
    coinsuranceBps: 1000,
    subLimits: [{ name: 'Prescribed medicines', serviceCategory: 'PHARMACY', limit: kes('40000.00') }],
    quantityLimits: [{ unit: 'VISIT', maxQuantity: 12 }],
    networkCodes: ['AFYA-BASIC'],
    exclusions: ['Over-the-counter medicines'],
    ...overrides,
  };
}

export async function addTestBenefit(runtime: AnyRuntime, versionId: string, overrides: Record<string, unknown> = {}) {
  const data = await executeOk<{ addBenefit: { id: string; code: string } }>(
    runtime,
    `mutation($input: AddBenefitInput!) { addBenefit(input: $input) { id code } }`,
    { input: { versionId, benefit: testBenefitInput(overrides) } },
  );
  return data.addBenefit;
}

/** A rating table with every factor type, easy to check by hand. */
export function testRatingInput(versionId: string, overrides: Record<string, unknown> = {}) {
  return {
    versionId,
    baseMonthlyPremium: kes('2000.00'),
    factors: [
      { type: 'AGE_BAND', minValue: 0, maxValue: 17, multiplierBps: 6000 },
      { type: 'AGE_BAND', minValue: 18, maxValue: 35, multiplierBps: 10000 },
      { type: 'AGE_BAND', minValue: 36, maxValue: 64, multiplierBps: 15000 },
      { type: 'GENDER', value: 'FEMALE', multiplierBps: 11000 },
      { type: 'REGION', value: 'Nairobi', multiplierBps: 12000 },
      { type: 'COVER_LEVEL', value: 'STANDARD', multiplierBps: 10000 },
      { type: 'COVER_LEVEL', value: 'ENHANCED', multiplierBps: 12500 },
      { type: 'LIFESTYLE', value: 'NON_SMOKER', multiplierBps: 10000 },
      { type: 'LIFESTYLE', value: 'SMOKER', multiplierBps: 13000 },
      { type: 'FAMILY_SIZE', minValue: 3, multiplierBps: 9000 },
    ],
    ...overrides,
  };
}

export async function setTestRating(runtime: AnyRuntime, versionId: string, overrides: Record<string, unknown> = {}) {
  await executeOk(runtime, `mutation($input: SetRatingInput!) { setRating(input: $input) { id } }`, { input: testRatingInput(versionId, overrides) });
}

export async function publishTestVersion(runtime: AnyRuntime, versionId: string, effectiveFrom = '2026-01-01') {
  const data = await executeOk<{ publishSchemeVersion: { id: string; status: string } }>(
    runtime,
    `mutation($input: PublishSchemeVersionInput!) { publishSchemeVersion(input: $input) { id status } }`,
    { input: { versionId, effectiveFrom } },
  );
  return data.publishSchemeVersion;
}

/** An ACTIVE scheme whose version 1 (one outpatient benefit, the test rating) is published from 2026-01-01. */
export async function createActiveScheme(runtime: AnyRuntime, overrides: Record<string, unknown> = {}): Promise<TestScheme> {
  const scheme = await createTestScheme(runtime, overrides);
  await addTestBenefit(runtime, scheme.versionId);
  await setTestRating(runtime, scheme.versionId);
  await publishTestVersion(runtime, scheme.versionId);
  await executeOk(runtime, `mutation($id: ID!) { activateScheme(schemeId: $id) { id } }`, { id: scheme.id });
  return { ...scheme, status: 'ACTIVE' };
}

export interface TestPolicy {
  id: string;
  policyNumber: string;
  status: string;
  holderMemberId: string;
}

/** A PENDING 2026 policy on the scheme for a new holder (plus any `coveredMemberIds`). */
export async function issueTestPolicy(runtime: AnyRuntime, schemeId: string, overrides: Record<string, unknown> = {}): Promise<TestPolicy> {
  const data = await executeOk<{ issuePolicy: TestPolicy }>(
    runtime,
    `mutation($input: IssuePolicyInput!) { issuePolicy(input: $input) { id policyNumber status holderMemberId } }`,
    {
      input: {
        schemeId,
        holderMemberId: newMemberId(),
        startDate: '2026-01-01',
        premium: kes('4500.00'),
        ...overrides,
      },
    },
  );
  return data.issuePolicy;
}

export async function activateTestPolicy(runtime: AnyRuntime, policyId: string, effectiveDate = '2026-01-01') {
  return executeOk(runtime, `mutation($input: PolicyLifecycleInput!) { activatePolicy(input: $input) { id status } }`, {
    input: { policyId, reason: 'First premium received', effectiveDate },
  });
}

export { outboxEventsOf, type OutboxRow } from '../../../kit/testing';
