import { currentScope, runInRequestScope } from '../../../../kit/request-context';
import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, startTestSubgraph, uniqueSuffix, staffActor } from '../../../../kit/testing';
import { providersSubgraph } from '../subgraph';
import { addTestLicence, addTestProviderToNetwork, createTestNetwork, createTestProvider } from '../testing';

let runtime: SubgraphRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph<unknown, unknown>(providersSubgraph);
});
afterAll(() => runtime.stop());

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const REGISTER = `mutation($input: RegisterProviderInput!) { registerProvider(input: $input) { id } }`;
const BLACKLIST = (name: string) =>
  `mutation($input: BlacklistChangeInput!) { ${name}(input: $input) { id blacklisted version
     history { type fromStatus toStatus actorId reason effectiveDate } } }`;

describe('registration and search', () => {
  it('registers a provider ACTIVE with normalised contacts and a registration in its history', async () => {
    const suffix = uniqueSuffix();
    const data = await executeOk(
      runtime,
      `mutation($input: RegisterProviderInput!) { registerProvider(input: $input) {
         id name registrationNumber type county email phone status blacklisted version
         history { type toStatus actorId reason effectiveDate } } }`,
      {
        input: {
          name: ` Mwembe Tayari Clinic ${suffix} `,
          registrationNumber: `kmhfl-${suffix}`,
          type: 'CLINIC',
          county: 'Mombasa',
          email: `INFO-${suffix}@Mwembe.co.ke`,
          phone: '041 222 0000',
          registeredOn: '2025-03-01',
        },
      },
    );
    expect(data.registerProvider).toMatchObject({
      name: `Mwembe Tayari Clinic ${suffix}`,
      registrationNumber: `KMHFL-${suffix}`.toUpperCase(),
      type: 'CLINIC',
      county: 'Mombasa',
      email: `info-${suffix}@mwembe.co.ke`,
      phone: '+254412220000',
      status: 'ACTIVE',
      blacklisted: false,
      version: 1,
      history: [{ type: 'REGISTERED', toStatus: 'ACTIVE', actorId: 'test-officer', reason: 'Registered as a provider', effectiveDate: '2025-03-01' }],
    });
  });

  it('searches by name or registration number and pages through the results in name order', async () => {
    const tag = uniqueSuffix();
    const names = ['Alpha', 'Bravo', 'Charlie'].map((n) => `${n} Pharmacy ${tag}`);
    const created = [];
    for (const name of [...names].reverse()) created.push(await createTestProvider(runtime, { name, type: 'PHARMACY' }));
    const page = (after: string | null) =>
      executeOk(
        runtime,
        `query($search: String!, $after: String) { providers(first: 2, after: $after, filter: { search: $search, type: PHARMACY }) {
           edges { node { name } } pageInfo { hasNextPage endCursor } } }`,
        { search: tag, after },
      ).then((d) => d.providers);
    const first = await page(null);
    expect(first.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(names.slice(0, 2));
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await page(first.pageInfo.endCursor);
    expect(second.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(names.slice(2));
    expect(second.pageInfo.hasNextPage).toBe(false);

    const byNumber = await executeOk(runtime, `query($s: String!) { providers(filter: { search: $s }) { edges { node { id } } } }`, {
      s: created[0].registrationNumber.toLowerCase(),
    });
    expect(byNumber.providers.edges).toEqual([{ node: { id: created[0].id } }]);
  });

  it('filters by county, status, network and blacklisting', async () => {
    const tag = uniqueSuffix();
    const network = await createTestNetwork(runtime);
    const kisumu = await createTestProvider(runtime, { name: `Filter ${tag} Kisumu`, county: 'Kisumu' });
    const inNetwork = await createTestProvider(runtime, { name: `Filter ${tag} Networked` });
    const blacklisted = await createTestProvider(runtime, { name: `Filter ${tag} Blacklisted` });
    await addTestProviderToNetwork(runtime, inNetwork.id, network.code, '2025-01-01');
    await executeOk(runtime, BLACKLIST('blacklistProvider'), { input: { providerId: blacklisted.id, reason: 'Fraudulent billing', effectiveDate: '2026-01-10' } });
    const ids = (filter: Record<string, unknown>) =>
      executeOk(runtime, `query($f: ProviderFilter) { providers(filter: $f) { edges { node { id } } } }`, { f: { search: `Filter ${tag}`, ...filter } }).then((d) =>
        d.providers.edges.map((e: { node: { id: string } }) => e.node.id),
      );
    expect(await ids({ county: 'Kisumu' })).toEqual([kisumu.id]);
    expect(await ids({ networkCode: network.code.toLowerCase() })).toEqual([inNetwork.id]);
    expect(await ids({ blacklisted: true })).toEqual([blacklisted.id]);
    expect((await ids({ blacklisted: false })).sort()).toEqual([kisumu.id, inNetwork.id].sort());
    expect(await ids({ status: 'SUSPENDED' })).toEqual([]);
  });

  it('refuses bad input naming each field and rule, and a duplicate registration number', async () => {
    const bad = await execute(runtime, REGISTER, {
      input: { name: 'Bad Clinic', registrationNumber: 'KMHFL-OK1', type: 'CLINIC', county: 'Gotham', email: 'not-an-email', phone: '12', registeredOn: '2999-01-01' },
    });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((bad.errors?.[0].extensions?.violations as { field: string; rule: string }[]).map((v) => `${v.field}:${v.rule}`)).toEqual([
      'county:KENYAN_COUNTY',
      'email:VALID_EMAIL',
      'phone:VALID_KENYAN_PHONE',
      'registeredOn:NOT_IN_FUTURE',
    ]);

    const existing = await createTestProvider(runtime);
    const duplicate = await execute(runtime, REGISTER, {
      input: { name: 'Copy', registrationNumber: existing.registrationNumber.toLowerCase(), type: 'CLINIC', county: 'Nairobi', email: 'copy@example.com', phone: '0202000001' },
    });
    expect(duplicate.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'registrationNumber', rule: 'UNIQUE' });
  });

  it('registers once when retried with the same idempotency key', async () => {
    const suffix = uniqueSuffix();
    const input = { name: `Retry Clinic ${suffix}`, registrationNumber: `KMHFL-R${suffix}`, type: 'CLINIC', county: 'Nakuru', email: `r${suffix}@example.com`, phone: '0512000000' };
    const register = `mutation($input: RegisterProviderInput!, $key: String) { registerProvider(input: $input, idempotencyKey: $key) { id } }`;
    const [a, b] = await Promise.all([executeOk(runtime, register, { input, key: `reg-${suffix}` }), executeOk(runtime, register, { input, key: `reg-${suffix}` })]);
    expect(b.registerProvider.id).toBe(a.registerProvider.id);
  });
});

describe('status and blacklisting', () => {
  it('suspends and reinstates, records each change with actor and reason, and keeps CLOSED final', async () => {
    const provider = await createTestProvider(runtime);
    const change = (status: string, reason: string) =>
      execute(runtime, `mutation($input: UpdateProviderStatusInput!) { updateProviderStatus(input: $input) { status version history { type fromStatus toStatus actorId reason } } }`, {
        input: { providerId: provider.id, status, reason, effectiveDate: '2026-02-01' },
      }, staffActor('officer-njeri'));
    const suspended = await change('SUSPENDED', 'Facility inspection pending');
    expect(suspended.data?.updateProviderStatus).toMatchObject({ status: 'SUSPENDED', version: 2 });
    expect(suspended.data?.updateProviderStatus.history.at(-1)).toEqual({
      type: 'STATUS_CHANGED', fromStatus: 'ACTIVE', toStatus: 'SUSPENDED', actorId: 'officer-njeri', reason: 'Facility inspection pending',
    });
    expect((await change('ACTIVE', 'Inspection passed')).data?.updateProviderStatus.status).toBe('ACTIVE');
    expect((await change('CLOSED', 'Facility closed down')).data?.updateProviderStatus.status).toBe('CLOSED');
    const reopen = await change('ACTIVE', 'Reopened');
    expect(reopen.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect(reopen.errors?.[0].message).toMatch(/CLOSED, which is final/);
  });

  it('blacklists and lifts, recorded with actor, reason and effective date, and answers for past days', async () => {
    const provider = await createTestProvider(runtime);
    const blacklisted = await executeOk(
      runtime,
      BLACKLIST('blacklistProvider'),
      { input: { providerId: provider.id, reason: 'Billing for services not rendered', effectiveDate: '2026-03-10' } },
      staffActor('fraud-desk-otieno'),
    );
    expect(blacklisted.blacklistProvider).toMatchObject({ blacklisted: true, version: 2 });
    expect(blacklisted.blacklistProvider.history.at(-1)).toEqual({
      type: 'BLACKLISTED', fromStatus: 'ACTIVE', toStatus: 'ACTIVE', actorId: 'fraud-desk-otieno', reason: 'Billing for services not rendered', effectiveDate: '2026-03-10',
    });

    const again = await execute(runtime, BLACKLIST('blacklistProvider'), { input: { providerId: provider.id, reason: 'Twice', effectiveDate: '2026-03-11' } });
    expect(again.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    const early = await execute(runtime, BLACKLIST('liftBlacklist'), { input: { providerId: provider.id, reason: 'Appeal upheld', effectiveDate: '2026-03-01' } });
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'effectiveDate', rule: 'NOT_BEFORE_LAST_CHANGE' });

    const lifted = await executeOk(
      runtime,
      BLACKLIST('liftBlacklist'),
      { input: { providerId: provider.id, reason: 'Appeal upheld by the panel', effectiveDate: '2026-06-01' } },
      staffActor('panel-chair-wambui'),
    );
    expect(lifted.liftBlacklist).toMatchObject({ blacklisted: false, version: 3 });
    expect(lifted.liftBlacklist.history.at(-1)).toMatchObject({ type: 'BLACKLIST_LIFTED', actorId: 'panel-chair-wambui', reason: 'Appeal upheld by the panel', effectiveDate: '2026-06-01' });

    const onDays = await executeOk(
      runtime,
      `query($id: ID!) { provider(id: $id) { before: blacklistedOn(on: "2026-03-09") during: blacklistedOn(on: "2026-03-10") last: blacklistedOn(on: "2026-05-31") after: blacklistedOn(on: "2026-06-01") } }`,
      { id: provider.id },
    );
    expect(onDays.provider).toEqual({ before: false, during: true, last: true, after: false });

    // The history is append-only, whatever path tries to change it.
    await expect(runtime.dataSource.query(`UPDATE provider_events SET reason = 'edited' WHERE provider_id = $1`, [provider.id])).rejects.toThrow(/append-only/);
  });

  it('refuses a blacklisting that takes effect in the future', async () => {
    const provider = await createTestProvider(runtime);
    const result = await execute(runtime, BLACKLIST('blacklistProvider'), { input: { providerId: provider.id, reason: 'Later', effectiveDate: '2999-01-01' } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'effectiveDate', rule: 'NOT_IN_FUTURE' });
  });

  it('answers null for an unknown or malformed id and NOT_FOUND for a change to one', async () => {
    const data = await executeOk(runtime, `{ unknown: provider(id: "${UNKNOWN}") { id } malformed: provider(id: "nope") { id } }`);
    expect(data).toEqual({ unknown: null, malformed: null });
    const result = await execute(runtime, BLACKLIST('blacklistProvider'), { input: { providerId: UNKNOWN, reason: 'No such provider' } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'Provider' });
  });
});

describe('federation and batching', () => {
  it('resolves Provider references through _entities, and null for unknown ids', async () => {
    const a = await createTestProvider(runtime);
    const b = await createTestProvider(runtime, { type: 'LABORATORY' });
    await addTestLicence(runtime, b.id);
    const data = await executeOk(
      runtime,
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Provider { id name type licensedOn(on: "2026-05-01") } } }`,
      { reps: [{ __typename: 'Provider', id: a.id }, { __typename: 'Provider', id: b.id }, { __typename: 'Provider', id: UNKNOWN }] },
    );
    expect(data._entities).toEqual([
      { id: a.id, name: a.name, type: 'CLINIC', licensedOn: false },
      { id: b.id, name: b.name, type: 'LABORATORY', licensedOn: true },
      null,
    ]);
  });

  it('lists providers with their licences, networks, personnel and contracts in the same statements for one or many', async () => {
    const tag = `Batch ${uniqueSuffix()}`;
    const network = await createTestNetwork(runtime);
    for (let i = 0; i < 4; i += 1) {
      const provider = await createTestProvider(runtime, { name: `${tag} ${i}` });
      await addTestLicence(runtime, provider.id);
      await addTestProviderToNetwork(runtime, provider.id, network.code);
    }
    const query = `query($search: String!, $first: Int!) { providers(first: $first, filter: { search: $search }) { edges { node {
      licences { number } licensedOn networks { joinedOn network { code } } networkCodes personnel { id } history { type }
      contracts { tariffs { serviceCode } } accreditations { id } } } } }`;
    const statementsFor = (first: number) =>
      runInRequestScope(undefined, async () => {
        const data = await executeOk(runtime, query, { search: tag, first });
        expect(data.providers.edges).toHaveLength(first);
        expect(data.providers.edges.every((e: any) => e.node.networks[0].network.code === network.code)).toBe(true);
        return currentScope()!.sqlStatements;
      });
    const one = await statementsFor(1);
    expect(one).toBeGreaterThan(0);
    expect(await statementsFor(4)).toBe(one);
  });
});
