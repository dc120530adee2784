import { BucketStore, type SerializedBucketStore } from './bucket-store.js';
import { IncompatibleProfileError } from './incompatible-profile-error.js';

/** Smallest positive normal double, 2^-1022. Smaller magnitudes are counted as zero. */
export const ZERO_THRESHOLD = 2.2250738585072014e-308;

/** @default 0.01 */
export const DEFAULT_RELATIVE_ACCURACY = 0.01;
/** @default 1024: two full stores take 16 KiB; at α = 0.01 this spans 8.9 decades per sign. */
export const DEFAULT_MAX_BINS = 1024;

/** Parameters of a {@link QuantileSketch}; two sketches merge only if these are equal. */
export interface QuantileSketchOptions {
  /** α in (0, 1): relative accuracy of a value read back from the sketch. @default 0.01 */
  relativeAccuracy?: number;
  /** Most buckets kept per sign, 16 ≤ maxBins ≤ 65536. @default 1024 */
  maxBins?: number;
}

/** JSON-safe form of a {@link QuantileSketch}. */
export interface SerializedQuantileSketch {
  relativeAccuracy: number;
  maxBins: number;
  zeroCount: number;
  positive: SerializedBucketStore;
  negative: SerializedBucketStore;
}

/**
 * A DDSketch (Masson, Rim & Lee, "DDSketch: a fast and fully-mergeable quantile
 * sketch with relative-error guarantees", VLDB 2019) with the logarithmic mapping
 * and lowest-collapsing dense stores held in Float64Arrays.
 *
 * A value x > 0 goes to bucket k = ceil(ln x / ln γ), γ = (1 + α) / (1 - α), which
 * holds (γ^(k-1), γ^k]; the bucket is read back as 2γ^k / (1 + γ), within relative
 * error α of every value in it. Negative values use a second store keyed by |x|;
 * |x| < 2^-1022 (zero and subnormals) is counted as zero.
 *
 * Memory is bounded: each store keeps at most `maxBins` buckets. When one sign's
 * values span more than that, its lowest-magnitude buckets are merged into one (see
 * {@link collapseBound}), so accuracy is lost only for the values nearest zero.
 *
 * Why not `@datadog/sketches-js` (2.1.1, the version installed): its `merge()` drops
 * the negative store entirely (DataDog/sketches-js issue #22, open), so any merged
 * window with negative values would report wrong quantiles; its default DDSketch is
 * unbounded (10 million log-normal values with σ = 5 grew it to 2 × 2560 bins, 40 KB,
 * over our 32 KB budget) and its bins are plain JS arrays, whose memory cannot be
 * accounted for exactly; and its quantile is the lower order statistic, not
 * interpolated as numpy's default. Its raw speed is not the issue: it is comparable
 * (bench/profile-ingest.ts measures both in the same run).
 */
export class QuantileSketch {
  readonly relativeAccuracy: number;
  readonly maxBins: number;
  private total = 0;
  private zeros = 0;
  private positive: BucketStore;
  /** Keyed by |x|. */
  private negative: BucketStore;
  private readonly gamma: number;
  private readonly lnGamma: number;
  private readonly invLnGamma: number;

  /** @throws RangeError if α is not in (0, 1) or maxBins is not an integer in [16, 65536] */
  constructor(options: QuantileSketchOptions = {}) {
    const alpha = options.relativeAccuracy ?? DEFAULT_RELATIVE_ACCURACY;
    const maxBins = options.maxBins ?? DEFAULT_MAX_BINS;
    if (!(alpha > 0 && alpha < 1)) {
      throw new RangeError(`relativeAccuracy must be in (0, 1), got ${alpha}`);
    }
    if (!Number.isInteger(maxBins) || maxBins < 16 || maxBins > 65536) {
      throw new RangeError(`maxBins must be an integer in [16, 65536], got ${maxBins}`);
    }
    this.relativeAccuracy = alpha;
    this.maxBins = maxBins;
    this.gamma = (1 + alpha) / (1 - alpha);
    // log1p keeps ln γ accurate for small α, where γ is close to 1.
    this.lnGamma = Math.log1p((2 * alpha) / (1 - alpha));
    this.invLnGamma = 1 / this.lnGamma;
    this.positive = new BucketStore(maxBins);
    this.negative = new BucketStore(maxBins);
  }

  /** Adds a finite value; the caller filters NaN and ±Infinity. */
  add(x: number): void {
    this.total++;
    if (x > ZERO_THRESHOLD) this.positive.add(Math.ceil(Math.log(x) * this.invLnGamma));
    else if (x < -ZERO_THRESHOLD) this.negative.add(Math.ceil(Math.log(-x) * this.invLnGamma));
    else this.zeros++;
  }

  /** Values added, zeros included. */
  get count(): number {
    return this.total;
  }

  /** Values with |x| < 2^-1022, counted as exactly 0. */
  get zeroCount(): number {
    return this.zeros;
  }

  /**
   * Largest magnitude below which values may have been merged into a collapsed
   * bucket: 0 if no store has collapsed. A value with |x| <= collapseBound is read
   * back with absolute error at most collapseBound instead of relative error α.
   */
  get collapseBound(): number {
    const k = Math.max(this.positive.collapsedKey, this.negative.collapsedKey);
    return Math.exp(k * this.lnGamma);
  }

  /**
   * Estimate of the order statistic of 0-based rank `rank` (0 <= rank < count), not
   * clamped to the data's range. NaN when the sketch is empty.
   */
  valueAtRank(rank: number): number {
    if (!(rank >= 0 && rank < this.total)) return NaN;
    const neg = this.negative.counts;
    let seen = 0;
    // Most negative first: the negative store from its highest |x| key down.
    for (let i = neg.length - 1; i >= 0; i--) {
      seen += neg[i];
      if (seen > rank) return -this.bucketValue(i + this.negative.offset);
    }
    seen += this.zeros;
    if (seen > rank) return 0;
    const pos = this.positive.counts;
    for (let i = 0; i < pos.length; i++) {
      seen += pos[i];
      if (seen > rank) return this.bucketValue(i + this.positive.offset);
    }
    // Unreachable while the buckets add up to `count`.
    return NaN;
  }

  mergeable(other: QuantileSketch): boolean {
    return this.incompatibility(other) === undefined;
  }

  /** Why `other` cannot be merged into this sketch, or undefined if it can. */
  incompatibility(other: QuantileSketch): string | undefined {
    if (this.relativeAccuracy !== other.relativeAccuracy) {
      return `sketch relativeAccuracy differs (${this.relativeAccuracy} vs ${other.relativeAccuracy})`;
    }
    if (this.maxBins !== other.maxBins) {
      return `sketch maxBins differs (${this.maxBins} vs ${other.maxBins})`;
    }
    return undefined;
  }

  /**
   * Adds `other`'s values to this sketch; `other` is not modified.
   * @throws IncompatibleProfileError if the parameters differ (check {@link mergeable} first)
   */
  merge(other: QuantileSketch): this {
    const why = this.incompatibility(other);
    if (why !== undefined) throw new IncompatibleProfileError('quantile sketches', why);
    this.positive.merge(other.positive);
    this.negative.merge(other.negative);
    this.zeros += other.zeros;
    this.total += other.total;
    return this;
  }

  clone(): QuantileSketch {
    const s = new QuantileSketch({ relativeAccuracy: this.relativeAccuracy, maxBins: this.maxBins });
    s.total = this.total;
    s.zeros = this.zeros;
    s.positive = this.positive.clone();
    s.negative = this.negative.clone();
    return s;
  }

  /** Bytes held in typed arrays (the bucket counts). */
  byteLength(): number {
    return this.positive.byteLength() + this.negative.byteLength();
  }

  serialize(): SerializedQuantileSketch {
    return {
      relativeAccuracy: this.relativeAccuracy,
      maxBins: this.maxBins,
      zeroCount: this.zeros,
      positive: this.positive.serialize(),
      negative: this.negative.serialize(),
    };
  }

  /** @throws RangeError or Error if `data` is malformed */
  static deserialize(data: SerializedQuantileSketch): QuantileSketch {
    const s = new QuantileSketch({ relativeAccuracy: data.relativeAccuracy, maxBins: data.maxBins });
    if (!(Number.isInteger(data.zeroCount) && data.zeroCount >= 0)) {
      throw new Error(`invalid serialized quantile sketch: zeroCount ${data.zeroCount}`);
    }
    s.positive = BucketStore.deserialize(data.positive, s.maxBins);
    s.negative = BucketStore.deserialize(data.negative, s.maxBins);
    s.zeros = data.zeroCount;
    s.total = s.zeros + s.positive.total() + s.negative.total();
    return s;
  }

  private bucketValue(key: number): number {
    return (Math.exp(key * this.lnGamma) * 2) / (1 + this.gamma);
  }
}
