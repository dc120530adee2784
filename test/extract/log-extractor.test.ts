import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogExtractor } from '../../src/extract/index.js';
import { logRecord, logs, type PlainValue } from './otlp-builders.js';
import { RecordingInferenceSink } from '../helpers/recording-inference-sink.js';

const FEEDBACK = { 'ml.model.name': 'churn', 'ml.inference.id': 'req-17', 'ml.label': 'stay' };

function extractor(): { sink: RecordingInferenceSink; x: LogExtractor } {
  const sink = new RecordingInferenceSink();
  return { sink, x: new LogExtractor(sink, { now: () => 7 }) };
}

describe('LogExtractor: ml.feedback events (§2)', () => {
  it('reads an event named by the LogRecord event_name field', () => {
    const { sink, x } = extractor();
    const result = x.consumeLogs(logs(logRecord({ ...FEEDBACK, 'ml.model.version': '3' }, { eventName: 'ml.feedback' })));
    assert.deepEqual(result, { rejected: 0 });
    assert.deepEqual(sink.feedback, [{ model: 'churn', version: '3', inferenceId: 'req-17', label: 'stay', timeUnixMs: 1_717_171_800_000 }]);
    assert.equal(sink.batches.length, 0);
  });

  it('reads an event named by the event.name attribute of older SDKs, without a version', () => {
    const { sink, x } = extractor();
    x.consumeLogs(logs(logRecord({ 'event.name': 'ml.feedback', ...FEEDBACK, 'ml.label': 1 })));
    assert.deepEqual(sink.feedback.map((f) => [f.version, f.label]), [['', 1]]);
  });

  it('accepts bool, string and number labels, and dates by time, observed time, then the clock', () => {
    const { sink, x } = extractor();
    x.consumeLogs(logs(
      logRecord({ ...FEEDBACK, 'ml.label': true }, { eventName: 'ml.feedback', timeUnixMs: 5 }),
      logRecord({ ...FEEDBACK, 'ml.label': 'cat' }, { eventName: 'ml.feedback', timeUnixMs: 0, observedTimeUnixMs: 6 }),
      logRecord({ ...FEEDBACK, 'ml.label': 2.5 }, { eventName: 'ml.feedback', timeUnixMs: 0, observedTimeUnixMs: 0 }),
    ));
    assert.deepEqual(sink.feedback.map((f) => [f.label, f.timeUnixMs]), [[true, 5], ['cat', 6], [2.5, 7]]);
  });

  it('ignores other log records and events, even with ml.* attributes', () => {
    const { sink, x } = extractor();
    const result = x.consumeLogs(logs(
      logRecord({ ...FEEDBACK }),
      logRecord({ ...FEEDBACK }, { eventName: 'browser.page_view' }),
      logRecord({ ...FEEDBACK, 'event.name': 'ml.feedback' }, { eventName: 'ml.alert' }),
      logRecord({ 'event.name': 'ml.alert' }),
    ));
    assert.deepEqual(result, { rejected: 0 });
    assert.equal(sink.feedback.length, 0);
  });

  const BROKEN: [string, Record<string, PlainValue>, RegExp][] = [
    ['no model name', { 'ml.inference.id': 'a', 'ml.label': 1 }, /ml\.model\.name is missing/],
    ['an empty model name', { ...FEEDBACK, 'ml.model.name': '' }, /ml\.model\.name is empty/],
    ['a numeric model name', { ...FEEDBACK, 'ml.model.name': 5 }, /ml\.model\.name is a number; expected a string/],
    ['no inference id', { 'ml.model.name': 'm', 'ml.label': 1 }, /ml\.inference\.id is missing/],
    ['an array of inference ids', { ...FEEDBACK, 'ml.inference.id': ['a', 'b'] }, /ml\.inference\.id is an array/],
    ['no label', { 'ml.model.name': 'm', 'ml.inference.id': 'a' }, /ml\.label is missing/],
    ['an empty label', { ...FEEDBACK, 'ml.label': null }, /ml\.label is missing/],
    ['a kvlist label', { ...FEEDBACK, 'ml.label': { a: 1 } }, /ml\.label is a kvlist; expected a bool, string or finite number/],
    ['a NaN label', { ...FEEDBACK, 'ml.label': NaN }, /ml\.label is NaN/],
    ['a numeric version', { ...FEEDBACK, 'ml.model.version': 3 }, /ml\.model\.version is a number; expected a string/],
  ];

  for (const [what, attrs, reason] of BROKEN) {
    it(`rejects a feedback event with ${what}, alone`, () => {
      const { sink, x } = extractor();
      const result = x.consumeLogs(logs(
        logRecord(FEEDBACK, { eventName: 'ml.feedback' }),
        logRecord({ 'http.route': '/x' }),
        logRecord(attrs, { eventName: 'ml.feedback' }),
        logRecord({ ...FEEDBACK, 'ml.inference.id': 'other' }, { eventName: 'ml.feedback' }),
      ));
      assert.equal(result.rejected, 1);
      assert.match(result.message!, /^1 feedback event rejected: log record 2 of the request: /);
      assert.match(result.message!, reason);
      assert.deepEqual(sink.feedback.map((f) => f.inferenceId), ['req-17', 'other']);
    });
  }

  it('counts every rejected event and reports the first', () => {
    const { sink, x } = extractor();
    const records = BROKEN.flatMap(([, attrs]) => [logRecord(attrs, { eventName: 'ml.feedback' }), logRecord(FEEDBACK, { eventName: 'ml.feedback' })]);
    const result = x.consumeLogs(logs(...records));
    assert.equal(result.rejected, BROKEN.length);
    assert.match(result.message!, new RegExp(`^${BROKEN.length} feedback events rejected; the first: log record 0 of the request: ml\\.model\\.name is missing`));
    assert.equal(sink.feedback.length, BROKEN.length);
  });
});
