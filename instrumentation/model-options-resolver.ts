import { basename, extname } from 'node:path';
import { MonitoredModel } from './monitored-model.js';
import type { ModelHint } from './patch-context.js';
import type { ModelInstrumentationConfig, ModelOptions } from './types.js';

type ModelEntry = NonNullable<ModelInstrumentationConfig['models']>[number];

/**
 * Options for a model instance the runtime patches see: the first configured entry
 * whose `match` fits the model's path (a substring, or a RegExp), else the first
 * entry without `match`; its unset name and version from the model itself (name from
 * its metadata or file name, version from its metadata). Feature names are left to
 * each runtime's defaults (ONNX input names and indices, say) unless configured.
 */
export function resolveModel(config: ModelInstrumentationConfig, hint: ModelHint): MonitoredModel {
  const entry = pickEntry(config.models ?? [], hint.path);
  const { match: _match, ...configured } = entry ?? {};
  const name = configured.name ?? hint.name ?? nameFromPath(hint.path) ?? 'model';
  const options: ModelOptions = {
    ...configured,
    name,
    ...(configured.version ?? hint.version) === undefined ? {} : { version: configured.version ?? hint.version },
  };
  return new MonitoredModel(options, config.onInference);
}

function pickEntry(entries: readonly ModelEntry[], path: string | undefined): ModelEntry | undefined {
  for (const entry of entries) {
    if (entry.match === undefined || path === undefined) continue;
    if (typeof entry.match === 'string' ? path.includes(entry.match) : entry.match.test(path)) return entry;
  }
  return entries.find((entry) => entry.match === undefined);
}

/** `/srv/models/churn-v3.onnx` → `churn-v3`; `file:///m/model.json` → the folder's name, `m`. */
function nameFromPath(path: string | undefined): string | undefined {
  if (path === undefined || path === '') return undefined;
  const clean = path.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const file = basename(clean, extname(clean));
  if (file === 'model' || file === '') return basename(clean.slice(0, clean.length - basename(clean).length).replace(/\/+$/, '')) || undefined;
  return file;
}
