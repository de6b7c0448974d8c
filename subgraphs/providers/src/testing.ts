import type { AnyRuntime } from '../../../kit/subgraph';
import { executeOk, uniqueSuffix } from '../../../kit/testing';

/** Fixture factories for the providers domain: each call makes fresh, unique records. */

export interface TestProvider {
  id: string;
  name: string;
  registrationNumber: string;
  status: string;
  blacklisted: boolean;
  version: number;
}

const PROVIDER_FIELDS = 'id name registrationNumber status blacklisted version';

/** A Nairobi clinic no other test uses. */
export async function createTestProvider(runtime: AnyRuntime, overrides: Record<string, unknown> = {}): Promise<TestProvider> {
  const suffix = uniqueSuffix();
  const data = await executeOk<{ registerProvider: TestProvider }>(
    runtime,
    `mutation($input: RegisterProviderInput!) { registerProvider(input: $input) { ${PROVIDER_FIELDS} } }`,
    {
      input: {
        name: `Test Clinic ${suffix}`,
        registrationNumber: `KMHFL-${suffix}`.toUpperCase(),
        type: 'CLINIC',
        county: 'Nairobi',
        email: `info-${suffix}@clinic.example.co.ke`,
        phone: '0202000000',
        registeredOn: '2025-01-15',
        ...overrides,
      },
    },
  );
  return data.registerProvider;
}

/** A licence for the provider covering 2026 unless told otherwise. */
export async function addTestLicence(runtime: AnyRuntime, providerId: string, overrides: Record<string, unknown> = {}) {
  const data = await executeOk<{ addLicence: { id: string; number: string; validFrom: string; validTo: string } }>(
    runtime,
    `mutation($input: AddLicenceInput!) { addLicence(input: $input) { id number validFrom validTo } }`,
    {
      input: {
        providerId,
        issuingBody: 'KMPDC',
        number: `KMPDC/FL/${uniqueSuffix()}`.toUpperCase(),
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
        ...overrides,
      },
    },
  );
  return data.addLicence;
}

/** A network with a code no other test uses. */
export async function createTestNetwork(runtime: AnyRuntime, overrides: Record<string, unknown> = {}) {
  const suffix = uniqueSuffix().toUpperCase();
  const data = await executeOk<{ createNetwork: { id: string; code: string; name: string; tier: string } }>(
    runtime,
    `mutation($input: CreateNetworkInput!) { createNetwork(input: $input) { id code name tier } }`,
    { input: { code: `TEST-${suffix}`, name: `Test network ${suffix}`, tier: 'BASIC', ...overrides } },
  );
  return data.createNetwork;
}

export async function addTestProviderToNetwork(runtime: AnyRuntime, providerId: string, networkCode: string, joinedOn = '2026-01-01') {
  const data = await executeOk<{ addProviderToNetwork: { id: string; joinedOn: string; leftOn: string | null } }>(
    runtime,
    `mutation($input: AddProviderToNetworkInput!) { addProviderToNetwork(input: $input) { id joinedOn leftOn } }`,
    { input: { providerId, networkCode, joinedOn } },
  );
  return data.addProviderToNetwork;
}

export interface TestContract {
  id: string;
  contractNumber: string;
  revision: number;
  status: string;
  version: number;
}

const CONTRACT_FIELDS = 'id contractNumber revision status version';

/** A 2026 draft contract pricing a GP consultation at KES 2,000 and a malaria slide at KES 450. */
export async function createTestContract(runtime: AnyRuntime, providerId: string, overrides: Record<string, unknown> = {}): Promise<TestContract> {
  const data = await executeOk<{ createContract: TestContract }>(
    runtime,
    `mutation($input: CreateContractInput!) { createContract(input: $input) { ${CONTRACT_FIELDS} } }`,
    {
      input: {
        providerId,
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
        tariffs: [
          { serviceCode: 'CON-GP', price: { amount: '2000.00' } },
          { serviceCode: 'LAB-BS-MPS', price: { amount: '450.00' } },
        ],
        ...overrides,
      },
    },
  );
  return data.createContract;
}

export async function activateTestContract(runtime: AnyRuntime, contractId: string): Promise<TestContract> {
  const data = await executeOk<{ activateContract: TestContract }>(
    runtime,
    `mutation($id: ID!) { activateContract(contractId: $id) { ${CONTRACT_FIELDS} } }`,
    { id: contractId },
  );
  return data.activateContract;
}

/** A doctor registered with KMPDC under a number no other test uses. */
export async function registerTestPersonnel(runtime: AnyRuntime, providerId: string, overrides: Record<string, unknown> = {}) {
  const suffix = uniqueSuffix();
  const data = await executeOk<{ registerPersonnel: { id: string; fullName: string; registrationNumber: string } }>(
    runtime,
    `mutation($input: RegisterPersonnelInput!) { registerPersonnel(input: $input) { id fullName registrationNumber } }`,
    {
      input: {
        providerId,
        firstName: 'Achieng',
        lastName: `Odhiambo${suffix}`,
        cadre: 'DOCTOR',
        registrationBody: 'KMPDC',
        registrationNumber: `A${suffix}`.toUpperCase(),
        specialty: 'Family medicine',
        ...overrides,
      },
    },
  );
  return data.registerPersonnel;
}

export { outboxEventsOf, type OutboxRow } from '../../../kit/testing';
