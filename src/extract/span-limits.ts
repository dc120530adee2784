/** The `limits` a span breaks, as counted in `modelwatch.limits.breaches` (`modelwatch.limit`). */
export type LimitName = 'spans_per_request' | 'attributes_per_span' | 'string_length' | 'features_per_model' | 'models' | 'categories_per_feature';

/**
 * What one inference span may carry (the `limits` config section). A span past any of
 * them is rejected whole, with the reason in `partial_success`: cutting it down
 * (dropping attributes, truncating a string) would make a different model name,
 * feature or category than the app sent, and hide the instrumentation bug.
 */
export interface SpanLimits {
  /** Attributes of one span, read or not. */
  readonly attributesPerSpan: number;
  /** Characters of a read attribute's key, and of each string in its value. */
  readonly stringLength: number;
  /** `ml.feature.*` attributes of one span (a model's features are counted by its reference and windows). */
  readonly featuresPerSpan: number;
  /** Told of each breach, for the self-metrics. */
  readonly breached?: (limit: LimitName) => void;
}

/** The `limits` defaults, for extraction outside `modelwatch serve` (tests, the batch report). */
export const DEFAULT_SPAN_LIMITS: SpanLimits = Object.freeze({
  attributesPerSpan: 10_000,
  stringLength: 4_096,
  featuresPerSpan: 1_000,
});
