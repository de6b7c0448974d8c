import type { SubgraphRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, startTestSubgraph, staffActor } from '../../../../kit/testing';
import { providersSubgraph } from '../subgraph';
import { addTestProviderToNetwork, createTestNetwork, createTestProvider } from '../testing';

let runtime: SubgraphRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph<unknown, unknown>(providersSubgraph);
});
afterAll(() => runtime.stop());

const REMOVE = `mutation($input: RemoveProviderFromNetworkInput!) { removeProviderFromNetwork(input: $input) { id joinedOn leftOn leftBy leftReason } }`;

describe('networks', () => {
  it('creates a network, finds it by code and refuses a second one with the same code', async () => {
    const network = await createTestNetwork(runtime, { tier: 'PREMIER' });
    const found = await executeOk(runtime, `query($code: String!) { network(code: $code) { id code tier } networks { code } }`, { code: network.code.toLowerCase() });
    expect(found.network).toEqual({ id: network.id, code: network.code, tier: 'PREMIER' });
    expect(found.networks.map((n: { code: string }) => n.code)).toContain(network.code);
    const again = await execute(runtime, `mutation($input: CreateNetworkInput!) { createNetwork(input: $input) { id } }`, {
      input: { code: network.code, name: 'Copy', tier: 'BASIC' },
    });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'code', rule: 'UNIQUE' });
    const bad = await execute(runtime, `mutation($input: CreateNetworkInput!) { createNetwork(input: $input) { id } }`, { input: { code: 'NO SPACES', name: 'Bad', tier: 'BASIC' } });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code', rule: 'NETWORK_CODE' });
    expect((await executeOk(runtime, `{ network(code: "NO-SUCH-NETWORK") { id } }`)).network).toBeNull();
  });

  it('keeps each stay with its joinedOn and leftOn, and answers membership for past days', async () => {
    const network = await createTestNetwork(runtime);
    const provider = await createTestProvider(runtime);
    await addTestProviderToNetwork(runtime, provider.id, network.code, '2025-01-01');
    const closed = await executeOk(
      runtime,
      REMOVE,
      { input: { providerId: provider.id, networkCode: network.code, leftOn: '2025-12-31', reason: 'Contract not renewed' } },
      staffActor('network-manager-kibet'),
    );
    expect(closed.removeProviderFromNetwork).toMatchObject({ joinedOn: '2025-01-01', leftOn: '2025-12-31', leftBy: 'network-manager-kibet', leftReason: 'Contract not renewed' });

    const overlapping = await execute(runtime, `mutation($input: AddProviderToNetworkInput!) { addProviderToNetwork(input: $input) { id } }`, {
      input: { providerId: provider.id, networkCode: network.code, joinedOn: '2025-12-31' },
    });
    expect(overlapping.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'joinedOn', rule: 'AFTER_PREVIOUS_STAY' });
    await addTestProviderToNetwork(runtime, provider.id, network.code, '2026-04-01');

    const data = await executeOk(
      runtime,
      `query($id: ID!, $code: String!) {
         provider(id: $id) { networks { joinedOn leftOn network { code } }
           y2025: networkCodes(on: "2025-12-31") gap: networkCodes(on: "2026-02-01") back: networkCodes(on: "2026-04-01") }
         network(code: $code) { all: memberships { providerId } inGap: memberships(activeOn: "2026-02-01") { id } } }`,
      { id: provider.id, code: network.code },
    );
    expect(data.provider.networks).toEqual([
      { joinedOn: '2025-01-01', leftOn: '2025-12-31', network: { code: network.code } },
      { joinedOn: '2026-04-01', leftOn: null, network: { code: network.code } },
    ]);
    expect(data.provider).toMatchObject({ y2025: [network.code], gap: [], back: [network.code] });
    expect(data.network).toEqual({ all: [{ providerId: provider.id }, { providerId: provider.id }], inGap: [] });

    // A closed stay is history: the database refuses to reopen or move it.
    await expect(
      runtime.dataSource.query(`UPDATE network_memberships SET left_on = NULL, left_by = NULL WHERE provider_id = $1 AND left_on IS NOT NULL`, [provider.id]),
    ).rejects.toThrow(/can only be closed, once/);
  });

  it('refuses to add a provider twice, to remove one that is not a member, or to add a blacklisted one', async () => {
    const network = await createTestNetwork(runtime);
    const provider = await createTestProvider(runtime);
    await addTestProviderToNetwork(runtime, provider.id, network.code);
    const twice = await execute(runtime, `mutation($input: AddProviderToNetworkInput!) { addProviderToNetwork(input: $input) { id } }`, {
      input: { providerId: provider.id, networkCode: network.code, joinedOn: '2026-05-01' },
    });
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'NOT_ALREADY_MEMBER' });

    const outsider = await createTestProvider(runtime);
    const notMember = await execute(runtime, REMOVE, { input: { providerId: outsider.id, networkCode: network.code, reason: 'Never joined' } });
    expect(notMember.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');

    await executeOk(runtime, `mutation($input: BlacklistChangeInput!) { blacklistProvider(input: $input) { id } }`, {
      input: { providerId: outsider.id, reason: 'Fraud confirmed', effectiveDate: '2026-01-05' },
    });
    const blacklisted = await execute(runtime, `mutation($input: AddProviderToNetworkInput!) { addProviderToNetwork(input: $input) { id } }`, {
      input: { providerId: outsider.id, networkCode: network.code },
    });
    expect(blacklisted.errors?.[0].message).toMatch(/blacklisted/);

    const unknownNetwork = await execute(runtime, `mutation($input: AddProviderToNetworkInput!) { addProviderToNetwork(input: $input) { id } }`, {
      input: { providerId: provider.id, networkCode: 'NO-SUCH-NETWORK' },
    });
    expect(unknownNetwork.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'Network' });
  });
});
