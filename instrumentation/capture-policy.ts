import { createHmac } from 'node:crypto';
import type { CellValue } from './observed-inference.js';
import type { ModelOptions } from './types.js';

const DEFAULT_MAX_TEXT = 256;
const DEFAULT_MAX_FEATURES = 128;
/** Hex characters kept of a hashed value: 16 bytes, collisions beyond any real category count. */
const HASH_HEX_LENGTH = 32;
/**
 * Feature names whose decision is kept: a model has a fixed set, but row objects can
 * carry keys made from data, so the cache is bounded (names past it are decided per call).
 */
export const MAX_CACHED_FEATURES = 4096;

/** What the capture rules did to one call, for the instrumentation's counters. */
export interface CaptureCounts {
  /** String values cut to maxTextLength. */
  truncated: number;
  /** Features left out past maxFeatures. */
  overflow: number;
}

/** How one feature leaves the process, and its span attribute key (`ml.feature.<name>`). */
export interface FeatureCapture {
  readonly treatment: 'send' | 'hash' | 'drop';
  readonly key: string;
}

/**
 * The privacy rules of one model (ModelOptions: captureInputs, sensitive, hashKey,
 * maxTextLength, maxFeatures), decided once per feature name and applied to every call.
 * It decides what leaves the process; the processor never sees what it drops.
 */
export class CapturePolicy {
  readonly #capture: 'all' | 'none' | ReadonlySet<string>;
  readonly #sensitive: ReadonlySet<string>;
  readonly #hashKey: string | Buffer | undefined;
  readonly maxTextLength: number;
  readonly maxFeatures: number;
  readonly #features = new Map<string, FeatureCapture>();

  constructor(options: Pick<ModelOptions, 'captureInputs' | 'sensitive' | 'hashKey' | 'maxTextLength' | 'maxFeatures'>) {
    const capture = options.captureInputs ?? 'all';
    this.#capture = typeof capture === 'string' ? capture : new Set(capture);
    this.#sensitive = new Set(options.sensitive ?? []);
    this.#hashKey = options.hashKey;
    this.maxTextLength = options.maxTextLength ?? DEFAULT_MAX_TEXT;
    this.maxFeatures = options.maxFeatures ?? DEFAULT_MAX_FEATURES;
  }

  /** How a feature is sent: as it is, hashed, or not at all. */
  treatmentOf(feature: string): 'send' | 'hash' | 'drop' {
    if (this.#capture === 'none') return 'drop';
    if (this.#capture !== 'all' && !this.#capture.has(feature)) return 'drop';
    if (!this.#sensitive.has(feature)) return 'send';
    return this.#hashKey === undefined ? 'drop' : 'hash';
  }

  /**
   * treatmentOf and the attribute key of a feature, decided on its first call and kept
   * (the hot path of every prediction reads each feature's once).
   */
  featureOf(feature: string): FeatureCapture {
    let capture = this.#features.get(feature);
    if (capture === undefined) {
      capture = { treatment: this.treatmentOf(feature), key: `ml.feature.${feature}` };
      if (this.#features.size < MAX_CACHED_FEATURES) this.#features.set(feature, capture);
    }
    return capture;
  }

  /**
   * The values of a sent feature: strings cut to maxTextLength (counted), values that
   * are not numbers, strings or booleans made missing. Hashed features become hex text.
   */
  values(values: readonly CellValue[], treatment: 'send' | 'hash', counts: CaptureCounts): CellValue[] {
    const out = new Array<CellValue>(values.length);
    for (let i = 0; i < values.length; i++) out[i] = this.value(values[i], treatment, counts);
    return out;
  }

  /** One value of a sent feature, as `values` gives it. */
  value(value: CellValue | undefined, treatment: 'send' | 'hash', counts: CaptureCounts): CellValue {
    if (value === null || value === undefined) return null;
    if (treatment === 'hash') return this.#hash(value);
    if (typeof value === 'string') return this.text(value, counts);
    if (typeof value === 'number' || typeof value === 'boolean') return value;
    return null;
  }

  /** A string value within maxTextLength characters (cut ones counted). */
  text(value: string, counts: CaptureCounts): string {
    if (value.length <= this.maxTextLength) return value;
    counts.truncated++;
    return value.slice(0, this.maxTextLength);
  }

  #hash(value: string | number | boolean): string {
    return createHmac('sha256', this.#hashKey!).update(String(value)).digest('hex').slice(0, HASH_HEX_LENGTH);
  }
}
