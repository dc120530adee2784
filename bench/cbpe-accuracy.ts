/**
 * `node dist/bench/cbpe-accuracy.js`: how close CBPE's label-free estimates come to
 * the realized performance on real data under covariate shift, against the naive
 * baseline of the same run, "the reference's realized performance, carried forward".
 * Data: test/fixtures/cbpe.json (sklearn's breast-cancer data; per scenario 20 seeded
 * train/reference/analysis splits, the analysis cut into 3 chunks along one of the
 * model's inputs; see test/fixtures/gen_cbpe.py). Prints one JSON document:
 *
 * - chunks: per scenario, seed and chunk, the estimated, realized and baseline
 *   accuracy, precision, recall, F1 and ROC AUC and the absolute errors of both;
 * - summary: per scenario and metric, the mean absolute error of CBPE and of the
 *   baseline (over chunks where the realized metric is defined), overall and per
 *   chunk position (0 = lowest values of the sorting feature), and the share of
 *   references on which calibration was applied; accuracyNoiseFloor, the mean
 *   absolute error that even exact probabilities would leave on accuracy, by chance
 *   alone (see ChunkResult.accuracyNoiseFloor).
 * - multiclass: the same for multiclass CBPE on test/fixtures/cbpe_multiclass.json
 *   (wine, 3 classes, 20 splits; digits, 10 classes, 10 splits; see
 *   gen_cbpe_multiclass.py), the same baseline, and for macro F1 a second comparison:
 *   the plain mean of the per-class F1 (NannyML's macro) instead of the
 *   presence-weighted mean modelwatch publishes; share of per-class calibrations applied.
 * - joinMemory: heap bytes per prediction kept in the ground-truth join with 3 and 10
 *   per-class probabilities, beside a score only (bench/join-probabilities-memory.ts).
 */
import {
  meanAbsoluteError as multiclassMeanAbsoluteError,
  runMulticlassShiftChunks,
  type MulticlassChunkResult,
} from '../test/evaluate/estimated/multiclass-shift-chunks.js';
import { METRICS, meanAbsoluteError, runShiftChunks, type ChunkResult, type Metrics } from '../test/evaluate/estimated/shift-chunks.js';
import { joinProbabilitiesMemory } from './join-probabilities-memory.js';

const results = runShiftChunks();
const round = (x: number) => (Number.isNaN(x) ? null : Math.round(x * 1e4) / 1e4);
const roundAll = (m: Metrics) => Object.fromEntries(METRICS.map((k) => [k, round(m[k])]));
const errors = (m: Metrics, realized: Metrics) => Object.fromEntries(METRICS.map((k) => [k, round(Math.abs(m[k] - realized[k]))]));

function summarise(rs: readonly ChunkResult[]) {
  return Object.fromEntries(METRICS.map((metric) => {
    const cbpe = meanAbsoluteError(rs, metric, 'estimated');
    const baseline = meanAbsoluteError(rs, metric, 'baseline');
    return [metric, { cbpe: round(cbpe.mean), baseline: round(baseline.mean), chunks: cbpe.chunks }];
  }));
}

const scenarios = [...new Set(results.map((r) => r.scenario))];
const summary = Object.fromEntries(scenarios.map((name) => {
  const rs = results.filter((r) => r.scenario === name);
  const references = rs.filter((r) => r.chunk === 0);
  const positions = [...new Set(rs.map((r) => r.chunk))];
  return [name, {
    meanAbsoluteError: summarise(rs),
    byChunk: positions.map((chunk) => ({ chunk, meanAbsoluteError: summarise(rs.filter((r) => r.chunk === chunk)) })),
    accuracyNoiseFloor: round(rs.reduce((sum, r) => sum + r.accuracyNoiseFloor, 0) / rs.length),
    calibrationAppliedShare: references.filter((r) => r.calibrated).length / references.length,
  }];
}));

const multiclassResults = runMulticlassShiftChunks();

function summariseMulticlass(rs: readonly MulticlassChunkResult[]) {
  const plainMacroF1 = rs.reduce((sum, r) => {
    const perClass = r.estimate.perClass;
    return sum + Math.abs(perClass.reduce((s, c) => s + c.f1, 0) / perClass.length - r.realized.f1);
  }, 0) / rs.length;
  return {
    ...Object.fromEntries(METRICS.map((metric) => {
      const cbpe = multiclassMeanAbsoluteError(rs, metric, 'estimated');
      const baseline = multiclassMeanAbsoluteError(rs, metric, 'baseline');
      return [metric, { cbpe: round(cbpe.mean), baseline: round(baseline.mean), chunks: cbpe.chunks }];
    })),
    f1PlainMacro: round(plainMacroF1),
  };
}

const multiclassScenarios = [...new Set(multiclassResults.map((r) => r.scenario))];
const multiclass = Object.fromEntries(multiclassScenarios.map((name) => {
  const rs = multiclassResults.filter((r) => r.scenario === name);
  const references = rs.filter((r) => r.chunk === 0);
  const classes = rs[0].estimate.perClass.length;
  return [name, {
    chunks: rs.length,
    rowsPerChunk: round(rs.reduce((sum, r) => sum + r.rows, 0) / rs.length),
    meanAbsoluteError: summariseMulticlass(rs),
    byChunk: [...new Set(rs.map((r) => r.chunk))].map((chunk) => ({ chunk, meanAbsoluteError: summariseMulticlass(rs.filter((r) => r.chunk === chunk)) })),
    accuracyNoiseFloor: round(rs.reduce((sum, r) => sum + r.accuracyNoiseFloor, 0) / rs.length),
    calibrationAppliedShare: round(references.reduce((sum, r) => sum + r.calibratedClasses, 0) / (references.length * classes)),
  }];
}));

console.log(JSON.stringify({
  data: 'test/fixtures/cbpe.json',
  summary,
  multiclass: { data: 'test/fixtures/cbpe_multiclass.json', summary: multiclass },
  joinMemory: joinProbabilitiesMemory(),
  chunks: results.map((r) => ({
    scenario: r.scenario,
    seed: r.seed,
    chunk: r.chunk,
    rows: r.rows,
    calibrated: r.calibrated,
    estimated: roundAll(r.estimated),
    realized: roundAll(r.realized),
    baseline: roundAll(r.baseline),
    errorEstimated: errors(r.estimated, r.realized),
    errorBaseline: errors(r.baseline, r.realized),
  })),
}, null, 1));
