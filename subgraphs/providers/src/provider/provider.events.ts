import type { EntityManager } from 'typeorm';
import { recordEvent } from '../../../../kit/events/outbox';
import type { ProviderStatus, ProviderType } from './provider.entity';

export const PROVIDER_CHANGED = 'providers.provider.changed';

/** The provider's whole current state, as the claims read model keeps it for adjudication. */
export interface ProviderChangedPayload {
  id: string;
  name: string;
  type: ProviderType;
  status: ProviderStatus;
  blacklisted: boolean;
  county: string;
  /** Every licence, current and past; each covers validFrom to validTo, both inclusive. */
  licences: { number: string; validFrom: string; validTo: string }[];
  /** Every stay in a network, current and past; leftOn is the last day in it (null: still a member). */
  networks: { code: string; joinedOn: string; leftOn: string | null }[];
  /** Increases with every change, so a consumer can ignore an older state that arrives late. */
  version: number;
}

const BATCH = 500;

/** The current state of each provider, read inside the caller's transaction (three statements per batch). */
export async function providerSnapshots(manager: EntityManager, ids: readonly string[]): Promise<ProviderChangedPayload[]> {
  if (ids.length === 0) return [];
  const providers: Omit<ProviderChangedPayload, 'licences' | 'networks'>[] = await manager.query(
    `SELECT id, name, type, status, blacklisted, county, version FROM providers WHERE id = ANY($1) ORDER BY id`,
    [ids],
  );
  const licences: { provider_id: string; number: string; valid_from: string; valid_to: string }[] = await manager.query(
    `SELECT provider_id, number, valid_from::text AS valid_from, valid_to::text AS valid_to FROM provider_licences
     WHERE provider_id = ANY($1) ORDER BY valid_from, number`,
    [ids],
  );
  const stays: { provider_id: string; code: string; joined_on: string; left_on: string | null }[] = await manager.query(
    `SELECT m.provider_id, n.code, m.joined_on::text AS joined_on, m.left_on::text AS left_on
     FROM network_memberships m JOIN provider_networks n ON n.id = m.network_id
     WHERE m.provider_id = ANY($1) ORDER BY n.code, m.joined_on`,
    [ids],
  );
  return providers.map((p) => ({
    id: p.id,
    name: p.name,
    type: p.type,
    status: p.status,
    blacklisted: p.blacklisted,
    county: p.county,
    licences: licences.filter((l) => l.provider_id === p.id).map((l) => ({ number: l.number, validFrom: l.valid_from, validTo: l.valid_to })),
    networks: stays.filter((s) => s.provider_id === p.id).map((s) => ({ code: s.code, joinedOn: s.joined_on, leftOn: s.left_on })),
    version: p.version,
  }));
}

/** Records `providers.provider.changed` with the current state of each provider, as it stands (no version change). */
export async function recordProviderSnapshots(manager: EntityManager, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += BATCH) {
    for (const payload of await providerSnapshots(manager, ids.slice(i, i + BATCH))) {
      await recordEvent(manager, { type: PROVIDER_CHANGED, aggregateId: payload.id, payload });
    }
  }
}

/** Counts a change to the provider (version + 1) and records its new state, in the caller's transaction. */
export async function recordProviderChange(manager: EntityManager, providerId: string): Promise<void> {
  await manager.query(`UPDATE providers SET version = version + 1, updated_at = now() WHERE id = $1`, [providerId]);
  await recordProviderSnapshots(manager, [providerId]);
}

/** Records the current state of every provider (to rebuild a consumer's read model from scratch). */
export async function recordAllProviderSnapshots(manager: EntityManager): Promise<number> {
  const rows: { id: string }[] = await manager.query(`SELECT id FROM providers ORDER BY id`);
  await recordProviderSnapshots(manager, rows.map((r) => r.id));
  return rows.length;
}
