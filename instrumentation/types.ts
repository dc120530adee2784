import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/** CONVENTIONS.md §1's `ml.model.task` values. */
export type ModelTask = 'classification' | 'regression' | 'ranking' | 'generation' | 'embedding' | 'other';

/**
 * How one model is monitored: its identity, how its inputs and outputs are read, and
 * what of them may leave the process. Every option has a default, so `{ name }` is
 * enough for a model whose inputs are row objects.
 */
export interface ModelOptions {
  /** `ml.model.name`, the key of everything the processor keeps. */
  name: string;
  /** `ml.model.version`. @default absent (the processor says "unversioned") */
  version?: string;
  /** `ml.model.task`. @default absent */
  task?: ModelTask;
  /**
   * Names of the input columns, in order, for inputs that are arrays (a tensor of
   * shape [N, F], a row given as an array): column i is `featureNames[i]`.
   * @default `f0`, `f1`, ... (for ONNX inputs: the input's name and index)
   */
  featureNames?: readonly string[];
  /**
   * Class labels, in the order of the model's probability outputs: the predicted
   * label is the class of the largest probability, and `ml.prediction.proba.<class>`
   * carries each. @default the class index as a string
   */
  classes?: readonly (string | number)[];
  /**
   * Which input features are put on the span: all, none, or the named ones. Values
   * that are not numbers, booleans or strings (objects, nested arrays) are never sent.
   * @default 'all'
   */
  captureInputs?: 'all' | 'none' | readonly string[];
  /**
   * Features that never leave the process as they are: dropped, or with
   * `hashKey` set, replaced by an HMAC-SHA-256 of their text (hex, first 16 bytes),
   * so a category still compares equal to itself and drift on it is still seen.
   * @default []
   */
  sensitive?: readonly string[];
  /** The HMAC key for `sensitive` features; without one they are dropped. @default absent */
  hashKey?: string | Buffer;
  /** Longest string value sent; longer ones are cut and counted. @default 256 */
  maxTextLength?: number;
  /** Most features put on one span; the rest are left out and counted. @default 128 */
  maxFeatures?: number;
  /**
   * 'spans': one span per predict call with the inputs and outputs (§1);
   * 'profiles': no raw value leaves the process: inputs are recorded as the §3
   * per-feature metrics and the span carries only the model's identity and outputs' shape.
   * @default 'spans'
   */
  mode?: 'spans' | 'profiles';
}

/** Called after each predict call with the inference ids of its rows (to store with the request). */
export type InferenceHook = (info: InferenceInfo) => void;

/** What the `onInference` hook is told. */
export interface InferenceInfo {
  readonly model: string;
  readonly version: string | undefined;
  /** One per row: `ml.inference.id`, what `recordFeedback` takes later. */
  readonly inferenceIds: readonly string[];
  /** The predict call's result, as the caller gets it. */
  readonly result: unknown;
}

/** ModelInstrumentation's configuration (auto-instrumentation of onnxruntime-node and TensorFlow.js). */
export interface ModelInstrumentationConfig extends InstrumentationConfig {
  /**
   * Options per model, chosen for each model instance: by the model's file path (ONNX
   * sessions created from a path, TF.js models loaded from a URL), else the first
   * entry without `match`. @default [] (names from the model path)
   */
  models?: readonly (Partial<ModelOptions> & { match?: string | RegExp })[];
  /** Runs after every recorded inference; a hook that throws is logged and ignored. */
  onInference?: InferenceHook;
}
