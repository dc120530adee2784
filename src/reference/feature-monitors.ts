import type { ModelSettings } from '../config/model-settings.js';
import type { CalibrationThread } from '../evaluate/calibration/calibration-thread.js';
import { ModelwatchError } from '../errors.js';
import type { DriftOverride } from '../evaluate/drift/feature-drift.js';
import { CategoricalProfile } from '../profile/categorical-profile.js';
import { categoricalReference } from '../evaluate/window/categorical-reference.js';
import { FeatureMonitor } from '../evaluate/window/feature-monitor.js';
import type { FeatureReference } from '../evaluate/window/feature-reference.js';
import { featureReference } from '../evaluate/window/feature-reference-of-values.js';
import { referenceFromProfile } from '../evaluate/window/reference-from-profile.js';
import type { Table } from '../io/table.js';
import type { MonitorFactory, MonitoredFeature } from '../model/feature-monitor.js';
import type { SavedProfile } from './saved-profile.js';

/**
 * How a model version's features are monitored, from its settings: ignored features
 * get no monitor, `categorical: true` forces categories, a configured method and
 * threshold override §5's, and unset thresholds are calibrated on the reference for
 * the configured false-alarm rate (unless `calibrate: false`), on `thread` when given
 * (off the event loop; see CalibrationThread).
 */
export function monitorFactoryFor(settings: ModelSettings, thread?: CalibrationThread): MonitorFactory {
  return (name, referenceValues) => {
    if (settings.ignored.has(name)) return undefined;
    const options = settings.categoryLimit === undefined ? {} : { categoryLimit: settings.categoryLimit };
    const reference = settings.features.get(name)?.categorical === true
      ? categoricalReference(categoryCounts(referenceValues), options)
      : featureReference(referenceValues, options);
    return monitorOf(name, reference, settings, thread);
  };
}

/** Monitors for every column of a reference data file (`models[].reference.file`). */
export function monitorsFromTable(table: Table, settings: ModelSettings, thread?: CalibrationThread): Map<string, MonitoredFeature> {
  const factory = monitorFactoryFor(settings, thread);
  const monitors = new Map<string, MonitoredFeature>();
  table.columns.forEach((name, column) => {
    const monitor = factory(name, table.text(column).values);
    if (monitor !== undefined) monitors.set(name, monitor);
  });
  return monitors;
}

/** Monitors for every feature of a saved profile (`models[].reference.profile`). */
export function monitorsFromSavedProfile(
  saved: SavedProfile, file: string, settings: ModelSettings, thread?: CalibrationThread,
): Map<string, MonitoredFeature> {
  const monitors = new Map<string, MonitoredFeature>();
  for (const [name, profile] of Object.entries(saved.features)) {
    if (settings.ignored.has(name)) continue;
    let reference: FeatureReference;
    try {
      reference = referenceFromProfile(profile);
    } catch (error) {
      throw new ModelwatchError('MODELWATCH_ERR_BAD_PROFILE', file, `feature "${name}": ${(error as Error).message}`);
    }
    monitors.set(name, monitorOf(name, reference, settings, thread));
  }
  return monitors;
}

function monitorOf(name: string, reference: FeatureReference, settings: ModelSettings, thread: CalibrationThread | undefined): FeatureMonitor {
  const feature = settings.features.get(name);
  const override: DriftOverride = {
    ...(feature?.method === undefined ? {} : { method: feature.method }),
    ...(feature?.threshold === undefined ? {} : { threshold: feature.threshold }),
  };
  const calibration = settings.drift.calibrate ? { quantile: 1 - settings.drift.false_alarm_rate, thread } : false;
  return new FeatureMonitor(reference, { override, calibration });
}

function categoryCounts(values: readonly unknown[]): Map<string, number> {
  const profile = new CategoricalProfile({ maxCategories: Math.max(1, values.length) });
  for (const value of values) profile.add(value);
  return profile.categories();
}
