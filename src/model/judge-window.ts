import { diag } from '@opentelemetry/api';
import type { ModelKey } from '../extract/inference-batch.js';
import type { FeatureSignal, WindowSignals } from '../pipeline/window-signals.js';
import type { MonitoredFeature } from './feature-monitor.js';
import { OUTPUT_FEATURES } from './output-features.js';
import type { WindowAccumulator } from './window-accumulator.js';

/** A window taken out of service, waiting for its verdict. */
export interface ClosedWindow {
  readonly key: ModelKey;
  readonly window: WindowAccumulator;
  readonly monitors: ReadonlyMap<string, MonitoredFeature>;
  readonly endUnixMs: number;
}

export interface JudgeOptions {
  /** A window with fewer rows gets no verdict. */
  readonly minWindowRecords: number;
  /** Share of drifted input features that makes dataset drift. */
  readonly driftShare: number;
}

/**
 * What a closed window concluded: each feature's drift and quality, one feature at a
 * time with a turn of the event loop in between, so that judging 50 models of 30
 * features (milliseconds each: exact KS p-values) never holds the receiver for long.
 * A feature's first window of a new size waits for its threshold's calibration,
 * which runs off the event loop (FeatureMonitor.prepare).
 */
export async function judgeWindow(closed: ClosedWindow, options: JudgeOptions): Promise<WindowSignals> {
  const { key, window, monitors, endUnixMs } = closed;
  const evaluated = window.records >= options.minWindowRecords;
  const features: FeatureSignal[] = [];
  if (evaluated) {
    for (const [name, monitor] of monitors) {
      try {
        await monitor.prepare(window.profile(name)!.valueCount);
        features.push(featureSignal(name, monitor, window));
      } catch (error) {
        // A configured method that does not fit the feature, say: the other features still report.
        diag.error(`modelwatch: ${key.model} ${key.version}: feature "${name}" could not be judged`, error);
      }
      await nextTurn();
    }
  }
  const inputs = features.filter((f) => !OUTPUT_FEATURES.includes(f.name));
  const driftShare = inputs.length === 0 ? NaN : inputs.filter((f) => f.drifted).length / inputs.length;
  return {
    model: key.model,
    version: key.version,
    windowStartUnixMs: window.startUnixMs,
    windowEndUnixMs: endUnixMs,
    records: window.records,
    evaluated,
    features,
    driftShare,
    datasetDrifted: driftShare >= options.driftShare,
  };
}

function featureSignal(name: string, monitor: MonitoredFeature, window: WindowAccumulator): FeatureSignal {
  const profile = window.profile(name)!;
  const { method, statistic, pValue, threshold, thresholdSource, drifted, stats, bins } = monitor.judge(profile);
  const exemplar = window.exemplar(name);
  const signal = { name, method, statistic, pValue, threshold, thresholdSource, drifted, stats, bins, quality: monitor.quality(profile) };
  return exemplar === undefined ? signal : { ...signal, exemplar };
}

/** setImmediate, not a microtask: pending I/O (requests) runs before the next feature. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
