import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTable } from '../../src/io/read-table.js';
import { buildReport } from '../../src/report/build-report.js';
import type { ReportOptions } from '../../src/report/report-types.js';
import { splitSeasons } from '../../examples/seattle-weather/split-seasons.js';
import { decodeNumber, fixturesDir, loadFixture } from '../helpers/fixtures.js';
import { assertClose } from '../helpers/close-to.js';

type Num = number | string | null;
interface GoldenFeature {
  name: string; type: string; method: string; threshold: number; statistic: Num; pValue: Num; drifted: boolean;
  stats: Record<string, Num>; quality: Record<string, Num>;
}
interface GoldenCase {
  name: string; args: string[]; referenceRows: number; currentRows: number;
  features: GoldenFeature[]; dataset: { driftedShare: number; drifted: boolean };
  performance: Record<string, unknown> | null;
}

/** Accuracy promised for each statistic against scipy/sklearn (README, issue #2). */
const TOLERANCE: Record<string, { absolute?: number; relative?: number }> = {
  ks: { absolute: 1e-12 },
  ks_p_value: { absolute: 1e-8 },
  chi2: { relative: 1e-9 },
  chi2_p_value: { absolute: 1e-8 },
  wasserstein: { relative: 1e-9 },
  wasserstein_normed: { relative: 1e-9 },
};
const BINNED = { absolute: 1e-9 };
const PERFORMANCE = { absolute: 1e-9, relative: 1e-9 };

function optionsFrom(args: string[]): ReportOptions {
  const options: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i += 2) {
    const value = args[i + 1];
    switch (args[i]) {
      case '--ignore': options.ignore = value.split(','); break;
      case '--target': options.target = value; break;
      case '--prediction': options.prediction = value; break;
      case '--score': options.score = value.split(','); break;
      default: throw new Error(`fixture uses unknown option ${args[i]}`);
    }
  }
  return options as ReportOptions;
}

const { cases } = loadFixture<{ cases: GoldenCase[] }>('report.json');
const work = mkdtempSync(join(tmpdir(), 'modelwatch-golden-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

function filesFor(name: string): { reference: string; current: string } {
  if (name === 'seattle-weather') {
    const { winter, summer } = splitSeasons(work);
    return { reference: winter, current: summer };
  }
  return { reference: join(fixturesDir, 'report', `${name}-reference.csv`), current: join(fixturesDir, 'report', `${name}-current.csv`) };
}

for (const golden of cases) {
  test(`report on ${golden.name} matches pandas + scipy + sklearn`, () => {
    const files = filesFor(golden.name);
    const report = buildReport(readTable(files.reference), readTable(files.current), optionsFrom(golden.args));
    assert.equal(report.reference.rows, golden.referenceRows);
    assert.equal(report.current.rows, golden.currentRows);
    assert.deepEqual(report.features.map((f) => f.name), golden.features.map((f) => f.name));

    for (const [i, expected] of golden.features.entries()) {
      const actual = report.features[i];
      const where = `${golden.name}/${expected.name}`;
      assert.equal(actual.type, expected.type, `${where} type`);
      assert.equal(actual.method, expected.method, `${where} method`);
      assert.equal(actual.threshold, expected.threshold, `${where} threshold`);
      assert.equal(actual.drifted, expected.drifted, `${where} drifted`);
      assert.deepEqual(Object.keys(actual.stats).sort(), Object.keys(expected.stats).sort(), `${where} stats keys`);
      for (const [key, value] of Object.entries(expected.stats)) {
        const stat = (actual.stats as unknown as Record<string, number>)[key];
        assertClose(stat, decodeNumber(value), TOLERANCE[key] ?? BINNED, `${where} ${key}`);
      }
      const tol = TOLERANCE[expected.method] ?? BINNED;
      assertClose(actual.statistic, decodeNumber(expected.statistic), tol, `${where} statistic`);
      if (expected.pValue === null) assert.equal(actual.pValue, null);
      else assertClose(actual.pValue, decodeNumber(expected.pValue), { absolute: 1e-8 }, `${where} pValue`);
      for (const [key, value] of Object.entries(expected.quality)) {
        const ratio = (actual.quality as unknown as Record<string, number | null>)[key];
        if (value === null) assert.equal(ratio, null, `${where} ${key}`);
        else assertClose(ratio, decodeNumber(value), { absolute: 1e-12 }, `${where} ${key}`);
      }
    }
    assertClose(report.dataset.driftedShare, golden.dataset.driftedShare, { absolute: 1e-12 }, 'drifted share');
    assert.equal(report.dataset.drifted, golden.dataset.drifted);

    if (golden.performance === null) {
      assert.equal(report.performance, null);
      return;
    }
    assert.ok(report.performance !== null);
    for (const [key, value] of Object.entries(golden.performance)) {
      const actual: unknown = report.performance[key];
      if (typeof value === 'number') assertClose(actual as number, value, PERFORMANCE, `${golden.name} ${key}`);
      else assert.deepEqual(actual, value, `${golden.name} ${key}`);
    }
  });
}
