/** Bins are allocated this many at a time, so a narrow feature stays small. */
const CHUNK = 64;

const EMPTY = new Float64Array(0);

/** JSON-safe form of a {@link BucketStore}: the occupied keys only. */
export interface SerializedBucketStore {
  /** Key of counts[0]. */
  offset: number;
  counts: number[];
  /** null while not collapsed. */
  collapsedKey: number | null;
}

/**
 * Counts per integer bucket key in one contiguous Float64Array (a DDSketch "dense
 * store" that collapses its lowest buckets). It never holds more than `maxBins`
 * buckets: when the keys seen span more than that, every key at or below
 * `collapsedKey` is counted in the bucket `collapsedKey`, which is then the lowest
 * one. `collapsedKey` only ever rises. Counts are doubles, exact up to 2^53.
 *
 * Invariant once collapsed: `offset === collapsedKey`, so a key below it misses the
 * array on the fast path and is routed to the collapsed bucket by `addSlow`.
 */
export class BucketStore {
  readonly maxBins: number;
  /** Key of `counts[0]`. */
  offset = 0;
  counts: Float64Array = EMPTY;
  /** Highest key whose bucket absorbs every lower key; -Infinity while not collapsed. */
  collapsedKey = -Infinity;

  constructor(maxBins: number) {
    this.maxBins = maxBins;
  }

  add(key: number): void {
    const i = key - this.offset;
    // `>>> 0` turns a negative index into a huge one: one compare covers both ends.
    if (i >>> 0 < this.counts.length) this.counts[i]++;
    else this.addSlow(key);
  }

  private addSlow(key: number): void {
    if (key > this.collapsedKey) this.cover(key, key);
    this.counts[(key <= this.collapsedKey ? this.collapsedKey : key) - this.offset]++;
  }

  /** Sum of all counts. */
  total(): number {
    let s = 0;
    const c = this.counts;
    for (let i = 0; i < c.length; i++) s += c[i];
    return s;
  }

  /** Lowest key with a non-zero count, or +Infinity when empty. */
  lowestKey(): number {
    const c = this.counts;
    for (let i = 0; i < c.length; i++) if (c[i] !== 0) return i + this.offset;
    return Infinity;
  }

  /** Highest key with a non-zero count, or -Infinity when empty. */
  highestKey(): number {
    const c = this.counts;
    for (let i = c.length - 1; i >= 0; i--) if (c[i] !== 0) return i + this.offset;
    return -Infinity;
  }

  /**
   * Adds every count of `other` to this store; `other` is only read. The result
   * has the higher of the two collapse points, so a bucket that was exact in one
   * store may be folded into the collapsed bucket. Merging a store into itself
   * doubles it: its own keys always fit, so nothing moves while it is read.
   */
  merge(other: BucketStore): void {
    const lo = other.lowestKey();
    if (lo === Infinity) return;
    const hi = other.highestKey();
    this.cover(lo, hi, other.collapsedKey);
    const floor = this.collapsedKey;
    const oc = other.counts;
    for (let key = lo; key <= hi; key++) {
      const w = oc[key - other.offset];
      if (w !== 0) this.counts[(key <= floor ? floor : key) - this.offset] += w;
    }
  }

  clone(): BucketStore {
    const s = new BucketStore(this.maxBins);
    s.offset = this.offset;
    s.counts = this.counts.length === 0 ? EMPTY : this.counts.slice();
    s.collapsedKey = this.collapsedKey;
    return s;
  }

  byteLength(): number {
    return this.counts.byteLength;
  }

  serialize(): SerializedBucketStore {
    const lo = this.lowestKey();
    const collapsedKey = this.collapsedKey === -Infinity ? null : this.collapsedKey;
    if (lo === Infinity) return { offset: 0, counts: [], collapsedKey };
    const hi = this.highestKey();
    const counts = Array.from(this.counts.subarray(lo - this.offset, hi - this.offset + 1));
    return { offset: lo, counts, collapsedKey };
  }

  /** @throws Error if `data` is malformed or does not fit in `maxBins` */
  static deserialize(data: SerializedBucketStore, maxBins: number): BucketStore {
    const { offset, counts, collapsedKey } = data;
    const bad = (why: string): Error => new Error(`invalid serialized bucket store: ${why}`);
    if (!Number.isSafeInteger(offset)) throw bad(`offset ${offset}`);
    if (!Array.isArray(counts) || counts.length > maxBins) throw bad('counts missing or longer than maxBins');
    if (collapsedKey !== null && !(Number.isSafeInteger(collapsedKey) && collapsedKey <= offset)) {
      throw bad(`collapsedKey ${collapsedKey} with offset ${offset}`);
    }
    if (collapsedKey !== null && counts.length > 0 && offset + counts.length > collapsedKey + maxBins) {
      throw bad('keys above collapsedKey + maxBins');
    }
    const store = new BucketStore(maxBins);
    for (const w of counts) if (!(Number.isInteger(w) && w >= 0)) throw bad(`count ${w}`);
    if (collapsedKey !== null) {
      store.collapsedKey = collapsedKey;
      store.offset = collapsedKey;
      store.counts = new Float64Array(maxBins);
      store.counts.set(counts, offset - collapsedKey);
    } else if (counts.length > 0) {
      store.offset = offset;
      store.counts = Float64Array.from(counts);
    }
    return store;
  }

  /**
   * Makes keys lo..hi addressable (lo <= hi) with the collapse point at least
   * `minCollapsedKey`, collapsing the lowest buckets if the occupied keys and lo..hi
   * together span more than `maxBins`. Reallocates only when the current array
   * cannot hold the new span, in steps of CHUNK buckets.
   */
  private cover(lo: number, hi: number, minCollapsedKey = -Infinity): void {
    let collapsed = Math.max(this.collapsedKey, minCollapsedKey);
    const wantHi = Math.max(hi, this.highestKey());
    let wantLo = Math.max(Math.min(lo, this.lowestKey()), collapsed);
    if (wantHi - wantLo + 1 > this.maxBins) {
      wantLo = wantHi - this.maxBins + 1;
      collapsed = wantLo;
    }
    const fits = wantLo >= this.offset && wantHi < this.offset + this.counts.length;
    if (fits && collapsed === this.collapsedKey) return;
    if (collapsed !== -Infinity) {
      // Collapsed stores start at their collapse point (see the class invariant).
      this.collapsedKey = collapsed;
      this.relocate(collapsed, this.maxBins);
      return;
    }
    const span = wantHi - wantLo + 1;
    const capacity = Math.min(this.maxBins, Math.ceil((span + CHUNK) / CHUNK) * CHUNK);
    // Centre the spare room: a log-scale feature grows in both directions.
    this.relocate(wantLo - ((capacity - span) >> 1), capacity);
  }

  /** Moves the counts into a new array starting at key `offset`; keys below it fold into `collapsedKey`. */
  private relocate(offset: number, capacity: number): void {
    const next = new Float64Array(capacity);
    const old = this.counts;
    const floor = this.collapsedKey;
    for (let i = 0; i < old.length; i++) {
      const w = old[i];
      if (w === 0) continue;
      const key = i + this.offset;
      next[(key <= floor ? floor : key) - offset] += w;
    }
    this.counts = next;
    this.offset = offset;
  }
}
