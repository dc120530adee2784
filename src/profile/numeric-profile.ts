import { BinCounts } from './bin-counts.js';
import { IncompatibleProfileError } from './incompatible-profile-error.js';
import { numericValue } from './numeric-value.js';
import { QuantileSketch, type QuantileSketchOptions, type SerializedQuantileSketch } from './quantile-sketch.js';
import type { Profile } from './types.js';

/**
 * Upper bound on the bytes of the profile's objects other than its typed arrays'
 * contents (object headers, fields, the typed array and ArrayBuffer wrappers). The
 * heap measurement in test/profile/memory.test.ts found 1.4–1.8 KB (Node 20, x64).
 */
export const NUMERIC_PROFILE_OVERHEAD_BYTES = 3072;

export interface NumericProfileOptions extends QuantileSketchOptions {
  /**
   * The reference's quantile edges (CONVENTIONS.md §5): ascending, finite, without
   * duplicates. With them the profile counts values per bin exactly, bin k holding
   * the values with exactly k edges strictly below them. Copied.
   */
  edges?: ArrayLike<number>;
  /**
   * The reference's [min, max]: with it the profile counts the values outside it
   * exactly (`outOfRange`), for the data-quality signal of the same name.
   */
  expectedRange?: { readonly min: number; readonly max: number };
}

/** JSON-safe form of a {@link NumericProfile}; min and max are null while empty. */
export interface SerializedNumericProfile {
  kind: 'numeric';
  version: 1;
  edges: number[] | null;
  count: number;
  missing: number;
  typeMismatch: number;
  min: number | null;
  max: number | null;
  mean: number;
  /** Sum of squared deviations from the mean. */
  m2: number;
  binCounts: number[] | null;
  sketch: SerializedQuantileSketch;
  /** Absent in profiles saved before the expected range existed. */
  expectedRange?: { min: number; max: number } | null;
  outOfRange?: number;
}

/**
 * Summary of one numeric feature over a set of records, in one pass and bounded
 * memory: at most 2 × maxBins × 8 bytes of sketch buckets (16 KiB by default), plus
 * 16 bytes per edge and a 1 KiB bin lookup table (see byteSize()).
 *
 * Missing: null, undefined, '' and non-finite numbers (NaN, ±Infinity); they count
 * in `count` and `missing` and nowhere else. Type mismatch: a value that is not a
 * number, bigint or decimal string (see numericValue). Exact: count, missing,
 * typeMismatch, valueCount, min, max, bin counts, in any order of adds and merges.
 * Mean and variance use Welford's update per value and the pairwise merge of Chan,
 * Golub & LeVeque (Stanford STAN-CS-79-773, 1979; The American Statistician 37(3),
 * 1983), which stay accurate for data far from zero. Quantiles come from a {@link QuantileSketch}; see
 * {@link quantile} for the bound.
 */
export class NumericProfile implements Profile<NumericProfile> {
  private records = 0;
  private absent = 0;
  private mismatched = 0;
  private n = 0;
  private lo = Infinity;
  private hi = -Infinity;
  private mu = 0;
  private m2 = 0;
  private readonly sketch: QuantileSketch;
  private readonly bins: BinCounts | null;
  /** ±Infinity without an expected range, so the hot path's comparison is always false. */
  private readonly rangeMin: number;
  private readonly rangeMax: number;
  private outside = 0;

  /** @throws RangeError if the edges are not finite and strictly ascending, or the sketch options are out of range */
  constructor(options: NumericProfileOptions = {}) {
    this.sketch = new QuantileSketch(options);
    const range = options.expectedRange;
    if (range !== undefined && !(range.min <= range.max)) {
      throw new RangeError(`expectedRange must have min <= max; got [${range.min}, ${range.max}]`);
    }
    this.rangeMin = range?.min ?? -Infinity;
    this.rangeMax = range?.max ?? Infinity;
    if (options.edges === undefined) {
      this.bins = null;
    } else {
      const e = options.edges;
      for (let i = 0; i < e.length; i++) {
        if (!Number.isFinite(e[i]) || (i > 0 && !(e[i] > e[i - 1]))) {
          throw new RangeError(`edges must be finite and strictly ascending; edges[${i}] = ${e[i]}`);
        }
      }
      this.bins = new BinCounts(e);
    }
  }

  add(value: unknown): void {
    // `x - x === 0` is false exactly for NaN and ±Infinity.
    if (typeof value === 'number' && value - value === 0) this.addFinite(value);
    else this.addOther(value);
  }

  /**
   * Fast path for a column of numbers; NaN and ±Infinity count as missing. The same
   * arithmetic as addFinite, value by value in the same order (so the same profile to
   * the last bit), with the running statistics held in locals for the loop: the
   * processor feeds every numeric feature through here (NumericAddBuffer), and
   * loading and storing each field per value was a third of this loop's time.
   */
  addAll(values: Float64Array): void {
    let n = this.n;
    let lo = this.lo;
    let hi = this.hi;
    let mu = this.mu;
    let m2 = this.m2;
    let outside = 0;
    let absent = 0;
    const rangeMin = this.rangeMin;
    const rangeMax = this.rangeMax;
    const sketch = this.sketch;
    const bins = this.bins;
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      if (x - x !== 0) {
        absent++;
        continue;
      }
      n++;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
      if (x < rangeMin || x > rangeMax) outside++;
      const d = x - mu;
      mu += d / n;
      m2 += d * (x - mu);
      sketch.add(x);
      if (bins !== null) bins.add(x);
    }
    this.records += values.length;
    this.absent += absent;
    this.outside += outside;
    this.n = n;
    this.lo = lo;
    this.hi = hi;
    this.mu = mu;
    this.m2 = m2;
  }

  /** Records seen: values, missing ones and type mismatches. */
  get count(): number {
    return this.records;
  }

  /** Records with null, undefined, '' or a non-finite number (see numericValue). */
  get missing(): number {
    return this.absent;
  }

  /** Records whose value is not a number, bigint or decimal string. */
  get typeMismatch(): number {
    return this.mismatched;
  }

  /** Finite values: count - missing - typeMismatch. */
  get valueCount(): number {
    return this.n;
  }

  /** Smallest value; NaN while empty. */
  get min(): number {
    return this.n === 0 ? NaN : this.lo;
  }

  /** Largest value; NaN while empty. */
  get max(): number {
    return this.n === 0 ? NaN : this.hi;
  }

  /** Arithmetic mean of the values; NaN while empty. */
  get mean(): number {
    return this.n === 0 ? NaN : this.mu;
  }

  /** Population variance, sum((x - mean)^2) / n; NaN while empty. */
  get variance(): number {
    return this.n === 0 ? NaN : this.m2 / this.n;
  }

  /** Sample variance, sum((x - mean)^2) / (n - 1); NaN for fewer than two values. */
  get sampleVariance(): number {
    return this.n < 2 ? NaN : this.m2 / (this.n - 1);
  }

  /** Values outside the expected range, or undefined if the profile was made without one. */
  get outOfRange(): number | undefined {
    return this.hasExpectedRange() ? this.outside : undefined;
  }

  /** The expected range the profile was made with, if any. */
  get expectedRange(): { min: number; max: number } | undefined {
    return this.hasExpectedRange() ? { min: this.rangeMin, max: this.rangeMax } : undefined;
  }

  /** Copy of the bin edges, or undefined if the profile was made without them. */
  get edges(): Float64Array | undefined {
    return this.bins === null ? undefined : this.bins.edges.slice();
  }

  /** Copy of the exact per-bin counts (edges.length + 1 of them), or undefined without edges. */
  get binCounts(): Float64Array | undefined {
    return this.bins === null ? undefined : this.bins.counts.slice();
  }

  get relativeAccuracy(): number {
    return this.sketch.relativeAccuracy;
  }

  get maxBins(): number {
    return this.sketch.maxBins;
  }

  /** See {@link QuantileSketch.collapseBound}: 0 unless the sketch had to collapse buckets. */
  get collapseBound(): number {
    return this.sketch.collapseBound;
  }

  /**
   * Estimate of the q-quantile in numpy's default (linear) definition: with the
   * values sorted x(0) <= ... <= x(n-1), r = q(n - 1), i = floor(r), f = r - i,
   * Q(q) = x(i) + f (x(i+1) - x(i)). Each order statistic is read from the sketch,
   * clamped to [min, max] (exact at ranks 0 and n - 1), then interpolated the same way.
   *
   * Bound: |quantile(q) - Q(q)| <= (1 - f) e(x(i)) + f e(x(i+1)), where e(x) = α|x|,
   * except e(x) = collapseBound when |x| <= collapseBound and e(x) = 2^-1022 for
   * |x| < 2^-1022. When x(i) and x(i+1) have the same sign and the sketch has not
   * collapsed, that is the relative bound α|Q(q)|.
   *
   * @param q in [0, 1]
   * @returns NaN when the profile holds no value
   * @throws RangeError if q is not in [0, 1]
   */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be in [0, 1], got ${q}`);
    const n = this.n;
    if (n === 0) return NaN;
    const r = q * (n - 1);
    const i = Math.floor(r);
    const f = r - i;
    const a = this.valueAtRank(i);
    if (f === 0) return a;
    return a + f * (this.valueAtRank(i + 1) - a);
  }

  mergeable(other: NumericProfile): boolean {
    return this.incompatibility(other) === undefined;
  }

  /**
   * Adds `other`'s records to this profile (counts, extremes, moments by Chan's
   * formula, sketch, bins) and returns this profile; `other` is never modified.
   * @throws IncompatibleProfileError if the edges or the sketch parameters differ
   */
  merge(other: NumericProfile): NumericProfile {
    const why = this.incompatibility(other);
    if (why !== undefined) throw new IncompatibleProfileError('numeric profiles', why);
    const na = this.n;
    const nb = other.valueCount;
    if (nb > 0) {
      if (na === 0) {
        this.mu = other.mu;
        this.m2 = other.m2;
      } else {
        const n = na + nb;
        const d = other.mu - this.mu;
        this.mu += d * (nb / n);
        this.m2 += other.m2 + d * d * ((na * nb) / n);
      }
      if (other.lo < this.lo) this.lo = other.lo;
      if (other.hi > this.hi) this.hi = other.hi;
    }
    this.records += other.records;
    this.absent += other.absent;
    this.mismatched += other.mismatched;
    this.outside += other.outside;
    this.n += nb;
    this.sketch.merge(other.sketch);
    if (this.bins !== null && other.bins !== null) this.bins.merge(other.bins);
    return this;
  }

  clone(): NumericProfile {
    const p = new NumericProfile(this.options());
    p.merge(this);
    return p;
  }

  /**
   * Bytes held: the typed arrays' byteLength (sketch buckets; edges, bin counts and
   * their lookup table) plus {@link NUMERIC_PROFILE_OVERHEAD_BYTES} for the objects.
   */
  byteSize(): number {
    const b = this.bins === null ? 0 : this.bins.byteLength();
    return this.sketch.byteLength() + b + NUMERIC_PROFILE_OVERHEAD_BYTES;
  }

  serialize(): SerializedNumericProfile {
    const empty = this.n === 0;
    return {
      kind: 'numeric',
      version: 1,
      edges: this.bins === null ? null : Array.from(this.bins.edges),
      count: this.count,
      missing: this.missing,
      typeMismatch: this.typeMismatch,
      min: empty ? null : this.lo,
      max: empty ? null : this.hi,
      mean: this.mu,
      m2: this.m2,
      binCounts: this.bins === null ? null : Array.from(this.bins.counts),
      sketch: this.sketch.serialize(),
      expectedRange: this.expectedRange ?? null,
      outOfRange: this.outside,
    };
  }

  /** @throws Error (or RangeError) if `data` is malformed or inconsistent */
  static deserialize(data: SerializedNumericProfile): NumericProfile {
    const bad = (why: string): Error => new Error(`invalid serialized numeric profile: ${why}`);
    if (data?.kind !== 'numeric' || data.version !== 1) throw bad('expected kind "numeric", version 1');
    const sketch = QuantileSketch.deserialize(data.sketch);
    const p = new NumericProfile({
      relativeAccuracy: sketch.relativeAccuracy,
      maxBins: sketch.maxBins,
      edges: data.edges ?? undefined,
      expectedRange: data.expectedRange ?? undefined,
    });
    for (const key of ['count', 'missing', 'typeMismatch'] as const) {
      if (!(Number.isInteger(data[key]) && data[key] >= 0)) throw bad(`${key} ${data[key]}`);
    }
    const n = data.count - data.missing - data.typeMismatch;
    if (n !== sketch.count) throw bad(`${n} values but the sketch holds ${sketch.count}`);
    p.records = data.count;
    p.absent = data.missing;
    p.mismatched = data.typeMismatch;
    p.n = n;
    const outside = data.outOfRange ?? 0;
    if (!(Number.isInteger(outside) && outside >= 0 && outside <= n)) throw bad(`outOfRange ${outside}`);
    p.outside = outside;
    p.sketch.merge(sketch);
    if (n > 0) {
      const { min, max, mean, m2 } = data;
      const finite = [min, max, mean, m2].every((v) => typeof v === 'number' && Number.isFinite(v));
      if (!finite || min === null || max === null || min > max || m2 < 0) throw bad('min, max, mean or m2 invalid');
      p.lo = min;
      p.hi = max;
      p.mu = mean;
      p.m2 = m2;
    }
    if (p.bins !== null) {
      const b = data.binCounts;
      if (!Array.isArray(b) || b.length !== p.bins.counts.length) throw bad('binCounts do not match the edges');
      let total = 0;
      for (let k = 0; k < b.length; k++) {
        if (!(Number.isInteger(b[k]) && b[k] >= 0)) throw bad(`binCounts[${k}] ${b[k]}`);
        p.bins.counts[k] = b[k];
        total += b[k];
      }
      if (total !== n) throw bad(`binCounts sum to ${total}, not ${n}`);
    }
    return p;
  }

  private addFinite(x: number): void {
    this.records++;
    const n = ++this.n;
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    if (x < this.rangeMin || x > this.rangeMax) this.outside++;
    // Welford: the running mean moves by d/n; m2 grows by d times the new deviation.
    const d = x - this.mu;
    this.mu += d / n;
    this.m2 += d * (x - this.mu);
    this.sketch.add(x);
    if (this.bins !== null) this.bins.add(x);
  }

  private addOther(value: unknown): void {
    const x = numericValue(value);
    if (x === undefined) {
      this.records++;
      this.mismatched++;
    } else if (x - x === 0) {
      this.addFinite(x);
    } else {
      this.records++;
      this.absent++;
    }
  }

  private valueAtRank(k: number): number {
    if (k === 0) return this.lo;
    if (k === this.n - 1) return this.hi;
    const v = this.sketch.valueAtRank(k);
    return v < this.lo ? this.lo : v > this.hi ? this.hi : v;
  }

  private options(): NumericProfileOptions {
    return {
      relativeAccuracy: this.sketch.relativeAccuracy,
      maxBins: this.sketch.maxBins,
      edges: this.bins?.edges,
      expectedRange: this.expectedRange,
    };
  }

  private hasExpectedRange(): boolean {
    return this.rangeMin !== -Infinity || this.rangeMax !== Infinity;
  }

  private incompatibility(other: NumericProfile): string | undefined {
    const sketch = this.sketch.incompatibility(other.sketch);
    if (sketch !== undefined) return sketch;
    if (this.rangeMin !== other.rangeMin || this.rangeMax !== other.rangeMax) {
      return `expected ranges differ: [${this.rangeMin}, ${this.rangeMax}] vs [${other.rangeMin}, ${other.rangeMax}]`;
    }
    const a = this.bins;
    const b = other.bins;
    if (a === null && b === null) return undefined;
    if (a === null || b === null) return 'one profile has bin edges and the other has none';
    return a.edgeDifference(b);
  }
}
