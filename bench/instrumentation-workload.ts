/**
 * The instrumentation benchmark's workload: rows of 20 features (17 numeric, 3
 * categorical strings), a cheap hand-written scorer (a linear model and a softmax
 * over 3 classes, returning each row's class probabilities), and the span a user
 * would write by hand around it with the same CONVENTIONS.md §1 attributes
 * `instrumentModel` emits — the baseline the instrumentation is judged against.
 */
import { type Attributes, type Counter, type Histogram, SpanKind, type Tracer } from '@opentelemetry/api';
import { seededRandom, standardNormal } from '../test/helpers/seeded-random.js';

/** One input row: a feature name per key, as an HTTP handler's parsed JSON body gives it. */
export type Row = Record<string, number | string>;

export const MODEL = { name: 'bench', version: '1', task: 'classification' as const };
export const CLASSES = ['low', 'medium', 'high'] as const;

const NUMERIC = Array.from({ length: 17 }, (_, j) => `x${j}`);
const CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  plan: ['basic', 'pro', 'enterprise'],
  country: ['fr', 'de', 'us', 'gb', 'es', 'it', 'nl', 'se', 'pl', 'br'],
  device: ['ios', 'android', 'web'],
};
/** The features in the order a row carries them (numeric first, categorical last). */
export const FEATURES = [...NUMERIC, ...Object.keys(CATEGORIES)];

/**
 * `count` rows drawn once from a fixed seed, and given as JSON.parse gives a request
 * body (objects of one shape with fast properties; built key by key, 20 keys would
 * leave them in V8's slower dictionary mode, unlike a service's rows). Numeric
 * features are non-negative (amounts, counts, durations): the SDK's histogram
 * instrument drops negative values, which would make profiles mode look cheaper than it is.
 */
export function makeRows(count: number, seed = 42): Row[] {
  const random = seededRandom(seed);
  const rows = Array.from({ length: count }, () => {
    const row: Row = {};
    NUMERIC.forEach((name, j) => {
      row[name] = Math.abs((j + 1) * standardNormal(random) + 2 * j);
    });
    for (const [name, values] of Object.entries(CATEGORIES)) row[name] = values[Math.floor(random() * values.length)];
    return row;
  });
  return JSON.parse(JSON.stringify(rows)) as Row[];
}

/** A linear model with a softmax: per-class weights for numbers, a weight per category. */
export interface Scorer {
  /** One row's class probabilities. */
  scoreRow(row: Row): number[];
  /** Each row's class probabilities (rows × classes). */
  scoreBatch(rows: readonly Row[]): number[][];
}

export function makeScorer(seed = 7): Scorer {
  const random = seededRandom(seed);
  const weights = CLASSES.map(() => NUMERIC.map(() => (random() - 0.5) / 10));
  const categoryWeights = CLASSES.map(() => Object.entries(CATEGORIES).map(([name, values]) => ({ name, weight: new Map(values.map((v) => [v, random() - 0.5])) })));
  const bias = CLASSES.map(() => random() - 0.5);
  const scoreRow = (row: Row): number[] => {
    const logits = new Array<number>(CLASSES.length);
    let max = -Infinity;
    for (let k = 0; k < CLASSES.length; k++) {
      let z = bias[k];
      const w = weights[k];
      for (let j = 0; j < NUMERIC.length; j++) z += w[j] * (row[NUMERIC[j]] as number);
      for (const { name, weight } of categoryWeights[k]) z += weight.get(row[name] as string) ?? 0;
      logits[k] = z;
      if (z > max) max = z;
    }
    let sum = 0;
    for (let k = 0; k < logits.length; k++) sum += logits[k] = Math.exp(logits[k] - max);
    for (let k = 0; k < logits.length; k++) logits[k] /= sum;
    return logits;
  };
  return { scoreRow, scoreBatch: (rows) => rows.map(scoreRow) };
}

const FEATURE_KEYS = FEATURES.map((name) => `ml.feature.${name}`);
const PROBA_KEYS = CLASSES.map((label) => `ml.prediction.proba.${label}`);

function argmax(p: readonly number[]): number {
  let best = 0;
  for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
  return best;
}

/**
 * The two per-call metrics of CONVENTIONS.md §3 (`ml.inference.duration`,
 * `ml.inference.records`), for the reference variant of the hand-written span that
 * also records them, as every instrumentation that emits them must.
 */
export interface CallMetrics {
  readonly duration: Histogram;
  readonly records: Counter;
}

const CALL_METRIC_ATTRIBUTES: Attributes = { 'ml.model.name': MODEL.name, 'ml.model.version': MODEL.version };

/**
 * What a user would write for one row without modelwatch: start a span, predict,
 * set the §1 attributes (identity, id, batch size, every feature, the predicted
 * label, its probability and each class's), end. Keys are built once, as a careful
 * user would; no context activation, no metrics, no error handling.
 */
export function handWrittenRow(tracer: Tracer, scorer: Scorer, metrics?: CallMetrics): (row: Row) => number[] {
  return (row) => {
    const span = tracer.startSpan(`predict ${MODEL.name}`, { kind: SpanKind.INTERNAL });
    const started = metrics === undefined ? 0 : performance.now();
    const p = scorer.scoreRow(row);
    if (metrics !== undefined) recordCall(metrics, started, 1);
    const best = argmax(p);
    const attributes: Attributes = {
      'ml.model.name': MODEL.name,
      'ml.model.version': MODEL.version,
      'ml.model.task': MODEL.task,
      'ml.batch.size': 1,
      'ml.inference.id': span.spanContext().spanId,
    };
    for (let j = 0; j < FEATURES.length; j++) attributes[FEATURE_KEYS[j]] = row[FEATURES[j]];
    attributes['ml.prediction'] = CLASSES[best];
    attributes['ml.prediction.score'] = p[best];
    for (let k = 0; k < CLASSES.length; k++) attributes[PROBA_KEYS[k]] = p[k];
    span.setAttributes(attributes);
    span.end();
    return p;
  };
}

function recordCall(metrics: CallMetrics, started: number, rows: number): void {
  metrics.duration.record((performance.now() - started) / 1000, CALL_METRIC_ATTRIBUTES);
  metrics.records.add(rows, CALL_METRIC_ATTRIBUTES);
}

/** The same for a batch: every attribute an array of one value per row. */
export function handWrittenBatch(tracer: Tracer, scorer: Scorer, metrics?: CallMetrics): (rows: readonly Row[]) => number[][] {
  return (rows) => {
    const span = tracer.startSpan(`predict ${MODEL.name}`, { kind: SpanKind.INTERNAL });
    const started = metrics === undefined ? 0 : performance.now();
    const p = scorer.scoreBatch(rows);
    if (metrics !== undefined) recordCall(metrics, started, rows.length);
    const spanId = span.spanContext().spanId;
    const attributes: Attributes = {
      'ml.model.name': MODEL.name,
      'ml.model.version': MODEL.version,
      'ml.model.task': MODEL.task,
      'ml.batch.size': rows.length,
      'ml.inference.id': rows.map((_, i) => `${spanId}:${i}`),
    };
    for (let j = 0; j < FEATURES.length; j++) {
      const name = FEATURES[j];
      attributes[FEATURE_KEYS[j]] = rows.map((row) => row[name]) as number[] | string[];
    }
    const best = p.map(argmax);
    attributes['ml.prediction'] = best.map((k) => CLASSES[k]);
    attributes['ml.prediction.score'] = best.map((k, i) => p[i][k]);
    for (let k = 0; k < CLASSES.length; k++) attributes[PROBA_KEYS[k]] = p.map((row) => row[k]);
    span.setAttributes(attributes);
    span.end();
    return p;
  };
}
