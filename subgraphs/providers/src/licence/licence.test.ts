import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, startTestSubgraph } from '../../../../kit/testing';
import { providersSubgraph } from '../subgraph';
import { addTestLicence, createTestProvider } from '../testing';

let runtime: SubgraphRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph<unknown, unknown>(providersSubgraph);
});
afterAll(() => runtime.stop());

const ADD = `mutation($input: AddLicenceInput!) { addLicence(input: $input) { id } }`;

describe('licences', () => {
  it('licenses a provider from the first through the last day of a licence, and not a day outside it', async () => {
    const provider = await createTestProvider(runtime);
    const licence = await addTestLicence(runtime, provider.id, { validFrom: '2025-07-01', validTo: '2026-06-30' });
    expect(licence).toMatchObject({ validFrom: '2025-07-01', validTo: '2026-06-30' });
    const data = await executeOk(
      runtime,
      `query($id: ID!) { provider(id: $id) {
         dayBefore: licensedOn(on: "2025-06-30") first: licensedOn(on: "2025-07-01") last: licensedOn(on: "2026-06-30") dayAfter: licensedOn(on: "2026-07-01")
         licences { number issuingBody validFrom validTo recordedBy provider { id } } } }`,
      { id: provider.id },
    );
    expect(data.provider).toMatchObject({ dayBefore: false, first: true, last: true, dayAfter: false });
    expect(data.provider.licences).toEqual([
      { number: licence.number, issuingBody: 'KMPDC', validFrom: '2025-07-01', validTo: '2026-06-30', recordedBy: 'test-officer', provider: { id: provider.id } },
    ]);
  });

  it('keeps earlier licences when a renewal is added', async () => {
    const provider = await createTestProvider(runtime);
    await addTestLicence(runtime, provider.id, { validFrom: '2025-01-01', validTo: '2025-12-31' });
    await addTestLicence(runtime, provider.id, { validFrom: '2026-02-01', validTo: '2026-12-31' });
    const data = await executeOk(
      runtime,
      `query($id: ID!) { provider(id: $id) { licences { validFrom } gap: licensedOn(on: "2026-01-15") renewed: licensedOn(on: "2026-02-01") } }`,
      { id: provider.id },
    );
    expect(data.provider).toEqual({ licences: [{ validFrom: '2025-01-01' }, { validFrom: '2026-02-01' }], gap: false, renewed: true });
  });

  it('refuses a period that ends before it starts, a number already recorded, and an unknown provider', async () => {
    const provider = await createTestProvider(runtime);
    const backwards = await execute(runtime, ADD, {
      input: { providerId: provider.id, issuingBody: 'PPB', number: 'PPB/RP/2026/0001X', validFrom: '2026-06-01', validTo: '2026-05-31' },
    });
    expect(backwards.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'validTo', rule: 'NOT_BEFORE_VALID_FROM' });

    const licence = await addTestLicence(runtime, provider.id);
    const other = await createTestProvider(runtime);
    const duplicate = await execute(runtime, ADD, {
      input: { providerId: other.id, issuingBody: 'KMPDC', number: licence.number.toLowerCase(), validFrom: '2026-01-01', validTo: '2026-12-31' },
    });
    expect(duplicate.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'number', rule: 'UNIQUE' });

    const unknown = await execute(runtime, ADD, {
      input: { providerId: '00000000-0000-4000-8000-000000000000', issuingBody: 'KMPDC', number: 'KMPDC/NONE/1', validFrom: '2026-01-01', validTo: '2026-12-31' },
    });
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('records accreditations', async () => {
    const provider = await createTestProvider(runtime, { type: 'LABORATORY' });
    await executeOk(runtime, `mutation($input: AddAccreditationInput!) { addAccreditation(input: $input) { id } }`, {
      input: { providerId: provider.id, body: 'KENAS', level: 'ISO 15189', awardedOn: '2025-04-01', expiresOn: '2028-03-31' },
    });
    const data = await executeOk(runtime, `query($id: ID!) { provider(id: $id) { accreditations { body level awardedOn expiresOn recordedBy } } }`, { id: provider.id });
    expect(data.provider.accreditations).toEqual([{ body: 'KENAS', level: 'ISO 15189', awardedOn: '2025-04-01', expiresOn: '2028-03-31', recordedBy: 'test-officer' }]);
  });
});
