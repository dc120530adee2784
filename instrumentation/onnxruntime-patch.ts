import type { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import type { PatchContext } from './patch-context.js';

/** Not written yet (work in progress, uncommitted). */
export function onnxruntimeDefinitions(_context: PatchContext): InstrumentationNodeModuleDefinition[] {
  return [];
}
