import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitSeasons } from '../../examples/seattle-weather/split-seasons.js';

const cli = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'modelwatch-cli-'));
const { winter, summer } = splitSeasons(work);
test.after(() => rmSync(work, { recursive: true, force: true }));

function modelwatch(...args: string[]) {
  const run = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function file(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

test('prints a JSON report of Seattle winter against summer and exits 0', () => {
  const run = modelwatch('report', '--reference', winter, '--current', summer, '--ignore', 'date');
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  const report = JSON.parse(run.stdout);
  assert.deepEqual(report.features.map((f: { name: string }) => f.name), ['precipitation', 'temp_max', 'temp_min', 'wind', 'weather']);
  assert.deepEqual(report.features.map((f: { type: string }) => f.type), ['numerical', 'numerical', 'numerical', 'numerical', 'categorical']);
  assert.equal(report.dataset.drifted, true);
  assert.equal(report.performance, null);
});

test('--fail-on-drift exits 1 when the dataset drifted, 0 when it did not', () => {
  assert.equal(modelwatch('report', '--reference', winter, '--current', summer, '--ignore', 'date', '--fail-on-drift').code, 1);
  assert.equal(modelwatch('report', '--reference', winter, '--current', winter, '--ignore', 'date', '--fail-on-drift').code, 0);
});

test('markdown output is a table a person can read, written to --out', () => {
  const out = join(work, 'report.md');
  const run = modelwatch('report', '--reference', winter, '--current', summer, '--ignore', 'date', '--format', 'markdown', '--out', out);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, '');
  const markdown = readFileSync(out, 'utf8');
  assert.match(markdown, /\*\*Dataset drift: detected\*\* — 5 of 5 features drifted \(100%; threshold 50%\)/);
  assert.match(markdown, /^\| feature \| type \| method \|/m);
  assert.match(markdown, /^\| temp_max \| numerical \| ks \| 0\.9673 \| 0\.05 \|/m);
  assert.match(markdown, /^\| weather \| categorical \| chi2 \|/m);
});

test('reads JSON Lines and leaves out the target and prediction columns', () => {
  const reference = file('ref.jsonl', '{"x":1,"y":"a","label":1,"pred":1}\n{"x":2,"y":"b","label":0,"pred":1}\n{"x":3,"y":"a","label":1,"pred":1}\n');
  const current = file('cur.jsonl', '{"x":1.5,"y":"a","label":1,"pred":0}\n{"x":9,"y":"c","label":0,"pred":0}\n');
  const run = modelwatch('report', '--reference', reference, '--current', current, '--target', 'label', '--prediction', 'pred');
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  assert.deepEqual(report.features.map((f: { name: string }) => f.name), ['x', 'y']);
  assert.equal(report.performance.accuracy, 0.5);
  assert.equal(report.features[1].quality.newCategoryRatio, 0.5);
  assert.equal(report.features[0].quality.outOfRangeRatio, 0.5);
});

const badInputs: [string, () => string[], RegExp][] = [
  ['a missing file', () => ['--reference', join(work, 'nope.csv'), '--current', summer], /^modelwatch: .*nope\.csv: cannot read the file \(no such file\)\n$/],
  ['an empty file', () => ['--reference', file('empty.csv', ''), '--current', summer], /^modelwatch: .*empty\.csv: the file is empty/],
  ['a ragged row', () => ['--reference', file('ragged.csv', 'a,b\n1,2\n3,4,5\n'), '--current', summer], /^modelwatch: .*ragged\.csv: row 3: has 3 fields, the header has 2\n$/],
  ['no common columns', () => ['--reference', file('other.csv', 'p,q\n1,2\n'), '--current', summer], /^modelwatch: .*summer\.csv: no column in common with .*other\.csv/],
  ['an unknown target', () => ['--reference', winter, '--current', summer, '--target', 'rain', '--prediction', 'weather'], /^modelwatch: .*summer\.csv: --target names column "rain", which is not in the header \(columns: date, precipitation/],
  ['an unknown drift method', () => ['--reference', winter, '--current', summer, '--drift-method', 'wind=energy'], /^modelwatch: --drift-method "wind=energy": expected \[FEATURE=\]METHOD\[:THRESHOLD\]/],
  ['a method that does not fit the feature', () => ['--reference', winter, '--current', summer, '--drift-method', 'weather=ks'], /^modelwatch: feature "weather": drift method "ks" does not apply to categorical values\n$/],
  ['an unknown option', () => ['--reference', winter, '--current', summer, '--colour'], /unknown option '--colour'/],
  ['a missing required option', () => ['--reference', winter], /required option '--current <file>' not specified/],
  ['an --out in a missing directory', () => ['--reference', winter, '--current', summer, '--out', join(work, 'no', 'such', 'r.json')], /^modelwatch: .*r\.json: cannot write the file \(no such directory\)\n$/],
  ['an unknown format', () => ['--reference', file('data.xlsx', 'x'), '--current', summer], /data\.xlsx: unknown format; name it \.csv, \.jsonl or \.ndjson/],
];

for (const [what, args, message] of badInputs) {
  test(`${what} exits 2 with one clear line and no stack trace`, () => {
    const run = modelwatch('report', ...args());
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, message);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(run.stderr.trim().split('\n').length, 1, 'one line');
  });
}

test('--help exits 0', () => {
  const run = modelwatch('report', '--help');
  assert.equal(run.code, 0);
  assert.match(run.stdout, /--fail-on-drift/);
});
