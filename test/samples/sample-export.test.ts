import { packValues } from '../../src/samples/packed-values.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sampleCsv } from '../../src/samples/sample-csv.js';
import { sampleJsonl } from '../../src/samples/sample-jsonl.js';
import type { SampleRecord } from '../../src/samples/sample-record.js';
import { sampleTable } from '../../src/samples/sample-table.js';
import { pandasUnavailable, SYSTEM_PYTHON } from './python-pandas.js';

const T0 = Date.UTC(2024, 5, 1, 12, 0, 0, 250);

function record(fields: Partial<SampleRecord> & Pick<SampleRecord, 'inferenceId' | 'featureNames' | 'featureValues'>): SampleRecord {
  return { timeUnixMs: T0, prediction: undefined, score: undefined, label: undefined, ...fields };
}

/** Records with the awkward cases: text needing quotes, missing values, a feature named like a fixed column, mixed features. */
const RECORDS: SampleRecord[] = [
  record({ inferenceId: 'id-1', featureNames: ['amount', 'city', 'flag', 'label'], featureValues: packValues([12.5, 'Paris, "FR"', true, 'x']), prediction: 1, score: 0.75, label: 1 }),
  record({ inferenceId: 'id,2', timeUnixMs: T0 + 1000, featureNames: ['amount', 'flag', 'city'], featureValues: packValues([null, false, 'line\nbreak']), prediction: 0, score: null }),
  record({ inferenceId: 'id-3', timeUnixMs: T0 + 2000, featureNames: ['flag', 'extra'], featureValues: packValues([true, 7]), prediction: 1, score: 0.5, label: 0 }),
];

test('the table has the fixed columns around the features, in first-seen order, with a clashing feature renamed', () => {
  const table = sampleTable(RECORDS);
  assert.deepEqual(table.columns, ['inference_id', 'time', 'amount', 'city', 'flag', 'feature.label', 'extra', 'prediction', 'score', 'label']);
  assert.deepEqual(table.rows[1], ['id,2', '2024-06-01T12:00:01.250Z', null, 'line\nbreak', false, undefined, undefined, 0, null, undefined]);
});

test('CSV quotes by RFC 4180 and leaves missing values empty', () => {
  const csv = sampleCsv(sampleTable(RECORDS));
  const lines = csv.split('\r\n');
  assert.equal(lines[0], 'inference_id,time,amount,city,flag,feature.label,extra,prediction,score,label');
  assert.equal(lines[1], 'id-1,2024-06-01T12:00:00.250Z,12.5,"Paris, ""FR""",true,x,,1,0.75,1');
  assert.equal(lines[2], '"id,2",2024-06-01T12:00:01.250Z,,"line\nbreak",false,,,0,,');
  assert.ok(csv.endsWith('\r\n'));
});

test('CSV writes NaN as missing and infinities as pandas reads them', () => {
  const csv = sampleCsv(sampleTable([record({ inferenceId: 'a', featureNames: ['x', 'y', 'z'], featureValues: packValues([Number.NaN, Infinity, -Infinity]) })]));
  assert.match(csv.split('\r\n')[1], /,,inf,-inf,/);
});

test('JSON Lines: one object per record, every column present, missing and non-finite as null', () => {
  const lines = sampleJsonl(sampleTable(RECORDS)).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.equal(lines.length, 3);
  assert.deepEqual(lines[1], {
    inference_id: 'id,2', time: '2024-06-01T12:00:01.250Z', amount: null, city: 'line\nbreak', flag: false,
    'feature.label': null, extra: null, prediction: 0, score: null, label: null,
  });
  const odd = JSON.parse(sampleJsonl(sampleTable([record({ inferenceId: 'a', featureNames: ['__proto__'], featureValues: packValues([Infinity]) })]))) as object;
  assert.ok(Object.hasOwn(odd, '__proto__'), 'a feature named __proto__ is an ordinary key');
});

test('an empty sample is a header alone in CSV and nothing in JSON Lines', () => {
  const table = sampleTable([]);
  assert.equal(sampleCsv(table), 'inference_id,time,prediction,score,label\r\n');
  assert.equal(sampleJsonl(table), '');
});

const skip = pandasUnavailable();

test('pandas reads the CSV and the JSON Lines into the expected frame', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'modelwatch-samples-'));
  try {
    const table = sampleTable(RECORDS);
    writeFileSync(join(dir, 'sample.csv'), sampleCsv(table));
    writeFileSync(join(dir, 'sample.jsonl'), sampleJsonl(table));
    writeFileSync(join(dir, 'expected.json'), JSON.stringify({
      columns: table.columns,
      rows: [
        ['id-1', '2024-06-01T12:00:00.250Z', 12.5, 'Paris, "FR"', true, 'x', null, 1, 0.75, 1],
        ['id,2', '2024-06-01T12:00:01.250Z', null, 'line\nbreak', false, null, null, 0, null, null],
        ['id-3', '2024-06-01T12:00:02.250Z', null, null, true, null, 7, 1, 0.5, 0],
      ],
      dtypes: { time: 'datetime64[ns, UTC]', amount: 'float64', flag: 'bool', prediction: 'int64', score: 'float64', label: 'float64' },
    }));
    const script = fileURLToPath(new URL('../../../test/samples/read_sample_export.py', import.meta.url));
    const run = spawnSync(SYSTEM_PYTHON, [script, join(dir, 'sample.csv'), join(dir, 'sample.jsonl'), join(dir, 'expected.json')],
      { encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, `pandas check failed:\n${run.stdout}${run.stderr}`);
    assert.equal(run.stdout.trim(), 'ok');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
