import type { EntityManager } from 'typeorm';
import { recordEvent } from '../../../../kit/events/outbox';
import type { ContractStatus } from './contract.entity';
import { effectiveEnd } from './contract.rules';

export const CONTRACT_CHANGED = 'providers.contract.changed';

/** A contract revision's whole current state, as the claims read model keeps it for eligible amounts. */
export interface ContractChangedPayload {
  id: string;
  providerId: string;
  status: ContractStatus;
  validFrom: string;
  /** The last day the prices apply: the end date when cut short (terminated, or replaced by a later revision). */
  validTo: string;
  currency: string;
  tariffs: { serviceCode: string; priceMinor: number }[];
  /** Increases with every change, so a consumer can ignore an older state that arrives late. */
  version: number;
}

const BATCH = 500;

/** The current state of each contract revision, read inside the caller's transaction. */
export async function contractSnapshots(manager: EntityManager, ids: readonly string[]): Promise<ContractChangedPayload[]> {
  if (ids.length === 0) return [];
  const contracts: {
    id: string;
    provider_id: string;
    status: ContractStatus;
    valid_from: string;
    valid_to: string;
    end_date: string | null;
    currency: string;
    version: number;
  }[] = await manager.query(
    `SELECT id, provider_id, status, valid_from::text AS valid_from, valid_to::text AS valid_to,
            end_date::text AS end_date, currency, version
     FROM provider_contracts WHERE id = ANY($1) ORDER BY id`,
    [ids],
  );
  const tariffs: { contract_id: string; service_code: string; price_minor: string }[] = await manager.query(
    `SELECT contract_id, service_code, price_minor FROM contract_tariffs WHERE contract_id = ANY($1) ORDER BY service_code`,
    [ids],
  );
  return contracts.map((c) => ({
    id: c.id,
    providerId: c.provider_id,
    status: c.status,
    validFrom: c.valid_from,
    validTo: effectiveEnd({ validTo: c.valid_to, endDate: c.end_date }),
    currency: c.currency,
    tariffs: tariffs.filter((t) => t.contract_id === c.id).map((t) => ({ serviceCode: t.service_code, priceMinor: Number(t.price_minor) })),
    version: c.version,
  }));
}

/** Records `providers.contract.changed` with the current state of each contract, as it stands. */
export async function recordContractSnapshots(manager: EntityManager, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += BATCH) {
    for (const payload of await contractSnapshots(manager, ids.slice(i, i + BATCH))) {
      await recordEvent(manager, { type: CONTRACT_CHANGED, aggregateId: payload.id, payload });
    }
  }
}

/** Counts a change to the contract (version + 1) and records its new state, in the caller's transaction. */
export async function recordContractChange(manager: EntityManager, contractId: string): Promise<void> {
  await manager.query(`UPDATE provider_contracts SET version = version + 1, updated_at = now() WHERE id = $1`, [contractId]);
  await recordContractSnapshots(manager, [contractId]);
}

/** Records the current state of every contract revision (to rebuild a consumer's read model). */
export async function recordAllContractSnapshots(manager: EntityManager): Promise<number> {
  const rows: { id: string }[] = await manager.query(`SELECT id FROM provider_contracts ORDER BY id`);
  await recordContractSnapshots(manager, rows.map((r) => r.id));
  return rows.length;
}
