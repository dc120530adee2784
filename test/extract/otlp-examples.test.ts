import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogExtractor, SpanExtractor } from '../../src/extract/index.js';
import { decodeLogsJson, decodeTracesJson } from '../../src/otlp/index.js';
import { readOtlpExample } from '../helpers/otlp-examples.js';
import { RecordingInferenceSink } from '../helpers/recording-inference-sink.js';

/*
 * The official OTLP/JSON request examples carry no ml.* attributes: extraction must
 * produce nothing from them and reject nothing.
 */
describe('official OTLP examples', () => {
  it('trace.json: no inference batch, nothing rejected', () => {
    const sink = new RecordingInferenceSink();
    const data = decodeTracesJson(readOtlpExample('trace.json'));
    assert.ok(data.resourceSpans[0].scopeSpans[0].spans.length > 0, 'the example has spans');
    assert.deepEqual(new SpanExtractor(sink).consumeTraces(data), { rejected: 0 });
    assert.equal(sink.batches.length, 0);
  });

  for (const name of ['logs.json', 'events.json'] as const) {
    it(`${name}: no feedback, nothing rejected`, () => {
      const sink = new RecordingInferenceSink();
      const data = decodeLogsJson(readOtlpExample(name));
      assert.ok(data.resourceLogs[0].scopeLogs[0].logRecords.length > 0, 'the example has log records');
      assert.deepEqual(new LogExtractor(sink).consumeLogs(data), { rejected: 0 });
      assert.equal(sink.feedback.length, 0);
    });
  }
});
