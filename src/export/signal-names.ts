/**
 * The names of CONVENTIONS.md §4, in one place: what modelwatch emits is the
 * contract dashboards and alert rules are written against. None carries a unit, so
 * the Prometheus names (dots become underscores) are the same from modelwatch's own
 * endpoint and through a Collector.
 */

/** Metric names (§4). */
export const SIGNAL_METRICS = {
  driftScore: 'ml.drift.score',
  driftPValue: 'ml.drift.p_value',
  driftDetected: 'ml.drift.detected',
  driftShare: 'ml.drift.share',
  missingRatio: 'ml.data_quality.missing_ratio',
  typeMismatchRatio: 'ml.data_quality.type_mismatch_ratio',
  outOfRangeRatio: 'ml.data_quality.out_of_range_ratio',
  newCategoryRatio: 'ml.data_quality.new_category_ratio',
  windowRecords: 'ml.window.records',
  /** Prefix of the performance gauges (`ml.performance.accuracy`, ...), published by a later stage. */
  performancePrefix: 'ml.performance.',
  feedbackCoverage: 'ml.feedback.coverage',
} as const;

/** Attribute keys (§1, §4). */
export const SIGNAL_ATTRIBUTES = {
  modelName: 'ml.model.name',
  modelVersion: 'ml.model.version',
  featureName: 'ml.feature.name',
  driftMethod: 'ml.drift.method',
  performanceSource: 'ml.performance.source',
  alertKind: 'ml.alert.kind',
  alertValue: 'ml.alert.value',
  alertThreshold: 'ml.alert.threshold',
  windowStart: 'ml.window.start',
  windowEnd: 'ml.window.end',
  /**
   * Not in §4 yet: the metric an alert's value is read from (`ml.drift.p_value`,
   * `ml.data_quality.missing_ratio`, ...), which tells apart the four data-quality
   * alerts of one feature.
   */
  alertMetric: 'ml.alert.metric',
  /** Not in §4 yet: where a drift alert's threshold came from (`calibrated`, `configured`, `default`). */
  alertThresholdSource: 'ml.alert.threshold_source',
} as const;

/** The instrumentation scope of the §4 signals and alerts. */
export const SIGNAL_SCOPE = 'modelwatch';

/** The event name of alert log records (§4). */
export const ALERT_EVENT_NAME = 'ml.alert';
