import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import { emptyResource } from '@opentelemetry/resources';
import type { CollectionResult, DataPoint, GaugeMetricData, MetricProducer } from '@opentelemetry/sdk-metrics';
import { DRIFT_METHODS, type DriftMethod } from '../evaluate/drift/drift-method.js';
import type { DriftStatistics } from '../evaluate/drift/drift-statistics.js';
import type { FeatureQuality } from '../evaluate/quality/feature-quality.js';
import type { PerformanceSignals, PerformanceSource } from '../pipeline/performance-signals.js';
import type { FeatureSignal, WindowSignals } from '../pipeline/window-signals.js';
import { gaugeMetricData, hrTimeOf as hrTime, modelKey } from './gauge-points.js';
import { addPerformancePoints, performanceGauges, type PerformancePoints } from './performance-points.js';
import { SIGNAL_ATTRIBUTES as A, SIGNAL_METRICS as M, SIGNAL_SCOPE } from './signal-names.js';

/** The p-value key of `stats` for the methods that have one. */
const P_VALUE_KEY: Partial<Record<DriftMethod, keyof DriftStatistics>> = { ks: 'ks_p_value', chi2: 'chi2_p_value' };

interface GaugeSpec {
  readonly name: string;
  readonly description: string;
  readonly valueType: ValueType;
}

/** The §4 gauges this producer makes, with their descriptions (also for observable gauges on an app's meter). */
export const SIGNAL_GAUGES = {
  score: { name: M.driftScore, valueType: ValueType.DOUBLE, description: 'Drift statistic of each method for the last evaluated window, per feature' },
  pValue: { name: M.driftPValue, valueType: ValueType.DOUBLE, description: 'P-value of the drift tests that have one (ks, chi2) for the last evaluated window, per feature' },
  detected: { name: M.driftDetected, valueType: ValueType.INT, description: "1 when the feature's deciding drift method crossed its threshold in the last evaluated window, else 0" },
  share: { name: M.driftShare, valueType: ValueType.DOUBLE, description: 'Share of features drifted in the last evaluated window' },
  missing: { name: M.missingRatio, valueType: ValueType.DOUBLE, description: "Share of the last evaluated window's rows missing the feature" },
  mismatch: { name: M.typeMismatchRatio, valueType: ValueType.DOUBLE, description: "Share of the last evaluated window's rows whose value has the wrong type for the feature" },
  outOfRange: { name: M.outOfRangeRatio, valueType: ValueType.DOUBLE, description: "Share of the last evaluated window's values outside the reference [min, max] (numerical features)" },
  newCategory: { name: M.newCategoryRatio, valueType: ValueType.DOUBLE, description: "Share of the last evaluated window's values in categories absent from the reference (categorical features)" },
  records: { name: M.windowRecords, valueType: ValueType.INT, description: 'Records in the last closed window' },
} as const satisfies Record<string, GaugeSpec>;

type GaugeKey = keyof typeof SIGNAL_GAUGES;

const QUALITY_GAUGES: readonly [GaugeKey, keyof FeatureQuality][] = [
  ['missing', 'missingRatio'], ['mismatch', 'typeMismatchRatio'], ['outOfRange', 'outOfRangeRatio'], ['newCategory', 'newCategoryRatio'],
];

/** What is known of one model version: its last closed window, its last evaluated one, and its latest window's performance. */
interface ModelState {
  readonly model: string;
  readonly version: string;
  records: number;
  recordsSince: HrTime;
  evaluated?: WindowSignals;
  /** By source: the performance of the latest window (by window time) that has any. */
  readonly performance: Map<PerformanceSource, PerformanceSignals>;
}

/**
 * The §4 gauges of drift and data quality, made at each collection (a scrape or a
 * push) from the latest window of each model version: a reader sees what the last
 * window concluded, however long ago it closed. Memory is one `WindowSignals` per
 * model version. A value that cannot be computed (NaN) or does not apply (null) is
 * left out rather than exported as NaN, which OTLP/JSON cannot carry.
 *
 * Why a MetricProducer rather than observable gauges: the SDK's cumulative storage
 * keeps reporting every attribute set it has ever seen, so a feature that left the
 * model, a ratio that became NaN or a forgotten model version would go on showing
 * its last value. A producer reports exactly the current state.
 *
 * The performance gauges (`ml.performance.<metric>` with `ml.performance.source`,
 * and `ml.feedback.coverage`) show the latest window that has performance figures,
 * each point starting at that window's start: a late label for an older window
 * changes that window's figures (and may raise its alert) but not these gauges, which
 * a scrape reads as "now". The OTLP push carries the older window's new figures
 * besides, timestamped at that window: see {@link PerformanceRevisions}.
 */
export class SignalMetricProducer implements MetricProducer {
  private readonly models = new Map<string, ModelState>();

  /** Takes a closed window: its record count always, its verdicts only when it was evaluated. */
  update(signals: WindowSignals): void {
    const state = this.#state(signals.model, signals.version, signals.windowEndUnixMs);
    state.records = signals.records;
    state.recordsSince = hrTime(signals.windowEndUnixMs);
    if (signals.evaluated) state.evaluated = signals;
  }

  /** Takes a window's performance: shown when it is the latest window with performance of its source. */
  updatePerformance(signals: PerformanceSignals): void {
    const state = this.#state(signals.model, signals.version, signals.windowEndUnixMs);
    const shown = state.performance.get(signals.source);
    if (shown === undefined || shown.windowStartUnixMs <= signals.windowStartUnixMs) state.performance.set(signals.source, signals);
  }

  /** True when the gauges show the window of `signals` (its model version's latest with figures of its source). */
  shows(signals: PerformanceSignals): boolean {
    const shown = this.models.get(modelKey(signals.model, signals.version))?.performance.get(signals.source);
    return shown !== undefined && shown.windowStartUnixMs === signals.windowStartUnixMs;
  }

  #state(model: string, version: string, windowEndUnixMs: number): ModelState {
    const key = modelKey(model, version);
    let state = this.models.get(key);
    if (state === undefined) {
      state = { model, version, records: 0, recordsSince: hrTime(windowEndUnixMs), performance: new Map() };
      this.models.set(key, state);
    }
    return state;
  }

  /** Stops exporting a model version's series (a retired version). */
  forget(model: string, version: string): void {
    this.models.delete(modelKey(model, version));
  }

  async collect(): Promise<CollectionResult> {
    const now = hrTime(Date.now());
    const points = new Map<GaugeKey, DataPoint<number>[]>(Object.keys(SIGNAL_GAUGES).map((key) => [key as GaugeKey, []]));
    const add = (gauge: GaugeKey, value: number | null | undefined, attributes: Attributes, since: HrTime) => {
      if (typeof value === 'number' && Number.isFinite(value)) points.get(gauge)!.push({ startTime: since, endTime: now, attributes, value });
    };
    const performance: PerformancePoints = new Map();
    for (const state of this.models.values()) {
      const model: Attributes = { [A.modelName]: state.model, [A.modelVersion]: state.version };
      // The point starts at the window's start, so a reader can tell which window it is.
      for (const signals of state.performance.values()) addPerformancePoints(performance, signals, hrTime(signals.windowStartUnixMs), now);
      add('records', state.records, model, state.recordsSince);
      const window = state.evaluated;
      if (window === undefined) continue;
      const since = hrTime(window.windowEndUnixMs);
      add('share', window.driftShare, model, since);
      for (const feature of window.features) {
        addFeature(add, feature, { ...model, [A.featureName]: feature.name }, since);
      }
    }
    const metrics: GaugeMetricData[] = performanceGauges(performance);
    for (const [key, dataPoints] of points) {
      if (dataPoints.length === 0) continue;
      const { name, description, valueType } = SIGNAL_GAUGES[key];
      metrics.push(gaugeMetricData(name, description, valueType, dataPoints));
    }
    // The reader replaces this resource with the MeterProvider's.
    return { resourceMetrics: { resource: emptyResource(), scopeMetrics: [{ scope: { name: SIGNAL_SCOPE }, metrics }] }, errors: [] };
  }
}

type AddPoint = (gauge: GaugeKey, value: number | null | undefined, attributes: Attributes, since: HrTime) => void;

function addFeature(add: AddPoint, feature: FeatureSignal, attributes: Attributes, since: HrTime): void {
  add('detected', feature.drifted ? 1 : 0, attributes, since);
  for (const method of DRIFT_METHODS) {
    const withMethod = { ...attributes, [A.driftMethod]: method };
    add('score', feature.stats[method], withMethod, since);
    const pKey = P_VALUE_KEY[method];
    if (pKey !== undefined) add('pValue', feature.stats[pKey], withMethod, since);
  }
  for (const [gauge, key] of QUALITY_GAUGES) add(gauge, feature.quality[key], attributes, since);
}
