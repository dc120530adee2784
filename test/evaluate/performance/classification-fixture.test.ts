import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classificationMetrics, type ClassificationInput } from '../../../src/evaluate/performance/classification-metrics.js';
import { decodeNumber, decodeNumbers, loadFixture } from '../../helpers/fixtures.js';
import { assertCloseTo } from '../../helpers/close-to.js';

type Num = number | string;
interface Case {
  name: string;
  target: string[];
  prediction: string[];
  positive_label?: string;
  score?: Num[];
  probabilities?: { classes: string[]; columns: Num[][] };
  expected: Record<string, Num> & {
    positive_label?: string;
    confusion_matrix: { labels: string[]; matrix: number[][] };
  };
}
const fixture = loadFixture<{ cases: { classification: Case[] } }>('performance.json');

/** Absolute: every classification metric is in [0, 1] except log loss, at most ~36. */
const TOLERANCE = 1e-9;
const METRICS = ['accuracy', 'precision', 'recall', 'f1', 'precision_weighted', 'recall_weighted', 'f1_weighted', 'roc_auc', 'log_loss'];

function inputOf(c: Case): ClassificationInput {
  const input: ClassificationInput = { target: c.target, prediction: c.prediction };
  if (c.positive_label !== undefined) input.positiveLabel = c.positive_label;
  if (c.score !== undefined) input.score = decodeNumbers(c.score);
  if (c.probabilities !== undefined) {
    input.probabilities = { classes: c.probabilities.classes, columns: c.probabilities.columns.map(decodeNumbers) };
  }
  return input;
}

describe('classificationMetrics against sklearn 1.2.1 (test/fixtures/performance.json)', () => {
  for (const c of fixture.cases.classification) {
    it(c.name, () => {
      const got = classificationMetrics(inputOf(c));
      for (const m of METRICS) {
        const expected = c.expected[m];
        const actual = (got as unknown as Record<string, number | undefined>)[m];
        if (expected === undefined) assert.equal(actual, undefined, `${m} should be absent`);
        else assertCloseTo(actual, decodeNumber(expected), TOLERANCE, m);
      }
      assert.equal(got.positive_label, c.expected.positive_label);
      assert.deepEqual(got.confusion_matrix, c.expected.confusion_matrix);
    });
  }

  it('covers binary and multiclass, with scores and with probabilities', () => {
    const cases = fixture.cases.classification;
    assert.ok(cases.some((c) => c.score && c.expected.positive_label));
    assert.ok(cases.some((c) => c.probabilities && c.expected.positive_label));
    assert.ok(cases.some((c) => c.probabilities && c.expected.precision_weighted !== undefined));
    assert.ok(cases.some((c) => Number.isNaN(decodeNumber(c.expected.roc_auc ?? 0))));
  });
});
