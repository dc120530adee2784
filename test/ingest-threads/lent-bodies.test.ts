import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { InferenceBatch, InferenceSink, ModelKey } from '../../src/extract/inference-batch.js';
import { spanExtractorOf, type ExtractionSettings } from '../../src/ingest-threads/extraction-messages.js';
import { ThreadedSpanExtraction } from '../../src/ingest-threads/threaded-span-extraction.js';
import { decodeTracesTable } from '../../src/otlp/protobuf/decode-traces-table.js';
import { ingestPayloads } from '../../bench/ingest-payloads.js';
import { consumeInLentMemory } from '../helpers/lent-body.js';
import { RecordingInferenceSink } from '../helpers/recording-inference-sink.js';
import { mixedRequest } from '../helpers/registry-corpus.js';
import { variedRequests } from '../helpers/varied-traces.js';

/*
 * ThreadedSpanExtraction.bodyPool: the receiver reads a protobuf body into memory
 * the extraction threads share, and lends it again once the request is answered.
 * Nothing handed to the sink may read that memory afterwards: batches kept past the
 * request (as a sink may keep them) still give every row's span ids as extraction in
 * place does, both for a request the thread answered and for one extracted again in
 * place because the sink might refuse one of its versions.
 */

const NOW = 1_717_171_800_000;
const SETTINGS: ExtractionSettings = { attributesPerSpan: 128, stringLength: 4_096, featuresPerSpan: 64, spansPerRequest: 10_000 };

/** Keeps every batch; refuses the model `price`, so requests with it are extracted again in place. */
class RefusingSink extends RecordingInferenceSink implements InferenceSink {
  refusal(key: ModelKey): string | undefined {
    return key.model === 'price' ? 'price is not monitored here' : undefined;
  }

  refusesNone(keys: readonly ModelKey[]): boolean {
    return keys.every((key) => this.refusal(key) === undefined);
  }

  override acceptInferences(batch: InferenceBatch): void {
    if (this.refusal(batch) === undefined) super.acceptInferences(batch);
  }
}

/** What a kept batch says of its rows' spans, read now. */
function ids(batch: InferenceBatch): unknown {
  return {
    model: batch.model, version: batch.version, rows: batch.rows, traceId: batch.traceId, spanId: batch.spanId,
    inferenceIds: batch.inferenceIds,
    spans: Array.from({ length: batch.rows }, (_, row) => {
      const span = batch.spanOfRow?.(row);
      return span === undefined ? undefined : `${span.traceId}/${span.spanId}`;
    }),
  };
}

const extractions: ThreadedSpanExtraction[] = [];
after(() => Promise.all(extractions.map((extraction) => extraction.close())));

test('batches from lent bodies keep their span ids after the memory is lent again', async () => {
  const inPlaceSink = new RefusingSink();
  const inPlace = spanExtractorOf(inPlaceSink, SETTINGS, () => NOW);
  const threadedSink = new RefusingSink();
  const threaded = new ThreadedSpanExtraction(spanExtractorOf(threadedSink, SETTINGS, () => NOW), threadedSink, {
    threads: 1, settings: SETTINGS, now: () => NOW,
  });
  extractions.push(threaded);
  const payloads = await ingestPayloads({ models: 3, numericFeatures: 4, categoricalFeatures: 2, spansPerRequest: 50, requests: 3, seed: 8 });
  const bodies = [...payloads.protobuf, mixedRequest(0, NOW), ...variedRequests(15, 9), mixedRequest(1, NOW)];

  for (const [i, body] of bodies.entries()) {
    const expected = inPlace.consumeSpanTable(decodeTracesTable(body));
    const outcome = await consumeInLentMemory(threaded, body);
    assert.ok(outcome.undecodable === undefined, `request ${i} decodes`);
    assert.deepEqual(outcome.result, expected, `request ${i}`);
  }

  const kept = threadedSink.batches;
  assert.ok(kept.some((batch) => batch.constructor.name === 'TableRowsBatch'), 'the thread sent rows of table spans');
  assert.equal(kept.length, inPlaceSink.batches.length);
  assert.deepEqual(kept.map(ids), inPlaceSink.batches.map(ids));
  assert.ok(threaded.answered >= bodies.length, 'the thread answered every request');
});
