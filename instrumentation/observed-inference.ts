/** One value of a feature or an output, per row; null is missing. */
export type CellValue = number | string | boolean | null;

/**
 * One predict call as an adapter read it (a row object, a tensor, an ONNX result),
 * before the capture rules: columns of one value per row.
 */
export interface ObservedInference {
  /** Rows in the call (the batch size). */
  readonly rows: number;
  /** Input features by name, in the model's order; each has `rows` values. */
  readonly features: ReadonlyMap<string, readonly CellValue[]>;
  /** The predicted value or label per row. */
  readonly predictions?: readonly CellValue[];
  /** Probability of the positive class (binary) or of the predicted class, per row. */
  readonly scores?: readonly number[];
  /** Probability of each class per row, by class label. */
  readonly probabilities?: ReadonlyMap<string, readonly number[]>;
}
