/** Drift methods, named as the `ml.drift.method` values of CONVENTIONS.md §4. */
export const DRIFT_METHODS = [
  'ks', 'wasserstein', 'wasserstein_normed', 'psi', 'js_distance', 'hellinger', 'kl', 'chi2', 'tvd',
] as const;
export type DriftMethod = (typeof DRIFT_METHODS)[number];

/** Methods whose verdict is "p-value below the threshold"; the rest are "statistic at or above". */
const P_VALUE_METHODS: ReadonlySet<DriftMethod> = new Set(['ks', 'chi2']);

/** Methods that need numbers: they compare values, not categories. */
const NUMERIC_ONLY_METHODS: ReadonlySet<DriftMethod> = new Set(['ks', 'wasserstein', 'wasserstein_normed']);

/**
 * Thresholds used when a method is chosen without one: 0.05 for p-values, 0.1 for
 * distances (the values Evidently users know).
 */
export function defaultThreshold(method: DriftMethod): number {
  return P_VALUE_METHODS.has(method) ? 0.05 : 0.1;
}

export function usesPValue(method: DriftMethod): boolean {
  return P_VALUE_METHODS.has(method);
}

export function needsNumbers(method: DriftMethod): boolean {
  return NUMERIC_ONLY_METHODS.has(method);
}

export function isDriftMethod(name: string): name is DriftMethod {
  return (DRIFT_METHODS as readonly string[]).includes(name);
}

/** Whether a method's result crosses its threshold. NaN (not computable) is never drift. */
export function crossesThreshold(method: DriftMethod, statistic: number, pValue: number | null, threshold: number): boolean {
  return usesPValue(method) ? pValue !== null && pValue < threshold : statistic >= threshold;
}
