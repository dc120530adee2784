/**
 * Load test of `modelwatch serve` (issue 7, item 6): its capacity measured first,
 * then twice that offered open-loop for 60 s; prints JSON with every figure and exits
 * 1 when an invariant broke (see bench/load-run.ts). Loopback only, bounded in time
 * and in requests.
 *
 * Run: flock /tmp/bench.lock npm run bench:load [-- options]
 * Options: --seconds S (overload length, default 60), --factor F (offered load over
 * capacity, default 2), --max-requests N (bound on requests scheduled, default
 * 200000), --capacity-seconds S (closed-loop measurement, default 10), --data-dir
 * [DIR] (serve with a data dir: DIR, or a temporary one removed afterwards).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { machine } from './machine.js';
import { DEFAULT_MAX_INFLIGHT_REQUESTS, LOAD_SHAPE, overloadRun, RSS_CAP_MIB, type OverloadPlan } from './load-run.js';

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`--${name} takes a positive number, got "${text}"`);
  return value;
}

async function main(): Promise<number> {
  // `--data-dir` alone means a temporary one: parseArgs needs a value, so a bare flag is rewritten first.
  const argv = process.argv.slice(2).flatMap((arg, i, all) => (arg === '--data-dir' && (all[i + 1] === undefined || all[i + 1].startsWith('--')) ? ['--data-dir', ''] : [arg]));
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: 'string' }, factor: { type: 'string' }, 'max-requests': { type: 'string' },
      'capacity-seconds': { type: 'string' }, 'data-dir': { type: 'string' },
    },
  });
  const temporary = values['data-dir'] === '' ? mkdtempSync(join(tmpdir(), 'modelwatch-load-')) : undefined;
  const dataDir = temporary ?? values['data-dir'];
  const plan: OverloadPlan = {
    warmupMs: 3_000,
    calmTimeoutMs: 60_000,
    capacityMs: positive('capacity-seconds', values['capacity-seconds'], 10) * 1000,
    capacityConcurrency: 4,
    factor: positive('factor', values.factor, 2),
    overloadMs: positive('seconds', values.seconds, 60) * 1000,
    maxRequests: Math.floor(positive('max-requests', values['max-requests'], 200_000)),
    maxInFlight: 4 * DEFAULT_MAX_INFLIGHT_REQUESTS,
    requestTimeoutMs: 30_000,
    drainTimeoutMs: 30_000,
    rssCapMiB: RSS_CAP_MIB,
    ...(dataDir === undefined ? {} : { dataDir }),
  };
  const began = performance.now();
  try {
    const report = await overloadRun(plan);
    process.stdout.write(`${JSON.stringify({
      benchmark: 'load',
      machine: machine(),
      method: 'the real CLI (node dist/src/cli/main.js serve, defaults: 60 s windows, 64 requests / 256 MiB in flight, Retry-After 1 s) '
        + `as a child process on 127.0.0.1${dataDir === undefined ? '' : ' with --data-dir'}; payload: bench:ingest\'s protobuf requests `
        + `(${LOAD_SHAPE.spansPerRequest} spans, ${LOAD_SHAPE.models} models, ${LOAD_SHAPE.numericFeatures} numeric and ${LOAD_SHAPE.categoricalFeatures} categorical features); `
        + `capacity: bench:ingest\'s closed-loop client process (${plan.capacityConcurrency} in flight) for ${plan.capacityMs / 1000} s after a ${plan.warmupMs / 1000} s warm-up `
        + 'and a wait for serve to go idle (its threshold calibrations); overload: an open-loop client process sending on a fixed schedule '
        + `at ${plan.factor} x capacity for ${plan.overloadMs / 1000} s, at most ${plan.maxInFlight} requests unanswered (due past that: client-dropped); `
        + 'RSS: VmRSS of serve every 250 ms; accounting from serve\'s /metrics once its intake was idle',
      plan,
      ...report,
      seconds: Number(((performance.now() - began) / 1000).toFixed(1)),
    }, null, 2)}\n`);
    for (const check of report.checks) if (!check.ok) process.stderr.write(`load test: FAILED: ${check.name}: ${check.detail}\n`);
    return report.ok ? 0 : 1;
  } finally {
    if (temporary !== undefined) rmSync(temporary, { recursive: true, force: true });
  }
}

process.exitCode = await main();
