import DataLoader from 'dataloader';
import { isUuid } from './ids';
import { emptyPage, type Page, type PageArgs } from './pagination';

/**
 * A DataLoader that fetches many rows by id in one query and hands each key its row
 * (or null), in key order, as DataLoader requires. Ids that are not UUIDs name nothing and
 * are answered with null without asking the database.
 */
export function loaderById<T extends { id: string }>(fetch: (ids: readonly string[]) => Promise<T[]>): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    const wellFormed = [...new Set(ids.filter(isUuid))];
    const rows = wellFormed.length > 0 ? await fetch(wellFormed) : [];
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

/** One owner's page of a list, with the page arguments and filter it was asked with. */
export interface OwnerPageKey<F> {
  ownerId: string;
  page: PageArgs;
  filter: F | null;
}

/**
 * A DataLoader for "the first page of each owner's list" (each member's claims, say): keys
 * asked with the same page arguments and filter, the usual case for N members in one
 * `_entities` call, share one fetch. Owners that are not UUIDs get an empty page.
 */
export function pagePerOwnerLoader<T, F = never>(
  fetch: (ownerIds: string[], page: PageArgs, filter: F | null) => Promise<Map<string, Page<T>>>,
): DataLoader<OwnerPageKey<F>, Page<T>, string> {
  const signature = (key: OwnerPageKey<F>) => JSON.stringify([key.page.first, key.page.after ?? null, key.filter ?? null]);
  const cacheKey = (key: OwnerPageKey<F>) => JSON.stringify([key.ownerId, signature(key)]);
  return new DataLoader(
    async (keys) => {
      const groups = new Map<string, OwnerPageKey<F>[]>();
      for (const key of keys) groups.set(signature(key), [...(groups.get(signature(key)) ?? []), key]);
      const pages = new Map<string, Page<T>>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const [{ page, filter }] = group;
          const owners = [...new Set(group.map((k) => k.ownerId).filter(isUuid))];
          const found = owners.length > 0 ? await fetch(owners, page, filter ?? null) : new Map<string, Page<T>>();
          for (const key of group) pages.set(cacheKey(key), found.get(key.ownerId) ?? emptyPage());
        }),
      );
      return keys.map((key) => pages.get(cacheKey(key)) ?? emptyPage<T>());
    },
    { cacheKeyFn: cacheKey },
  );
}
