/**
 * Multiclass CBPE against the reference implementation of
 * test/fixtures/gen_cbpe_multiclass.py (sklearn's IsotonicRegression and
 * roc_auc_score, numpy), on wine and digits data: every split's per-class calibration
 * decision, the calibrated and renormalised probabilities of every row of the
 * detailed splits, and every chunk's expected metrics.
 *
 * Tolerance 1e-12 on everything: the same arithmetic in another order (pooled means,
 * sums over hundreds of rows, sklearn's weighted ROC curve integrated by numpy's
 * trapezoid rule against the running sums of expectedRocAuc). The largest differences
 * measured are 5e-17 on calibration errors, 2.2e-16 on probabilities and 2.3e-15 on
 * metrics.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectedMacroPrecisionRecallF1 } from '../../../src/evaluate/estimated/expected-macro-precision-recall-f1.js';
import { expectedMulticlassConfusionMatrix } from '../../../src/evaluate/estimated/expected-multiclass-confusion-matrix.js';
import { labelPresenceProbability } from '../../../src/evaluate/estimated/label-presence-probability.js';
import { fitMulticlassCbpe } from '../../../src/evaluate/estimated/multiclass-cbpe.js';
import { renormalisedRows } from '../../../src/evaluate/estimated/renormalised-rows.js';
import { decodeNumber, decodeNumbers } from '../../helpers/fixtures.js';
import { fitReference, loadMulticlassScenarios, METRICS, probabilitiesOf } from './multiclass-shift-chunks.js';

const PROBABILITY_TOLERANCE = 1e-12;
const METRIC_TOLERANCE = 1e-12;

function near(ours: number, theirs: number | string, tolerance: number, what: string): void {
  const expected = decodeNumber(theirs);
  if (Number.isNaN(expected)) assert.ok(Number.isNaN(ours), `${what}: ${ours}, expected NaN`);
  else assert.ok(Math.abs(ours - expected) <= tolerance, `${what}: ${ours}, expected ${expected}`);
}

describe('multiclass CBPE matches the reference implementation (test/fixtures/cbpe_multiclass.json)', () => {
  for (const scenario of loadMulticlassScenarios()) {
    describe(scenario.name, () => {
      it('takes the same calibration decision per class, with the same calibration errors', () => {
        let applied = 0;
        for (const split of scenario.splits) {
          const estimator = fitReference(scenario, split);
          assert.deepEqual(estimator.classes, scenario.classes);
          split.calibration.forEach((expected, c) => {
            const ours = estimator.calibrations[c];
            const what = `seed ${split.seed} class ${expected.class}`;
            assert.equal(ours.applied, expected.applied, `${what}: ${ours.reason}`);
            near(ours.eceRaw, expected.ece_raw, PROBABILITY_TOLERANCE, `${what} ECE raw`);
            near(ours.eceCrossFitted, expected.ece_cross_fitted, PROBABILITY_TOLERANCE, `${what} ECE cross-fitted`);
            if (ours.applied) applied++;
          });
        }
        const decisions = scenario.splits.length * scenario.classes.length;
        assert.ok(applied > 0 && applied < decisions, `both outcomes occur: ${applied} of ${decisions} calibrated`);
      });

      it('calibrates and renormalises every row as the reference does', () => {
        let checked = 0;
        for (const split of scenario.splits) {
          const estimator = fitReference(scenario, split);
          for (const [index, chunk] of split.chunks.entries()) {
            if (chunk.calibrated === undefined) continue;
            const ours = estimator.calibrate(probabilitiesOf(chunk, scenario.classes));
            scenario.classes.forEach((cls, c) => {
              const theirs = decodeNumbers(chunk.calibrated![cls]);
              for (let i = 0; i < theirs.length; i++) near(ours[c][i], theirs[i], PROBABILITY_TOLERANCE, `seed ${split.seed} chunk ${index} class ${cls} row ${i}`);
              checked += theirs.length;
            });
          }
        }
        assert.ok(checked > 0, 'the fixture holds detailed splits');
      });

      it('estimates every chunk\'s metrics, overall and per class, as the reference does', () => {
        for (const split of scenario.splits) {
          const estimator = fitReference(scenario, split);
          for (const [index, chunk] of split.chunks.entries()) {
            const e = estimator.estimate({ probabilities: probabilitiesOf(chunk, scenario.classes), predictions: chunk.prediction });
            const what = `seed ${split.seed} chunk ${index}`;
            for (const m of METRICS) near(e[m], chunk.expected[m], METRIC_TOLERANCE, `${what} ${m}`);
            chunk.expected.per_class.forEach((theirs, c) => {
              const ours = e.perClass[c];
              assert.equal(ours.label, theirs.class);
              for (const m of ['precision', 'recall', 'f1', 'weight', 'roc_auc'] as const) near(ours[m], theirs[m], METRIC_TOLERANCE, `${what} ${theirs.class} ${m}`);
            });
          }
        }
      });
    });
  }
});

const close = (a: number, b: number, what = '') => assert.ok(Math.abs(a - b) < 1e-12, `${what} ${a} != ${b}`);

describe('renormalisedRows', () => {
  it('divides each row by its sum, and gives a row summing to 0 the uniform distribution', () => {
    const [a, b, c] = renormalisedRows([Float64Array.of(0.5, 0, 0.2), Float64Array.of(0.3, 0, 0.2), Float64Array.of(0.2, 0, 0)]);
    close(a[0], 0.5); close(b[0], 0.3); close(c[0], 0.2);
    for (const column of [a, b, c]) close(column[1], 1 / 3);
    close(a[2], 0.5); close(c[2], 0);
  });

  it('takes no columns and rejects columns of different lengths', () => {
    assert.deepEqual(renormalisedRows([]), []);
    assert.throws(() => renormalisedRows([new Float64Array(2), new Float64Array(3)]), RangeError);
  });
});

describe('expectedMulticlassConfusionMatrix', () => {
  it('adds each row\'s class probabilities to its predicted column, and gives a predicted label outside the classes an empty row', () => {
    const cm = expectedMulticlassConfusionMatrix(['a', 'b'], [Float64Array.of(0.9, 0.4, 0.5), Float64Array.of(0.1, 0.6, 0.5)], ['a', 'a', 'z']);
    assert.deepEqual(cm.labels, ['a', 'b', 'z']);
    close(cm.matrix[0][0], 1.3); close(cm.matrix[1][0], 0.7);
    close(cm.matrix[0][2], 0.5); close(cm.matrix[1][2], 0.5);
    assert.deepEqual(cm.matrix[2], [0, 0, 0]);
    assert.equal(cm.matrix[0][1] + cm.matrix[1][1], 0);
  });
});

describe('labelPresenceProbability and expectedMacroPrecisionRecallF1', () => {
  it('gives the chance that at least one row is of the class', () => {
    close(labelPresenceProbability(Float64Array.of(0.5, 0.5)), 0.75);
    assert.equal(labelPresenceProbability(new Float64Array(0)), 0);
    assert.equal(labelPresenceProbability(Float64Array.of(0.2, 1, 0.3)), 1);
  });

  it('weighs a predicted class 1 and an unpredicted one by its presence: a hand-checked matrix', () => {
    // Rows: true a, b, c (expected); columns: predicted a, b, c. Nothing predicted c.
    const cm = { labels: ['a', 'b', 'c'], matrix: [[1.6, 0.2, 0], [0.3, 1.5, 0], [0.1, 0.3, 0]] };
    const { macro, perLabel } = expectedMacroPrecisionRecallF1(cm, [0.9, 0.9, 0.4]);
    close(perLabel[0].precision, 1.6 / 2); close(perLabel[0].recall, 1.6 / 1.8);
    close(perLabel[1].precision, 1.5 / 2); close(perLabel[1].recall, 1.5 / 1.8);
    assert.deepEqual([perLabel[2].precision, perLabel[2].recall, perLabel[2].f1], [0, 0, 0]);
    assert.deepEqual(perLabel.map((l) => l.weight), [1, 1, 0.4]);
    close(macro.recall, (1.6 / 1.8 + 1.5 / 1.8) / 2.4);
    close(macro.precision, (0.8 + 0.75) / 2.4);
  });

  it('is NaN when no label weighs anything', () => {
    assert.ok(Number.isNaN(expectedMacroPrecisionRecallF1({ labels: ['a'], matrix: [[0]] }, [0]).macro.f1));
    assert.throws(() => expectedMacroPrecisionRecallF1({ labels: ['a'], matrix: [[0]] }, []), RangeError);
  });
});

describe('fitMulticlassCbpe', () => {
  /** Each class seen once: every calibrator refuses (fewer than 4 rows), so estimates read the raw probabilities renormalised. */
  const uncalibrated = () => fitMulticlassCbpe({
    probabilities: { classes: ['c', 'a', 'b'], columns: [Float64Array.of(0.1, 0.2, 0.6), Float64Array.of(0.8, 0.1, 0.2), Float64Array.of(0.1, 0.7, 0.2)] },
    labels: ['a', 'b', 'c'],
    predictions: ['a', 'b', 'c'],
  });

  it('sorts the classes and takes a window\'s columns in any order: a hand-checked window', () => {
    const estimator = uncalibrated();
    assert.deepEqual(estimator.classes, ['a', 'b', 'c']);
    assert.ok(estimator.calibrations.every((c) => !c.applied));
    const e = estimator.estimate({
      probabilities: { classes: ['b', 'c', 'a', 'unused'], columns: [Float64Array.of(0.2, 0.6), Float64Array.of(0.2, 0.2), Float64Array.of(1.2, 0.2), Float64Array.of(9, 9)] },
      predictions: ['a', 'b'],
    });
    // Row 0 renormalises to a 0.75, b 0.125, c 0.125; row 1 is a 0.2, b 0.6, c 0.2.
    close(e.accuracy, (0.75 + 0.6) / 2, 'accuracy');
    assert.deepEqual(e.perClass.map((c) => c.label), ['a', 'b', 'c']);
    close(e.perClass[0].precision, 0.75); close(e.perClass[0].recall, 0.75 / 0.95);
    close(e.perClass[1].precision, 0.6); close(e.perClass[1].recall, 0.6 / 0.725);
    close(e.perClass[2].weight, 1 - 0.875 * 0.8, 'presence of the unpredicted class');
    const sum = e.perClass[0].f1 + e.perClass[1].f1;
    close(e.f1, sum / (2 + e.perClass[2].weight), 'macro F1');
    assert.equal(e.rows, 2);
  });

  it('gives NaN for an empty window and rejects missing columns, NaN and misaligned rows', () => {
    const estimator = uncalibrated();
    const columns = () => [new Float64Array(0), new Float64Array(0), new Float64Array(0)];
    const empty = estimator.estimate({ probabilities: { classes: ['a', 'b', 'c'], columns: columns() }, predictions: [] });
    assert.ok([empty.accuracy, empty.precision, empty.recall, empty.f1, empty.roc_auc].every(Number.isNaN));
    assert.throws(() => estimator.estimate({ probabilities: { classes: ['a', 'b'], columns: columns().slice(1) }, predictions: [] }), /class "c"/);
    assert.throws(() => estimator.estimate({ probabilities: { classes: ['a', 'b', 'c'], columns: [Float64Array.of(NaN), Float64Array.of(0), Float64Array.of(1)] }, predictions: ['a'] }), /NaN/);
    assert.throws(() => estimator.estimate({ probabilities: { classes: ['a', 'b', 'c'], columns: columns() }, predictions: ['a'] }), RangeError);
    assert.throws(() => fitMulticlassCbpe({ probabilities: { classes: ['a'], columns: [Float64Array.of(1)] }, labels: ['a'], predictions: ['a'] }), /at least two/);
  });
});
