import type { PerformanceConfig } from '../config/serve-config-schema.js';
import { ACCURACY_LIKE, type PerformanceMetric } from '../feedback/observed-performance.js';
import type { PerformanceSignals } from '../pipeline/performance-signals.js';
import { SIGNAL_METRICS as M } from './signal-names.js';
import type { Alert } from './window-alerts.js';

const HIGHER_IS_BETTER: ReadonlySet<string> = new Set(ACCURACY_LIKE);

/**
 * The performance alerts (§4, kind `performance`) of one window's figures: a metric
 * where higher is better that fell more than `accuracy_drop` below the reference's,
 * or an error metric that rose more than `error_rise` (a share) above it. No
 * baseline, no alert: a drop is always relative to the reference.
 */
export function performanceAlerts(signals: PerformanceSignals, thresholds: Readonly<PerformanceConfig>): Alert[] {
  const baseline = signals.baseline;
  if (baseline === undefined) return [];
  const alerts: Alert[] = [];
  for (const [name, value] of Object.entries(signals.metrics) as [PerformanceMetric, number][]) {
    const reference = baseline[name];
    if (reference === undefined) continue;
    const higherIsBetter = HIGHER_IS_BETTER.has(name);
    const threshold = higherIsBetter ? reference - thresholds.accuracy_drop : reference * (1 + thresholds.error_rise);
    if (higherIsBetter ? value >= threshold : value <= threshold) continue;
    const change = higherIsBetter
      ? `fell to ${number(value)}, below the reference's ${number(reference)} less ${thresholds.accuracy_drop}`
      : `rose to ${number(value)}, above the reference's ${number(reference)} plus ${Number((thresholds.error_rise * 100).toPrecision(3))}%`;
    alerts.push({
      kind: 'performance',
      model: signals.model,
      version: signals.version,
      feature: 'ml.prediction',
      metric: `${M.performancePrefix}${name}`,
      value,
      threshold,
      windowStartUnixMs: signals.windowStartUnixMs,
      windowEndUnixMs: signals.windowEndUnixMs,
      body: `The ${signals.source} ${name} of model "${signals.model}" version "${signals.version}" ${change} in the window `
        + `${new Date(signals.windowStartUnixMs).toISOString()} to ${new Date(signals.windowEndUnixMs).toISOString()} (${signals.labelled} labelled predictions).`,
    });
  }
  return alerts;
}

/** Three significant digits. */
function number(value: number): string {
  return String(Number(value.toPrecision(3)));
}

/** Remembers which alerts were raised, so a window whose figures change again (late labels) does not raise the same one twice. */
export class RaisedAlerts {
  readonly #raised = new Set<string>();
  readonly #max: number;

  constructor(max = 100_000) {
    this.#max = max;
  }

  /** True the first time an alert of this model version, window, source and metric is seen. */
  first(alert: Alert, source: string): boolean {
    const key = JSON.stringify([alert.model, alert.version, alert.windowStartUnixMs, source, alert.metric]);
    if (this.#raised.has(key)) return false;
    this.#raised.add(key);
    // Oldest first out: a window old enough to fall off has long stopped getting labels.
    if (this.#raised.size > this.#max) this.#raised.delete(this.#raised.values().next().value!);
    return true;
  }
}
