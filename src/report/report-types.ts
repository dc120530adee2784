import type { FeatureQuality } from '../evaluate/quality/feature-quality.js';
import type { DriftOverride, FeatureDrift } from '../evaluate/drift/feature-drift.js';

/** `modelwatch report`'s choices, already validated by the CLI. */
export interface ReportOptions {
  readonly target?: string;
  readonly prediction?: string;
  /** One column: the positive class's probability. Several: one probability column per class. */
  readonly score?: readonly string[];
  readonly positiveLabel?: string;
  readonly task?: 'classification' | 'regression';
  readonly categorical?: readonly string[];
  readonly ignore?: readonly string[];
  /** Per feature name; the key "*" applies to every feature without its own entry. */
  readonly drift?: ReadonlyMap<string, DriftOverride>;
  readonly driftShare?: number;
  /** Called after each feature, for a progress bar. */
  readonly onFeature?: (done: number, total: number) => void;
}

/**
 * The bins a feature's binned statistics were computed on (CONVENTIONS.md §5), with
 * each sample's count per bin: quantile bins of the reference for a numerical feature
 * (bin k holds the values with k edges strictly below them, so the first and last are
 * open-ended), the union of categories otherwise (also for a numerical column with at
 * most 5 distinct reference values, whose categories are its values' text).
 */
export type FeatureBins =
  | { readonly edges: readonly number[]; readonly reference: readonly number[]; readonly current: readonly number[] }
  | { readonly categories: readonly string[]; readonly reference: readonly number[]; readonly current: readonly number[] };

/** One feature's verdict: its drift (less how it was compared, which `type` implies) and quality. */
export interface FeatureReport extends Omit<FeatureDrift, 'comparedAs' | 'bins'> {
  readonly name: string;
  readonly type: 'numerical' | 'categorical';
  readonly quality: FeatureQuality;
  readonly bins: FeatureBins;
}

export interface Report {
  readonly reference: { readonly file: string; readonly rows: number };
  readonly current: { readonly file: string; readonly rows: number };
  readonly features: readonly FeatureReport[];
  readonly dataset: {
    readonly driftedShare: number;
    readonly drifted: boolean;
    readonly threshold: number;
    readonly driftedFeatures: number;
    readonly features: number;
    /** Columns of the reference absent from the current file. */
    readonly missingColumns: readonly string[];
    /** Columns of the current file absent from the reference. */
    readonly newColumns: readonly string[];
  };
  readonly performance: Readonly<Record<string, unknown>> | null;
}
