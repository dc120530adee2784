import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpanExtractor } from '../../src/extract/span-extractor.js';
import type { InferenceBatch } from '../../src/extract/inference-batch.js';
import { decodeTracesJson } from '../../src/otlp/json/decode-traces-json.js';
import { decodeTracesProtobuf } from '../../src/otlp/protobuf/decode-traces-protobuf.js';
import { streamTracesProtobuf } from '../../src/otlp/protobuf/stream-traces-protobuf.js';
import { SpanKind, StatusCode } from '../../src/otlp/types.js';
import type { ConsumeResult } from '../../src/pipeline/consumer.js';
import { ingestPayloads } from '../../bench/ingest-payloads.js';
import { encodeTraces } from '../otlp/encode-protobuf.js';
import { readOtlpExample } from '../helpers/otlp-examples.js';
import { RecordingInferenceSink } from '../helpers/recording-inference-sink.js';
import { span, traces } from './otlp-builders.js';

/*
 * The receiver reads protobuf /v1/traces span by span (streamTracesProtobuf into
 * SpanExtractor.openSpanStream) and everything else as a tree (decodeTracesProtobuf
 * into consumeTraces): both must hand the sink the same batches in the same order
 * and answer with the same rejections.
 */

/** What a batch says, read through its public fields and columns. */
function described(batch: InferenceBatch): unknown {
  return {
    model: batch.model, version: batch.version, task: batch.task, rows: batch.rows, timeUnixMs: batch.timeUnixMs,
    traceId: batch.traceId, spanId: batch.spanId, errorType: batch.errorType, inferenceIds: batch.inferenceIds,
    features: batch.features, predictions: batch.predictions, scores: batch.scores, labels: batch.labels,
    probabilities: batch.probabilities, row: batch.row,
  };
}

function byTree(body: Uint8Array): { batches: unknown[]; result: ConsumeResult } {
  const sink = new RecordingInferenceSink();
  const result = new SpanExtractor(sink, { now: () => 7 }).consumeTraces(decodeTracesProtobuf(body));
  return { batches: sink.batches.map(described), result };
}

function byStream(body: Uint8Array): { batches: unknown[]; result: ConsumeResult; spans: number } {
  const sink = new RecordingInferenceSink();
  const stream = new SpanExtractor(sink, { now: () => 7 }).openSpanStream();
  const spans = streamTracesProtobuf(body, (s, resource, scope) => stream.consumeSpan(s, resource, scope));
  const result = stream.commit();
  return { batches: sink.batches.map(described), result, spans };
}

function assertSamePaths(body: Uint8Array, what: string): { batches: number; rejected: number } {
  const tree = byTree(body);
  const stream = byStream(body);
  assert.deepEqual(stream.batches, tree.batches, `${what}: batches`);
  assert.deepEqual(stream.result, tree.result, `${what}: result`);
  const spans = decodeTracesProtobuf(body).resourceSpans.flatMap((rs) => rs.scopeSpans).reduce((n, ss) => n + ss.spans.length, 0);
  assert.equal(stream.spans, spans, `${what}: span count`);
  return { batches: tree.batches.length, rejected: tree.result.rejected };
}

/** Inference spans good and bad, LLM spans of both conventions, and spans extraction ignores. */
function extractionCorpus(): Uint8Array {
  return encodeTraces(traces(
    span({
      'ml.model.name': 'churn', 'ml.model.version': '3.1.0', 'ml.model.task': 'classification', 'ml.inference.id': 'req-17',
      'ml.feature.age': 42, 'ml.feature.plan': 'pro', 'ml.feature.trial': false, 'ml.prediction': 'churn',
      'ml.prediction.score': 0.83, 'ml.prediction.proba.churn': 0.83, 'ml.prediction.proba.stay': 0.17, 'ml.label': 'stay',
    }, { kind: SpanKind.CLIENT }),
    span({ 'ml.model.name': 'churn', 'ml.batch.size': 3, 'ml.feature.age': [1, 2, 3], 'ml.prediction': ['a', 'b', 'a'], 'ml.inference.id': ['x', 'y', 'z'] }),
    span({ 'ml.model.name': 'churn', 'ml.batch.size': 2, 'ml.feature.age': [1, 2, 3] }),
    span({ 'ml.model.name': '', 'ml.feature.age': 1 }),
    span({ 'ml.model.name': 'price', 'ml.feature.rooms': 3, 'error.type': 'timeout' }, { status: { code: StatusCode.ERROR, message: 'boom' } }),
    span({ 'ml.model.name': 'price', 'ml.feature.rooms': { nested: 1 } }),
    span({ 'ml.model.name': 'price', 'ml.feature.rooms': 4 }, { endTimeUnixMs: 0, startTimeUnixMs: 0 }),
    span({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.request.temperature': 0.2, 'gen_ai.usage.input_tokens': 12 }),
    span({ 'openinference.span.kind': 'LLM', 'llm.model_name': 'claude', 'llm.token_count.total': 42 }),
    span({ 'http.route': '/predict', 'http.response.status_code': 200 }),
    span({}),
  ));
}

describe('span-by-span extraction agrees with the tree path', () => {
  it('on the extraction corpus: same batches, same rejections', () => {
    const { batches, rejected } = assertSamePaths(extractionCorpus(), 'corpus');
    assert.ok(batches >= 5, `the corpus makes batches (${batches})`);
    assert.ok(rejected >= 2, `the corpus has rejected spans (${rejected})`);
  });

  it('on the official OTLP trace example', () => {
    assertSamePaths(encodeTraces(decodeTracesJson(readOtlpExample('trace.json'))), 'trace.json');
  });

  it('on the ingest benchmark bodies (made by the OpenTelemetry JS SDK)', async () => {
    const payloads = await ingestPayloads({ models: 3, numericFeatures: 6, categoricalFeatures: 3, spansPerRequest: 40, requests: 3, seed: 11 });
    for (const [i, body] of payloads.protobuf.entries()) {
      const { batches, rejected } = assertSamePaths(body, `request ${i}`);
      assert.equal(batches, 40);
      assert.equal(rejected, 0);
    }
  });
});
