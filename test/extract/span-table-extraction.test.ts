import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_REMEMBERED_KEYS } from '../../src/extract/attribute-roles.js';
import { SpanExtractor } from '../../src/extract/span-extractor.js';
import type { InferenceBatch } from '../../src/extract/inference-batch.js';
import { decodeTracesJson } from '../../src/otlp/json/decode-traces-json.js';
import { decodeTracesProtobuf } from '../../src/otlp/protobuf/decode-traces-protobuf.js';
import { decodeTracesTable } from '../../src/otlp/protobuf/decode-traces-table.js';
import { ProtobufWriter } from '../../src/otlp/protobuf/protobuf-writer.js';
import { SpanKind, StatusCode } from '../../src/otlp/types.js';
import type { ConsumeResult } from '../../src/pipeline/consumer.js';
import { ingestPayloads } from '../../bench/ingest-payloads.js';
import { encodeTraces } from '../otlp/encode-protobuf.js';
import { readOtlpExample } from '../helpers/otlp-examples.js';
import { RecordingInferenceSink } from '../helpers/recording-inference-sink.js';
import { span, traces, type PlainValue } from './otlp-builders.js';

/*
 * The receiver reads protobuf /v1/traces as a SpanTable (consumeSpanTable) and
 * everything else as a tree (consumeTraces): both must hand the sink the same
 * batches in the same order and answer with the same rejections. Each side keeps one
 * extractor across requests, as the processor does, so its remembered keys are in play.
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

/** The two paths, each with its own extractor kept across requests. */
class BothPaths {
  readonly #treeSink = new RecordingInferenceSink();
  readonly #tableSink = new RecordingInferenceSink();
  readonly #tree = new SpanExtractor(this.#treeSink, { now: () => 7 });
  readonly #table = new SpanExtractor(this.#tableSink, { now: () => 7 });

  /** Asserts both paths agree on `body`; returns what the tree path made of it. */
  agree(body: Uint8Array, what: string): { batches: number; rows: number; result: ConsumeResult } {
    this.#treeSink.reset();
    this.#tableSink.reset();
    const tree = this.#tree.consumeTraces(decodeTracesProtobuf(body));
    const table = this.#table.consumeSpanTable(decodeTracesTable(body));
    assert.deepEqual(this.#tableSink.batches.map(described), this.#treeSink.batches.map(described), `${what}: batches`);
    assert.deepEqual(table, tree, `${what}: result`);
    return { batches: this.#treeSink.batches.length, rows: this.#treeSink.rows, result: tree };
  }
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
    span({ 'ml.model.name': null, 'ml.feature.age': 1 }),
    span({ 'ml.model.name': 'price', 'ml.feature.rooms': 3, 'error.type': 'timeout' }, { status: { code: StatusCode.ERROR, message: 'boom' } }),
    span({ 'ml.model.name': 'price', 'ml.feature.rooms': 3 }, { status: { code: StatusCode.ERROR, message: '' } }),
    span({ 'ml.model.name': 'price', 'ml.feature.rooms': { nested: 1 } }),
    span({ 'ml.model.name': 'price', 'ml.feature.rooms': 4 }, { endTimeUnixMs: 0, startTimeUnixMs: 0 }),
    span({ 'ml.model.name': 'price', 'ml.feature.': 4 }),
    span({ 'ml.model.name': 'price', 'ml.prediction.score': 1.5 }),
    span({ 'ml.model.name': 'price', 'ml.feature.rooms': 5, 'ml.prediction': [1], 'ml.inference.id': [''] }, { spanId: '' }),
    span({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.request.temperature': 0.2, 'gen_ai.usage.input_tokens': 12 }),
    span({ 'openinference.span.kind': 'LLM', 'llm.model_name': 'claude', 'llm.token_count.total': 42 }),
    span({ 'http.route': '/predict', 'http.response.status_code': 200 }),
    span({}),
  ));
}

/** A request of one scope whose spans are written by `spans`. */
function request(spans: (scope: ProtobufWriter) => void): Uint8Array {
  const w = new ProtobufWriter();
  w.messageField(1, (rs) => rs.messageField(2, spans));
  return w.finish();
}

/** A span of the given attributes, in order, repeated keys and all: strings, numbers (ints or doubles) or number arrays. */
function rawSpan(scope: ProtobufWriter, spanId: number, entries: [string, string | number | number[]][]): void {
  const value = (v: ProtobufWriter, x: string | number): void => {
    if (typeof x === 'string') v.stringField(1, x);
    else if (Number.isInteger(x)) v.varintField(3, x);
    else v.doubleField(4, x);
  };
  scope.messageField(2, (s) => {
    s.bytesField(2, Uint8Array.of(0, 0, 0, 0, 0, 0, 0, spanId));
    s.fixed64Field(8, 1_717_171_718_000_000_000);
    for (const [key, x] of entries) {
      s.messageField(9, (kv) => {
        kv.stringField(1, key);
        kv.messageField(2, (v) => {
          if (Array.isArray(x)) v.messageField(5, (a) => x.forEach((e) => a.messageField(1, (ev) => value(ev, e))));
          else value(v, x);
        });
      });
    }
  });
}

describe('SpanTable extraction agrees with the tree path', () => {
  it('on the extraction corpus: same batches, same rejections', () => {
    const { batches, result } = new BothPaths().agree(extractionCorpus(), 'corpus');
    assert.ok(batches >= 6, `the corpus makes batches (${batches})`);
    assert.ok(result.rejected >= 5, `the corpus has rejected spans (${result.rejected})`);
  });

  it('on the official OTLP trace example', () => {
    new BothPaths().agree(encodeTraces(decodeTracesJson(readOtlpExample('trace.json'))), 'trace.json');
  });

  it('on the ingest benchmark bodies (made by the OpenTelemetry JS SDK)', async () => {
    // Over a thousand attributes per request, as the benchmark's requests have.
    const payloads = await ingestPayloads({ models: 3, numericFeatures: 6, categoricalFeatures: 3, spansPerRequest: 120, requests: 3, seed: 11 });
    const paths = new BothPaths();
    for (const [i, body] of payloads.protobuf.entries()) {
      const { batches, rows, result } = paths.agree(body, `request ${i}`);
      assert.equal(rows, 120);
      // Per model, its first span alone, then the rest gathered as one batch of columns.
      assert.equal(batches, 6);
      assert.equal(result.rejected, 0);
    }
  });

  it('on spans whose models list different features in different orders', () => {
    const models: Record<string, PlainValue>[] = [
      { 'ml.model.name': 'a', 'ml.feature.x': 1, 'ml.feature.y': 'u', 'ml.prediction': 0.5 },
      { 'ml.feature.y': 'v', 'ml.model.name': 'b', 'ml.feature.z': 2.5, 'ml.prediction': 'no' },
      { 'ml.model.name': 'c', 'http.route': '/', 'ml.prediction': 1, 'ml.feature.x': null, 'ml.model.version': '2' },
    ];
    const paths = new BothPaths();
    for (let request = 0; request < 3; request++) {
      const { rows } = paths.agree(encodeTraces(traces(...Array.from({ length: 12 }, (_, i) => span(models[(i * (request + 1)) % 3])))), `request ${request}`);
      assert.equal(rows, 12);
    }
  });

  it('on repeated keys, which the tree keeps once, with the last value at the first place', () => {
    const body = request((ss) => {
      rawSpan(ss, 1, [['ml.model.name', 'm'], ['ml.feature.a', 1], ['ml.feature.b', 2], ['ml.feature.a', 3]]);
      rawSpan(ss, 2, [['ml.model.name', 'm'], ['ml.prediction', [1, 2]], ['ml.feature.a', [1, 2, 3]], ['ml.prediction', 5]]);
      rawSpan(ss, 3, [['ml.model.name', 'm'], ['ml.feature.a', 1], ['ml.model.name', 'n']]);
      rawSpan(ss, 4, [['ml.model.name', 'm'], ['http.route', '/a'], ['http.route', '/b'], ['ml.feature.a', 4]]);
      rawSpan(ss, 5, [['ml.model.name', 'm'], ['ml.prediction.proba.x', 0.2], ['ml.prediction.proba.x', 0.9]]);
      rawSpan(ss, 6, [['ml.model.name', 'm'], ['ml.feature.a', 1], ['ml.feature.b', 2]]);
    });
    const { batches, result } = new BothPaths().agree(body, 'repeated keys');
    assert.equal(batches + result.rejected, 6);
  });

  it('when the remembered keys start over in the middle of a span that repeats a key', () => {
    const paths = new BothPaths();
    const filler = (from: number, count: number): [string, number][] => Array.from({ length: count }, (_, i) => [`app.key.${from + i}`, i]);
    // The repeated feature comes back after more new keys than the roles remember: they start over between its two uses.
    const body = request((ss) => {
      rawSpan(ss, 1, [['ml.model.name', 'm'], ['ml.feature.a', 1], ...filler(0, MAX_REMEMBERED_KEYS + 10), ['ml.feature.a', 2]]);
      rawSpan(ss, 2, [['ml.model.name', 'm'], ['ml.feature.a', 3], ['ml.feature.b', 4]]);
      rawSpan(ss, 3, [['ml.model.name', 'm'], ...filler(MAX_REMEMBERED_KEYS, 300), ['ml.feature.b', 5], ['ml.feature.b', 6]]);
    });
    const { batches } = paths.agree(body, 'start over');
    assert.equal(batches, 3);
  });
});
