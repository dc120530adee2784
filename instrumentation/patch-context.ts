import type { InferenceRecorder } from './inference-recorder.js';
import type { MonitoredModel } from './monitored-model.js';

/** What a model runtime's patch knows of a model instance, to name it. */
export interface ModelHint {
  /** The file or URL the model was loaded from, when the runtime was given one. */
  readonly path?: string;
  /** A name the model carries itself (ONNX metadata's graph or producer name, a TF.js model's name). */
  readonly name?: string;
  /** A version the model carries itself (ONNX metadata's model version). */
  readonly version?: string;
}

/**
 * What ModelInstrumentation hands each runtime's patch (onnxruntime-node, TensorFlow.js):
 * how to wrap a method (the instrumentation's own _wrap/_unwrap, so unpatching works),
 * the recorder that turns a call into a span, and the options of a model instance.
 */
export interface PatchContext {
  readonly wrap: <T extends object, K extends keyof T>(target: T, name: K, wrapper: (original: T[K]) => T[K]) => void;
  readonly unwrap: <T extends object>(target: T, name: keyof T) => void;
  readonly isWrapped: (fn: unknown) => boolean;
  /** The recorder on the instrumentation's current tracer and meter. */
  readonly recorder: () => InferenceRecorder;
  /** The options of the model these hints describe (config `models` entries, then the hints). */
  readonly modelFor: (hint: ModelHint) => MonitoredModel;
}
