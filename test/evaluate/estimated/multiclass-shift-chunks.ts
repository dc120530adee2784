/**
 * Shared by the multiclass CBPE tests and bench/cbpe-accuracy.ts: reads
 * test/fixtures/cbpe_multiclass.json (wine and digits data under covariate shift, see
 * gen_cbpe_multiclass.py), runs multiclass CBPE fitted on each split's reference over
 * its analysis chunks, and sets each estimate beside the chunk's realized metrics,
 * the reference implementation's expected metrics and the naive baseline "the
 * reference's realized metrics, carried forward". Realized metrics are computed here
 * with the observed metrics of src/evaluate/performance (checked against sklearn's in
 * the test).
 */
import { fitMulticlassCbpe, type EstimatedMulticlassPerformance, type MulticlassCbpeEstimator } from '../../../src/evaluate/estimated/multiclass-cbpe.js';
import { classificationMetrics, type ClassProbabilities } from '../../../src/evaluate/performance/classification-metrics.js';
import { decodeNumber, decodeNumbers, loadFixture } from '../../helpers/fixtures.js';

export const METRICS = ['accuracy', 'precision', 'recall', 'f1', 'roc_auc'] as const;
export type Metric = (typeof METRICS)[number];
export type Metrics = Record<Metric, number>;

type Num = number | string;
export interface FixtureRows {
  proba: Record<string, Num[]>;
  prediction: string[];
  label: string[];
  realized: Record<Metric, Num>;
}
export interface FixtureClassEstimate { class: string; precision: Num; recall: Num; f1: Num; weight: Num; roc_auc: Num }
export interface FixtureChunk extends FixtureRows {
  expected: Record<Metric, Num> & { per_class: FixtureClassEstimate[] };
  /** Per class, every row's calibrated and renormalised probability (the first splits only). */
  calibrated?: Record<string, Num[]>;
}
export interface FixtureSplit {
  seed: number;
  calibration: { class: string; applied: boolean; ece_raw: Num; ece_cross_fitted: Num }[];
  reference: FixtureRows;
  chunks: FixtureChunk[];
}
export interface MulticlassScenario {
  name: string;
  classes: string[];
  sorted_by: string;
  splits: FixtureSplit[];
}

export interface MulticlassChunkResult {
  scenario: string;
  seed: number;
  /** 0 = lowest values of the sorting variable. */
  chunk: number;
  rows: number;
  /** Classes whose probability was calibrated on the reference. */
  calibratedClasses: number;
  estimate: EstimatedMulticlassPerformance;
  estimated: Metrics;
  /** The reference implementation's (gen_cbpe_multiclass.py) expected metrics. */
  pythonExpected: Metrics;
  realized: Metrics;
  sklearnRealized: Metrics;
  baseline: Metrics;
  /** As ChunkResult.accuracyNoiseFloor (shift-chunks.ts): √(2/π)·√(Σ p(1 − p))/n with p the calibrated probability of the predicted class. */
  accuracyNoiseFloor: number;
}

export function loadMulticlassScenarios(): MulticlassScenario[] {
  return loadFixture<{ cases: { shift: MulticlassScenario[] } }>('cbpe_multiclass.json').cases.shift;
}

/** The rows' probabilities as the estimator takes them. */
export function probabilitiesOf(rows: Pick<FixtureRows, 'proba'>, classes: readonly string[]): ClassProbabilities {
  return { classes: classes.slice(), columns: classes.map((c) => decodeNumbers(rows.proba[c])) };
}

export function fitReference(scenario: MulticlassScenario, split: FixtureSplit): MulticlassCbpeEstimator {
  const { reference } = split;
  return fitMulticlassCbpe({ probabilities: probabilitiesOf(reference, scenario.classes), labels: reference.label, predictions: reference.prediction });
}

export function runMulticlassShiftChunks(scenarios = loadMulticlassScenarios()): MulticlassChunkResult[] {
  const out: MulticlassChunkResult[] = [];
  for (const scenario of scenarios) {
    for (const split of scenario.splits) {
      const estimator = fitReference(scenario, split);
      const baseline = observed(split.reference, scenario.classes);
      split.chunks.forEach((chunk, index) => {
        const probabilities = probabilitiesOf(chunk, scenario.classes);
        const estimate = estimator.estimate({ probabilities, predictions: chunk.prediction });
        out.push({
          scenario: scenario.name,
          seed: split.seed,
          chunk: index,
          rows: chunk.label.length,
          calibratedClasses: estimator.calibrations.filter((c) => c.applied).length,
          estimate,
          estimated: pick(estimate),
          pythonExpected: decodeMetrics(chunk.expected),
          realized: observed(chunk, scenario.classes),
          sklearnRealized: decodeMetrics(chunk.realized),
          baseline,
          accuracyNoiseFloor: noiseFloor(estimator.calibrate(probabilities), estimator.classes, chunk.prediction),
        });
      });
    }
  }
  return out;
}

function noiseFloor(probability: Float64Array[], classes: readonly string[], predictions: readonly string[]): number {
  let variance = 0;
  predictions.forEach((prediction, i) => {
    const c = classes.indexOf(prediction);
    const p = c < 0 ? 0 : probability[c][i];
    variance += p * (1 - p);
  });
  return (Math.sqrt(2 / Math.PI) * Math.sqrt(variance)) / predictions.length;
}

function observed(rows: FixtureRows, classes: readonly string[]): Metrics {
  return pick(classificationMetrics({ target: rows.label, prediction: rows.prediction, probabilities: probabilitiesOf(rows, classes), multiclass: true }));
}

function decodeMetrics(m: Record<Metric, Num>): Metrics {
  return Object.fromEntries(METRICS.map((k) => [k, decodeNumber(m[k])])) as Metrics;
}

function pick(m: Partial<Record<Metric, number>>): Metrics {
  return Object.fromEntries(METRICS.map((k) => [k, m[k] ?? NaN])) as Metrics;
}

/** Mean absolute error of `of` against the realized values, over chunks where both are defined. */
export function meanAbsoluteError(
  results: readonly MulticlassChunkResult[], metric: Metric, of: 'estimated' | 'baseline' | 'pythonExpected',
): { mean: number; chunks: number } {
  let sum = 0;
  let chunks = 0;
  for (const r of results) {
    const e = Math.abs(r[of][metric] - r.realized[metric]);
    if (Number.isNaN(e)) continue;
    sum += e;
    chunks++;
  }
  return { mean: chunks === 0 ? NaN : sum / chunks, chunks };
}
