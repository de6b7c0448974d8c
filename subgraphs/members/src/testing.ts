import { executeOk, uniqueSuffix } from '../../../kit/testing';
import type { AnyRuntime } from '../../../kit/subgraph';

/** Fixture factories for the members domain: each call makes fresh, unique records. */

let phoneCounter = 0;
/** A Kenyan mobile number no other test uses. */
export function uniquePhone(): string {
  phoneCounter += 1;
  const tail = (Date.now() * 7 + process.pid * 131 + phoneCounter * 9973) % 100_000_000;
  return `+2547${String(tail).padStart(8, '0')}`;
}

export async function createTestCompany(runtime: AnyRuntime, overrides: Record<string, unknown> = {}) {
  const suffix = uniqueSuffix();
  const data = await executeOk<{ createCompany: { id: string; name: string } }>(
    runtime,
    `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id name } }`,
    {
      input: {
        name: `Test Co ${suffix}`,
        registrationNumber: `PVT-${suffix}`.toUpperCase(),
        email: `hr-${suffix}@example.co.ke`,
        phone: '0202000000',
        county: 'Nairobi',
        ...overrides,
      },
    },
  );
  return data.createCompany;
}

export interface TestMember {
  id: string;
  memberNumber: string;
  status: string;
}

export async function createTestPrincipal(runtime: AnyRuntime, companyId: string, overrides: Record<string, unknown> = {}) {
  const suffix = uniqueSuffix();
  const data = await executeOk<{ enrolPrincipal: TestMember }>(
    runtime,
    `mutation($input: EnrolPrincipalInput!) { enrolPrincipal(input: $input) { id memberNumber status } }`,
    {
      input: {
        companyId,
        firstName: 'Wanjiru',
        lastName: `Kamau${suffix}`,
        dateOfBirth: '1988-04-12',
        gender: 'FEMALE',
        email: `wanjiru.${suffix}@example.co.ke`,
        phone: uniquePhone(),
        enrolmentDate: '2026-01-01',
        ...overrides,
      },
    },
  );
  return data.enrolPrincipal;
}

export async function createTestDependant(runtime: AnyRuntime, principalId: string, overrides: Record<string, unknown> = {}) {
  const data = await executeOk<{ enrolDependant: TestMember }>(
    runtime,
    `mutation($input: EnrolDependantInput!) { enrolDependant(input: $input) { id memberNumber status } }`,
    {
      input: {
        principalId,
        relationship: 'CHILD',
        firstName: 'Baraka',
        lastName: 'Kamau',
        dateOfBirth: '2015-06-01',
        gender: 'MALE',
        enrolmentDate: '2026-01-01',
        ...overrides,
      },
    },
  );
  return data.enrolDependant;
}

export async function activate(runtime: AnyRuntime, memberId: string) {
  return executeOk<{ activateMember: TestMember }>(
    runtime,
    `mutation($input: LifecycleChangeInput!) { activateMember(input: $input) { id memberNumber status } }`,
    { input: { memberId, reason: 'Documents verified', effectiveDate: '2026-01-01' } },
  ).then((d) => d.activateMember);
}

export { outboxEventsOf, type OutboxRow } from '../../../kit/testing';
