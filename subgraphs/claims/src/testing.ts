import { randomUUID } from 'node:crypto';
import { addDays, today } from '../../../kit/dates';
import type { AnyRuntime } from '../../../kit/subgraph';
import { executeOk, uniqueSuffix } from '../../../kit/testing';

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
