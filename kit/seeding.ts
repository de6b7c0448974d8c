import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs a seed once per database: the run is recorded in `seed_runs` in the same transaction,
 * so a second start neither duplicates nor wipes the data, and a failed seed leaves nothing.
 * Returns false when the seed had already run.
 */
export async function seedOnce(dataSource: DataSource, name: string, seed: (manager: EntityManager) => Promise<void>): Promise<boolean> {
  return dataSource.transaction(async (manager) => {
    await manager.query('LOCK TABLE seed_runs IN EXCLUSIVE MODE');
    const [done] = await manager.query('SELECT 1 FROM seed_runs WHERE name = $1', [name]);
    if (done) return false;
    await seed(manager);
    await manager.query('INSERT INTO seed_runs (name) VALUES ($1)', [name]);
    return true;
  });
}
