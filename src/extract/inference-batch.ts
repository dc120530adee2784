/**
 * What extraction makes of one inference span (CONVENTIONS.md §1): the rows of one
 * predict call, column by column. A single-row call is a batch of one. Columns are
 * aligned: index i of every array is row i.
 */

/** A feature, prediction or label value as the convention allows it; null is missing. */
export type FeatureValue = number | string | boolean | null;

export interface ModelKey {
  readonly model: string;
  /** `ml.model.version`, or "unversioned" when absent. */
  readonly version: string;
}

export interface InferenceBatch extends ModelKey {
  /** `ml.model.task`, or '' when absent. */
  readonly task: string;
  readonly rows: number;
  /** The span's end time, Unix milliseconds: it decides the window. */
  readonly timeUnixMs: number;
  readonly traceId: string;
  readonly spanId: string;
  /** `ml.inference.id` per row; default `<span id>` for one row, `<span id>:<row>` for a batch. */
  readonly inferenceIds: string[];
  /** By feature name (the suffix after `ml.feature.`), one value per row. */
  readonly features: Map<string, FeatureValue[]>;
  readonly predictions?: FeatureValue[];
  /** `ml.prediction.score`: probability of the positive or of the predicted class. */
  readonly scores?: (number | null)[];
  /** `ml.prediction.proba.<class>`, by class. */
  readonly probabilities?: Map<string, (number | null)[]>;
  /** `ml.label`, when known at inference time. */
  readonly labels?: FeatureValue[];
  /** `error.type`, when the call failed. */
  readonly errorType?: string;
}

/** Ground truth arriving later (§2): an `ml.feedback` event or POST /v1/feedback. */
export interface FeedbackRecord {
  readonly model: string;
  /** '' when the sender did not say; the join then finds the version by inference id. */
  readonly version: string;
  readonly inferenceId: string;
  readonly label: FeatureValue;
  readonly timeUnixMs: number;
}

/** Where extraction sends what it made; the model registry implements it. */
export interface InferenceSink {
  acceptInferences(batch: InferenceBatch): void;
  acceptFeedback(feedback: FeedbackRecord): void;
}
