import { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import type { ModelHint, PatchContext } from './patch-context.js';
import { tracedModelMethod, type ModelReader } from './tfjs-model-calls.js';
import { loadPathOf, rememberingLoadPath } from './tfjs-model-paths.js';
import { prototypeOf, unwrapOwnMethods, wrapOwnMethods } from './tfjs-method-patches.js';
import { TFJS_SUPPORTED_VERSIONS } from './tfjs-versions.js';

/**
 * Methods patched on LayersModel and on Sequential, which overrides both to delegate to
 * an inner LayersModel (only the outer, app-facing call becomes a span).
 */
const PREDICT_METHODS = ['predict', 'predictOnBatch'] as const;
const LOADERS = ['loadLayersModel'] as const;

/** A layers model's name: its load path when a patched loader saw it, else `model.name` (`sequential_1`, ...). */
const layersModels: ModelReader = {
  hint(model: object): ModelHint {
    const path = loadPathOf(model);
    if (path !== undefined) return { path };
    const name = (model as { name?: unknown }).name;
    return typeof name === 'string' && name !== '' ? { name } : {};
  },
  inputNames(model: object): readonly string[] | undefined {
    const names = (model as { inputNames?: unknown }).inputNames;
    return Array.isArray(names) ? names.map(String) : undefined;
  },
};

/**
 * @tensorflow/tfjs-layers, which @tensorflow/tfjs and @tensorflow/tfjs-node load with
 * require: `LayersModel.prototype.predict` / `predictOnBatch` (and Sequential's
 * overrides) become spans, and `loadLayersModel` remembers each model's URL.
 */
export function tfjsLayersDefinition(context: PatchContext): InstrumentationNodeModuleDefinition {
  const traced = tracedModelMethod(context, layersModels);
  return new InstrumentationNodeModuleDefinition(
    '@tensorflow/tfjs-layers',
    [...TFJS_SUPPORTED_VERSIONS],
    (moduleExports: unknown) => {
      wrapOwnMethods(context, prototypeOf(moduleExports, 'LayersModel'), PREDICT_METHODS, traced);
      wrapOwnMethods(context, prototypeOf(moduleExports, 'Sequential'), PREDICT_METHODS, traced);
      wrapOwnMethods(context, moduleExports, LOADERS, rememberingLoadPath);
      return moduleExports;
    },
    (moduleExports: unknown) => {
      unwrapOwnMethods(context, prototypeOf(moduleExports, 'LayersModel'), PREDICT_METHODS);
      unwrapOwnMethods(context, prototypeOf(moduleExports, 'Sequential'), PREDICT_METHODS);
      unwrapOwnMethods(context, moduleExports, LOADERS);
    },
  );
}
