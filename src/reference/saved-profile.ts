import { readFileSync } from 'node:fs';
import { ModelwatchError } from '../errors.js';
import type { Table } from '../io/table.js';
import { CategoricalProfile, type SerializedCategoricalProfile } from '../profile/categorical-profile.js';
import { NumericProfile, type SerializedNumericProfile } from '../profile/numeric-profile.js';
import { quantileEdges } from '../stats/quantile-edges.js';
import { sortedFinite } from '../stats/sorted-finite.js';

/**
 * A reference saved as profiles (`modelwatch profile FILE --out profile.json`): what
 * `modelwatch serve` needs of a data set without its rows. Numeric features keep the
 * §5 quantile edges and exact bin counts, so binned drift metrics against it are
 * exact; categorical ones keep every category's exact count.
 */
export interface SavedProfile {
  readonly kind: 'modelwatch.profile';
  readonly version: 1;
  /** The file it was made from, as given. */
  readonly source: string;
  readonly rows: number;
  readonly features: Readonly<Record<string, SerializedNumericProfile | SerializedCategoricalProfile>>;
}

export interface ProfileTableOptions {
  readonly categorical?: readonly string[];
  readonly ignore?: readonly string[];
}

/**
 * Profiles every column of a table by the report's type rule (numerical when every
 * non-missing value is a number; `categorical` overrides).
 */
export function profileTable(table: Table, options: ProfileTableOptions = {}): SavedProfile {
  const features: Record<string, SerializedNumericProfile | SerializedCategoricalProfile> = {};
  const categorical = new Set(options.categorical ?? []);
  const ignore = new Set(options.ignore ?? []);
  table.columns.forEach((name, column) => {
    if (ignore.has(name)) return;
    const numbers = categorical.has(name) ? null : table.numeric(column);
    if (numbers !== null && numbers.mismatched === 0) {
      const sorted = sortedFinite(numbers.values);
      const profile = new NumericProfile({
        edges: quantileEdges(sorted),
        expectedRange: sorted.length > 0 ? { min: sorted[0], max: sorted[sorted.length - 1] } : undefined,
      });
      profile.addAll(numbers.values);
      features[name] = profile.serialize();
    } else {
      const text = table.text(column);
      // Every category is kept: a reference's counts must be exact.
      const profile = new CategoricalProfile({ maxCategories: Math.max(1, table.rows) });
      for (const value of text.values) profile.add(value);
      features[name] = profile.serialize();
    }
  });
  return { kind: 'modelwatch.profile', version: 1, source: table.file, rows: table.rows, features };
}

/** @throws ModelwatchError naming the file when it cannot be read or is not a saved profile */
export function readSavedProfile(path: string): SavedProfile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ModelwatchError('MODELWATCH_ERR_FILE_UNREADABLE', path, (error as Error).message);
  }
  let saved: Partial<SavedProfile>;
  try {
    saved = JSON.parse(text) as Partial<SavedProfile>;
  } catch (error) {
    throw new ModelwatchError('MODELWATCH_ERR_BAD_PROFILE', path, `not JSON (${(error as Error).message})`);
  }
  if (saved?.kind !== 'modelwatch.profile' || saved.version !== 1 || typeof saved.features !== 'object' || saved.features === null) {
    throw new ModelwatchError('MODELWATCH_ERR_BAD_PROFILE', path,
      'expected {"kind": "modelwatch.profile", "version": 1, "features": {...}}, as `modelwatch profile` writes');
  }
  return saved as SavedProfile;
}
