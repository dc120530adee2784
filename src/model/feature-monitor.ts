import type { FeatureMonitor } from '../evaluate/window/feature-monitor.js';

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
