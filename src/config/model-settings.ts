import type { LoadedConfig } from './load-config.js';
import { referenceFileKind } from './reference-file-kind.js';
import type { DeepReadonly } from './deep-freeze.js';
import type { DriftConfig, FeatureConfig } from './serve-config-schema.js';

/** Everything the processor needs to know about one (model, version), with the top-level defaults filled in. */
export interface ModelSettings {
  /** Index in `models` of the entry that applied, or -1 when none did (defaults only). */
  readonly entry: number;
  /** `file`: a data file (CSV, TSV, JSON Lines); `profile`: a saved profile; `traffic`: the first `size` records. */
  readonly reference:
    | { readonly kind: 'file'; readonly path: string }
    | { readonly kind: 'profile'; readonly path: string }
    | { readonly kind: 'traffic'; readonly size: number };
  readonly drift: Readonly<DriftConfig>;
  /** By feature name; a feature absent here has no settings of its own. */
  readonly features: ReadonlyMap<string, DeepReadonly<FeatureConfig>>;
  /** Features left out: the `ignore` list and every feature with `ignore: true`. */
  readonly ignored: ReadonlySet<string>;
  /** Categories a window counts one by one beyond the reference's (`limits.categories_per_feature`). @default Infinity */
  readonly categoryLimit?: number;
}

/**
 * The settings of one model version: the `models` entry with this name and this
 * exact version, else the entry with this name and no version, else the defaults;
 * unset keys of the entry take the top-level values.
 */
export function modelSettings(config: LoadedConfig, model: string, version: string): ModelSettings {
  let entry = config.models.findIndex((m) => m.name === model && m.version === version);
  if (entry === -1) entry = config.models.findIndex((m) => m.name === model && m.version === undefined);
  const chosen = entry === -1 ? undefined : config.models[entry];
  const own = chosen?.reference;
  const reference: ModelSettings['reference'] = own?.file !== undefined
    ? { kind: referenceFileKind(own.file) === 'profile' ? 'profile' : 'file', path: own.file }
    : own?.profile !== undefined
      ? { kind: 'profile', path: own.profile }
      : { kind: 'traffic', size: own?.size ?? config.reference.size };
  const features = new Map(Object.entries(chosen?.features ?? {}));
  const ignored = new Set(chosen?.ignore ?? []);
  for (const [name, settings] of features) if (settings.ignore === true) ignored.add(name);
  return {
    entry,
    reference,
    drift: {
      calibrate: chosen?.drift?.calibrate ?? config.drift.calibrate,
      false_alarm_rate: chosen?.drift?.false_alarm_rate ?? config.drift.false_alarm_rate,
      drift_share: chosen?.drift?.drift_share ?? config.drift.drift_share,
    },
    features,
    ignored,
    categoryLimit: config.limits.categories_per_feature,
  };
}
