import { buildDemoPlan } from '../../../demo/plan';
import { databaseUrlOn } from '../../../kit/config';
import { recreateDatabase } from '../../../kit/database';
import { Violations } from '../../../kit/errors';
import { createLogger } from '../../../kit/logger';
import { seedOnce } from '../../../kit/seeding';
import { createSubgraphRuntime, type SubgraphRuntime } from '../../../kit/subgraph';
import { executeOk } from '../../../kit/testing';
import { CONTRACT_CHANGED } from './contract/contract.events';
import { demoBlacklistedProviderId, seedProvidersDemo } from './demo';
import type { PersonnelCadre } from './personnel/personnel.entity';
import { checkPersonnel } from './personnel/personnel.rules';
import { PROVIDER_CHANGED } from './provider/provider.events';
import type { HealthRegulator } from './regulator';
import { providersSubgraph } from './subgraph';

/** The demo seeds fixed ids and numbers, so it gets databases of its own rather than the shared test database. */
async function freshRuntime(name: string): Promise<SubgraphRuntime> {
  const url = databaseUrlOn(process.env.TEST_POSTGRES_URL!, `mcs_test_providers_${name}`);
  await recreateDatabase(url);
  return createSubgraphRuntime<unknown, unknown>(providersSubgraph, { databaseUrl: url, logger: createLogger({ service: 'providers', test: true }), poolSize: 3 });
}

const plan = buildDemoPlan();
const SEED = 'providers-demo';
let runtime: SubgraphRuntime;
beforeAll(async () => {
  runtime = await freshRuntime('demo');
  await seedOnce(runtime.dataSource, SEED, (manager) => seedProvidersDemo(manager, plan));
});
afterAll(() => runtime.stop());

const PROVIDERS = `query($on: LocalDate!) { providers(first: 100) { edges { node {
  id name type county status blacklisted version licensedOn(on: $on) networkCodes(on: $on)
  personnel { cadre registrationBody registrationNumber } contracts { status validFrom effectiveTo } } } } }`;

describe('demo seed', () => {
  it("holds the plan's 13 providers, usable on the plan's day, and one blacklisted clinic of its own", async () => {
    const data = await executeOk(runtime, PROVIDERS, { on: plan.asOf });
    const providers = data.providers.edges.map((e: { node: any }) => e.node);
    expect(providers).toHaveLength(plan.providers.length + 1);
    const expiredClinic = plan.providers.find((p) => p.type === 'CLINIC')!;
    for (const planned of plan.providers) {
      const provider = providers.find((p: { id: string }) => p.id === planned.id);
      expect(provider).toMatchObject({ name: planned.name, type: planned.type, county: planned.county, status: 'ACTIVE', blacklisted: false, version: 1 });
      expect(provider.licensedOn).toBe(planned !== expiredClinic);
      const specialist = planned.type === 'HOSPITAL' && planned.name.includes('Specialist');
      expect(provider.networkCodes).toEqual(specialist ? ['AFYA-PLUS', 'AFYA-PREMIER'] : ['AFYA-BASIC', 'AFYA-PLUS', 'AFYA-PREMIER']);
      expect(provider.contracts).toEqual([{ status: 'ACTIVE', validFrom: '2026-01-01', effectiveTo: '2026-12-31' }]);
      expect(provider.personnel.length).toBeGreaterThanOrEqual(2);
      for (const person of provider.personnel as { cadre: PersonnelCadre; registrationBody: HealthRegulator; registrationNumber: string }[]) {
        const violations = new Violations();
        checkPersonnel({ firstName: 'A', lastName: 'B', ...person }, violations);
        expect([person.cadre, violations.any]).toEqual([person.cadre, false]);
      }
    }
    const blacklistedId = demoBlacklistedProviderId(plan);
    expect(plan.providers.some((p) => p.id === blacklistedId)).toBe(false);
    expect(providers.find((p: { id: string }) => p.id === blacklistedId)).toMatchObject({
      type: 'CLINIC', blacklisted: true, licensedOn: true, contracts: [{ status: 'TERMINATED', effectiveTo: '2026-05-14' }],
    });
  });

  it("lets one clinic's licence run out on 2026-06-30 and keeps the specialist hospital's past AFYA-BASIC stay", async () => {
    const clinic = plan.providers.find((p) => p.type === 'CLINIC')!;
    const hospital = plan.providers.find((p) => p.type === 'HOSPITAL' && p.name.includes('Specialist'))!;
    const data = await executeOk(
      runtime,
      `query($clinic: ID!, $hospital: ID!) {
         clinic: provider(id: $clinic) { last: licensedOn(on: "2026-06-30") after: licensedOn(on: "2026-07-01") }
         hospital: provider(id: $hospital) { was: networkCodes(on: "2025-12-31") now: networkCodes(on: "2026-01-01") }
         networks { code tier } }`,
      { clinic: clinic.id, hospital: hospital.id },
    );
    expect(data).toEqual({
      clinic: { last: true, after: false },
      hospital: { was: ['AFYA-BASIC', 'AFYA-PLUS', 'AFYA-PREMIER'], now: ['AFYA-PLUS', 'AFYA-PREMIER'] },
      networks: [
        { code: 'AFYA-BASIC', tier: 'BASIC' },
        { code: 'AFYA-PLUS', tier: 'PLUS' },
        { code: 'AFYA-PREMIER', tier: 'PREMIER' },
      ],
    });
  });

  it('prices each provider for the services its kind provides, a little below typical billed prices', async () => {
    const byName = (name: string) => plan.providers.find((p) => p.name === name)!.id;
    const price = async (providerId: string, code: string, on = plan.asOf) =>
      (await executeOk(runtime, `query($p: ID!, $c: String!, $on: LocalDate) { providerTariff(providerId: $p, serviceCode: $c, on: $on) { price { amount currency } } }`, { p: providerId, c: code, on }))
        .providerTariff?.price ?? null;
    expect(await price(byName('Coast Care Hospital'), 'CON-GP')).toEqual({ amount: '2000.00', currency: 'KES' });
    expect(await price(byName('Coast Care Hospital'), 'IP-BED-GENERAL')).toEqual({ amount: '7000.00', currency: 'KES' });
    expect(await price(byName('Upper Hill Specialist Hospital'), 'CON-SPEC')).toEqual({ amount: '4150.00', currency: 'KES' });
    expect(await price(byName('Kilimani Family Practice'), 'CON-GP')).toEqual({ amount: '1800.00', currency: 'KES' });
    expect(await price(byName('Afya Plus Pharmacy'), 'PHA-AL')).toEqual({ amount: '360.00', currency: 'KES' });
    expect(await price(byName('Afya Plus Pharmacy'), 'CON-GP')).toBeNull();
    expect(await price(byName('Smile Dental Studio'), 'DEN-ROOT-CANAL')).toEqual({ amount: '12000.00', currency: 'KES' });
    // The blacklisted clinic's prices applied until the day before its blacklisting.
    const blacklistedId = demoBlacklistedProviderId(plan);
    expect(await price(blacklistedId, 'CON-GP', '2026-05-14')).toEqual({ amount: '1800.00', currency: 'KES' });
    expect(await price(blacklistedId, 'CON-GP', '2026-05-15')).toBeNull();
  });

  it('records a providers.provider.changed and a providers.contract.changed for each provider and contract', async () => {
    const events: { type: string; aggregate_id: string; payload: any }[] = await runtime.dataSource.query(`SELECT type, aggregate_id, payload FROM outbox_events ORDER BY position`);
    const providerEvents = events.filter((e) => e.type === PROVIDER_CHANGED);
    const contractEvents = events.filter((e) => e.type === CONTRACT_CHANGED);
    expect(providerEvents).toHaveLength(plan.providers.length + 1);
    expect(contractEvents).toHaveLength(plan.providers.length + 1);
    expect(new Set(providerEvents.map((e) => e.aggregate_id))).toEqual(new Set([...plan.providers.map((p) => p.id), demoBlacklistedProviderId(plan)]));
    const clinic = plan.providers.find((p) => p.type === 'CLINIC')!;
    expect(providerEvents.find((e) => e.aggregate_id === clinic.id)!.payload).toMatchObject({
      id: clinic.id,
      status: 'ACTIVE',
      blacklisted: false,
      licences: [expect.objectContaining({ validFrom: '2024-07-01', validTo: '2025-06-30' }), expect.objectContaining({ validFrom: '2025-07-01', validTo: '2026-06-30' })],
      networks: [
        { code: 'AFYA-BASIC', joinedOn: '2024-01-01', leftOn: null },
        { code: 'AFYA-PLUS', joinedOn: '2024-01-01', leftOn: null },
        { code: 'AFYA-PREMIER', joinedOn: '2024-01-01', leftOn: null },
      ],
      version: 1,
    });
    const terminated = contractEvents.find((e) => e.payload.providerId === demoBlacklistedProviderId(plan))!;
    expect(terminated.payload).toMatchObject({ status: 'TERMINATED', validFrom: '2026-01-01', validTo: '2026-05-14', currency: 'KES', version: 1 });
    expect(terminated.payload.tariffs).toContainEqual({ serviceCode: 'CON-GP', priceMinor: 180000 });
  });

  it('runs once, and new contract numbers continue after the seeded ones', async () => {
    expect(await seedOnce(runtime.dataSource, SEED, (manager) => seedProvidersDemo(manager, plan))).toBe(false);
    const created = await executeOk(runtime, `mutation($input: CreateContractInput!) { createContract(input: $input) { contractNumber } }`, {
      input: { providerId: plan.providers[0].id, validFrom: '2027-01-01', validTo: '2027-12-31', tariffs: [{ serviceCode: 'CON-GP', price: { amount: '2100' } }] },
    });
    expect(created.createContract.contractNumber).toBe(`PC-2027-${String(plan.providers.length + 2).padStart(5, '0')}`);
  });

  it('is deterministic: another database seeded from the same plan holds the same rows', async () => {
    const other = await freshRuntime('demo_again');
    try {
      await seedOnce(other.dataSource, SEED, (manager) => seedProvidersDemo(manager, buildDemoPlan()));
      const ids = [...plan.providers.map((p) => p.id), demoBlacklistedProviderId(plan)];
      // Only what the seed wrote: the first database also holds the contract created above.
      const snapshot = (r: SubgraphRuntime) =>
        r.dataSource.query(
          `SELECT id::text, registration_number || phone || coalesce(contact_person, '') AS value FROM providers
           UNION ALL SELECT id::text, number || valid_to::text FROM provider_licences
           UNION ALL SELECT id::text, registration_number || coalesce(specialty, '') FROM medical_personnel
           UNION ALL SELECT id::text, network_id::text || coalesce(left_on::text, '') FROM network_memberships
           UNION ALL SELECT t.id::text, t.service_code || t.price_minor FROM contract_tariffs t JOIN provider_contracts c ON c.id = t.contract_id
             WHERE c.provider_id = ANY($1) AND c.valid_from = '2026-01-01'
           UNION ALL SELECT id::text, type || effective_date::text FROM provider_events ORDER BY 1`,
          [ids],
        );
      const first = await snapshot(runtime);
      expect(first.length).toBeGreaterThan(500);
      expect(await snapshot(other)).toEqual(first);
    } finally {
      await other.stop();
    }
  });
});
