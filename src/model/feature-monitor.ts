import type { FeatureMonitor } from '../evaluate/window/feature-monitor.js';
import type { FeatureValue, ModelKey } from '../extract/inference-batch.js';

export type { WindowProfile } from '../evaluate/window/window-profile.js';

/**
 * What the model state needs of a feature's monitor (src/evaluate/window's
 * FeatureMonitor): the empty profile each window fills, the drift verdict and the
 * data quality of a closed window, and `prepare`, which readies the verdict of a
 * window of a given size (calibrates its threshold) without holding the event loop.
 * Narrow, so a test can plug a simpler one.
 */
export type MonitoredFeature = Pick<FeatureMonitor, 'createWindow' | 'judge' | 'quality' | 'prepare'>;

/**
 * Builds a feature's monitor from its reference values (one per reference row; null
 * is missing), or returns undefined for a feature the configuration ignores.
 */
export type MonitorFactory = (name: string, referenceValues: readonly unknown[]) => MonitoredFeature | undefined;

/** The monitors of a reference's columns (features the factory ignores get none). */
export function buildMonitors(columns: ReadonlyMap<string, readonly unknown[]>, factory: MonitorFactory): Map<string, MonitoredFeature> {
  const monitors = new Map<string, MonitoredFeature>();
  for (const [name, values] of columns) {
    const monitor = factory(name, values);
    if (monitor !== undefined) monitors.set(name, monitor);
  }
  return monitors;
}

/**
 * Where reference rows are kept across restarts (src/reference's ReferenceStore on
 * the data dir), column by column as the collector or the admin API gave them.
 */
export interface ReferenceKeeper {
  load(key: ModelKey): ReadonlyMap<string, readonly FeatureValue[]> | undefined;
  /** Keeps the columns: at once (void), or by a promise that settles once they are durable (rejects when the store refused them). */
  save(key: ModelKey, columns: ReadonlyMap<string, readonly FeatureValue[]>): Promise<void> | void;
  /** Forgets the key's reference, as `save` keeps one. */
  delete(key: ModelKey): Promise<void> | void;
}
