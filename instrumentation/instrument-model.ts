import { SpanKind, trace, metrics } from '@opentelemetry/api';
import { InferenceRecorder } from './inference-recorder.js';
import { MonitoredModel } from './monitored-model.js';
import type { ObservedInference } from './observed-inference.js';
import { type OutputColumns, predictionOutputs } from './prediction-outputs.js';
import { rowInputs } from './row-inputs.js';
import type { InferenceHook, ModelOptions } from './types.js';
import { INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION } from './version.js';

/** instrumentModel's options: the model's, and how to read what the function is given and returns. */
export interface InstrumentModelOptions extends ModelOptions {
  /**
   * Reads the result into outputs when the defaults do not fit (a model server's JSON,
   * say). @default scalars, arrays of predictions, rows of class probabilities (see predictionOutputs)
   */
  readOutput?: (result: unknown, rows: number | undefined) => OutputColumns;
  /** Picks the model input among the arguments. @default the first argument */
  readInput?: (args: readonly unknown[]) => unknown;
  /** CLIENT for a call to a remote model server, INTERNAL for a model in process. @default SpanKind.INTERNAL */
  spanKind?: SpanKind;
  /** Runs after every prediction with its inference ids; a throwing hook is logged and ignored. */
  onInference?: InferenceHook;
}

let sharedRecorder: InferenceRecorder | undefined;

/** The recorder on the global tracer and meter providers (the app's SDK, once started). */
function defaultRecorder(): InferenceRecorder {
  sharedRecorder ??= new InferenceRecorder(
    trace.getTracer(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION),
    metrics.getMeter(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION),
  );
  return sharedRecorder;
}

/**
 * Wraps any predict function — an ml.js model's `predict`, a call to a model server,
 * a hand-written scorer, sync or async — so each call becomes a CONVENTIONS.md §1
 * span (and §3 metrics). The wrapper takes the same arguments and returns the same
 * result (a promise of it for an async function); errors pass through unchanged.
 * The input (a row object, an array of rows, a row as an array, or a matrix) is read
 * into features; the result into predictions and, for class probabilities, scores.
 *
 * @example
 * const predict = instrumentModel((rows) => forest.predict(rows), { name: 'churn', version: '3', featureNames });
 * const labels = predict([[12, 3.5, 1]]);
 * const [inferenceId] = inferenceIdsOf(labels)!;
 * @throws TypeError when the options are invalid (no name, a bad limit)
 */
export function instrumentModel<A extends unknown[], R>(
  predict: (...args: A) => R,
  options: InstrumentModelOptions,
  recorder: InferenceRecorder = defaultRecorder(),
): (...args: A) => R {
  const model = new MonitoredModel(options, options.onInference);
  const readInput = options.readInput ?? ((args: readonly unknown[]) => args[0]);
  const readOutput = options.readOutput ?? ((result: unknown, rows: number | undefined) => predictionOutputs(result, rows, options.classes));
  return function instrumented(this: unknown, ...args: A): R {
    // Read before the call: a model may consume or mutate its input.
    let inputs: ReturnType<typeof rowInputs>;
    try {
      inputs = rowInputs(readInput(args), options.featureNames);
    } catch {
      inputs = undefined;
    }
    const observe = (result: Awaited<R>): ObservedInference => {
      const outputs = readOutput(result, inputs?.rows);
      const rows = inputs?.rows ?? outputs.predictions?.length ?? 1;
      return { rows, features: inputs?.features ?? new Map(), ...outputs };
    };
    return recorder.traced(model, () => predict.apply(this, args), observe, options.spanKind);
  };
}
