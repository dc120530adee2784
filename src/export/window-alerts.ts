import { usesPValue, type DriftMethod } from '../evaluate/drift/drift-method.js';
import type { FeatureQuality } from '../evaluate/quality/feature-quality.js';
import type { Exemplar, FeatureSignal, ThresholdSource, WindowSignals } from '../pipeline/window-signals.js';
import type { DataQualityConfig } from '../config/serve-config-schema.js';
import { SIGNAL_METRICS as M } from './signal-names.js';

/** One alert of §4, before it becomes a log record. */
export interface Alert {
  readonly kind: 'drift' | 'data_quality' | 'performance';
  readonly model: string;
  readonly version: string;
  readonly feature: string;
  /** The deciding method, for drift alerts. */
  readonly method?: DriftMethod;
  /** Where the value is read from: `ml.drift.p_value`, `ml.drift.score` or an `ml.data_quality.*` ratio. */
  readonly metric: string;
  readonly value: number;
  readonly threshold: number;
  /** For drift alerts: calibrated, configured or §5's default. */
  readonly thresholdSource?: ThresholdSource;
  readonly windowStartUnixMs: number;
  readonly windowEndUnixMs: number;
  /** One offending record's trace and span, for the link from the alert to the trace. */
  readonly exemplar?: Exemplar;
  /** One English sentence. */
  readonly body: string;
}

interface QualityCheck {
  readonly key: keyof FeatureQuality;
  readonly threshold: keyof DataQualityConfig;
  readonly metric: string;
  /** What the share is a share of, in the body's words. */
  readonly what: string;
}

const QUALITY_CHECKS: readonly QualityCheck[] = [
  { key: 'missingRatio', threshold: 'missing_ratio', metric: M.missingRatio, what: 'missing values' },
  { key: 'typeMismatchRatio', threshold: 'type_mismatch_ratio', metric: M.typeMismatchRatio, what: 'values of the wrong type' },
  { key: 'outOfRangeRatio', threshold: 'out_of_range_ratio', metric: M.outOfRangeRatio, what: 'values outside the reference range' },
  { key: 'newCategoryRatio', threshold: 'new_category_ratio', metric: M.newCategoryRatio, what: 'categories the reference never had' },
];

/**
 * The alerts a closed window raises: one per drifted feature, and one per feature
 * and data-quality ratio above its threshold. A window that was not evaluated
 * raises none: too few records for a verdict.
 */
export function windowAlerts(signals: WindowSignals, thresholds: Readonly<DataQualityConfig>): Alert[] {
  if (!signals.evaluated) return [];
  const alerts: Alert[] = [];
  for (const feature of signals.features) {
    if (feature.drifted) alerts.push(driftAlert(signals, feature));
    for (const check of QUALITY_CHECKS) {
      const ratio = feature.quality[check.key];
      const threshold = thresholds[check.threshold];
      if (typeof ratio === 'number' && ratio > threshold) alerts.push(qualityAlert(signals, feature, check, ratio, threshold));
    }
  }
  return alerts;
}

function driftAlert(signals: WindowSignals, feature: FeatureSignal): Alert {
  const byPValue = usesPValue(feature.method);
  const value = byPValue ? feature.pValue ?? Number.NaN : feature.statistic;
  const comparison = byPValue
    ? `${feature.method} p-value ${number(value)} is below`
    : `${feature.method} statistic ${number(value)} is at or above`;
  return {
    ...common(signals, feature),
    kind: 'drift',
    method: feature.method,
    metric: byPValue ? M.driftPValue : M.driftScore,
    value,
    threshold: feature.threshold,
    thresholdSource: feature.thresholdSource,
    body: `${subject(signals, feature)} drifted in the window ${span(signals)}: ${comparison} the ${feature.thresholdSource} threshold ${number(feature.threshold)}.`,
  };
}

function qualityAlert(signals: WindowSignals, feature: FeatureSignal, check: QualityCheck, ratio: number, threshold: number): Alert {
  return {
    ...common(signals, feature),
    kind: 'data_quality',
    metric: check.metric,
    value: ratio,
    threshold,
    body: `${subject(signals, feature)} had ${percent(ratio)} ${check.what} in the window ${span(signals)}, above the alert threshold of ${percent(threshold)}.`,
  };
}

function common(signals: WindowSignals, feature: FeatureSignal) {
  return {
    model: signals.model,
    version: signals.version,
    feature: feature.name,
    windowStartUnixMs: signals.windowStartUnixMs,
    windowEndUnixMs: signals.windowEndUnixMs,
    ...(feature.exemplar === undefined ? {} : { exemplar: feature.exemplar }),
  };
}

function subject(signals: WindowSignals, feature: FeatureSignal): string {
  return `Feature "${feature.name}" of model "${signals.model}" version "${signals.version}"`;
}

function span(signals: WindowSignals): string {
  return `${new Date(signals.windowStartUnixMs).toISOString()} to ${new Date(signals.windowEndUnixMs).toISOString()}`;
}

/** Three significant digits: enough to read, not so many that the sentence drowns. */
function number(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(3))) : String(value);
}

function percent(share: number): string {
  return `${Number((share * 100).toPrecision(3))}%`;
}
