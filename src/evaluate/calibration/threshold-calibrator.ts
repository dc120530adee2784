import { DRIFT_METHODS, type DriftMethod } from '../drift/drift-method.js';
import type { FeatureReference } from '../window/feature-reference.js';
import type { CalibratedThreshold, ThresholdProvider } from '../window/threshold-provider.js';
import type { CalibrationThread } from './calibration-thread.js';
import { ksNullIsDistributionFree } from './ks-null.js';
import { nullStatistics } from './null-statistics.js';
import { mixSeed, seededUniform } from './seeded-random.js';
import { sizeScale } from './size-scaling.js';

/** How thresholds are calibrated: the statistical knobs. */
export interface CalibrationSettings {
  /**
   * Share of stationary windows that must stay below the threshold: the threshold is
   * this quantile of the statistic between independent samples of the reference's
   * distribution, so 1 - quantile is the expected share of false alarms per feature
   * and window. Why 0.995 and not 0.99: the target is at most 1%, and at 0.99 the
   * expected rate is 1% itself, so half the measurements land above it (on zipcodes,
   * 1.05% of windows of 100 records); 0.995 meets it with a margin for the
   * Monte-Carlo error of the quantile, for about 6% higher thresholds (KS).
   * @default 0.995
   */
  quantile?: number;
  /** Pairs of samples drawn per calibration. @default 1000 */
  replicates?: number;
  /** Seed of the draws; the same seed gives the same thresholds. @default 1 */
  seed?: number;
  /**
   * Largest pseudo-reference drawn; a larger reference is calibrated at this size and
   * the threshold scaled to its true size (see sizeScale). @default 4096
   */
  maxReferenceDraw?: number;
  /**
   * Largest pseudo-window drawn; larger windows share the calibration at this size,
   * scaled to their own (see sizeScale). @default 2048 for numerical references,
   * 8192 for categorical and discrete ones: chi-square's share floor makes a
   * category the reference never saw weigh more and more as windows grow, which no
   * asymptotic law follows (scaled up from 2,048 values, its limit came out 50%
   * too high), and drawing categories is cheap (a table look-up each).
   */
  maxWindowDraw?: number;
  /**
   * false draws only windows and compares them with the reference itself: the naive
   * bootstrap, biased low (see the class). Kept to measure that bias; it draws windows
   * of up to 8192 values. @default true
   */
  resampleReference?: boolean;
}

export interface CalibrationOptions extends CalibrationSettings {
  /**
   * Where `prepare` computes calibrations: on this worker thread, off the event loop;
   * without one (or if it fails), in slices on the calling thread.
   */
  thread?: CalibrationThread;
}

/** One calibration, for the record (and self-metrics: how long it took). */
export interface Calibration {
  readonly method: DriftMethod;
  /** Window sizes it serves: [2^k, 2^(k+1)), or [2^k, Infinity) for the largest drawn. */
  readonly bucket: readonly [number, number];
  /** The pseudo-window size it was drawn at: 2^(k + 1/2), rounded, at most maxWindowDraw. */
  readonly windowSize: number;
  /** The pseudo-reference size it was drawn at. */
  readonly referenceSize: number;
  /** The statistic's quantile at those sizes; NaN when it could not be calibrated. */
  readonly limit: number;
  readonly replicates: number;
  /** Computing time, without the pauses of `prepare`. */
  readonly milliseconds: number;
}

/** Replicates drawn between two yields of `prepare`. */
const SLICE = 50;

/** Fewer than this share of computable replicates and the calibration is abandoned. */
const MIN_VALID_SHARE = 0.5;

/**
 * Thresholds for one feature's drift verdicts, calibrated from its reference for the
 * size of each window, so that stationary data raise at most about 1% false alarms
 * per feature and window whatever the method, the data's shape and the window's
 * size (a fixed p < 0.05 raises 5%, more with chi-square's share floor; a fixed
 * wasserstein_normed >= 0.1 fires on most windows of 100 values and on none of a
 * million).
 *
 * Method: the `quantile` (0.995) of the method's statistic between two independent
 * samples drawn from the reference's distribution (numbers smoothed, see
 * smoothedDraw), a pseudo-reference of the reference's size and a pseudo-window of
 * the window's size, over `replicates` (1000) pairs, compared as windowDrift compares
 * a window (see nullStatistics).
 *
 * Why both sides are drawn (the classic bias): the verdict compares the reference
 * with a window, two independent samples of one population when nothing drifted, so
 * the statistic carries the sampling noise of both. Comparing the reference itself
 * with windows resampled from it (the naive bootstrap) measures only the window's
 * noise: with a 1,000-value reference and windows of 10,000 values its KS threshold
 * is about a third of the right one. bench/false-alarms.ts measures both on real
 * data: with windows of 10,000 flights the naive thresholds alarmed on 86% of
 * stationary feature-windows, these on none. Splitting the reference into a
 * pseudo-reference and pseudo-windows would avoid the bias too, but leaves a
 * pseudo-reference smaller than the real one and cannot make pseudo-windows larger
 * than the reference, while windows of 10,000 values are common.
 *
 * Cost and caching: one calibration draws (n + m) values per replicate; for a
 * 1,000-value reference that is about 45 ms for numeric features (windows are drawn
 * at most 2,048 values) and up to about 200 ms for categorical ones (8,192), as
 * measured by bench/false-alarms.ts. Each is cached per method and per window-size
 * bucket [2^k, 2^(k+1)), drawn at the bucket's geometric middle and scaled to the
 * window's actual size by the method's asymptotic law (sizeScale), so a window of any
 * size costs at most one calibration per bucket, and memory stays a few numbers per
 * bucket. `prepare` computes one ahead of need without blocking the event loop (on
 * a CalibrationThread when given one).
 *
 * Deterministic: each (seed, method, bucket) has its own seeded stream, so thresholds
 * do not depend on the order windows arrive in.
 */
export class ThresholdCalibrator implements ThresholdProvider {
  readonly reference: FeatureReference;
  private readonly quantile: number;
  private readonly replicates: number;
  private readonly seed: number;
  private readonly maxReferenceDraw: number;
  private readonly maxWindowDraw: number;
  private readonly resampleReference: boolean;
  private readonly thread: CalibrationThread | undefined;
  private readonly cache = new Map<string, Calibration>();
  /** Calibrations being prepared, so a second request waits for the first. */
  private readonly preparing = new Map<string, Promise<Calibration>>();
  private ksDistributionFree: boolean | undefined;

  /** @throws RangeError if quantile is not in (0, 1), replicates is not an integer >= 10, or a draw size is not a positive integer */
  constructor(reference: FeatureReference, options: CalibrationOptions = {}) {
    this.reference = reference;
    this.quantile = options.quantile ?? 0.995;
    this.replicates = options.replicates ?? 1000;
    this.seed = options.seed ?? 1;
    this.maxReferenceDraw = options.maxReferenceDraw ?? 4096;
    this.resampleReference = options.resampleReference ?? true;
    this.thread = options.thread;
    // The naive bootstrap's statistic does not scale as sizeScale says (it lacks the
    // reference's noise), so it is drawn at the window's own size, to measure it fairly.
    const numerical = reference.kind === 'numerical' && this.resampleReference;
    this.maxWindowDraw = options.maxWindowDraw ?? (numerical ? 2048 : 8192);
    if (!(this.quantile > 0 && this.quantile < 1)) throw new RangeError(`quantile must be in (0, 1), got ${this.quantile}`);
    if (!(Number.isInteger(this.replicates) && this.replicates >= 10)) {
      throw new RangeError(`replicates must be an integer >= 10, got ${this.replicates}`);
    }
    for (const [name, value] of [['maxReferenceDraw', this.maxReferenceDraw], ['maxWindowDraw', this.maxWindowDraw]] as const) {
      if (!(Number.isInteger(value) && value >= 1)) throw new RangeError(`${name} must be an integer >= 1, got ${value}`);
    }
  }

  /**
   * The threshold of `method` for a window of `windowSize` values (ThresholdProvider).
   * KS on a reference whose values almost never tie needs no draws: its statistic
   * between two samples of one continuous distribution has the same law whatever the
   * distribution, the one its p-value is computed from, so "D above the stationary
   * quantile q" is "p-value below 1 - q" (see ksNullIsDistributionFree). Everything
   * else is calibrated (statisticThreshold).
   */
  threshold(method: DriftMethod, windowSize: number): CalibratedThreshold | undefined {
    if (this.isDistributionFree(method)) return windowSize >= 1 ? { pValueBelow: 1 - this.quantile } : undefined;
    const limit = this.statisticThreshold(method, windowSize);
    return limit === undefined ? undefined : { statisticAbove: limit };
  }

  /** True when `method`'s threshold is known without calibrating (see threshold). */
  isDistributionFree(method: DriftMethod): boolean {
    if (method !== 'ks' || !this.resampleReference) return false;
    this.ksDistributionFree ??= ksNullIsDistributionFree(this.reference);
    return this.ksDistributionFree;
  }

  /**
   * The statistic above which a window of `windowSize` values drifts: the bucket's
   * calibrated limit scaled to this size; undefined when the method does not apply,
   * the window or reference is empty, or stationary samples never differ (a constant
   * feature: any limit would flag the first odd value, so §5's default is better).
   */
  statisticThreshold(method: DriftMethod, windowSize: number): number | undefined {
    if (!(windowSize >= 1)) return undefined;
    const calibration = this.calibration(method, windowSize);
    if (!(calibration.limit > 0)) return undefined;
    const n = this.reference.size;
    return calibration.limit * sizeScale(method, calibration.referenceSize, calibration.windowSize, n, windowSize);
  }

  /** The calibration serving `windowSize`, computed now if not cached. */
  calibration(method: DriftMethod, windowSize: number): Calibration {
    const k = this.bucketOf(windowSize);
    const key = this.keyOf(method, windowSize);
    let found = this.cache.get(key);
    if (found === undefined) {
      const steps = this.steps(method, k);
      let step = steps.next();
      while (!step.done) step = steps.next();
      found = step.value;
      this.cache.set(key, found);
    }
    return found;
  }

  /**
   * Computes the calibration serving `windowSize` ahead of need without holding the
   * event loop: on the calibration thread when there is one, else (or when the thread
   * fails) in slices of about 50 replicates between event-loop turns. The result is
   * the one `calibration` would compute, and is cached for it; concurrent requests
   * for one bucket share one computation. Resolves to undefined when the threshold
   * needs no calibration (see isDistributionFree).
   */
  async prepare(method: DriftMethod, windowSize: number): Promise<Calibration | undefined> {
    if (this.isDistributionFree(method)) return undefined;
    const key = this.keyOf(method, windowSize);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    let preparing = this.preparing.get(key);
    if (preparing === undefined) {
      preparing = this.computeAway(method, windowSize).then((calibration) => {
        // A synchronous `calibration` call may have filled the bucket meanwhile: keep one.
        if (!this.cache.has(key)) this.cache.set(key, calibration);
        return this.cache.get(key)!;
      }).finally(() => this.preparing.delete(key));
      this.preparing.set(key, preparing);
    }
    return preparing;
  }

  /** True when the threshold for windows of this size can be given without computing. */
  isReady(method: DriftMethod, windowSize: number): boolean {
    return this.isDistributionFree(method) || this.cache.has(this.keyOf(method, windowSize));
  }

  private async computeAway(method: DriftMethod, windowSize: number): Promise<Calibration> {
    if (this.thread !== undefined) {
      try {
        return await this.thread.run({ reference: this.reference, settings: this.settings(), method, windowSize });
      } catch {
        // The thread failed or closed: the same calibration, computed here.
      }
    }
    const steps = this.steps(method, this.bucketOf(windowSize));
    let step = steps.next();
    while (!step.done) {
      await new Promise((resolve) => setImmediate(resolve));
      step = steps.next();
    }
    return step.value;
  }

  /** This calibrator's resolved settings, for a calibrator on another thread to compute the same. */
  private settings(): CalibrationSettings {
    return {
      quantile: this.quantile,
      replicates: this.replicates,
      seed: this.seed,
      maxReferenceDraw: this.maxReferenceDraw,
      maxWindowDraw: this.maxWindowDraw,
      resampleReference: this.resampleReference,
    };
  }

  private keyOf(method: DriftMethod, windowSize: number): string {
    return `${method}:${this.bucketOf(windowSize)}`;
  }

  /** Every calibration made so far. */
  calibrations(): Calibration[] {
    return [...this.cache.values()];
  }

  /** k such that the window size is in [2^k, 2^(k+1)), capped at the largest size drawn. */
  private bucketOf(windowSize: number): number {
    return Math.min(Math.floor(Math.log2(Math.max(windowSize, 1))), Math.floor(Math.log2(this.maxWindowDraw)));
  }

  /** One calibration, in slices: each `next()` draws a slice of replicates; the last returns the result. */
  private *steps(method: DriftMethod, k: number): Generator<void, Calibration> {
    let busy = 0;
    let start = performance.now();
    const windowSize = Math.min(Math.max(1, Math.round(2 ** (k + 0.5))), this.maxWindowDraw);
    const referenceSize = this.resampleReference ? Math.min(this.reference.size, this.maxReferenceDraw) : this.reference.size;
    // One stream per (seed, method, bucket), read in the same order whatever the slicing.
    const random = seededUniform(mixSeed(this.seed, DRIFT_METHODS.indexOf(method), k));
    const statistics = new Float64Array(this.replicates);
    let applicable = true;
    for (let done = 0; done < this.replicates && applicable;) {
      const replicates = Math.min(SLICE, this.replicates - done);
      const slice = nullStatistics(this.reference, method, {
        referenceSize,
        windowSize,
        replicates,
        random,
        resampleReference: this.resampleReference,
      });
      if (slice === undefined) applicable = false;
      else statistics.set(slice, done);
      done += replicates;
      if (done < this.replicates && applicable) {
        busy += performance.now() - start;
        yield;
        start = performance.now();
      }
    }
    const limit = applicable ? upperQuantile(statistics, this.quantile) : NaN;
    return {
      method,
      bucket: [2 ** k, k === this.bucketOf(Infinity) ? Infinity : 2 ** (k + 1)],
      windowSize,
      referenceSize,
      limit,
      replicates: this.replicates,
      milliseconds: busy + performance.now() - start,
    };
  }
}

/**
 * The order statistic of rank ceil(q (B + 1)) among the B computable values: for
 * continuous statistics, the next stationary value exceeds it with probability
 * 1 - q (at most), where numpy's interpolated quantile would be slightly below it.
 * NaN if fewer than half the values are computable.
 */
function upperQuantile(values: Float64Array, q: number): number {
  const finite = values.filter((x) => !Number.isNaN(x)).sort();
  const b = finite.length;
  if (b === 0 || b < MIN_VALID_SHARE * values.length) return NaN;
  const rank = Math.min(Math.ceil(q * (b + 1)), b);
  return finite[rank - 1];
}
