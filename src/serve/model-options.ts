import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { LoadedConfig } from '../config/load-config.js';
import type { CalibrationThread } from '../evaluate/calibration/calibration-thread.js';
import { modelSettings } from '../config/model-settings.js';
import type { ModelKey } from '../extract/inference-batch.js';
import { readTable } from '../io/read-table.js';
import type { MonitoredFeature } from '../model/feature-monitor.js';
import type { ModelStateOptions } from '../model/model-state.js';
import { monitorFactoryFor, monitorsFromSavedProfile, monitorsFromTable } from '../reference/feature-monitors.js';
import { readSavedProfile } from '../reference/saved-profile.js';

/**
 * The model state options of each (model, version) from the config. References named
 * in the config (a data file or a saved profile) are read once per `models` entry,
 * at the first call for that entry (the processor calls `preload` at start, so a bad
 * file stops it then rather than at the first span).
 */
export class ModelOptionsResolver {
  readonly #config: LoadedConfig;
  readonly #configured = new Map<number, { monitors: ReadonlyMap<string, MonitoredFeature>; digest: string }>();
  readonly #thread: CalibrationThread | undefined;

  /** @param thread where the monitors calibrate their thresholds (off the event loop) */
  constructor(config: LoadedConfig, thread?: CalibrationThread) {
    this.#config = config;
    this.#thread = thread;
  }

  /** Reads every configured reference now. @throws ModelwatchError naming the file */
  preload(): void {
    this.#config.models.forEach((model) => {
      if (model.reference?.file !== undefined || model.reference?.profile !== undefined) {
        this.optionsFor({ model: model.name, version: model.version === undefined ? '' : String(model.version) });
      }
    });
  }

  optionsFor(key: ModelKey): ModelStateOptions {
    const settings = modelSettings(this.#config, key.model, key.version);
    let configured: { monitors: ReadonlyMap<string, MonitoredFeature>; digest: string } | undefined;
    if (settings.reference.kind !== 'traffic') {
      configured = this.#configured.get(settings.entry);
      if (configured === undefined) {
        const { path } = settings.reference;
        const monitors = settings.reference.kind === 'file'
          ? monitorsFromTable(readTable(path), settings, this.#thread)
          : monitorsFromSavedProfile(readSavedProfile(path), path, settings, this.#thread);
        configured = { monitors, digest: fileDigest(path) };
        this.#configured.set(settings.entry, configured);
      }
    }
    const monitors = configured?.monitors;
    return {
      // A configured reference can still be reset by the admin API: then the first records make it.
      referenceSize: settings.reference.kind === 'traffic' ? settings.reference.size : this.#config.reference.size,
      maxFeatures: this.#config.limits.features_per_model,
      minWindowRecords: this.#config.windows.min_records,
      driftShare: settings.drift.drift_share,
      monitorFactory: monitorFactoryFor(settings, this.#thread),
      monitors,
      ...(configured === undefined ? {} : { referenceDigest: configured.digest }),
      windowMs: this.#config.windows.duration,
      ...(this.#config.samples.size === 0 ? {} : { sample: { size: this.#config.samples.size, periodMs: this.#config.samples.period } }),
    };
  }
}

/** The audit log's digest of a configured reference: its file's bytes (read once, as the monitors are built). */
function fileDigest(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
