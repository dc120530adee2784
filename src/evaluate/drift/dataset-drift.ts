import { DEFAULT_DRIFT_SHARE } from './default-decision.js';

export interface DatasetDrift {
  readonly driftedShare: number;
  readonly drifted: boolean;
  readonly threshold: number;
}

/**
 * Dataset drift (§5): the share of features drifted, and whether it reaches the
 * threshold. With no features the share is NaN and nothing has drifted.
 */
export function datasetDrift(featureVerdicts: readonly boolean[], threshold = DEFAULT_DRIFT_SHARE): DatasetDrift {
  const drifted = featureVerdicts.filter(Boolean).length;
  const driftedShare = featureVerdicts.length === 0 ? NaN : drifted / featureVerdicts.length;
  return { driftedShare, drifted: driftedShare >= threshold, threshold };
}
