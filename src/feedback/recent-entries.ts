/**
 * Entries kept for a while, oldest first: a Map in insertion order, bounded in count
 * and in age. Adding past the bound lets the oldest go; entries older than the
 * horizon are let go as new ones come (and on `expire`), so neither a flood nor a
 * quiet spell keeps memory. What is let go is counted, for the self-metrics.
 */
export class RecentEntries<V extends { readonly keptUnixMs: number }> {
  readonly #entries = new Map<string, V>();
  readonly #maxEntries: number;
  readonly #horizonMs: number;
  /** Entries let go before being taken: past the bound or the horizon. */
  dropped = 0;

  constructor(maxEntries: number, horizonMs: number) {
    this.#maxEntries = maxEntries;
    this.#horizonMs = horizonMs;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Keeps `value` under `key` (a key kept again moves to the newest end). */
  set(key: string, value: V): void {
    if (this.#entries.has(key)) this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.#maxEntries) this.#dropOldest();
    this.expire(value.keptUnixMs, 2);
  }

  /** The entries, oldest first (for the durable state's snapshot). */
  entries(): IterableIterator<[string, V]> {
    return this.#entries.entries();
  }

  /** The entry, taken out (a label joins a prediction once). */
  take(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) this.#entries.delete(key);
    return value;
  }

  /** Takes out every entry `matches` picks (a deleted model version's); not counted as dropped. */
  deleteWhere(matches: (value: V) => boolean): void {
    for (const [key, value] of this.#entries) if (matches(value)) this.#entries.delete(key);
  }

  /**
   * Lets go of entries older than the horizon at `nowUnixMs`, oldest first, at most
   * `limit` of them (a few per insertion keep up with any steady rate; `Infinity` sweeps all).
   */
  expire(nowUnixMs: number, limit = Infinity): void {
    let checked = 0;
    for (const [key, value] of this.#entries) {
      if (checked++ >= limit || nowUnixMs - value.keptUnixMs <= this.#horizonMs) return;
      this.#entries.delete(key);
      this.dropped++;
    }
  }

  #dropOldest(): void {
    const oldest = this.#entries.keys().next();
    if (oldest.done === true) return;
    this.#entries.delete(oldest.value);
    this.dropped++;
  }
}
