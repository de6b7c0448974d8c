const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids here are UUIDs; anything else names nothing, and is answered without asking the database. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The distinct well-formed ids of a batch, ready for `= ANY($1)`. */
export function uuidsOf(ids: readonly string[]): string[] {
  return [...new Set(ids.filter(isUuid))];
}
