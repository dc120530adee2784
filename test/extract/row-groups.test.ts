import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { parseConfig } from '../../src/config/load-config.js';
import type { FeedbackRecord, InferenceBatch, InferenceSink } from '../../src/extract/inference-batch.js';
import { SpanExtractor } from '../../src/extract/span-extractor.js';
import { SpanRowsBatch } from '../../src/extract/span-rows-batch.js';
import { TableRowsBatch } from '../../src/extract/table-rows.js';
import type { ModelRegistry } from '../../src/model/model-registry.js';
import { decodeTracesProtobuf } from '../../src/otlp/protobuf/decode-traces-protobuf.js';
import { decodeTracesTable } from '../../src/otlp/protobuf/decode-traces-table.js';
import { MonitoringPipeline } from '../../src/serve/monitoring-pipeline.js';
import { ingestPayloads } from '../../bench/ingest-payloads.js';
import { RecordingInferenceSink } from '../helpers/recording-inference-sink.js';
import { span, traces } from './otlp-builders.js';
import { mixedRequest, registryState as state } from '../helpers/registry-corpus.js';

/*
 * Extraction hands the registry a run of single-row spans of one model as one batch
 * of columns (RowGroups, SpanRowsBatch). The registry must end where it would if each
 * span came alone, as every span did before: same references (collection completes
 * in the middle of a run here), open windows, join, retraining samples, rejections.
 */

const NOW = 1_717_171_800_000;

function pipeline(): MonitoringPipeline {
  return new MonitoringPipeline(parseConfig([
    'windows: { duration: 60s, min_records: 5 }',
    'reference: { size: 25 }',
    'drift: { calibrate: false }',
    'feedback: { retain_predictions: always }',
    'limits: { models: 6 }',
  ].join('\n'), { name: 'row-groups.yaml', baseDir: process.cwd() }), { sink: { publish: () => undefined }, now: () => NOW });
}

/** The registry, taking every gathered run apart into its spans, each handed on alone. */
function oneByOne(registry: ModelRegistry): InferenceSink {
  const apart = (accept: (batch: InferenceBatch) => void) => (batch: InferenceBatch) => {
    if (batch instanceof SpanRowsBatch) for (const single of batch.spans) accept(single);
    else accept(batch);
  };
  return {
    acceptInferences: apart((batch) => registry.acceptInferences(batch)),
    acceptFeedback: (feedback: FeedbackRecord) => registry.acceptFeedback(feedback),
    requestAcceptor: () => apart(registry.requestAcceptor()),
    refusal: (key) => registry.refusal(key),
  };
}

describe('rows gathered into batches of columns', () => {
  const grouped = pipeline();
  const alone = pipeline();
  after(() => Promise.all([grouped.shutdown(), alone.shutdown()]));

  it('leave the registry as the spans one by one do', async () => {
    const groupedExtractor = new SpanExtractor(grouped.registry, { now: () => NOW });
    const aloneExtractor = new SpanExtractor(oneByOne(alone.registry), { now: () => NOW });
    let gathered = 0;
    const counting = new SpanExtractor({
      acceptInferences: (batch) => { if (batch instanceof TableRowsBatch) gathered++; },
      acceptFeedback: () => undefined,
    });
    const payloads = await ingestPayloads({ models: 3, numericFeatures: 5, categoricalFeatures: 2, spansPerRequest: 40, requests: 3, seed: 5 });
    const bodies = [...payloads.protobuf, mixedRequest(0, NOW), mixedRequest(1, NOW), ...payloads.protobuf];
    for (const [i, body] of bodies.entries()) {
      // Grouped: the receiver's path (a SpanTable; runs read by position into TableRows). Alone: the tree, span by span.
      const result = groupedExtractor.consumeSpanTable(decodeTracesTable(body));
      assert.deepEqual(result, aloneExtractor.consumeTraces(decodeTracesProtobuf(body)), `request ${i}: the same answer`);
      counting.consumeSpanTable(decodeTracesTable(body));
      for (const registry of [grouped.registry, alone.registry]) {
        registry.acceptFeedback({ model: 'churn', version: '', inferenceId: `r${i % 2}-3`, label: 'churn', timeUnixMs: NOW });
      }
    }
    assert.ok(gathered >= 10, `runs were read by position (${gathered} batches of several spans)`);
    assert.ok(state(grouped.registry).snapshot.states.length >= 6, 'the corpus reaches several model versions');
    assert.deepEqual(state(grouped.registry), state(alone.registry));
  });
});

describe('rows gathered into batches of columns, whatever the mix of spans', () => {
  it('lose no row and keep each model\'s rows in the order they came', () => {
    // A seeded mix: three models, shapes changing at random, a batch span or a broken one now and then.
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const sink = new RecordingInferenceSink();
    const extractor = new SpanExtractor(sink, { now: () => NOW });
    const expected = new Map<string, string[]>();
    for (let request = 0; request < 20; request++) {
      const spans = [];
      for (let i = 0; i < 60; i++) {
        const model = ['a', 'b', 'c'][Math.floor(random() * 3)];
        const id = `${request}-${i}`;
        const roll = random();
        if (roll < 0.05) {
          spans.push(span({ 'ml.model.name': model, 'ml.feature.x': { nested: 1 }, 'ml.inference.id': id }));
          continue;
        }
        if (roll < 0.1) {
          spans.push(span({ 'ml.model.name': model, 'ml.batch.size': 2, 'ml.feature.x': [1, 2], 'ml.inference.id': [`${id}:0`, `${id}:1`] }));
          expected.set(model, [...(expected.get(model) ?? []), `${id}:0`, `${id}:1`]);
          continue;
        }
        const attributes: Record<string, string | number> = { 'ml.model.name': model, 'ml.inference.id': id, 'ml.feature.x': i };
        if (random() < 0.3) attributes['ml.feature.y'] = 'u';
        if (random() < 0.2) attributes['ml.label'] = 'yes';
        if (random() < 0.2) attributes['ml.model.version'] = '2';
        spans.push(span(attributes));
        expected.set(model, [...(expected.get(model) ?? []), id]);
      }
      extractor.consumeTraces(traces(...spans));
    }
    const seen = new Map<string, string[]>();
    for (const batch of sink.batches) seen.set(batch.model, [...(seen.get(batch.model) ?? []), ...batch.inferenceIds]);
    assert.deepEqual(seen, expected);
    assert.ok(sink.batches.some((batch) => batch instanceof SpanRowsBatch && batch.rows > 2), 'runs were gathered');
  });
});
