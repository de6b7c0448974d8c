/**
 * Reference data that only migrations change (catalogues such as ICD-10 codes): read from the
 * database once per process, on first use, then answered from memory. Intake and adjudication
 * look codes up on every claim; asking PostgreSQL each time was a round trip per claim for rows
 * that never change while the process runs.
 */
export class ReferenceTable<T, C = void> {
  private loaded: Promise<Map<string, T>> | undefined;

  /**
   * `load` gets the first caller's context (its transaction's manager, say), so a first look-up
   * made inside a transaction does not wait for a second pooled connection.
   */
  constructor(private readonly load: (context: C) => Promise<T[]>, private readonly keyOf: (row: T) => string) {}

  private rows(context: C): Promise<Map<string, T>> {
    if (!this.loaded) {
      const loading = this.load(context).then((rows) => new Map(rows.map((row) => [this.keyOf(row), row])));
      // A failed load is not remembered: the next call tries again.
      loading.catch(() => {
        if (this.loaded === loading) this.loaded = undefined;
      });
      this.loaded = loading;
    }
    return this.loaded;
  }

  /** The rows with these keys, by key (unknown keys are simply absent). */
  async byKeys(keys: readonly string[], context: C): Promise<Map<string, T>> {
    if (keys.length === 0) return new Map();
    const rows = await this.rows(context);
    const found = new Map<string, T>();
    for (const key of keys) {
      const row = rows.get(key);
      if (row) found.set(key, row);
    }
    return found;
  }
}
