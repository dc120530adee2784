import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { LogExtractor, SpanExtractor } from '../../src/extract/index.js';
import { logsFromJson, tracesFromJson } from './otlp-json-example.js';
import { RecordingInferenceSink } from './recording-inference-sink.js';

/*
 * The official OTLP/JSON request examples (../shared/otlp-examples, from
 * opentelemetry-proto) carry no ml.* attributes: extraction must produce nothing
 * from them and reject nothing. They are decoded by a test-only converter until the
 * receiver's own JSON decoder exists.
 */
const EXAMPLES = new URL('../../../../shared/otlp-examples/', import.meta.url);
const available = existsSync(new URL('trace.json', EXAMPLES));

function read(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, EXAMPLES), 'utf8'));
}

describe('official OTLP examples', { skip: available ? false : 'shared/otlp-examples not found next to the repository' }, () => {
  it('trace.json: no inference batch, nothing rejected', () => {
    const sink = new RecordingInferenceSink();
    const data = tracesFromJson(read('trace.json'));
    assert.ok(data.resourceSpans[0].scopeSpans[0].spans.length > 0, 'the converter found the spans');
    assert.deepEqual(new SpanExtractor(sink).consumeTraces(data), { rejected: 0 });
    assert.equal(sink.batches.length, 0);
  });

  for (const name of ['logs.json', 'events.json']) {
    it(`${name}: no feedback, nothing rejected`, () => {
      const sink = new RecordingInferenceSink();
      const data = logsFromJson(read(name));
      assert.ok(data.resourceLogs[0].scopeLogs[0].logRecords.length > 0, 'the converter found the log records');
      assert.deepEqual(new LogExtractor(sink).consumeLogs(data), { rejected: 0 });
      assert.equal(sink.feedback.length, 0);
    });
  }
});
