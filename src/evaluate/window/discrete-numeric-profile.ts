import { CategoricalProfile } from '../../profile/categorical-profile.js';
import { IncompatibleProfileError } from '../../profile/incompatible-profile-error.js';
import { NumericProfile, type NumericProfileOptions } from '../../profile/numeric-profile.js';
import { numericValue } from '../../profile/numeric-value.js';
import type { Profile } from '../../profile/types.js';

export interface DiscreteNumericProfileOptions {
  /** Options of the numeric side (edges, sketch). */
  numeric?: NumericProfileOptions;
  /** Most distinct values counted one by one. @default 100 */
  maxCategories?: number;
  /** Values (as String(x)) to count from the start, typically the reference's. */
  categories?: Iterable<string>;
}

/**
 * The window profile of a numeric feature with few distinct values (a 'discrete'
 * reference, at most 5 distinct values), which §5 compares as categories: a
 * NumericProfile of the values (counts, missing, type mismatches, range, sketch)
 * and a CategoricalProfile of the same finite values keyed by String(x), the key
 * `modelwatch report` gives them. As long as the categorical side has not
 * overflowed, its counts are the exact distribution of the window, so the category
 * statistics and KS and Wasserstein too are exactly the report's. A value that is not
 * a number is a type mismatch on the numeric side and is not counted as a category,
 * as in the report.
 */
export class DiscreteNumericProfile implements Profile<DiscreteNumericProfile> {
  /** Every record, as a numeric feature counts it. */
  readonly numbers: NumericProfile;
  /** The finite values, by their text. */
  readonly values: CategoricalProfile;

  constructor(options: DiscreteNumericProfileOptions = {}) {
    this.numbers = new NumericProfile(options.numeric);
    this.values = new CategoricalProfile({ maxCategories: options.maxCategories, categories: options.categories });
  }

  get count(): number {
    return this.numbers.count;
  }

  get missing(): number {
    return this.numbers.missing;
  }

  get typeMismatch(): number {
    return this.numbers.typeMismatch;
  }

  get valueCount(): number {
    return this.numbers.valueCount;
  }

  add(value: unknown): void {
    this.numbers.add(value);
    const x = typeof value === 'number' ? value : numericValue(value);
    // `x - x === 0` is false for NaN, ±Infinity and undefined (a type mismatch).
    if (x !== undefined && x - x === 0) this.values.add(x);
  }

  mergeable(other: DiscreteNumericProfile): boolean {
    return this.numbers.mergeable(other.numbers) && this.values.mergeable(other.values);
  }

  /**
   * Adds `other`'s records and returns this profile; `other` is not modified.
   * @throws IncompatibleProfileError if the edges, sketch settings or category caps differ
   */
  merge(other: DiscreteNumericProfile): DiscreteNumericProfile {
    if (!this.mergeable(other)) {
      throw new IncompatibleProfileError('discrete numeric profiles', 'edges, sketch settings or category caps differ');
    }
    this.numbers.merge(other.numbers);
    this.values.merge(other.values);
    return this;
  }

  clone(): DiscreteNumericProfile {
    const copy = new DiscreteNumericProfile({
      numeric: { edges: this.numbers.edges, relativeAccuracy: this.numbers.relativeAccuracy, maxBins: this.numbers.maxBins },
      maxCategories: this.values.maxCategories,
    });
    return copy.merge(this);
  }

  byteSize(): number {
    return this.numbers.byteSize() + this.values.byteSize();
  }
}
