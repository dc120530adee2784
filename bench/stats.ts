/**
 * `npm run bench:stats`: the statistics engine's speed, with its baseline from the
 * same run. Prints one JSON document:
 *
 * - profileIngest: numeric values per second through a feature profile, one core;
 * - ks, wasserstein: exact two-sample KS and Wasserstein on 1M vs 1M values, our time
 *   including the one sort per sample, against scipy's ks_2samp and
 *   wasserstein_distance on the very same values;
 * - report: `modelwatch report` as a process on a 1M-row, 10-column CSV pair,
 *   against pandas read_csv + scipy + numpy computing the same statistics.
 *
 * The Python side runs where /usr/bin/python3 imports scipy and pandas (Debian's
 * python3-scipy and python3-pandas); elsewhere its fields are null. Ratios are
 * ours / theirs: below 1 means modelwatch is faster.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ksTwoSample } from '../src/stats/ks-two-sample.js';
import { wassersteinDistance } from '../src/stats/wasserstein.js';
import { sortedFinite } from '../src/stats/sorted-finite.js';
import { measureProfileIngest } from './profile-ingest.js';
import { normalSample } from '../test/helpers/seeded-random.js';
import { writeBenchmarkCsv } from './benchmark-csv.js';

const PYTHON = '/usr/bin/python3';
const root = fileURLToPath(new URL('../../', import.meta.url));
const SAMPLE = 1_000_000;
const REPEATS = 3;

function bestSeconds<T>(repeats: number, run: () => T): { seconds: number; result: T } {
  let seconds = Infinity;
  let result!: T;
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    result = run();
    seconds = Math.min(seconds, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { seconds, result };
}

function pythonAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import scipy, pandas, numpy'], { stdio: 'ignore' }).status === 0;
}

function runPython<T>(script: string, args: string[]): T {
  const run = spawnSync(PYTHON, [join(root, 'bench', 'python', script), ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`${script} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

const ratio = (ours: number, theirs: number | undefined) => (theirs === undefined ? null : ours / theirs);

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'modelwatch-bench-'));
  const python = pythonAvailable();
  try {
    const profileIngest = await measureProfileIngest();

    const reference = normalSample(SAMPLE, 1);
    const current = normalSample(SAMPLE, 2, 0.01, 1.02);
    const ks = bestSeconds(REPEATS, () => ksTwoSample(sortedFinite(reference), sortedFinite(current)));
    const wasserstein = bestSeconds(REPEATS, () => wassersteinDistance(sortedFinite(reference), sortedFinite(current)));
    let scipy: { ks: { seconds: number; statistic: number; pValue: number }; wasserstein: { seconds: number; distance: number } } | undefined;
    if (python) {
      writeFileSync(join(work, 'reference.f64'), new Uint8Array(reference.buffer));
      writeFileSync(join(work, 'current.f64'), new Uint8Array(current.buffer));
      scipy = runPython('stats_baseline.py', [join(work, 'reference.f64'), join(work, 'current.f64'), String(REPEATS)]);
    }

    const files = writeBenchmarkCsv(work, SAMPLE);
    const cli = join(root, 'dist', 'src', 'cli', 'main.js');
    const report = bestSeconds(2, () => {
      const run = spawnSync(process.execPath, [cli, 'report', '--reference', files.reference, '--current', files.current,
        '--out', join(work, 'report.json')], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`modelwatch report failed: ${run.stderr}`);
    });
    let pandas: { processSeconds: number; workSeconds: number } | undefined;
    if (python) {
      const timed = bestSeconds(2, () => runPython<{ seconds: number }>('report_baseline.py', [files.reference, files.current]));
      pandas = { processSeconds: timed.seconds, workSeconds: timed.result.seconds };
    }

    process.stdout.write(JSON.stringify({
      machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version },
      profileIngest: { ...profileIngest, target: 10_000_000, met: profileIngest.valuesPerSecond >= 10_000_000 },
      ks: {
        values: [SAMPLE, SAMPLE],
        oursSeconds: ks.seconds,
        scipySeconds: scipy?.ks.seconds ?? null,
        ratio: ratio(ks.seconds, scipy?.ks.seconds),
        statistic: { ours: ks.result.statistic, scipy: scipy?.ks.statistic ?? null },
        pValue: { ours: ks.result.pValue, scipy: scipy?.ks.pValue ?? null },
      },
      wasserstein: {
        values: [SAMPLE, SAMPLE],
        oursSeconds: wasserstein.seconds,
        scipySeconds: scipy?.wasserstein.seconds ?? null,
        ratio: ratio(wasserstein.seconds, scipy?.wasserstein.seconds),
        distance: { ours: wasserstein.result, scipy: scipy?.wasserstein.distance ?? null },
      },
      report: {
        rows: SAMPLE,
        columns: files.columns,
        oursProcessSeconds: report.seconds,
        pandasScipyProcessSeconds: pandas?.processSeconds ?? null,
        pandasScipyWorkSeconds: pandas?.workSeconds ?? null,
        ratioProcess: ratio(report.seconds, pandas?.processSeconds),
        ratioWork: ratio(report.seconds, pandas?.workSeconds),
      },
      baselineAvailable: python,
    }, null, 2) + '\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
