import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_BATCH_ROWS, SpanExtractor, UNKNOWN_ERROR_TYPE } from '../../src/extract/index.js';
import { SpanKind, StatusCode } from '../../src/otlp/types.js';
import { span, traces, type PlainValue } from './otlp-builders.js';
import { RecordingInferenceSink } from '../helpers/recording-inference-sink.js';

function extractor(now = () => 42): { sink: RecordingInferenceSink; extractor: SpanExtractor } {
  const sink = new RecordingInferenceSink();
  return { sink, extractor: new SpanExtractor(sink, { now }) };
}

describe('SpanExtractor: one-row inference spans (§1)', () => {
  it('reads every attribute of the convention', () => {
    const { sink, extractor: x } = extractor();
    const s = span({
      'ml.model.name': 'churn',
      'ml.model.version': '3.1.0',
      'ml.model.task': 'classification',
      'ml.inference.id': 'req-17',
      'ml.batch.size': 1,
      'ml.feature.age': 42,
      'ml.feature.plan': 'pro',
      'ml.feature.trial': false,
      'ml.feature.balance': 1234.5,
      'ml.prediction': 'churn',
      'ml.prediction.score': 0.83,
      'ml.prediction.proba.churn': 0.83,
      'ml.prediction.proba.stay': 0.17,
      'ml.label': 'stay',
      'http.route': '/predict',
    }, { kind: SpanKind.CLIENT });
    assert.deepEqual(x.consumeTraces(traces(s)), { rejected: 0 });
    assert.equal(sink.batches.length, 1);
    const b = sink.batches[0];
    assert.equal(b.model, 'churn');
    assert.equal(b.version, '3.1.0');
    assert.equal(b.task, 'classification');
    assert.equal(b.rows, 1);
    assert.equal(b.timeUnixMs, s.endTimeUnixMs);
    assert.equal(b.traceId, s.traceId);
    assert.equal(b.spanId, s.spanId);
    assert.deepEqual(b.inferenceIds, ['req-17']);
    assert.deepEqual([...b.features], [['age', [42]], ['plan', ['pro']], ['trial', [false]], ['balance', [1234.5]]]);
    assert.deepEqual(b.predictions, ['churn']);
    assert.deepEqual(b.scores, [0.83]);
    assert.deepEqual([...b.probabilities!], [['churn', [0.83]], ['stay', [0.17]]]);
    assert.deepEqual(b.labels, ['stay']);
    assert.equal(b.errorType, undefined);
  });

  it('applies the defaults: unversioned, no task, span id as inference id, end time', () => {
    const { sink, extractor: x } = extractor();
    const s = span({ 'ml.model.name': 'm', 'ml.feature.x': 1 });
    x.consumeTraces(traces(s));
    const b = sink.batches[0];
    assert.equal(b.version, 'unversioned');
    assert.equal(b.task, '');
    assert.equal(b.rows, 1);
    assert.deepEqual(b.inferenceIds, [s.spanId]);
    assert.equal(b.predictions, undefined);
    assert.equal(b.scores, undefined);
    assert.equal(b.probabilities, undefined);
    assert.equal(b.labels, undefined);
  });

  it('treats an empty version, inference id or feature value as absent or missing', () => {
    const { sink, extractor: x } = extractor();
    const s = span({ 'ml.model.name': 'm', 'ml.model.version': '', 'ml.inference.id': '', 'ml.feature.x': null });
    x.consumeTraces(traces(s));
    const b = sink.batches[0];
    assert.equal(b.version, 'unversioned');
    assert.deepEqual(b.inferenceIds, [s.spanId]);
    assert.deepEqual(b.features.get('x'), [null]);
  });

  it('dates the batch by the end time, else the start time, else the clock', () => {
    const { sink, extractor: x } = extractor(() => 99);
    x.consumeTraces(traces(
      span({ 'ml.model.name': 'm' }, { startTimeUnixMs: 10, endTimeUnixMs: 20 }),
      span({ 'ml.model.name': 'm' }, { startTimeUnixMs: 10, endTimeUnixMs: 0 }),
      span({ 'ml.model.name': 'm' }, { startTimeUnixMs: 0, endTimeUnixMs: 0 }),
    ));
    // The first span alone, the two after it gathered as one batch with a time per row.
    assert.deepEqual(sink.batches.flatMap((b) => b.timesUnixMs ?? [b.timeUnixMs]), [20, 10, 99]);
  });

  it('marks failed calls: error.type, else _OTHER for an ERROR status', () => {
    const { sink, extractor: x } = extractor();
    x.consumeTraces(traces(
      span({ 'ml.model.name': 'm', 'error.type': 'TimeoutError' }),
      span({ 'ml.model.name': 'm', 'error.type': 'ValueError' }, { status: { code: StatusCode.ERROR, message: 'bad input' } }),
      span({ 'ml.model.name': 'm' }, { status: { code: StatusCode.ERROR, message: 'boom' } }),
      span({ 'ml.model.name': 'm' }, { status: { code: StatusCode.OK, message: '' } }),
    ));
    assert.deepEqual(sink.batches.map((b) => b.errorType), ['TimeoutError', 'ValueError', UNKNOWN_ERROR_TYPE, undefined]);
  });

  it('accepts one-element arrays for one row, and ignores unknown ml.* keys', () => {
    const { sink, extractor: x } = extractor();
    const result = x.consumeTraces(traces(span({
      'ml.model.name': 'm', 'ml.feature.x': [3], 'ml.prediction': [1], 'ml.inference.id': ['a'], 'ml.future.thing': { a: 1 },
    })));
    assert.deepEqual(result, { rejected: 0 });
    assert.deepEqual(sink.batches[0].features.get('x'), [3]);
    assert.deepEqual(sink.batches[0].predictions, [1]);
    assert.deepEqual(sink.batches[0].inferenceIds, ['a']);
  });

  it('ignores spans that are not inference spans, without rejecting them', () => {
    const { sink, extractor: x } = extractor();
    const http = span({ 'http.request.method': 'GET', 'url.path': '/health', 'ml.feature.x': 1 }, { kind: SpanKind.SERVER });
    const db = span({ 'db.system.name': 'postgresql', 'db.query.text': 'select 1' }, { kind: SpanKind.CLIENT });
    assert.deepEqual(x.consumeTraces(traces(http, db)), { rejected: 0 });
    assert.equal(sink.batches.length, 0);
    assert.deepEqual(x.consumeTraces({ resourceSpans: [] }), { rejected: 0 });
  });
});

describe('SpanExtractor: batches (§1)', () => {
  it('reads a batch of N rows column by column, with default ids <span id>:<row>', () => {
    const { sink, extractor: x } = extractor();
    const s = span({
      'ml.model.name': 'churn',
      'ml.batch.size': 3,
      'ml.feature.age': [30, null, 50],
      'ml.feature.plan': ['free', 'pro', null],
      'ml.feature.trial': [true, false, true],
      'ml.prediction': [0, 1, 1],
      'ml.prediction.score': [0.1, null, 0.9],
      'ml.prediction.proba.yes': [0.1, 0.6, 0.9],
      'ml.label': [0, 1, null],
    });
    assert.deepEqual(x.consumeTraces(traces(s)), { rejected: 0 });
    const b = sink.batches[0];
    assert.equal(b.rows, 3);
    assert.deepEqual(b.inferenceIds, [`${s.spanId}:0`, `${s.spanId}:1`, `${s.spanId}:2`]);
    assert.deepEqual(b.features.get('age'), [30, null, 50]);
    assert.deepEqual(b.features.get('plan'), ['free', 'pro', null]);
    assert.deepEqual(b.features.get('trial'), [true, false, true]);
    assert.deepEqual(b.predictions, [0, 1, 1]);
    assert.deepEqual(b.scores, [0.1, null, 0.9]);
    assert.deepEqual(b.probabilities!.get('yes'), [0.1, 0.6, 0.9]);
    assert.deepEqual(b.labels, [0, 1, null]);
  });

  it('takes given ids per row and fills null or empty ones with the default', () => {
    const { sink, extractor: x } = extractor();
    const s = span({ 'ml.model.name': 'm', 'ml.batch.size': 3, 'ml.inference.id': ['a', null, ''] });
    x.consumeTraces(traces(s));
    assert.deepEqual(sink.batches[0].inferenceIds, ['a', `${s.spanId}:1`, `${s.spanId}:2`]);
    const all = span({ 'ml.model.name': 'm', 'ml.batch.size': 2, 'ml.inference.id': ['a', 'b'] });
    x.consumeTraces(traces(all));
    assert.deepEqual(sink.batches[1].inferenceIds, ['a', 'b']);
  });

  it('infers the rows from the arrays when ml.batch.size is absent', () => {
    const { sink, extractor: x } = extractor();
    const s = span({ 'ml.model.name': 'm', 'ml.feature.a': [1, 2, 3, 4], 'ml.prediction': ['x', 'y', 'x', 'y'] });
    assert.deepEqual(x.consumeTraces(traces(s)), { rejected: 0 });
    assert.equal(sink.batches[0].rows, 4);
    assert.equal(sink.batches[0].inferenceIds[3], `${s.spanId}:3`);
  });

  it('counts a batch without any per-row attribute as ml.batch.size rows', () => {
    const { sink, extractor: x } = extractor();
    x.consumeTraces(traces(span({ 'ml.model.name': 'm', 'ml.batch.size': 5 })));
    assert.equal(sink.batches[0].rows, 5);
    assert.equal(sink.batches[0].inferenceIds.length, 5);
    assert.equal(sink.batches[0].features.size, 0);
  });
});

/** Each case: attributes that break §1, and a fragment of the reason expected. */
const BROKEN: [string, Record<string, PlainValue>, RegExp][] = [
  ['model name not a string', { 'ml.model.name': 7 }, /ml\.model\.name is a number; expected a non-empty string/],
  ['empty model name', { 'ml.model.name': '' }, /ml\.model\.name is empty/],
  ['model name a kvlist', { 'ml.model.name': { a: 'b' } }, /ml\.model\.name is a kvlist/],
  ['version not a string', { 'ml.model.version': 3 }, /ml\.model\.version is a number; expected a string/],
  ['task not a string', { 'ml.model.task': true }, /ml\.model\.task is a bool/],
  ['error.type not a string', { 'error.type': 500 }, /error\.type is a number/],
  ['batch size zero', { 'ml.batch.size': 0 }, /ml\.batch\.size = 0 is not a positive integer/],
  ['batch size negative', { 'ml.batch.size': -2 }, /ml\.batch\.size = -2 is not a positive integer/],
  ['batch size fractional', { 'ml.batch.size': 2.5 }, /ml\.batch\.size = 2\.5 is not a positive integer/],
  ['batch size a string', { 'ml.batch.size': '3' }, /ml\.batch\.size is a string; expected a positive integer/],
  ['batch size over the limit', { 'ml.batch.size': MAX_BATCH_ROWS + 1 }, /over the limit/],
  ['feature a kvlist', { 'ml.feature.f': { a: 1 } }, /ml\.feature\.f is a kvlist; expected a bool, number or string/],
  ['feature bytes', { 'ml.feature.f': new Uint8Array([1]) }, /ml\.feature\.f is bytes/],
  ['feature array mixing types', { 'ml.batch.size': 2, 'ml.feature.f': [1, 'a'] }, /ml\.feature\.f mixes number and string elements/],
  ['feature array of arrays', { 'ml.batch.size': 2, 'ml.feature.f': [[1], [2]] }, /ml\.feature\.f\[0\] is an array/],
  ['feature array of kvlists', { 'ml.feature.f': [{ a: 1 }] }, /ml\.feature\.f\[0\] is a kvlist/],
  ['feature array shorter than the batch', { 'ml.batch.size': 3, 'ml.feature.f': [1, 2] }, /ml\.feature\.f has 2 values for a batch of 3 rows \(from ml\.batch\.size\)/],
  ['feature array longer than one row', { 'ml.batch.size': 1, 'ml.feature.f': [1, 2] }, /has 2 values for a batch of 1 rows/],
  ['feature scalar in a batch', { 'ml.batch.size': 2, 'ml.feature.f': 1 }, /ml\.feature\.f is a single value for a batch of 2 rows/],
  ['feature with no name', { 'ml.feature.': 1 }, /names no feature/],
  ['unequal arrays without a batch size', { 'ml.feature.a': [1, 2, 3], 'ml.feature.b': [1, 2] }, /ml\.feature\.b has 2 values for a batch of 3 rows \(from the length of ml\.feature\.a, as ml\.batch\.size is absent\)/],
  ['scalar beside arrays without a batch size', { 'ml.feature.a': [1, 2], 'ml.prediction': 1 }, /ml\.prediction is a single value for a batch of 2 rows/],
  ['empty arrays', { 'ml.feature.a': [] }, /ml\.feature\.a is an empty array/],
  ['prediction a kvlist', { 'ml.prediction': { c: 1 } }, /ml\.prediction is a kvlist/],
  ['prediction array of wrong length', { 'ml.batch.size': 2, 'ml.prediction': [1, 0, 1] }, /ml\.prediction has 3 values for a batch of 2/],
  ['label array of wrong length', { 'ml.batch.size': 2, 'ml.label': [1] }, /ml\.label has 1 values/],
  ['score above 1', { 'ml.prediction.score': 1.2 }, /ml\.prediction\.score = 1\.2 is outside \[0, 1\]/],
  ['score below 0', { 'ml.prediction.score': -0.01 }, /is outside \[0, 1\]/],
  ['score NaN', { 'ml.prediction.score': NaN }, /ml\.prediction\.score = NaN is outside/],
  ['score a string', { 'ml.prediction.score': 'high' }, /ml\.prediction\.score is a string; expected a double in \[0, 1\]/],
  ['score array element outside', { 'ml.batch.size': 2, 'ml.prediction.score': [0.5, 1.5] }, /ml\.prediction\.score\[1\] = 1\.5 is outside/],
  ['score array element a string', { 'ml.batch.size': 2, 'ml.prediction.score': [0.5, 'x'] }, /ml\.prediction\.score\[1\] is a string/],
  ['score scalar in a batch', { 'ml.batch.size': 2, 'ml.prediction.score': 0.5 }, /ml\.prediction\.score is a single value/],
  ['score array of wrong length', { 'ml.batch.size': 2, 'ml.prediction.score': [0.5] }, /ml\.prediction\.score has 1 values/],
  ['proba outside [0, 1]', { 'ml.prediction.proba.cat': 2 }, /ml\.prediction\.proba\.cat = 2 is outside/],
  ['proba array of wrong length', { 'ml.batch.size': 3, 'ml.prediction.proba.cat': [0.1, 0.2] }, /ml\.prediction\.proba\.cat has 2 values/],
  ['proba with no class', { 'ml.prediction.proba.': 0.5 }, /names no class/],
  ['inference id a number', { 'ml.inference.id': 12 }, /ml\.inference\.id is a number; expected a string/],
  ['inference id array of wrong length', { 'ml.batch.size': 2, 'ml.inference.id': ['a'] }, /ml\.inference\.id has 1 values for a batch of 2/],
  ['inference id array with a number', { 'ml.batch.size': 2, 'ml.inference.id': ['a', 2] }, /ml\.inference\.id\[1\] is a number/],
  ['inference id scalar in a batch', { 'ml.batch.size': 2, 'ml.inference.id': 'a' }, /ml\.inference\.id is a single value for a batch of 2/],
];

describe('SpanExtractor: rejections (§1)', () => {
  for (const [what, attrs, reason] of BROKEN) {
    it(`rejects a span with ${what}, alone`, () => {
      const { sink, extractor: x } = extractor();
      const good1 = span({ 'ml.model.name': 'ok', 'ml.feature.f': 1 });
      const bad = span({ 'ml.model.name': 'broken', ...attrs });
      const good2 = span({ 'ml.model.name': 'ok', 'ml.batch.size': 2, 'ml.feature.f': [1, 2] });
      const http = span({ 'http.route': '/x' });
      const result = x.consumeTraces(traces(good1, bad, http, good2));
      assert.equal(result.rejected, 1);
      assert.match(result.message!, /^1 inference span rejected: span [0-9a-f]{16}: /);
      assert.ok(result.message!.includes(bad.spanId), result.message);
      assert.match(result.message!, reason);
      assert.deepEqual(sink.batches.map((b) => b.spanId), [good1.spanId, good2.spanId]);
    });
  }

  it('counts every rejected span exactly and reports the first reason', () => {
    const { sink, extractor: x } = extractor();
    const spans = [];
    let valid = 0;
    for (let i = 0; i < BROKEN.length; i++) {
      spans.push(span({ 'ml.model.name': 'broken', ...BROKEN[i][1] }));
      if (i % 3 === 0) {
        spans.push(span({ 'ml.model.name': 'ok', 'ml.feature.f': i }));
        valid++;
      }
    }
    const result = x.consumeTraces(traces(...spans));
    assert.equal(result.rejected, BROKEN.length);
    assert.match(result.message!, new RegExp(`^${BROKEN.length} inference spans rejected; the first: span ${spans[0].spanId}: ml\\.model\\.name is a number`));
    assert.equal(sink.rows, valid);
    assert.ok(sink.batches.every((b) => b.model === 'ok'));
  });
});
