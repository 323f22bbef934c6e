/**
 * A small in-memory LRU with a per-entry time limit, for key material and keyed hashes that a warm
 * Lambda may reuse. Bounded both ways so a long-lived process never holds more than `maxEntries`
 * values, none older than `ttlMs`. Values are never logged or enumerated.
 */
export class BoundedCache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #onEvict: ((value: V) => void) | undefined;

  /**
   * @param maxEntries most entries kept; the least recently used goes first
   * @param ttlMs an entry older than this is treated as absent
   * @param onEvict called with each value dropped (e.g. to zero a key buffer)
   */
  constructor(maxEntries: number, ttlMs: number, onEvict?: (value: V) => void) {
    this.#maxEntries = maxEntries;
    this.#ttlMs = ttlMs;
    this.#onEvict = onEvict;
  }

  /** The live value for `key`, marked most recently used; undefined when absent or expired. */
  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expiresAt <= Date.now()) {
      this.#onEvict?.(entry.value);
      return undefined;
    }
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value`, evicting the least recently used entries beyond the bound. */
  set(key: string, value: V): void {
    const previous = this.#entries.get(key);
    if (previous) {
      this.#entries.delete(key);
      if (previous.value !== value) this.#onEvict?.(previous.value);
    }
    this.#entries.set(key, { value, expiresAt: Date.now() + this.#ttlMs });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      const evicted = this.#entries.get(oldest)!;
      this.#entries.delete(oldest);
      this.#onEvict?.(evicted.value);
    }
  }

  /** Number of entries held (expired ones included until touched). */
  get size(): number {
    return this.#entries.size;
  }

  /** Drops every entry. */
  clear(): void {
    for (const entry of this.#entries.values()) this.#onEvict?.(entry.value);
    this.#entries.clear();
  }
}
