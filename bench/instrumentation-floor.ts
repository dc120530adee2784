/**
 * The least work the SDK must do for what profiles mode exports, hand-written for the
 * benchmark's workload (no missing values, no capture rules, the categories known):
 * the span with the model's identity, batch size and ids; the call's duration and
 * record count; one histogram record per numeric value (the Metrics API takes no
 * pre-aggregated histogram); one counter add per category seen in the call, with
 * attribute objects built once. Profiles mode cannot be cheaper than this while its
 * metrics stay the same, so the benchmark prints it beside (d).
 */
import { type Attributes, SpanKind, type Tracer } from '@opentelemetry/api';
import type { Instruments } from '../instrumentation/instruments.js';
import { CLASSES, FEATURES, MODEL, type Row, type Scorer } from './instrumentation-workload.js';

export function sdkFloorBatch(tracer: Tracer, instruments: Instruments, scorer: Scorer, numeric: readonly string[]): (rows: readonly Row[]) => number[][] {
  const name = `${MODEL.name}-floor`;
  const identity: Attributes = { 'ml.model.name': name, 'ml.model.version': MODEL.version };
  const featureAttributes = new Map(FEATURES.map((feature) => [feature, { ...identity, 'ml.feature.name': feature }]));
  const categoryAttributes = new Map<string, Map<string, Attributes>>();
  const categoryOf = (feature: string, value: string): Attributes => {
    let byValue = categoryAttributes.get(feature);
    if (byValue === undefined) categoryAttributes.set(feature, (byValue = new Map()));
    let attributes = byValue.get(value);
    if (attributes === undefined) byValue.set(value, (attributes = { ...identity, 'ml.feature.name': feature, 'ml.feature.value': value }));
    return attributes;
  };
  const categorical = FEATURES.filter((feature) => !numeric.includes(feature));
  const counts = new Map<string, number>();
  const addCounts = (feature: string) => {
    for (const [value, count] of counts) instruments.featureCategory.add(count, categoryOf(feature, value));
    counts.clear();
  };
  return (rows) => {
    const span = tracer.startSpan(`predict ${name}`, { kind: SpanKind.INTERNAL });
    const started = performance.now();
    const p = scorer.scoreBatch(rows);
    const seconds = (performance.now() - started) / 1000;
    const spanId = span.spanContext().spanId;
    span.setAttributes({
      ...identity, 'ml.model.task': MODEL.task, 'ml.batch.size': rows.length,
      'ml.inference.id': rows.length === 1 ? spanId : rows.map((_, i) => `${spanId}:${i}`),
    });
    for (const feature of numeric) {
      const attributes = featureAttributes.get(feature)!;
      for (const row of rows) instruments.featureValue.record(row[feature] as number, attributes);
    }
    for (const feature of categorical) {
      for (const row of rows) counts.set(row[feature] as string, (counts.get(row[feature] as string) ?? 0) + 1);
      addCounts(feature);
    }
    for (const probabilities of p) {
      let best = 0;
      for (let k = 1; k < probabilities.length; k++) if (probabilities[k] > probabilities[best]) best = k;
      counts.set(CLASSES[best], (counts.get(CLASSES[best]) ?? 0) + 1);
    }
    addCounts('ml.prediction');
    instruments.records.add(rows.length, identity);
    instruments.duration.record(seconds, identity);
    span.end();
    return p;
  };
}
