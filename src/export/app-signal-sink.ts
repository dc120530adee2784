import { diag, type Meter, type Observable } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import type { LoadedConfig } from '../config/load-config.js';
import { ACCURACY_LIKE, ERROR_LIKE } from '../feedback/observed-performance.js';
import type { PerformanceSignals } from '../pipeline/performance-signals.js';
import type { SignalSink, WindowSignals } from '../pipeline/window-signals.js';
import { alertLogRecord } from './alert-log-record.js';
import { performanceAlerts, RaisedAlerts } from './performance-alerts.js';
import { SIGNAL_GAUGES, SignalMetricProducer } from './signal-metric-producer.js';
import { SIGNAL_METRICS as M } from './signal-names.js';
import { windowAlerts } from './window-alerts.js';

/** The performance gauges an app's meter gets: every metric of §4 (observable gauges are declared up front), and the coverage. */
const PERFORMANCE_GAUGES = [...ACCURACY_LIKE, ...ERROR_LIKE].map((metric) => ({
  name: `${M.performancePrefix}${metric}`, description: `The ${metric} of the latest window with performance figures, by ml.performance.source`,
})).concat([{ name: M.feedbackCoverage, description: "Share of the latest labelled window's predictions that have ground truth" }]);

/**
 * The §4 signals through an app's own OpenTelemetry providers, for the
 * instrumentation's in-process mode: the gauges as observable gauges on the app's
 * meter (read at each of its collections from the latest windows, by the same
 * SignalMetricProducer `modelwatch serve` scrapes), and the alerts as log records
 * on the app's logger, so they reach whatever backend the app already exports to.
 *
 * Unlike serve's producer, an observable gauge goes on reporting an attribute set
 * the SDK has seen once; a feature that leaves a model keeps its last value here.
 *
 * A late label's change to an older window's performance is not exported here (its
 * alert is). An observable gauge's point is stamped with the time of the collection
 * that reads it (`observe` takes no timestamp), so the older window's figures could
 * only go out as the present, which they are not; the gauges keep showing the latest
 * window's, as serve's Prometheus endpoint does. `modelwatch serve`'s OTLP push is
 * what carries them, timestamped at their window (PerformanceRevisions).
 */
export class AppSignalSink implements SignalSink {
  readonly #producer = new SignalMetricProducer();
  readonly #logger: Logger;
  readonly #thresholds: LoadedConfig['data_quality'];
  readonly #performance: LoadedConfig['performance'] | undefined;
  readonly #raised = new RaisedAlerts();

  /** @param performance performance alert thresholds; without, no performance alert */
  constructor(meter: Meter, logger: Logger, thresholds: LoadedConfig['data_quality'], performance?: LoadedConfig['performance']) {
    this.#logger = logger;
    this.#thresholds = thresholds;
    this.#performance = performance;
    const gauges = new Map<string, Observable>();
    for (const { name, description, valueType } of Object.values(SIGNAL_GAUGES)) {
      gauges.set(name, meter.createObservableGauge(name, { description, valueType }));
    }
    for (const { name, description } of PERFORMANCE_GAUGES) gauges.set(name, meter.createObservableGauge(name, { description }));
    meter.addBatchObservableCallback(async (result) => {
      const { resourceMetrics } = await this.#producer.collect();
      for (const metric of resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics)) {
        const gauge = gauges.get(metric.descriptor.name);
        if (gauge === undefined) continue;
        for (const point of metric.dataPoints) result.observe(gauge, point.value as number, point.attributes);
      }
    }, [...gauges.values()]);
  }

  publish(signals: WindowSignals): void {
    try {
      this.#producer.update(signals);
      for (const alert of windowAlerts(signals, this.#thresholds)) this.#logger.emit(alertLogRecord(alert));
    } catch (error) {
      diag.error(`modelwatch: publishing the window of model "${signals.model}" version "${signals.version}" failed`, error);
    }
  }

  publishPerformance(signals: PerformanceSignals): void {
    try {
      this.#producer.updatePerformance(signals);
      if (this.#performance === undefined) return;
      for (const alert of performanceAlerts(signals, this.#performance)) {
        if (this.#raised.first(alert, signals.source)) this.#logger.emit(alertLogRecord(alert));
      }
    } catch (error) {
      diag.error(`modelwatch: publishing the performance of model "${signals.model}" version "${signals.version}" failed`, error);
    }
  }
}
