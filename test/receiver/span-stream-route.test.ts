import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpanExtractor } from '../../src/extract/span-extractor.js';
import { ProtobufWriter } from '../../src/otlp/protobuf/protobuf-writer.js';
import type { TracesConsumer } from '../../src/pipeline/consumer.js';
import { PROTOBUF_MEDIA_TYPE } from '../../src/receiver/media-type.js';
import { otlpRouteHandlers, type OtlpConsumers } from '../../src/receiver/otlp-routes.js';
import { ReceiverStats } from '../../src/receiver/receiver-stats.js';
import type { RouteResponse } from '../../src/receiver/route.js';
import { RecordingInferenceSink } from '../helpers/recording-inference-sink.js';
import { encodeTraces } from '../otlp/encode-protobuf.js';
import { span, traces } from '../extract/otlp-builders.js';

/*
 * Protobuf /v1/traces goes span by span when the consumer can take spans so
 * (SpanExtractor can): a body that fails to decode half-way must be answered as the
 * tree path answers it, and leave nothing of its first spans in the sink.
 */

const OTHERS = { logs: { consumeLogs: () => ({ rejected: 0 }) }, metrics: { consumeMetrics: () => ({ rejected: 0 }) } };

function post(traces: TracesConsumer, body: Uint8Array): RouteResponse {
  const consumers: OtlpConsumers = { traces, ...OTHERS };
  const answer = otlpRouteHandlers(consumers, new ReceiverStats()).traces({
    method: 'POST', path: '/v1/traces', query: '', mediaType: PROTOBUF_MEDIA_TYPE, headers: {}, body: Buffer.from(body),
  });
  assert.ok(!(answer instanceof Promise), 'the traces route answers synchronously');
  return answer;
}

/** Valid inference spans in a first ResourceSpans, then one whose trace id has 3 bytes. */
function halfBadBody(): Uint8Array {
  const good = encodeTraces(traces(...Array.from({ length: 6 }, (_, i) => span({ 'ml.model.name': 'm', 'ml.feature.x': i }))));
  const w = new ProtobufWriter();
  w.messageField(1, (rs) => rs.messageField(2, (ss) => ss.messageField(2, (s) => s.bytesField(1, new Uint8Array(3)))));
  return Buffer.concat([good, w.finish()]);
}

describe('protobuf /v1/traces span by span', () => {
  it('answers a body that fails half-way with the tree path\'s 400, and applies none of it', () => {
    const streamed = new RecordingInferenceSink();
    const streaming = new SpanExtractor(streamed);
    const tree = new SpanExtractor(new RecordingInferenceSink());
    const treeOnly: TracesConsumer = { consumeTraces: (data) => tree.consumeTraces(data) };
    const body = halfBadBody();

    const answer = post(streaming, body);
    assert.equal(answer.status, 400);
    assert.deepEqual(answer, post(treeOnly, body));
    assert.equal(streamed.batches.length, 0, 'no span of the refused body reached the sink');

    const good = encodeTraces(traces(span({ 'ml.model.name': 'm', 'ml.feature.x': 1 }), span({ 'ml.model.name': '' })));
    const accepted = post(streaming, good);
    assert.equal(accepted.status, 200);
    assert.deepEqual(accepted, post(treeOnly, good), 'the same partial_success either way');
    assert.equal(streamed.batches.length, 1);
  });

  it('lets the consumer\'s own throw through (the receiver answers 500), not as an undecodable body', () => {
    const failing = new SpanExtractor({ acceptInferences: () => undefined, acceptFeedback: () => undefined });
    const original = failing.openSpanStream.bind(failing);
    failing.openSpanStream = () => ({ ...original(), consumeSpan: () => { throw new Error('consumer bug'); } });
    assert.throws(() => post(failing, encodeTraces(traces(span({ 'ml.model.name': 'm' })))), /consumer bug/);
  });
});
