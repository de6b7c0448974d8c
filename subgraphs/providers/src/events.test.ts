import { randomUUID } from 'node:crypto';
import { InProcessEventBus } from '../../../kit/events/bus';
import type { DomainEvent } from '../../../kit/events/event';
import type { SubgraphRuntime } from '../../../kit/subgraph';
import { executeOk, startTestSubgraph, staffActor, useOwnTestDatabases } from '../../../kit/testing';
import { CONTRACT_CHANGED, type ContractChangedPayload } from './contract/contract.events';
import { PROVIDER_CHANGED, type ProviderChangedPayload } from './provider/provider.events';
import { REBUILD_REQUESTED, rebuildReadModels } from './read-models.subscription';
import type { ProvidersLoaders } from './loaders';
import type { ProvidersServices } from './services';
import { providersSubgraph } from './subgraph';
import {
  activateTestContract,
  addTestLicence,
  addTestProviderToNetwork,
  createTestContract,
  createTestNetwork,
  createTestProvider,
  outboxEventsOf,
} from './testing';

// Its runtimes relay their outboxes: this file has databases of its own.
useOwnTestDatabases();

let runtime: SubgraphRuntime<ProvidersServices, ProvidersLoaders>;
beforeAll(async () => {
  runtime = await startTestSubgraph(providersSubgraph);
});
afterAll(() => runtime.stop());

const providerEvents = (id: string) => outboxEventsOf<ProviderChangedPayload>(runtime, id, PROVIDER_CHANGED);

describe('providers.provider.changed', () => {
  it('carries the whole new state with a higher version after every change, in the transaction of the change', async () => {
    // 1. Registering records version 1.
    const provider = await createTestProvider(runtime, { county: 'Kisumu' });
    const [registered] = await providerEvents(provider.id);
    expect(registered.payload).toEqual({
      id: provider.id, name: provider.name, type: 'CLINIC', status: 'ACTIVE', blacklisted: false, county: 'Kisumu', licences: [], networks: [], version: 1,
    });

    // 2. A licence, a network stay and a blacklisting each record the new state with the next version.
    const licence = await addTestLicence(runtime, provider.id, { validFrom: '2026-01-01', validTo: '2026-06-30' });
    const network = await createTestNetwork(runtime);
    await addTestProviderToNetwork(runtime, provider.id, network.code, '2025-07-01');
    await executeOk(runtime, `mutation($input: BlacklistChangeInput!) { blacklistProvider(input: $input) { id } }`, {
      input: { providerId: provider.id, reason: 'Upcoding confirmed by audit', effectiveDate: '2026-02-01' },
    });
    const events = await providerEvents(provider.id);
    expect(events.map((e) => e.payload.version)).toEqual([1, 2, 3, 4]);
    expect(events[3].aggregate_id).toBe(provider.id);
    expect(events[3].payload).toEqual({
      id: provider.id,
      name: provider.name,
      type: 'CLINIC',
      status: 'ACTIVE',
      blacklisted: true,
      county: 'Kisumu',
      licences: [{ number: licence.number, validFrom: '2026-01-01', validTo: '2026-06-30' }],
      networks: [{ code: network.code, joinedOn: '2025-07-01', leftOn: null }],
      version: 4,
    });
    const current = await executeOk(runtime, `query($id: ID!) { provider(id: $id) { version } }`, { id: provider.id });
    expect(current.provider.version).toBe(4);
  });

  it('records nothing when the change is refused', async () => {
    const provider = await createTestProvider(runtime);
    await executeOk(runtime, `mutation($input: UpdateProviderStatusInput!) { updateProviderStatus(input: $input) { id } }`, {
      input: { providerId: provider.id, status: 'CLOSED', reason: 'Facility closed' },
    });
    const before = await providerEvents(provider.id);
    const refused = await runtime.server.executeOperation(
      { query: `mutation($input: AddLicenceInput!) { addLicence(input: $input) { id } }`, variables: { input: { providerId: provider.id, issuingBody: 'KMPDC', number: 'KMPDC/CLOSED/1', validFrom: '2026-01-01', validTo: '2026-12-31' } } },
      { contextValue: runtime.createContext(staffActor('provider-desk', 'CLAIMS_OFFICER')) },
    );
    expect(refused.body.kind === 'single' && refused.body.singleResult.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    expect(await providerEvents(provider.id)).toEqual(before);
    expect(before.at(-1)?.payload).toMatchObject({ status: 'CLOSED', version: 2 });
  });
});

describe('providers.contract.changed', () => {
  it('carries the contract with its tariffs in minor units and a higher version on each change', async () => {
    const provider = await createTestProvider(runtime);
    const contract = await createTestContract(runtime, provider.id);
    await activateTestContract(runtime, contract.id);
    await executeOk(runtime, `mutation($input: TerminateContractInput!) { terminateContract(input: $input) { id } }`, {
      input: { contractId: contract.id, terminationDate: '2026-09-30', reason: 'Provider exited the scheme' },
    });
    const events = await outboxEventsOf<ContractChangedPayload>(runtime, contract.id, CONTRACT_CHANGED);
    expect(events.map((e) => [e.payload.status, e.payload.version])).toEqual([['DRAFT', 1], ['ACTIVE', 2], ['TERMINATED', 3]]);
    expect(events[2].payload).toEqual({
      id: contract.id,
      providerId: provider.id,
      status: 'TERMINATED',
      validFrom: '2026-01-01',
      validTo: '2026-09-30',
      currency: 'KES',
      tariffs: [
        { serviceCode: 'CON-GP', priceMinor: 200000 },
        { serviceCode: 'LAB-BS-MPS', priceMinor: 45000 },
      ],
      version: 3,
    });
  });
  it('publishes both windows of a revision: the replaced revision ends the day before, the new one starts that day', async () => {
    const provider = await createTestProvider(runtime);
    const original = await activateTestContract(runtime, (await createTestContract(runtime, provider.id)).id);
    const revised = await executeOk(runtime, `mutation($input: ReviseContractTariffsInput!) { reviseContractTariffs(input: $input) { id } }`, {
      input: { contractId: original.id, effectiveFrom: '2026-07-01', tariffs: [{ serviceCode: 'CON-GP', price: { amount: '2200' } }] },
    });
    const [ended] = (await outboxEventsOf<ContractChangedPayload>(runtime, original.id, CONTRACT_CHANGED)).slice(-1);
    expect(ended.payload).toMatchObject({ status: 'ACTIVE', validFrom: '2026-01-01', validTo: '2026-06-30', version: 3 });
    expect(ended.payload.tariffs).toContainEqual({ serviceCode: 'CON-GP', priceMinor: 200000 });
    const [started] = await outboxEventsOf<ContractChangedPayload>(runtime, revised.reviseContractTariffs.id, CONTRACT_CHANGED);
    expect(started.payload).toMatchObject({ providerId: provider.id, status: 'ACTIVE', validFrom: '2026-07-01', validTo: '2026-12-31', version: 1 });
    expect(started.payload.tariffs).toContainEqual({ serviceCode: 'CON-GP', priceMinor: 220000 });
  });
});

describe('claims.read-models.rebuild-requested', () => {
  it('writes the current state of every provider and every contract, without changing versions', async () => {
    const provider = await createTestProvider(runtime);
    await addTestLicence(runtime, provider.id);
    const contract = await activateTestContract(runtime, (await createTestContract(runtime, provider.id)).id);
    const [{ position }] = await runtime.dataSource.query(`SELECT coalesce(max(position), 0)::text AS position FROM outbox_events`);
    const [{ providers, contracts }] = await runtime.dataSource.query(
      `SELECT (SELECT count(*) FROM providers)::int AS providers, (SELECT count(*) FROM provider_contracts)::int AS contracts`,
    );

    const event: DomainEvent = {
      id: '5f0c6a52-7d2e-4f6b-9c1a-2b3c4d5e6f70',
      type: REBUILD_REQUESTED,
      source: 'claims',
      aggregateId: 'read-models',
      occurredAt: new Date().toISOString(),
      payload: { requestedBy: 'claims-admin' },
    };
    const [subscription] = providersSubgraph.subscriptions!;
    expect(subscription).toBe(rebuildReadModels);
    expect(subscription.types).toEqual([REBUILD_REQUESTED]);
    await runtime.dataSource.transaction((manager) => subscription.handle(event, manager, runtime.services));

    const written: { type: string; aggregate_id: string; payload: { version: number } }[] = await runtime.dataSource.query(
      `SELECT type, aggregate_id, payload FROM outbox_events WHERE position > $1 ORDER BY position`,
      [position],
    );
    // Other test files may write at the same time: count only what this handler wrote, by aggregate.
    const providerIds = new Set(written.filter((e) => e.type === PROVIDER_CHANGED).map((e) => e.aggregate_id));
    const contractIds = new Set(written.filter((e) => e.type === CONTRACT_CHANGED).map((e) => e.aggregate_id));
    expect(providerIds.size).toBeGreaterThanOrEqual(providers);
    expect(contractIds.size).toBeGreaterThanOrEqual(contracts);
    const snapshot = written.find((e) => e.aggregate_id === provider.id)!;
    expect(snapshot.payload).toMatchObject({ id: provider.id, version: 2, licences: [expect.objectContaining({ validTo: '2026-12-31' })] });
    expect(written.find((e) => e.aggregate_id === contract.id)!.payload).toMatchObject({ id: contract.id, status: 'ACTIVE', version: 2 });
    const after = await executeOk(runtime, `query($id: ID!) { provider(id: $id) { version } }`, { id: provider.id });
    expect(after.provider.version).toBe(2);
  });

  it('is handled once per event when it arrives through the bus, even delivered twice', async () => {
    const bus = new InProcessEventBus();
    const consumer = await startTestSubgraph(providersSubgraph, { bus });
    try {
      const provider = await createTestProvider(consumer);
      const before = await providerEvents(provider.id);
      const event: DomainEvent = {
        id: randomUUID(),
        type: REBUILD_REQUESTED,
        source: 'claims',
        aggregateId: 'read-models',
        occurredAt: new Date().toISOString(),
        payload: { requestedBy: 'claims-admin' },
      };
      // The in-process bus resolves once every subscriber has handled the event.
      await bus.publish(event);
      await bus.publish(event);
      const after = await providerEvents(provider.id);
      expect(after).toHaveLength(before.length + 1);
      expect(after.at(-1)!.payload).toEqual(before.at(-1)!.payload);
    } finally {
      await consumer.stop();
    }
  });
});
