import type { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import type { PatchContext } from './patch-context.js';
import { tfjsConverterDefinition } from './tfjs-converter-definition.js';
import { tfjsLayersDefinition } from './tfjs-layers-definition.js';

/**
 * TensorFlow.js: the two packages that hold its model classes, @tensorflow/tfjs-layers
 * (LayersModel, Sequential) and @tensorflow/tfjs-converter (GraphModel). Both umbrella
 * packages, @tensorflow/tfjs and @tensorflow/tfjs-node, load them with require (also
 * when the app imports the umbrella as ESM: Node runs its CommonJS `main`), so patching
 * them covers either, and a model class is patched once however the app reaches it.
 */
export function tfjsDefinitions(context: PatchContext): InstrumentationNodeModuleDefinition[] {
  return [tfjsLayersDefinition(context), tfjsConverterDefinition(context)];
}
