import { mixSeed } from '../evaluate/calibration/seeded-random.js';
import type { InferenceSink, ModelKey } from '../extract/inference-batch.js';
import type { AnyValue, Attributes, DataPoint, Metric, MetricsData } from '../otlp/types.js';
import type { ConsumeResult, MetricsConsumer } from '../pipeline/consumer.js';
import { bucketsOfPoint } from './exponential-buckets.js';
import { ModelIncrements } from './model-increments.js';
import { SeriesIncrements, type SeriesIncrementsOptions, type SeriesIncrementsSnapshot } from './series-increments.js';

/** CONVENTIONS.md §3's names. */
export const FEATURE_VALUE = 'ml.feature.value';
export const FEATURE_CATEGORY = 'ml.feature.category';
export const FEATURE_MISSING = 'ml.feature.missing';
export const INFERENCE_RECORDS = 'ml.inference.records';

/** Model versions known to send profiles, remembered at most (beyond, `limits.models` refuses them anyway). */
const MAX_PROFILED_VERSIONS = 10_000;

/**
 * What profiles mode keeps between requests, for a restart to go on from (kept with
 * the registry's snapshot in the data dir, at the same journal entry): the series'
 * last cumulative points and the listening start (SeriesIncrementsSnapshot), the
 * versions known to send profiles (whose `ml.inference.records` count), and the
 * request count that seeds each batch's shuffle, so a replayed request splits its
 * rows between reference and window as it did live.
 */
export interface ProfilesModeSnapshot {
  readonly series: SeriesIncrementsSnapshot;
  readonly profiled: readonly (readonly [model: string, version: string])[];
  readonly requests: number;
}

export interface ProfileMetricsConsumerOptions extends SeriesIncrementsOptions {
  /** The clock, for a batch's time. @default Date.now */
  readonly now?: () => number;
}

/**
 * Profiles mode on the processor's side (CONVENTIONS.md §3; issue 9): the
 * instrumentation's per-feature metrics, from any number of app replicas, become the
 * same rows span mode extracts, so a model version's reference, windows, verdicts and
 * signals are span mode's own. Per series (a replica's resource, the metric, its
 * attributes) a cumulative point is turned into what it added since the last one
 * (see SeriesIncrements); each request's increments are summed per model version
 * over the replicas in it, and handed to the sink as one batch (see
 * ModelIncrements.toBatch), which lands in the version's open window (or its
 * reference, while that is collected).
 *
 * `ml.inference.records` counts only for versions that sent a feature metric: a
 * spans-mode model's records are its spans'.
 */
export class ProfileMetricsConsumer implements MetricsConsumer {
  readonly #sink: InferenceSink;
  readonly #series: SeriesIncrements;
  readonly #now: () => number;
  /** `model\0version` of the versions that sent a feature metric, oldest first. */
  readonly #profiled = new Set<string>();
  /** The same by model, then version: what isProfiled looks up per span without building a key. */
  readonly #profiledByModel = new Map<string, Set<string>>();
  #requests = 0;

  constructor(sink: InferenceSink, options: ProfileMetricsConsumerOptions = {}) {
    this.#sink = sink;
    this.#series = new SeriesIncrements(options);
    this.#now = options.now ?? Date.now;
  }

  /** Cumulative series seen to restart. */
  get resets(): number {
    return this.#series.resets;
  }

  /** The state a restart needs (see ProfilesModeSnapshot). */
  snapshot(): ProfilesModeSnapshot {
    const profiled: [string, string][] = [];
    for (const id of this.#profiled) {
      const [model, version] = id.split('\u0000');
      profiled.push([model, version]);
    }
    return { series: this.#series.snapshot(), profiled, requests: this.#requests };
  }

  /** Replaces the state with a snapshot's, before the journal after it is replayed. */
  restore(saved: ProfilesModeSnapshot): void {
    this.#series.restore(saved.series);
    this.#profiled.clear();
    this.#profiledByModel.clear();
    for (const [model, version] of saved.profiled) this.#noteProfiled({ model, version });
    this.#requests = saved.requests;
  }

  consumeMetrics(data: MetricsData): ConsumeResult {
    const models = new Map<string, ModelIncrements>();
    const problems: string[] = [];
    let rejected = 0;
    const records: { key: ModelKey; count: number }[] = [];
    for (const resourceMetrics of data.resourceMetrics) {
      const replica = attributesKey(resourceMetrics.resource.attributes);
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) {
          if (!isProfileMetric(metric)) continue;
          for (const point of metric.dataPoints) {
            const problem = this.#take(replica, metric, point, models, records);
            if (problem !== undefined) {
              rejected++;
              if (problems.length < 3) problems.push(problem);
            }
          }
        }
      }
    }
    for (const { key, count } of records) {
      const id = versionId(key);
      if (this.#profiled.has(id)) (models.get(id) ?? newIncrements(models, key)).records += count;
    }
    const now = this.#now();
    const request = this.#requests++;
    for (const [id, increments] of models) {
      const refusal = this.#sink.refusal?.(increments.key);
      if (refusal !== undefined) {
        rejected++;
        if (problems.length < 3) problems.push(refusal);
        continue;
      }
      const batch = increments.toBatch(now, mixSeed(request, hashOf(id)));
      if (batch !== undefined) this.#sink.acceptInferences(batch);
    }
    return rejected === 0 ? { rejected: 0 } : { rejected, message: problems.join('; ') };
  }

  /** One point's increment into its model's; a sentence when the point cannot be read. */
  #take(replica: string, metric: Metric, point: DataPoint, models: Map<string, ModelIncrements>, records: { key: ModelKey; count: number }[]): string | undefined {
    const key = modelKeyOf(point.attributes);
    if (key === undefined) return `a ${metric.name} point has no ml.model.name`;
    const seriesKey = `${replica}\u0000${metric.name}\u0000${attributesKey(point.attributes)}`;
    const temporality = metric.aggregationTemporality ?? 0;
    if (metric.name === INFERENCE_RECORDS) {
      const count = countOf(point);
      if (count === undefined) return `an ${metric.name} point has no count`;
      const added = this.#series.sum(seriesKey, point.startTimeUnixMs, count, temporality);
      if (added > 0) records.push({ key, count: added });
      return undefined;
    }
    const feature = point.attributes.get('ml.feature.name');
    if (typeof feature !== 'string' || feature === '') return `a ${metric.name} point has no ml.feature.name`;
    this.#noteProfiled(key);
    const id = versionId(key);
    if (metric.name === FEATURE_VALUE) {
      const buckets = bucketsOfPoint(point);
      if (typeof buckets === 'string') return `${metric.name} of "${feature.slice(0, 64)}": ${buckets}`;
      const added = this.#series.histogram(seriesKey, point.startTimeUnixMs, buckets, temporality);
      if (added !== undefined) (models.get(id) ?? newIncrements(models, key)).addValues(feature, added);
      return undefined;
    }
    const count = countOf(point);
    if (count === undefined) return `a ${metric.name} point of "${feature.slice(0, 64)}" has no count`;
    const added = this.#series.sum(seriesKey, point.startTimeUnixMs, count, temporality);
    if (added === 0) return undefined;
    const increments = models.get(id) ?? newIncrements(models, key);
    if (metric.name === FEATURE_MISSING) {
      increments.addMissing(feature, added);
      return undefined;
    }
    const category = point.attributes.get('ml.feature.value');
    if (category === undefined) return `an ${metric.name} point of "${feature.slice(0, 64)}" has no ml.feature.value`;
    increments.addCategory(feature, typeof category === 'string' ? category : String(category), added);
    return undefined;
  }

  /** Whether the version sent a feature metric: its records are counted from the metrics, not from its spans. */
  isProfiled(model: string, version: string): boolean {
    return this.#profiledByModel.get(model)?.has(version) === true;
  }

  #noteProfiled(key: ModelKey): void {
    const id = versionId(key);
    if (this.#profiled.has(id)) return;
    this.#profiled.add(id);
    let versions = this.#profiledByModel.get(key.model);
    if (versions === undefined) this.#profiledByModel.set(key.model, (versions = new Set()));
    versions.add(key.version);
    if (this.#profiled.size > MAX_PROFILED_VERSIONS) {
      const oldest = this.#profiled.values().next().value!;
      this.#profiled.delete(oldest);
      const [model, version] = oldest.split('\u0000');
      this.#profiledByModel.get(model)?.delete(version);
      if (this.#profiledByModel.get(model)?.size === 0) this.#profiledByModel.delete(model);
    }
  }
}

function isProfileMetric(metric: Metric): boolean {
  switch (metric.name) {
    case FEATURE_VALUE:
      return metric.type === 'exponentialHistogram';
    case FEATURE_CATEGORY:
    case FEATURE_MISSING:
    case INFERENCE_RECORDS:
      return metric.type === 'sum' && metric.isMonotonic === true;
    default:
      return false;
  }
}

function newIncrements(models: Map<string, ModelIncrements>, key: ModelKey): ModelIncrements {
  const increments = new ModelIncrements(key);
  models.set(versionId(key), increments);
  return increments;
}

/** A counter's value as a whole count (the SDK exports doubles); undefined when absent, negative or not finite. */
function countOf(point: DataPoint): number | undefined {
  const value = point.value;
  return value !== undefined && Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
}

/** The point's model version, as spans name it (§1: an absent version is "unversioned"). */
function modelKeyOf(attributes: Attributes): ModelKey | undefined {
  const model = attributes.get('ml.model.name');
  if (typeof model !== 'string' || model === '') return undefined;
  const version = attributes.get('ml.model.version');
  return { model, version: typeof version === 'string' && version !== '' ? version : typeof version === 'number' ? String(version) : 'unversioned' };
}

function versionId(key: ModelKey): string {
  return `${key.model}\u0000${key.version}`;
}

/** The same text for the same attributes in any order: a replica's identity (its resource), or a series'. */
function attributesKey(attributes: Attributes): string {
  return JSON.stringify([...attributes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, value]) => [key, plain(value)]));
}

function plain(value: AnyValue): unknown {
  if (value instanceof Map) return [...value].map(([k, v]) => [k, plain(v)]);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

/** FNV-1a of a string, for a per-version shuffle seed. */
function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
