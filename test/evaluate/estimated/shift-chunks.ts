/**
 * Shared by cbpe-shift.test.ts and bench/cbpe-accuracy.ts: runs CBPE over every
 * analysis chunk of test/fixtures/cbpe.json (breast-cancer data under covariate
 * shift, see gen_cbpe.py) and sets each estimate beside the chunk's realized metrics
 * and the naive baseline "the reference's realized metrics, carried forward".
 * Realized metrics are computed here with the observed metrics of
 * src/evaluate/performance, and checked against sklearn's in the test.
 */
import { fitCbpe } from '../../../src/evaluate/estimated/cbpe.js';
import { classificationMetrics } from '../../../src/evaluate/performance/classification-metrics.js';
import { decodeNumber, decodeNumbers, loadFixture } from '../../helpers/fixtures.js';

export const METRICS = ['accuracy', 'precision', 'recall', 'f1', 'roc_auc'] as const;
export type Metric = (typeof METRICS)[number];
export type Metrics = Record<Metric, number>;

type Num = number | string;
interface Rows {
  score: Num[];
  prediction: string[];
  label: string[];
  realized: Record<Metric, Num>;
}
interface Scenario {
  name: string;
  sorted_by: string;
  positive_label: string;
  splits: { seed: number; reference: Rows; chunks: (Rows & Record<string, unknown>)[] }[];
}

export interface ChunkResult {
  scenario: string;
  seed: number;
  /** 0 = lowest values of the sorting feature. */
  chunk: number;
  rows: number;
  calibrated: boolean;
  estimated: Metrics;
  realized: Metrics;
  /** Realized by sklearn, from the fixture. */
  sklearnRealized: Metrics;
  /** The reference's realized metrics. */
  baseline: Metrics;
  /**
   * How far the realized accuracy strays from its expectation by chance alone, if the
   * calibrated probabilities were exact: E|realized − expected| ≈ √(2/π)·√(Σ p(1 − p))/n
   * (the normal approximation of a sum of independent Bernoulli outcomes). No
   * estimator of expected accuracy can beat it on average.
   */
  accuracyNoiseFloor: number;
}

export function loadShiftScenarios(): Scenario[] {
  return loadFixture<{ cases: { shift: Scenario[] } }>('cbpe.json').cases.shift;
}

export function runShiftChunks(scenarios = loadShiftScenarios()): ChunkResult[] {
  const out: ChunkResult[] = [];
  for (const scenario of scenarios) {
    const positiveLabel = scenario.positive_label;
    for (const split of scenario.splits) {
      const reference = split.reference;
      const estimator = fitCbpe({ scores: decodeNumbers(reference.score), labels: reference.label, predictions: reference.prediction, positiveLabel });
      const baseline = observed(reference, positiveLabel);
      split.chunks.forEach((chunk, index) => {
        const scores = decodeNumbers(chunk.score);
        const estimate = estimator.estimate({ scores, predictions: chunk.prediction });
        out.push({
          scenario: scenario.name,
          seed: split.seed,
          chunk: index,
          rows: chunk.label.length,
          calibrated: estimator.calibration.applied,
          estimated: pick(estimate),
          realized: observed(chunk, positiveLabel),
          sklearnRealized: Object.fromEntries(METRICS.map((m) => [m, decodeNumber(chunk.realized[m])])) as Metrics,
          baseline,
          accuracyNoiseFloor: noiseFloor(estimator.calibration.calibrate(scores)),
        });
      });
    }
  }
  return out;
}

function noiseFloor(probability: Float64Array): number {
  let variance = 0;
  for (const p of probability) variance += p * (1 - p);
  return (Math.sqrt(2 / Math.PI) * Math.sqrt(variance)) / probability.length;
}

function observed(rows: Rows, positiveLabel: string): Metrics {
  return pick(classificationMetrics({ target: rows.label, prediction: rows.prediction, positiveLabel, score: decodeNumbers(rows.score) }));
}

function pick(m: Partial<Record<Metric, number>>): Metrics {
  return Object.fromEntries(METRICS.map((k) => [k, m[k] ?? NaN])) as Metrics;
}

/** Mean absolute error of `of` against the realized values, over chunks where both are defined. */
export function meanAbsoluteError(results: readonly ChunkResult[], metric: Metric, of: 'estimated' | 'baseline'): { mean: number; chunks: number } {
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
