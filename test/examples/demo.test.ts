import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from '../helpers/free-port.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const REFERENCE_DAYS = 366;
const ALL_DAYS = 1461;

test('the demo, headless and fast: seasons drift the temperatures; nothing is judged during the reference period', { timeout: 90_000 }, async () => {
  const [port, prometheusPort, servicePort] = [await freePort(), await freePort(), await freePort()];
  const demo = spawn(process.execPath, [
    'dist/examples/demo/run.js', '--speed', '400', '--window', '1s',
    '--port', String(port), '--prometheus-port', String(prometheusPort), '--service-port', String(servicePort),
  ], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  demo.stdout.on('data', (chunk: Buffer) => { stdout += chunk; });
  demo.stderr.on('data', (chunk: Buffer) => { stderr += chunk; });
  const timer = setTimeout(() => demo.kill('SIGKILL'), 80_000);
  const [code] = await once(demo, 'exit') as [number | null];
  clearTimeout(timer);
  assert.equal(code, 0, `demo exited ${code}\n${stdout}\n${stderr}`);

  const windows = stdout.split('\n').filter((line) => line.startsWith('[modelwatch]') && / seattle-weather 1 /.test(line));
  assert.ok(windows.length >= 2, stdout);
  const records = windows.reduce((sum, line) => sum + Number(/ (\d+) records/.exec(line)![1]), 0);
  assert.equal(records, ALL_DAYS - REFERENCE_DAYS, 'every window judged holds days after the reference: none of 2012 is judged against itself');
  assert.ok(windows.some((line) => /drift \d\/4: .*temp_(max|min) \(ks/.test(line)), `no temperature drift in:\n${windows.join('\n')}`);
  assert.match(stdout, /replay: 2015-12 sent/);
  assert.match(stdout, /demo: replay finished; stopping/);
});
