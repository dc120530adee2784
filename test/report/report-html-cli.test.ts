import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitSeasons } from '../../examples/seattle-weather/split-seasons.js';

const cli = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'modelwatch-html-cli-'));
const { winter, summer } = splitSeasons(work);
test.after(() => rmSync(work, { recursive: true, force: true }));

function modelwatch(...args: string[]) {
  const run = spawnSync(process.execPath, [cli, 'report', '--reference', winter, '--current', summer, '--ignore', 'date', ...args],
    { encoding: 'utf8', timeout: 30_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('--format html prints the page without --out and writes the same page with it', () => {
  const printed = modelwatch('--format', 'html');
  assert.equal(printed.code, 0, printed.stderr);
  assert.match(printed.stdout, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.match(printed.stdout, /<\/html>\n$/);
  const out = join(work, 'report.html');
  const written = modelwatch('--format', 'html', '--out', out);
  assert.equal(written.code, 0, written.stderr);
  assert.equal(written.stdout, '');
  assert.equal(readFileSync(out, 'utf8'), printed.stdout);
});

test('--fail-on-drift keeps its exit code with --format html', () => {
  const run = modelwatch('--format', 'html', '--out', join(work, 'drift.html'), '--fail-on-drift');
  assert.equal(run.code, 1, run.stderr);
});
