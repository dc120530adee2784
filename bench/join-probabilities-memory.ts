/**
 * Part of `npm run bench:cbpe`: what keeping `ml.prediction.proba.<class>` in the
 * ground-truth join costs, per kept prediction, against the same predictions with a
 * score only, measured in the same run. PREDICTIONS predictions wait for their labels
 * (pending, with their ids) in one window, whose outputs hold MAX_ROWS_PER_WINDOW of
 * them for estimation; the heap after a full collection, divided by the predictions.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { InferenceBatch } from '../src/extract/inference-batch.js';
import { GroundTruthJoin } from '../src/feedback/ground-truth-join.js';

const PREDICTIONS = 200_000;
const BATCH = 1_000;

setFlagsFromString('--expose_gc');
const collect = runInNewContext('gc') as () => void;

function heapAfterCollection(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

/** Heap bytes per kept prediction, with `classes` per-class probabilities (0: a score only). */
function bytesPerPrediction(classes: number): number {
  const names = Array.from({ length: classes }, (_, c) => `class_${c}`);
  const before = heapAfterCollection();
  const join = new GroundTruthJoin({ horizonMs: Number.MAX_SAFE_INTEGER, maxPendingPerModel: PREDICTIONS, retain: () => 'always' });
  let seed = 1;
  const uniform = () => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647);
  for (let b = 0; b < PREDICTIONS / BATCH; b++) {
    const scores = Array.from({ length: BATCH }, uniform);
    const batch: InferenceBatch = {
      model: 'm', version: '1', task: 'classification', rows: BATCH, timeUnixMs: 0, traceId: '', spanId: '',
      inferenceIds: Array.from({ length: BATCH }, (_, i) => `${b.toString(16).padStart(16, '0')}:${i}`),
      features: new Map(), predictions: scores.map((s) => (s > 0.5 ? 'class_0' : 'class_1')), scores,
      ...(classes === 0 ? {} : { probabilities: new Map(names.map((name) => [name, scores.map(() => uniform())])) }),
    };
    join.retain(batch, 0, 0);
  }
  const bytes = (heapAfterCollection() - before) / PREDICTIONS;
  if (join.stats().pendingPredictions !== PREDICTIONS) throw new Error('the join let predictions go');
  return bytes;
}

export function joinProbabilitiesMemory() {
  bytesPerPrediction(3); // warm-up: the first run pays for compiled code and shapes
  const scoreOnly = Math.round(bytesPerPrediction(0));
  const threeClasses = Math.round(bytesPerPrediction(3));
  const tenClasses = Math.round(bytesPerPrediction(10));
  return {
    predictions: PREDICTIONS,
    bytesPerPrediction: { scoreOnly, threeClasses, tenClasses },
    addedByProbabilities: { threeClasses: threeClasses - scoreOnly, tenClasses: tenClasses - scoreOnly },
  };
}
