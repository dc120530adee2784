import type { FeatureValue } from '../extract/inference-batch.js';
import { ProbabilityColumns } from './probability-columns.js';

/** Where a prediction's window is: its open window's start, or the reference being collected. */
export type WindowStart = number;
/** The rows collected into a model version's reference count as this window (their performance is the baseline). */
export const REFERENCE_WINDOW: WindowStart = -1;

/** A prediction kept until its ground truth arrives (or the horizon passes). */
export interface PendingPrediction {
  readonly version: string;
  readonly windowStart: WindowStart;
  readonly prediction: FeatureValue;
  /** `ml.prediction.score`, when the span had one. */
  readonly score: number | null;
  /** The classes of `ml.prediction.proba.<class>` (an array shared by the model's predictions); absent when the span had none. */
  readonly probabilityClasses?: readonly string[];
  /** The probability of each of `probabilityClasses`, NaN when missing. */
  readonly probabilities?: readonly number[];
  /** When it was kept (Unix ms): past the horizon it is let go. */
  readonly keptUnixMs: number;
}

/** Labelled rows held per window: past it, a uniform sample of them (performance is estimated from it). */
export const MAX_ROWS_PER_WINDOW = 100_000;

/**
 * The labelled rows of one window of one model version: what observed performance is
 * computed from, and how many of the window's predictions were kept for the join
 * (the coverage's denominator). Past `maxRows` labelled rows the window holds a
 * uniform sample of them (reservoir sampling), so memory is bounded per window.
 */
export class JoinedRows {
  readonly labels: FeatureValue[] = [];
  readonly predictions: FeatureValue[] = [];
  readonly scores: (number | null)[] = [];
  /** The per-class probabilities of the labelled rows, aligned with `labels`. */
  readonly probabilities = new ProbabilityColumns();
  /** Predictions of this window kept for the join. */
  kept = 0;
  /** Labels joined to this window's predictions (all of them, sampled or not). */
  labelled = 0;
  /** `ml.model.task` of the predictions, '' when they did not say. */
  task = '';
  /**
   * Every kept prediction that had a score or per-class probabilities, labelled or
   * not (a uniform sample past `maxRows`): what performance is estimated from before
   * labels come (CBPE).
   */
  readonly outputs: WindowOutputs;
  readonly #maxRows: number;
  readonly #random: () => number;

  constructor(maxRows = MAX_ROWS_PER_WINDOW, random: () => number = Math.random) {
    this.#maxRows = maxRows;
    this.#random = random;
    this.outputs = new WindowOutputs(maxRows, random);
  }

  add(label: FeatureValue, pending: PendingPrediction): void {
    this.labelled++;
    const at = reservoirSlot(this.labels.length, this.labelled, this.#maxRows, this.#random);
    if (at < 0) return;
    this.labels[at] = label;
    this.predictions[at] = pending.prediction;
    this.scores[at] = pending.score;
    this.probabilities.set(at, pending.probabilityClasses ?? null, pending.probabilities ?? null);
  }

  /** Labelled share of the predictions kept (NaN before any was kept). */
  get coverage(): number {
    return this.kept === 0 ? NaN : this.labelled / this.kept;
  }
}

/**
 * The scored predictions of a window (a score, or per-class probabilities): a uniform
 * sample of them past `maxRows` (reservoir sampling). Index i of every array is one
 * prediction.
 */
export class WindowOutputs {
  /** `ml.prediction.score`; NaN for a prediction with probabilities only. */
  readonly scores: number[] = [];
  readonly predictions: FeatureValue[] = [];
  readonly probabilities = new ProbabilityColumns();
  /** Scored predictions seen, sampled or not. */
  seen = 0;
  readonly #maxRows: number;
  readonly #random: () => number;

  constructor(maxRows: number, random: () => number) {
    this.#maxRows = maxRows;
    this.#random = random;
  }

  /** Takes a kept prediction that has a finite score or probabilities (the caller checks). */
  add(pending: PendingPrediction): void {
    this.seen++;
    const at = reservoirSlot(this.scores.length, this.seen, this.#maxRows, this.#random);
    if (at < 0) return;
    this.scores[at] = pending.score ?? NaN;
    this.predictions[at] = pending.prediction;
    this.probabilities.set(at, pending.probabilityClasses ?? null, pending.probabilities ?? null);
  }
}

/**
 * Where the `seen`-th item goes in a reservoir holding `held` of at most `maxRows`
 * (Algorithm R): the next free slot while there is one, then a random slot with
 * probability maxRows / seen; -1 when the item is not kept.
 */
function reservoirSlot(held: number, seen: number, maxRows: number, random: () => number): number {
  if (held < maxRows) return held;
  const at = Math.floor(random() * seen);
  return at < maxRows ? at : -1;
}
