import { diag } from '@opentelemetry/api';
import type { InferenceRecorder } from './inference-recorder.js';
import type { MonitoredModel } from './monitored-model.js';
import type { ObservedInference } from './observed-inference.js';
import type { ModelHint, PatchContext } from './patch-context.js';
import type { InputColumns } from './row-inputs.js';
import { tensorInputs } from './tfjs-inputs.js';
import { tensorOutputs } from './tfjs-outputs.js';

/** How the patch of one TF.js model class reads its instances. */
export interface ModelReader {
  /** What names a model instance: its load path when known, else what it carries. */
  hint(model: object): ModelHint;
  /** The model's input names in order (for the features of a model with several inputs). */
  inputNames(model: object): readonly string[] | undefined;
}

type ModelMethod = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Model calls in progress on this thread's stack. TF.js model methods call one another
 * (Sequential.predict → its inner LayersModel's predict, GraphModel.predict → execute,
 * predictAsync → executeAsync, all synchronously at the call's start): only the
 * outermost is the app's call, and only it becomes a span. A counter rather than a
 * context value, as it must work with no context manager registered.
 */
let callsInProgress = 0;

/**
 * The wrapper of a model method (predict, execute, ...): each outermost call is traced
 * as a `predict <model>` span with the call's inputs, read before the model runs (a
 * caller may dispose its input tensors as soon as the call returns), and its outputs.
 * The result, or the error, reaches the caller unchanged; the instrumentation's own
 * failures are logged and never thrown into the app.
 */
export function tracedModelMethod(context: PatchContext, reader: ModelReader): (original: ModelMethod) => ModelMethod {
  // null: the model's options are invalid (logged once); its calls run untraced.
  const models = new WeakMap<object, MonitoredModel | null>();
  const modelOf = (instance: object): MonitoredModel | null => {
    let model = models.get(instance);
    if (model === undefined) {
      try {
        model = context.modelFor(reader.hint(instance));
      } catch (error) {
        diag.error('modelwatch: the options of a TensorFlow.js model are invalid; its calls are not traced', error);
        model = null;
      }
      models.set(instance, model);
    }
    return model;
  };

  return (original) =>
    function traced(this: unknown, ...args: unknown[]): unknown {
      if (callsInProgress > 0 || typeof this !== 'object' || this === null) return original.apply(this, args);
      const model = modelOf(this);
      if (model === null) return original.apply(this, args);
      const recorder = recorderOf(context);
      if (recorder === undefined) return original.apply(this, args);
      const inputs = readInputs(this, args[0], model, reader);
      const observe = (result: unknown): ObservedInference => {
        const { rows, ...outputs } = tensorOutputs(result, model.options);
        return { rows: inputs?.rows ?? rows ?? 1, features: inputs?.features ?? new Map(), ...outputs };
      };
      callsInProgress++;
      try {
        return recorder.traced(model, () => original.apply(this, args), observe);
      } finally {
        callsInProgress--;
      }
    };
}

function recorderOf(context: PatchContext): InferenceRecorder | undefined {
  try {
    return context.recorder();
  } catch (error) {
    diag.error('modelwatch: no recorder for a TensorFlow.js call; the call is not traced', error);
    return undefined;
  }
}

function readInputs(instance: object, input: unknown, model: MonitoredModel, reader: ModelReader): InputColumns | undefined {
  try {
    const { featureNames, captureInputs } = model.options;
    return tensorInputs(input, reader.inputNames(instance), featureNames, captureInputs !== 'none');
  } catch (error) {
    diag.debug(`modelwatch: reading the inputs of "${model.name}" failed`, error);
    return undefined;
  }
}
