import type { ObservedInference } from './observed-inference.js';
import { onnxInputColumns } from './onnx-inputs.js';
import { onnxOutputColumns } from './onnx-outputs.js';
import type { ModelOptions } from './types.js';

/** The names an InferenceSession declares (read once per call: they are getters on the session). */
export interface SessionNames {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
}

/**
 * One `InferenceSession.run` call as columns: features from the feeds, predictions
 * from the result (see onnxInputColumns and onnxOutputColumns for the shapes read).
 * The model's `featureNames`, when configured, name the columns.
 */
export function observeOnnxRun(feeds: unknown, result: unknown, session: SessionNames, options: Readonly<ModelOptions>): ObservedInference {
  const inputs = onnxInputColumns(feeds, session.inputNames, options.featureNames);
  const outputs = onnxOutputColumns(result, session.outputNames, inputs.rows, options);
  const { rows: outputRows, ...columns } = outputs;
  return { rows: inputs.rows ?? outputRows ?? 1, features: inputs.features, ...columns };
}
