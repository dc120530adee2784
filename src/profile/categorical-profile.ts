import { IncompatibleProfileError } from './incompatible-profile-error.js';
import type { Profile } from './types.js';
import { isMissingToken } from '../io/missing-token.js';

/** @default 100 */
export const DEFAULT_MAX_CATEGORIES = 100;

/** Rough heap cost of one kept category beyond its string's characters (Map entry, string header). */
const BYTES_PER_CATEGORY = 64;
const CATEGORICAL_PROFILE_OVERHEAD_BYTES = 512;

export interface CategoricalProfileOptions {
  /** Most categories counted individually, an integer >= 1. @default 100 */
  maxCategories?: number;
  /**
   * Categories to keep from the start with a count of 0, typically the reference's, so
   * that a window counts them exactly even if new categories arrive first. They use up
   * places in `maxCategories`; extra ones beyond the cap are ignored.
   */
  categories?: Iterable<string>;
}

/** JSON-safe form of a {@link CategoricalProfile}; categories in the profile's order. */
export interface SerializedCategoricalProfile {
  kind: 'categorical';
  version: 1;
  maxCategories: number;
  count: number;
  missing: number;
  typeMismatch: number;
  overflow: number;
  categories: Array<[string, number]>;
}

/**
 * Summary of one categorical feature: exact counts for at most `maxCategories`
 * categories ("kept") plus an exact count of all other values (`overflow`), so that
 * sum of kept counts + overflow = valueCount always.
 *
 * A value's category is its string form: strings as they are, finite numbers and
 * bigints by String() (so 3 and '3' are one category), booleans as 'true'/'false'.
 * Missing: null, undefined, '' and non-finite numbers. Type mismatch: objects,
 * arrays, symbols and functions (a batch's array must be split into rows first).
 *
 * Which categories are kept:
 * - `add` keeps the first `maxCategories` distinct categories it sees (after any
 *   given in the options); a category first seen once the cap is reached goes to
 *   overflow for good, even if it later becomes frequent.
 * - `merge` keeps a category only if its merged count is exact, i.e. each side either
 *   kept it or has no overflow (so it never saw it). Among those, if more than
 *   `maxCategories` remain, it keeps the ones with the largest merged counts (ties:
 *   this profile's order first, then `other`'s). Everything else is added to overflow.
 * - Once a profile has overflow, `add` keeps no new category (its earlier occurrences
 *   might be in overflow), even if merging left free places.
 *
 * Always exact: count, missing, typeMismatch, valueCount, overflow, and the count of
 * every kept category. Not kept: which of the overflowed categories occurred, and how
 * often. So merge(profile(A), profile(B)) equals profile(A ∪ B) exactly when A and
 * B together have at most `maxCategories` categories; otherwise the totals are equal
 * and each kept count is the true one, but the two may keep different categories.
 */
export class CategoricalProfile implements Profile<CategoricalProfile> {
  readonly maxCategories: number;
  private records = 0;
  private absent = 0;
  private mismatched = 0;
  private n = 0;
  private other = 0;
  private kept = new Map<string, number>();

  /** @throws RangeError if maxCategories is not an integer >= 1 */
  constructor(options: CategoricalProfileOptions = {}) {
    const k = options.maxCategories ?? DEFAULT_MAX_CATEGORIES;
    if (!(Number.isInteger(k) && k >= 1)) {
      throw new RangeError(`maxCategories must be an integer >= 1, got ${k}`);
    }
    this.maxCategories = k;
    for (const c of options.categories ?? []) {
      if (this.kept.size === k) break;
      if (c !== '') this.kept.set(String(c), 0);
    }
  }

  /** Records seen: values, missing ones and type mismatches. */
  get count(): number {
    return this.records;
  }

  /** Records with null, undefined, a missing-value token ('', NA, NaN, ...) or a non-finite number. */
  get missing(): number {
    return this.absent;
  }

  /** Records whose value was an object, array, symbol or function. */
  get typeMismatch(): number {
    return this.mismatched;
  }

  /** Records with a category: count - missing - typeMismatch = sum of kept counts + overflow. */
  get valueCount(): number {
    return this.n;
  }

  /** Values whose category is not kept. */
  get overflow(): number {
    return this.other;
  }

  add(value: unknown): void {
    const c = categoryOf(value);
    this.records++;
    if (c === undefined) this.mismatched++;
    else if (c === '') this.absent++;
    else this.addCategory(c);
  }

  /**
   * Exact count of `category`: its count if kept, 0 if not kept and nothing
   * overflowed, undefined if it may be hidden in the overflow.
   */
  countOf(category: string): number | undefined {
    const c = this.kept.get(category);
    if (c !== undefined) return c;
    return this.other === 0 ? 0 : undefined;
  }

  /** A copy of the kept categories and their exact counts, in the profile's order. */
  categories(): Map<string, number> {
    return new Map(this.kept);
  }

  mergeable(other: CategoricalProfile): boolean {
    return this.maxCategories === other.maxCategories;
  }

  /**
   * Adds `other`'s records to this profile and returns this profile; `other` is never
   * modified. Which categories stay kept is described on the class.
   * @throws IncompatibleProfileError if maxCategories differs
   */
  merge(other: CategoricalProfile): CategoricalProfile {
    if (!this.mergeable(other)) {
      throw new IncompatibleProfileError(
        'categorical profiles',
        `maxCategories differs (${this.maxCategories} vs ${other.maxCategories})`,
      );
    }
    let overflow = this.other + other.other;
    const exact = new Map<string, number>();
    for (const [c, a] of this.kept) {
      const b = other.kept.get(c);
      if (b !== undefined || other.other === 0) exact.set(c, a + (b ?? 0));
      else overflow += a;
    }
    for (const [c, b] of other.kept) {
      if (this.kept.has(c)) continue;
      if (this.other === 0) exact.set(c, b);
      else overflow += b;
    }
    this.kept = exact.size <= this.maxCategories ? exact : this.largest(exact, (w) => (overflow += w));
    this.other = overflow;
    this.records += other.records;
    this.absent += other.absent;
    this.mismatched += other.mismatched;
    this.n += other.n;
    return this;
  }

  clone(): CategoricalProfile {
    const p = new CategoricalProfile({ maxCategories: this.maxCategories });
    p.merge(this);
    return p;
  }

  /**
   * Approximate bytes held: a fixed overhead, plus per kept category 2 bytes per
   * character (V8 may store one-byte strings in half that) and a Map entry estimate.
   */
  byteSize(): number {
    let s = CATEGORICAL_PROFILE_OVERHEAD_BYTES;
    for (const c of this.kept.keys()) s += BYTES_PER_CATEGORY + 2 * c.length;
    return s;
  }

  serialize(): SerializedCategoricalProfile {
    return {
      kind: 'categorical',
      version: 1,
      maxCategories: this.maxCategories,
      count: this.records,
      missing: this.absent,
      typeMismatch: this.mismatched,
      overflow: this.other,
      categories: Array.from(this.kept),
    };
  }

  /** @throws Error (or RangeError) if `data` is malformed or inconsistent */
  static deserialize(data: SerializedCategoricalProfile): CategoricalProfile {
    const bad = (why: string): Error => new Error(`invalid serialized categorical profile: ${why}`);
    if (data?.kind !== 'categorical' || data.version !== 1) throw bad('expected kind "categorical", version 1');
    const p = new CategoricalProfile({ maxCategories: data.maxCategories });
    for (const key of ['count', 'missing', 'typeMismatch', 'overflow'] as const) {
      if (!(Number.isInteger(data[key]) && data[key] >= 0)) throw bad(`${key} ${data[key]}`);
    }
    if (!Array.isArray(data.categories) || data.categories.length > p.maxCategories) {
      throw bad('categories missing or more than maxCategories');
    }
    let sum = data.overflow;
    for (const entry of data.categories) {
      const [c, w] = entry;
      if (typeof c !== 'string' || c === '' || !(Number.isInteger(w) && w >= 0) || p.kept.has(c)) {
        throw bad(`category entry ${JSON.stringify(entry)}`);
      }
      p.kept.set(c, w);
      sum += w;
    }
    const n = data.count - data.missing - data.typeMismatch;
    if (sum !== n) throw bad(`kept counts + overflow = ${sum}, not ${n}`);
    p.records = data.count;
    p.absent = data.missing;
    p.mismatched = data.typeMismatch;
    p.n = n;
    p.other = data.overflow;
    return p;
  }

  private addCategory(c: string): void {
    this.n++;
    const w = this.kept.get(c);
    if (w !== undefined) this.kept.set(c, w + 1);
    else if (this.other === 0 && this.kept.size < this.maxCategories) this.kept.set(c, 1);
    else this.other++;
  }

  /** The `maxCategories` largest entries, in their original order; `drop` gets the others' counts. */
  private largest(entries: Map<string, number>, drop: (w: number) => void): Map<string, number> {
    const ranked = Array.from(entries.keys());
    // Array.prototype.sort is stable, so equal counts keep this profile's order first.
    ranked.sort((a, b) => (entries.get(b) as number) - (entries.get(a) as number));
    const keep = new Set(ranked.slice(0, this.maxCategories));
    const out = new Map<string, number>();
    for (const [c, w] of entries) {
      if (keep.has(c)) out.set(c, w);
      else drop(w);
    }
    return out;
  }
}

/** The category of a value: its string form, '' for missing, undefined for a type mismatch. */
function categoryOf(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return isMissingToken(value) ? '' : value;
    case 'number':
      return value - value === 0 ? String(value) : '';
    case 'bigint':
    case 'boolean':
      return String(value);
    case 'undefined':
      return '';
    case 'object':
      return value === null ? '' : undefined;
    default:
      return undefined;
  }
}
