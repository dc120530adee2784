import { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import type { ModelHint, PatchContext } from './patch-context.js';
import { tracedModelMethod, type ModelReader } from './tfjs-model-calls.js';
import { pathOfSource } from './tfjs-model-paths.js';
import { prototypeOf, unwrapOwnMethods, wrapOwnMethods } from './tfjs-method-patches.js';
import { TFJS_SUPPORTED_VERSIONS } from './tfjs-versions.js';

/**
 * GraphModel's inference methods. predict calls execute and predictAsync calls
 * executeAsync: the outer call is the span. predictAsync is absent before 4.x.
 */
const INFERENCE_METHODS = ['predict', 'execute', 'predictAsync', 'executeAsync'] as const;

/**
 * A graph model's name: the URL it was loaded from, which GraphModel keeps itself
 * (`modelUrl`: the string given to loadGraphModel, or the IOHandler); a model from
 * memory has none and gets the configured name, else `model`.
 */
const graphModels: ModelReader = {
  hint(model: object): ModelHint {
    const path = pathOfSource((model as { modelUrl?: unknown }).modelUrl);
    return path === undefined ? {} : { path };
  },
  inputNames(model: object): readonly string[] | undefined {
    const names = (model as { inputNodes?: unknown }).inputNodes;
    return Array.isArray(names) ? names.map(String) : undefined;
  },
};

/**
 * @tensorflow/tfjs-converter, which @tensorflow/tfjs and @tensorflow/tfjs-node load
 * with require: `GraphModel.prototype.predict` / `execute` and their async forms become spans.
 */
export function tfjsConverterDefinition(context: PatchContext): InstrumentationNodeModuleDefinition {
  const traced = tracedModelMethod(context, graphModels);
  return new InstrumentationNodeModuleDefinition(
    '@tensorflow/tfjs-converter',
    [...TFJS_SUPPORTED_VERSIONS],
    (moduleExports: unknown) => {
      wrapOwnMethods(context, prototypeOf(moduleExports, 'GraphModel'), INFERENCE_METHODS, traced);
      return moduleExports;
    },
    (moduleExports: unknown) => {
      unwrapOwnMethods(context, prototypeOf(moduleExports, 'GraphModel'), INFERENCE_METHODS);
    },
  );
}
