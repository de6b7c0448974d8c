import DataLoader from 'dataloader';

/**
 * A DataLoader that fetches many rows by id in one query and hands each key its row
 * (or null), in key order, as DataLoader requires.
 */
export function loaderById<T extends { id: string }>(fetch: (ids: readonly string[]) => Promise<T[]>): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    const rows = await fetch(ids);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** A DataLoader for one-to-many lists: one query for every owner's list. */
export function loaderGroupedBy<T, K extends string = string>(
  fetch: (keys: readonly K[]) => Promise<T[]>,
  keyOf: (row: T) => K,
): DataLoader<K, T[]> {
  return new DataLoader(async (keys) => {
    const rows = await fetch(keys);
    const groups = new Map<K, T[]>(keys.map((key) => [key, []]));
    for (const row of rows) groups.get(keyOf(row))?.push(row);
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/** A DataLoader whose batch function already returns a value per key in a Map. */
export function loaderFromMap<K, V>(fetch: (keys: readonly K[]) => Promise<Map<K, V>>, fallback: V, cacheKey?: (key: K) => string): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>(
    async (keys) => {
      const found = await fetch(keys);
      return keys.map((key) => found.get(key) ?? fallback);
    },
    { cacheKeyFn: cacheKey ?? ((key) => String(key)) },
  );
}
