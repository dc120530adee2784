import type { FeatureValue } from '../extract/inference-batch.js';
import type { PackedValues } from './packed-values.js';

/**
 * One production record kept in a model version's sample, for a retraining pipeline:
 * the inputs, the output and, once feedback arrives, the label.
 */
export interface SampleRecord {
  /** `ml.inference.id`: the key feedback is joined on. */
  readonly inferenceId: string;
  /** The span's end time, Unix milliseconds. */
  readonly timeUnixMs: number;
  /**
   * Feature names, aligned with `featureValues`. For a single-row span these are the
   * extraction's own arrays, kept rather than copied: a batch is never changed after
   * it is handed on, and a copy per sampled record would be wasted.
   */
  readonly featureNames: readonly string[];
  /** The value of each feature of `featureNames`, packed (unpackValues); null is missing. */
  readonly featureValues: PackedValues;
  /** `ml.prediction`; undefined when the span had none. */
  readonly prediction: FeatureValue | undefined;
  /** `ml.prediction.score`; undefined when the span had none. */
  readonly score: number | null | undefined;
  /** Ground truth: from `ml.label` at inference time, or attached when feedback arrives; undefined until then. */
  label: FeatureValue | undefined;
}
