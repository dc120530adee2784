import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeTracesJsonRequest } from '../helpers/otlp-json-request.js';

const cli = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

test('serve starts with no config, takes OTLP, and stops cleanly on SIGTERM with exit 0', async () => {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--grpc-port', '0', '--prometheus-port', '0', '--window', '200ms'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const timeout = setTimeout(() => child.kill('SIGKILL'), 20_000);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /OTLP\/HTTP on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
        if (match !== null && stderr.includes('reference:')) resolve(Number(match[1]));
      });
      child.on('exit', () => reject(new Error(`serve exited early: ${stderr}`)));
    });
    assert.match(stderr, /Prometheus: off/);
    assert.match(stderr, /windows of 200ms, a verdict from 100 records; reference: the first 1000 records/);
    const response = await fetch(`http://127.0.0.1:${port}/v1/traces`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: encodeTracesJsonRequest([{ 'ml.model.name': 'm', 'ml.feature.x': 1 }]), signal: AbortSignal.timeout(5000),
    });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '{}');
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    assert.match(stderr, /stopping: evaluating open windows and flushing exporters/);
  } finally {
    clearTimeout(timeout);
  }
});

test('a bad configuration stops serve before it listens, naming every problem', () => {
  const dir = mkdtempSync(join(tmpdir(), 'modelwatch-serve-'));
  try {
    const config = join(dir, 'modelwatch.yaml');
    writeFileSync(config, 'windows: { duration: soon }\nmodels:\n  - { name: m, reference: { file: nope.csv } }\n');
    const run = spawnSync(process.execPath, [cli, 'serve', '--config', config, '--port', '70000'], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /3 problems in the configuration/);
    assert.match(run.stderr, /windows\.duration/);
    assert.match(run.stderr, /models\[0\]\.reference\.file/);
    assert.match(run.stderr, /--port/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
