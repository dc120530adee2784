/**
 * `npm run demo`: modelwatch catching real drift, on this machine, with nothing else
 * installed. Starts three processes and shows what they say:
 *
 * 1. `modelwatch serve` on its defaults, plus short windows for a demo
 *    (`--window 5s --min-window-records 20`), a reference of 2012's 366 days
 *    (`--reference-size 366`) and `--print-windows`: one line per closed window;
 * 2. the example inference service (examples/inference-service), instrumented only
 *    by `node --import modelwatch/register`, exporting its spans to serve;
 * 3. the traffic replayer (examples/traffic), which replays Seattle's weather day by
 *    day, 2012 first (the reference), then 2013–2015 where the seasons drift.
 *
 * Ctrl-C stops all three cleanly; so does the end of the replay (after one more window).
 *
 *   node dist/examples/demo/run.js [--speed DAYS_PER_SECOND] [--window DURATION]
 *     [--port N] [--prometheus-port N] [--service-port N]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const { values: args } = parseArgs({
  options: {
    speed: { type: 'string', default: '10' },
    window: { type: 'string', default: '5s' },
    port: { type: 'string', default: '4318' },
    'prometheus-port': { type: 'string', default: '9464' },
    'service-port': { type: 'string', default: '8080' },
    'min-window-records': { type: 'string', default: '20' },
  },
});

const children: ChildProcess[] = [];
let stopping = false;

/** Starts a process of this demo; its output lines go through `show`. */
function start(name: string, argv: string[], env: Record<string, string>, show: (line: string) => void): ChildProcess {
  const child = spawn(process.execPath, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  createInterface({ input: child.stdout! }).on('line', show);
  createInterface({ input: child.stderr! }).on('line', (line) => {
    // TF.js greets Node users with advice about its native backend: not for this demo.
    if (!/tfjs-node|Hi there|speed things up|=====|^$/.test(line)) process.stderr.write(`[${name}] ${line}\n`);
  });
  child.on('exit', (code, signal) => {
    if (!stopping && name !== 'replay') {
      process.stderr.write(`[${name}] exited (${signal ?? code}); stopping the demo\n`);
      void stop(1);
    }
  });
  return child;
}

/**
 * Stops the demo's processes in order: the replayer, then the service (its SDK
 * flushes the last spans to serve), then serve (it judges its open windows). They run
 * in process groups of their own, so a Ctrl-C reaches this runner only and the order
 * holds; if the runner exits any other way, whatever still runs is killed.
 */
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const child of [...children].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }
  process.exit(code);
}

/** Resolves when a line matching `pattern` has been shown by that process. */
function lineFrom(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve) => createInterface({ input: child.stdout! }).on('line', (line) => {
    if (pattern.test(line)) resolve(line);
  }));
}

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(0));
  process.on('exit', () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const port = args.port!;
  const serve = start('modelwatch', [
    'dist/src/cli/main.js', 'serve', '--port', port, '--grpc-port', '0', '--prometheus-port', args['prometheus-port']!, '--window', args.window!,
    '--min-window-records', args['min-window-records']!, '--reference-size', '366', '--print-windows',
  ], {}, (line) => process.stdout.write(`[modelwatch] ${line}\n`));
  const service = start('service', ['--import', 'modelwatch/register', 'dist/examples/inference-service/server.js'], {
    PORT: args['service-port']!,
    OTEL_SERVICE_NAME: 'seattle-weather-service',
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_BSP_SCHEDULE_DELAY: '200',
    OTEL_METRICS_EXPORTER: 'none',
    MODELWATCH_MODEL_NAME: 'seattle-weather',
    MODELWATCH_MODEL_VERSION: '1',
    MODELWATCH_MODEL_TASK: 'classification',
    MODELWATCH_FEATURE_NAMES: 'precipitation,temp_max,temp_min,wind',
    MODELWATCH_CLASSES: 'drizzle,fog,rain,snow,sun',
  }, () => {});
  const serviceUrl = (await lineFrom(service, /^inference service: /)).replace(/^inference service: /, '');
  process.stdout.write([
    '',
    'modelwatch demo: Seattle weather, replayed day by day; 2012 is the reference, then the seasons of 2013-2015 drift.',
    `  inference service  ${serviceUrl} (POST /predict, POST /feedback), instrumented by --import modelwatch/register`,
    `  Prometheus         http://127.0.0.1:${args['prometheus-port']}/metrics   (ml_drift_detected, ml_drift_score, ...)`,
    `  processor status   http://127.0.0.1:${port}/admin/models`,
    '  one line per closed window below; Ctrl-C stops everything.',
    '',
  ].join('\n'));
  const replay = start('replay', ['dist/examples/traffic/replay.js', '--target', serviceUrl, '--speed', args.speed!, '--batch', Number(args.speed) > 50 ? '5' : '1'], {},
    (line) => process.stdout.write(`[replay] ${line}\n`));
  void serve;
  const [code] = await once(replay, 'exit') as [number | null];
  if (stopping) return;
  // One more window, so the last days are judged too.
  await new Promise((resolve) => setTimeout(resolve, parseWindowMs(args.window!) + 1500));
  process.stdout.write('demo: replay finished; stopping\n');
  await stop(code === 0 ? 0 : 1);
}

function parseWindowMs(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text);
  if (match === null) return 5000;
  return Number(match[1]) * { ms: 1, s: 1000, m: 60_000 }[match[2] as 'ms' | 's' | 'm'];
}

await main();
