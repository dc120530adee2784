import { createRequire } from 'node:module';
import type * as TF from '@tensorflow/tfjs';
import { fixturesDir } from '../helpers/fixtures.js';

/** test/fixtures/tfjs/classifier.cjs, the classifier the tests and the fixture apps share. */
export interface ClassifierFixture {
  readonly WEIGHTS: readonly (readonly number[])[];
  readonly BIAS: readonly number[];
  readonly FEATURES: readonly string[];
  readonly CLASSES: readonly string[];
  readonly ROWS: readonly (readonly number[])[];
  buildClassifier(tf: typeof TF, name?: string): TF.Sequential;
  graphArtifacts(): TF.io.ModelArtifacts;
}

const require = createRequire(import.meta.url);

/**
 * @tensorflow/tfjs, loaded with require when called: a test enables the
 * instrumentation first, so the require hook sees tfjs-layers and tfjs-converter load.
 */
export function loadTfjs(): typeof TF {
  return require('@tensorflow/tfjs') as typeof TF;
}

export const classifier = require(`${fixturesDir}tfjs/classifier.cjs`) as ClassifierFixture;

/** The classifier's class probabilities for a row, in float64 from its weights (not through TF.js). */
export function expectedProbabilities(row: readonly number[]): number[] {
  const logits = classifier.BIAS.map((bias, k) => row.reduce((sum, x, j) => sum + Math.fround(x) * classifier.WEIGHTS[j][k], bias));
  const top = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** The index of the largest value. */
export function argmax(values: readonly number[]): number {
  return values.reduce((best, value, k) => (value > values[best] ? k : best), 0);
}
