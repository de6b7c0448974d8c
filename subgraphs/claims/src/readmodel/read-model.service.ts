import type { DataSource } from 'typeorm';
import { recordEvent } from '../../../../kit/events/outbox';
import { uuidsOf } from '../../../../kit/ids';
import { READ_MODELS_REBUILD_REQUESTED } from './read-model.events';
import { memberNumbersOf, providerNamesOf } from './read-model.queries';

/** The read-model tables, children first. */
export const READ_MODEL_TABLES = ['rm_policy_members', 'rm_policies', 'rm_scheme_versions', 'rm_provider_contracts', 'rm_providers', 'rm_members'];

export interface ReadModelRebuild {
  requestedBy: string;
  requestedAt: Date;
  clearedTables: string[];
}

/** Administration of the read models other domains' events feed. */
export class ReadModelService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Empties every read model and asks the other domains, in the same transaction, to publish a
   * snapshot of everything they own; the snapshots refill the tables as they arrive. The
   * utilisation ledger and claims' own data are untouched.
   */
  rebuild(actorId: string): Promise<ReadModelRebuild> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`TRUNCATE ${READ_MODEL_TABLES.join(', ')}`);
      const event = await recordEvent(manager, {
        type: READ_MODELS_REBUILD_REQUESTED,
        aggregateId: 'claims-read-models',
        payload: { requestedBy: actorId },
      });
      return { requestedBy: actorId, requestedAt: new Date(event.occurredAt), clearedTables: READ_MODEL_TABLES };
    });
  }

  /** Member numbers by member id (names for explanations of benefits). */
  memberNumbers(ids: readonly string[]): Promise<Map<string, string>> {
    return memberNumbersOf(this.dataSource.manager, uuidsOf(ids));
  }

  /** Provider names by provider id. */
  providerNames(ids: readonly string[]): Promise<Map<string, string>> {
    return providerNamesOf(this.dataSource.manager, uuidsOf(ids));
  }
}
