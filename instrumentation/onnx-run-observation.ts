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
 * The model's `featureNames` name the columns unless they are only the ONNX input
 * names the resolver filled in by default, which name inputs, not columns.
 */
export function observeOnnxRun(feeds: unknown, result: unknown, session: SessionNames, options: Readonly<ModelOptions>): ObservedInference {
  const configured = sameNames(options.featureNames, session.inputNames) ? undefined : options.featureNames;
  const inputs = onnxInputColumns(feeds, session.inputNames, configured);
  const outputs = onnxOutputColumns(result, session.outputNames, inputs.rows, options);
  const { rows: outputRows, ...columns } = outputs;
  return { rows: inputs.rows ?? outputRows ?? 1, features: inputs.features, ...columns };
}

function sameNames(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((name, i) => name === b[i]);
}
