import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchPacker, BatchUnpacker } from '../../src/extract/batch-transfer.js';
import type { InferenceBatch } from '../../src/extract/inference-batch.js';
import { SpanExtractor } from '../../src/extract/span-extractor.js';
import { decodeTracesTable } from '../../src/otlp/protobuf/decode-traces-table.js';
import { ingestPayloads } from '../../bench/ingest-payloads.js';
import { RecordingInferenceSink } from '../helpers/recording-inference-sink.js';
import { mixedRequest } from '../helpers/registry-corpus.js';
import { variedRequests } from '../helpers/varied-traces.js';

/*
 * Batches packed on the extraction thread and made again on the event loop
 * (src/extract/batch-transfer.ts) must be the very batches extraction made: same
 * class, same members, same rows, ids and values to the bit (-0, NaN), whatever the
 * kind of span and however often the dictionary of texts starts again.
 */

/** Everything a consumer of a batch can read of it. */
function everything(batch: InferenceBatch): unknown {
  const ids = (identity: { traceId: string; spanId: string } | undefined) => identity && `${identity.traceId}/${identity.spanId}`;
  return {
    kind: batch.constructor.name,
    model: batch.model, version: batch.version, task: batch.task, rows: batch.rows, errorType: batch.errorType,
    timeUnixMs: batch.timeUnixMs, timesUnixMs: batch.timesUnixMs, traceId: batch.traceId, spanId: batch.spanId,
    inferenceIds: batch.inferenceIds, features: batch.features, predictions: batch.predictions, scores: batch.scores,
    labels: batch.labels, probabilities: batch.probabilities, row: batch.row,
    featureNames: batch.featureNames, featureColumns: batch.featureColumns?.map((column) => Array.from(column)),
    byRow: Array.from({ length: batch.rows }, (_, r) => ({ span: ids(batch.spanOfRow?.(r)), id: batch.inferenceIdOf?.(r), row: batch.rowOf?.(r) })),
  };
}

/**
 * How many feature columns of numbers only came back as a Float64Array, through
 * featureColumnOf; fails on one that came back otherwise.
 */
function heldAsNumbers(made: readonly InferenceBatch[], original: readonly InferenceBatch[]): number {
  let count = 0;
  for (const [b, batch] of made.entries()) {
    if (batch.constructor.name !== 'TableRowsBatch') continue;
    for (const [name, values] of original[b].features) {
      const numbers = batch.featureColumnOf?.(name);
      if (values.every((value) => typeof value === 'number')) {
        assert.ok(numbers instanceof Float64Array, `${name} of batch ${b} is held as numbers`);
        assert.deepEqual(Array.from(numbers), values);
        count++;
      } else assert.ok(Array.isArray(numbers), `${name} of batch ${b} is not all numbers: an array`);
    }
  }
  return count;
}

/** Each body's batches as extraction hands them on, with the body's span-id offsets. */
function extracted(bodies: readonly Uint8Array[]) {
  const sink = new RecordingInferenceSink();
  const extractor = new SpanExtractor(sink, { now: () => 1_717_171_800_000, limits: { attributesPerSpan: 128, stringLength: 4_096, featuresPerSpan: 64 } });
  return bodies.map((body) => {
    sink.reset();
    const table = decodeTracesTable(body);
    extractor.consumeSpanTable(table);
    return { body, batches: [...sink.batches], spanIdsAt: table.spanIdsAt, traceIdsAt: table.traceIdsAt };
  });
}

describe('batches packed for another thread', () => {
  it('come back as the very batches, of every kind, the dictionaries starting again many times, and after a new packer', async () => {
    const payloads = await ingestPayloads({ models: 3, numericFeatures: 5, categoricalFeatures: 2, spansPerRequest: 60, requests: 3, seed: 5 });
    const bodies = [...payloads.protobuf, mixedRequest(0, 1_717_171_800_000), ...variedRequests(40, 3), ...variedRequests(10, 4, { distinct: true })];
    let packer = new BatchPacker({ maxTexts: 8, maxNameSets: 3 });
    const unpacker = new BatchUnpacker();
    const kinds = new Set<string>();
    let slabs = new SharedArrayBuffer(64);
    let restarts = 0;
    let numericColumns = 0;
    for (const [i, request] of extracted(bodies).entries()) {
      const sent = packer.pack(request.batches, request.spanIdsAt, request.traceIdsAt, slabs);
      if (sent.fresh) restarts++;
      // A thread started again (the one before died): a new packer, the same mirror on the other side.
      if (i === 30) packer = new BatchPacker({ maxTexts: 8, maxNameSets: 3 });
      if (sent.slabsGrown) slabs = sent.slabs;
      // Shared memory lent again at once: what was made of it must not read it any more.
      const made = unpacker.unpack(sent, request.body);
      new Uint8Array(sent.slabs).fill(0xff);
      assert.deepEqual(made.map(everything), request.batches.map(everything), `request ${i}`);
      for (const batch of made) kinds.add(batch.constructor.name);
      numericColumns += heldAsNumbers(made, request.batches);
    }
    assert.ok(numericColumns > 100, `columns of numbers came back as numbers (${numericColumns})`);
    assert.deepEqual([...kinds].sort(), ['Object', 'SingleRowBatch', 'SpanRowsBatch', 'TableRowsBatch'], 'every kind of batch was sent');
    assert.ok(restarts >= 5, `the dictionaries started again (${restarts} times)`);
  });
});
