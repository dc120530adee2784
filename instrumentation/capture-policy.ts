import { createHmac } from 'node:crypto';
import type { CellValue } from './observed-inference.js';
import type { ModelOptions } from './types.js';

const DEFAULT_MAX_TEXT = 256;
const DEFAULT_MAX_FEATURES = 128;
/** Hex characters kept of a hashed value: 16 bytes, collisions beyond any real category count. */
const HASH_HEX_LENGTH = 32;

/** What the capture rules did to one call, for the instrumentation's counters. */
export interface CaptureCounts {
  /** String values cut to maxTextLength. */
  truncated: number;
  /** Features left out past maxFeatures. */
  overflow: number;
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
   * The values of a sent feature: strings cut to maxTextLength (counted), values that
   * are not numbers, strings or booleans made missing. Hashed features become hex text.
   */
  values(values: readonly CellValue[], treatment: 'send' | 'hash', counts: CaptureCounts): CellValue[] {
    const out = new Array<CellValue>(values.length);
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === null || value === undefined) out[i] = null;
      else if (treatment === 'hash') out[i] = this.#hash(value);
      else if (typeof value === 'string') out[i] = this.text(value, counts);
      else if (typeof value === 'number' || typeof value === 'boolean') out[i] = value;
      else out[i] = null;
    }
    return out;
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
