import type { SpanIdentity } from '../otlp/span-table.js';
import type { FeatureValue, InferenceBatch, InferenceRow } from './inference-batch.js';

/** What extraction read from a single-row inference span, every value already checked. */
export interface SingleRowFields {
  readonly model: string;
  readonly version: string;
  readonly task: string;
  readonly timeUnixMs: number;
  /** The span's trace and span ids: a Span, or ids a SpanTable makes into hex only when read. */
  readonly ids: SpanIdentity;
  /** `ml.inference.id`, or undefined for the default, the span id. */
  readonly inferenceId: string | undefined;
  readonly row: InferenceRow;
  readonly label: FeatureValue | undefined;
  /** Class names of `ml.prediction.proba.<class>`, or undefined when the span has none. */
  readonly probabilityClasses: readonly string[] | undefined;
  readonly probabilityValues: readonly (number | null)[] | undefined;
  readonly errorType: string | undefined;
}

/**
 * The InferenceBatch of a single-row span, holding its values as one row (`row`) and
 * making the one-element columns only when they are read. The window accumulator
 * reads the row; the columns serve everything else (reference collection, tests) and
 * are made once, then kept, so every read sees the same arrays.
 */
export class SingleRowBatch implements InferenceBatch {
  readonly model: string;
  readonly version: string;
  readonly task: string;
  readonly rows = 1;
  readonly timeUnixMs: number;
  readonly errorType: string | undefined;
  readonly row: InferenceRow;
  readonly #ids: SpanIdentity;
  readonly #inferenceId: string | undefined;
  readonly #label: FeatureValue | undefined;
  readonly #probabilityClasses: readonly string[] | undefined;
  readonly #probabilityValues: readonly (number | null)[] | undefined;
  #inferenceIds: string[] | undefined;
  #features: Map<string, FeatureValue[]> | undefined;
  #predictions: FeatureValue[] | undefined;
  #scores: (number | null)[] | undefined;
  #labels: FeatureValue[] | undefined;
  #probabilities: Map<string, (number | null)[]> | undefined;

  constructor(fields: SingleRowFields) {
    this.model = fields.model;
    this.version = fields.version;
    this.task = fields.task;
    this.timeUnixMs = fields.timeUnixMs;
    this.#ids = fields.ids;
    this.errorType = fields.errorType;
    this.row = fields.row;
    this.#inferenceId = fields.inferenceId;
    this.#label = fields.label;
    this.#probabilityClasses = fields.probabilityClasses;
    this.#probabilityValues = fields.probabilityValues;
  }

  /** `ml.inference.id` as the span sent it, undefined for the default (the span id). */
  get explicitInferenceId(): string | undefined {
    return this.#inferenceId;
  }

  /** `ml.label` of the row, undefined when the span has none. */
  get label(): FeatureValue | undefined {
    return this.#label;
  }

  /** Class names of `ml.prediction.proba.<class>`, undefined when the span has none. */
  get probabilityClasses(): readonly string[] | undefined {
    return this.#probabilityClasses;
  }

  /** The row's probability of each class of `probabilityClasses`, at the same index. */
  get probabilityValues(): readonly (number | null)[] | undefined {
    return this.#probabilityValues;
  }

  get traceId(): string {
    return this.#ids.traceId;
  }

  get spanId(): string {
    return this.#ids.spanId;
  }

  get inferenceIds(): string[] {
    return (this.#inferenceIds ??= [this.#inferenceId ?? this.#ids.spanId]);
  }

  get features(): Map<string, FeatureValue[]> {
    if (this.#features === undefined) {
      const { featureNames, featureValues } = this.row;
      this.#features = new Map();
      for (let i = 0; i < featureNames.length; i++) this.#features.set(featureNames[i], [featureValues[i]]);
    }
    return this.#features;
  }

  get predictions(): FeatureValue[] | undefined {
    const value = this.row.prediction;
    return value === undefined ? undefined : (this.#predictions ??= [value]);
  }

  get scores(): (number | null)[] | undefined {
    const value = this.row.score;
    return value === undefined ? undefined : (this.#scores ??= [value]);
  }

  get labels(): FeatureValue[] | undefined {
    const value = this.#label;
    return value === undefined ? undefined : (this.#labels ??= [value]);
  }

  get probabilities(): Map<string, (number | null)[]> | undefined {
    const classes = this.#probabilityClasses;
    const values = this.#probabilityValues;
    if (classes === undefined || values === undefined) return undefined;
    if (this.#probabilities === undefined) {
      this.#probabilities = new Map();
      for (let i = 0; i < classes.length; i++) this.#probabilities.set(classes[i], [values[i]]);
    }
    return this.#probabilities;
  }
}
