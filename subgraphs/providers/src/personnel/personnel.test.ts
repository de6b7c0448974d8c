import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, startTestSubgraph, uniqueSuffix } from '../../../../kit/testing';
import { providersSubgraph } from '../subgraph';
import { createTestProvider, registerTestPersonnel } from '../testing';

let runtime: SubgraphRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph<unknown, unknown>(providersSubgraph);
});
afterAll(() => runtime.stop());

const REGISTER = `mutation($input: RegisterPersonnelInput!) { registerPersonnel(input: $input) { id } }`;

describe('medical personnel', () => {
  it('registers health workers at a provider and finds them by name, registration number, cadre and provider', async () => {
    const provider = await createTestProvider(runtime, { type: 'HOSPITAL' });
    const tag = uniqueSuffix();
    const doctor = await registerTestPersonnel(runtime, provider.id, { lastName: `Mutua${tag}`, specialty: 'Paediatrics' });
    const nurse = await registerTestPersonnel(runtime, provider.id, {
      firstName: 'Mercy', lastName: `Nyaga${tag}`, cadre: 'NURSE', registrationBody: 'NCK', registrationNumber: `NCK/${tag}`.toUpperCase(), specialty: null,
    });
    const search = (filter: Record<string, unknown>) =>
      executeOk(runtime, `query($f: PersonnelFilter) { medicalPersonnel(filter: $f) { edges { node { id fullName cadre provider { id } } } } }`, { f: filter }).then((d) =>
        d.medicalPersonnel.edges.map((e: { node: unknown }) => e.node),
      );
    expect(await search({ search: `Mutua${tag}` })).toEqual([{ id: doctor.id, fullName: `Achieng Mutua${tag}`, cadre: 'DOCTOR', provider: { id: provider.id } }]);
    expect(await search({ search: `nck/${tag}` })).toEqual([expect.objectContaining({ id: nurse.id })]);
    expect((await search({ providerId: provider.id })).map((p: { id: string }) => p.id)).toEqual([doctor.id, nurse.id]);
    expect(await search({ providerId: provider.id, cadre: 'NURSE' })).toEqual([expect.objectContaining({ id: nurse.id })]);
    expect(await search({ providerId: provider.id, specialty: 'paed' })).toEqual([expect.objectContaining({ id: doctor.id })]);
    expect(await search({ providerId: 'not-an-id' })).toEqual([]);
    const listed = await executeOk(runtime, `query($id: ID!) { provider(id: $id) { personnel { id registrationBody } } }`, { id: provider.id });
    expect(listed.provider.personnel).toEqual([{ id: doctor.id, registrationBody: 'KMPDC' }, { id: nurse.id, registrationBody: 'NCK' }]);
  });

  it('refuses a worker at the wrong board, at an unknown provider, or with a registration already recorded', async () => {
    const provider = await createTestProvider(runtime);
    const wrong = await execute(runtime, REGISTER, {
      input: { providerId: '00000000-0000-4000-8000-000000000000', firstName: 'Kevin', lastName: 'Barasa', cadre: 'PHARMACIST', registrationBody: 'KMPDC', registrationNumber: 'P1234' },
    });
    expect((wrong.errors?.[0].extensions?.violations as { field: string; rule: string }[]).map((v) => `${v.field}:${v.rule}`)).toEqual([
      'registrationBody:BOARD_OF_CADRE',
      'providerId:EXISTS',
    ]);
    const doctor = await registerTestPersonnel(runtime, provider.id);
    const duplicate = await execute(runtime, REGISTER, {
      input: { providerId: provider.id, firstName: 'Same', lastName: 'Number', cadre: 'DENTIST', registrationBody: 'KMPDC', registrationNumber: doctor.registrationNumber.toLowerCase() },
    });
    expect(duplicate.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'registrationNumber', rule: 'UNIQUE' });
  });
});
