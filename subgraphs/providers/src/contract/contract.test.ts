import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, startTestSubgraph, staffActor } from '../../../../kit/testing';
import { providersSubgraph } from '../subgraph';
import { activateTestContract, createTestContract, createTestProvider } from '../testing';

let runtime: SubgraphRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph<unknown, unknown>(providersSubgraph);
});
afterAll(() => runtime.stop());

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const TARIFF = `query($p: ID!, $code: String!, $on: LocalDate) { providerTariff(providerId: $p, serviceCode: $code, on: $on) {
  serviceCode price { amount currency minorUnits } contract { id revision status } } }`;

const priceOn = (providerId: string, code: string, on: string) =>
  executeOk(runtime, TARIFF, { p: providerId, code, on }).then((d) => d.providerTariff?.price.amount ?? null);

describe('contracts and tariffs', () => {
  it('drafts a contract whose prices apply only once it is active, through both ends of its period', async () => {
    const provider = await createTestProvider(runtime);
    const draft = await createTestContract(runtime, provider.id);
    expect(draft).toMatchObject({ status: 'DRAFT', revision: 1, version: 1 });
    expect(draft.contractNumber).toMatch(/^PC-2026-\d{5}$/);
    expect(await priceOn(provider.id, 'CON-GP', '2026-03-01')).toBeNull();

    const active = await activateTestContract(runtime, draft.id);
    expect(active).toMatchObject({ status: 'ACTIVE', version: 2 });
    const tariff = await executeOk(runtime, TARIFF, { p: provider.id, code: 'con-gp', on: '2026-01-01' });
    expect(tariff.providerTariff).toEqual({
      serviceCode: 'CON-GP',
      price: { amount: '2000.00', currency: 'KES', minorUnits: '200000' },
      contract: { id: draft.id, revision: 1, status: 'ACTIVE' },
    });
    expect(await priceOn(provider.id, 'CON-GP', '2026-12-31')).toBe('2000.00');
    expect(await priceOn(provider.id, 'CON-GP', '2025-12-31')).toBeNull();
    expect(await priceOn(provider.id, 'IMG-CT-HEAD', '2026-03-01')).toBeNull();
  });

  it('revises prices as a new revision and still answers past service dates with the price agreed then', async () => {
    const provider = await createTestProvider(runtime);
    const original = await activateTestContract(runtime, (await createTestContract(runtime, provider.id)).id);
    const revised = await executeOk(
      runtime,
      `mutation($input: ReviseContractTariffsInput!) { reviseContractTariffs(input: $input) {
         id contractNumber revision status validFrom validTo supersedes { id status effectiveTo endDate endReason }
         tariffs { serviceCode price { amount } } } }`,
      { input: { contractId: original.id, effectiveFrom: '2026-07-01', tariffs: [{ serviceCode: 'CON-GP', price: { amount: '2200' } }] } },
    );
    expect(revised.reviseContractTariffs).toMatchObject({
      contractNumber: original.contractNumber,
      revision: 2,
      status: 'ACTIVE',
      validFrom: '2026-07-01',
      validTo: '2026-12-31',
      supersedes: { id: original.id, status: 'ACTIVE', effectiveTo: '2026-06-30', endDate: '2026-06-30', endReason: 'Superseded by revision 2 from 2026-07-01' },
      tariffs: [
        { serviceCode: 'CON-GP', price: { amount: '2200.00' } },
        { serviceCode: 'LAB-BS-MPS', price: { amount: '450.00' } },
      ],
    });
    expect(await priceOn(provider.id, 'CON-GP', '2026-06-30')).toBe('2000.00');
    expect(await priceOn(provider.id, 'CON-GP', '2026-07-01')).toBe('2200.00');
    expect(await priceOn(provider.id, 'LAB-BS-MPS', '2026-08-01')).toBe('450.00');

    const contracts = await executeOk(runtime, `query($id: ID!) { provider(id: $id) { contracts { revision status effectiveTo } } }`, { id: provider.id });
    expect(contracts.provider.contracts).toEqual([
      { revision: 1, status: 'ACTIVE', effectiveTo: '2026-06-30' },
      { revision: 2, status: 'ACTIVE', effectiveTo: '2026-12-31' },
    ]);
    // Only the current revision can be revised again.
    const stale = await execute(runtime, `mutation($input: ReviseContractTariffsInput!) { reviseContractTariffs(input: $input) { id } }`, {
      input: { contractId: original.id, effectiveFrom: '2026-03-01', tariffs: [{ serviceCode: 'CON-GP', price: { amount: '2100' } }] },
    });
    expect(stale.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    // Agreed prices are never overwritten, whatever path tries.
    await expect(runtime.dataSource.query(`UPDATE contract_tariffs SET price_minor = 1 WHERE contract_id = $1`, [original.id])).rejects.toThrow(/never changed/);
  });

  it('terminates a contract: its prices answer up to the termination date and not after', async () => {
    const provider = await createTestProvider(runtime);
    const contract = await activateTestContract(runtime, (await createTestContract(runtime, provider.id)).id);
    const terminated = await executeOk(
      runtime,
      `mutation($input: TerminateContractInput!) { terminateContract(input: $input) { status endDate endReason terminatedBy effectiveTo version } }`,
      { input: { contractId: contract.id, terminationDate: '2026-05-15', reason: 'Provider blacklisted' } },
      staffActor('contracts-manager-auma'),
    );
    expect(terminated.terminateContract).toEqual({
      status: 'TERMINATED', endDate: '2026-05-15', endReason: 'Provider blacklisted', terminatedBy: 'contracts-manager-auma', effectiveTo: '2026-05-15', version: 3,
    });
    expect(await priceOn(provider.id, 'CON-GP', '2026-05-15')).toBe('2000.00');
    expect(await priceOn(provider.id, 'CON-GP', '2026-05-16')).toBeNull();
    const twice = await execute(runtime, `mutation($input: TerminateContractInput!) { terminateContract(input: $input) { id } }`, {
      input: { contractId: contract.id, terminationDate: '2026-05-20', reason: 'Again' },
    });
    expect(twice.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
  });

  it('refuses to activate a contract that overlaps one in force, and allows one that starts after it ends', async () => {
    const provider = await createTestProvider(runtime);
    const first = await activateTestContract(runtime, (await createTestContract(runtime, provider.id)).id);
    const overlapping = await createTestContract(runtime, provider.id, { validFrom: '2026-12-01', validTo: '2027-11-30' });
    const refused = await execute(runtime, `mutation($id: ID!) { activateContract(contractId: $id) { id } }`, { id: overlapping.id });
    expect(refused.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect(refused.errors?.[0].message).toMatch(new RegExp(`${first.contractNumber} revision 1 already sets the provider's prices`));
    const next = await createTestContract(runtime, provider.id, { validFrom: '2027-01-01', validTo: '2027-12-31' });
    expect((await activateTestContract(runtime, next.id)).status).toBe('ACTIVE');
  });

  it('refuses bad contract input naming each field and rule', async () => {
    const result = await execute(runtime, `mutation($input: CreateContractInput!) { createContract(input: $input) { id } }`, {
      input: {
        providerId: UNKNOWN,
        validFrom: '2026-12-31',
        validTo: '2026-01-01',
        tariffs: [
          { serviceCode: 'CON-GP', price: { amount: '2000' } },
          { serviceCode: 'CON-GP', price: { amount: '-5' } },
          { serviceCode: 'LAB-FBC', price: { amount: '1000.001' } },
        ],
      },
    });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((result.errors?.[0].extensions?.violations as { field: string; rule: string }[]).map((v) => `${v.field}:${v.rule}`)).toEqual([
      'providerId:EXISTS',
      'validTo:NOT_BEFORE_VALID_FROM',
      'tariffs[1].serviceCode:UNIQUE_IN_CONTRACT',
      'tariffs[1].price.amount:POSITIVE',
      'tariffs[2].price.amount:VALID_AMOUNT',
    ]);
  });

  it('answers null for unknown contracts and tariffs, and NOT_FOUND for a change to an unknown contract', async () => {
    const data = await executeOk(runtime, `{ providerContract(id: "${UNKNOWN}") { id } providerTariff(providerId: "nope", serviceCode: "CON-GP") { id } }`);
    expect(data).toEqual({ providerContract: null, providerTariff: null });
    const result = await execute(runtime, `mutation { activateContract(contractId: "${UNKNOWN}") { id } }`);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'Contract' });
  });
});
