import type { FeatureValue, FeedbackRecord, InferenceBatch } from '../extract/inference-batch.js';
import { JoinedRows, type PendingPrediction, REFERENCE_WINDOW, type WindowStart } from './joined-rows.js';
import { ClassListInterner, probabilityRow, type ProbabilityColumnsSnapshot } from './probability-columns.js';
import { RecentEntries } from './recent-entries.js';

/**
 * Which predictions are kept for the join: `always`; `never`; or `auto`, from the
 * first ground truth received for the model on. `auto` is the default because keeping
 * every prediction's id costs memory and ingest time that a model without feedback
 * should not pay; its price is that labels for predictions made before the model's
 * first label cannot be joined.
 */
export type RetainPredictions = 'auto' | 'always' | 'never';

export interface JoinSettings {
  /** How long a prediction waits for its label, and a label for its prediction (ms). */
  readonly horizonMs: number;
  /** Predictions kept per model, and labels waiting per model: the oldest go first past it. */
  readonly maxPendingPerModel: number;
  readonly retain: (model: string) => RetainPredictions;
}

/** The join as plain JSON (the durable state's snapshot): per model, what waits and what was joined per window. */
export interface JoinSnapshot {
  readonly joined: number;
  readonly models: readonly ModelJoinSnapshot[];
}

/**
 * A pending prediction: [inference id, version, window start, prediction, score, kept at],
 * then, when it has per-class probabilities, the index of its classes in
 * `probabilityClasses` and their values (null for NaN). Snapshots older than the
 * probabilities have the first six only.
 */
type PendingSnapshot = readonly [string, string, number, FeatureValue, number | null, number, number?, (number | null)[]?];

export interface ModelJoinSnapshot {
  readonly model: string;
  readonly labelSeen: boolean;
  readonly dropped: number;
  /** Pending predictions, oldest first. */
  readonly pending: readonly PendingSnapshot[];
  /** The class lists of the pending predictions' probabilities (absent when none has any). */
  readonly probabilityClasses?: readonly (readonly string[])[];
  /** [inference id, label, version, kept at], oldest first. */
  readonly waiting: readonly [string, FeatureValue, string, number][];
  readonly windows: readonly JoinedRowsSnapshot[];
}

interface JoinedRowsSnapshot {
  readonly version: string;
  readonly windowStart: WindowStart;
  readonly kept: number;
  readonly labelled: number;
  readonly task: string;
  readonly labels: FeatureValue[];
  readonly predictions: FeatureValue[];
  readonly scores: (number | null)[];
  /** Absent for a model without per-class probabilities, and in older snapshots. */
  readonly probabilities?: ProbabilityColumnsSnapshot;
  /** `scores` holds null for a prediction with probabilities only. */
  readonly outputs: { scores: (number | null)[]; predictions: FeatureValue[]; seen: number; probabilities?: ProbabilityColumnsSnapshot };
}

/** A label that came before its prediction. */
interface WaitingLabel {
  readonly label: FeatureValue;
  readonly version: string;
  readonly keptUnixMs: number;
}

/** The labelled rows of one window of one model version, as the join hands them over. */
export interface WindowRows {
  readonly model: string;
  readonly version: string;
  readonly windowStart: WindowStart;
  readonly rows: JoinedRows;
}

/** Everything joined for one model (all its versions: a label may not name its version). */
class ModelJoin {
  readonly pending: RecentEntries<PendingPrediction>;
  readonly waiting: RecentEntries<WaitingLabel>;
  /** Version → window start → labelled rows. */
  readonly windows = new Map<string, Map<WindowStart, JoinedRows>>();
  readonly classLists = new ClassListInterner();
  labelSeen = false;

  constructor(settings: JoinSettings) {
    this.pending = new RecentEntries(settings.maxPendingPerModel, settings.horizonMs);
    this.waiting = new RecentEntries(settings.maxPendingPerModel, settings.horizonMs);
  }

  rowsOf(version: string, windowStart: WindowStart): JoinedRows {
    let byStart = this.windows.get(version);
    if (byStart === undefined) this.windows.set(version, (byStart = new Map()));
    let rows = byStart.get(windowStart);
    if (rows === undefined) byStart.set(windowStart, (rows = new JoinedRows()));
    return rows;
  }
}

/**
 * Ground truth joined to predictions (CONVENTIONS.md §2) by (model, inference id),
 * within a horizon, whichever comes first: a prediction waits for its label, a label
 * for its prediction. Each joined row goes to the window its prediction was counted
 * in (not the label's), so a late label updates an old window; `takeUpdated` hands
 * over the windows that changed since the last call, for their performance to be
 * computed and exported again.
 */
export class GroundTruthJoin {
  readonly #settings: JoinSettings;
  readonly #models = new Map<string, ModelJoin>();
  readonly #updated = new Map<JoinedRows, WindowRows>();
  /** Labels joined to a prediction. */
  joined = 0;

  constructor(settings: JoinSettings) {
    this.#settings = settings;
  }

  /** Whether `model`'s predictions are kept now (cheap: asked for every batch). */
  retains(model: string): boolean {
    const mode = this.#settings.retain(model);
    return mode === 'always' || (mode === 'auto' && this.#models.get(model)?.labelSeen === true);
  }

  /** Keeps a batch's predictions (rows `fromRow` to `toRow`, exclusive) for the join, counted in `windowStart`'s window. */
  retain(batch: InferenceBatch, windowStart: WindowStart, nowUnixMs: number, fromRow = 0, toRow = batch.rows): void {
    const join = this.#modelJoin(batch.model);
    const rows = join.rowsOf(batch.version, windowStart);
    if (batch.task !== '') rows.task = batch.task;
    const single = batch.row;
    const probabilityClasses = join.classLists.classesOf(batch);
    for (let i = fromRow; i < toRow; i++) {
      const prediction = (single !== undefined ? single.prediction : batch.predictions?.[i]) ?? null;
      const score = (single !== undefined ? single.score : batch.scores?.[i]) ?? null;
      // Without probabilities, no fields for them: a model that sends a score only pays nothing (16 bytes a prediction).
      const pending: PendingPrediction = probabilityClasses === null
        ? { version: batch.version, windowStart, prediction, score, keptUnixMs: nowUnixMs }
        : { version: batch.version, windowStart, prediction, score, keptUnixMs: nowUnixMs, probabilityClasses, probabilities: probabilityRow(batch, probabilityClasses, i) };
      rows.kept++;
      if ((pending.score !== null && Number.isFinite(pending.score)) || probabilityClasses !== null) rows.outputs.add(pending);
      const id = batch.inferenceIds[i];
      const waiting = join.waiting.size > 0 ? join.waiting.take(id) : undefined;
      if (waiting !== undefined && (waiting.version === '' || waiting.version === batch.version)) this.#join(batch.model, rows, waiting.label, pending);
      else join.pending.set(id, pending);
    }
    // The coverage moved; worth computing again only where there is performance to show.
    if (rows.labelled > 0) this.#markUpdated(batch.model, batch.version, windowStart, rows);
  }

  /** A label: joined to its prediction if kept, else it waits for it (up to the horizon). */
  acceptLabel(feedback: FeedbackRecord, nowUnixMs: number): 'joined' | 'waiting' {
    const join = this.#modelJoin(feedback.model);
    join.labelSeen = true;
    const pending = join.pending.take(feedback.inferenceId);
    if (pending !== undefined && (feedback.version === '' || feedback.version === pending.version)) {
      this.#join(feedback.model, join.rowsOf(pending.version, pending.windowStart), feedback.label, pending);
      return 'joined';
    }
    if (pending !== undefined) join.pending.set(feedback.inferenceId, pending); // another version's prediction: leave it
    join.waiting.set(feedback.inferenceId, { label: feedback.label, version: feedback.version, keptUnixMs: nowUnixMs });
    return 'waiting';
  }

  /** The windows whose rows changed since the last call (each once). */
  takeUpdated(): WindowRows[] {
    const updated = [...this.#updated.values()];
    this.#updated.clear();
    return updated;
  }

  /** The rows of one window of a model version, if any of its predictions were kept. */
  windowRows(model: string, version: string, windowStart: WindowStart): JoinedRows | undefined {
    return this.#models.get(model)?.windows.get(version)?.get(windowStart);
  }

  /** The labelled rows of a model version's reference (the baseline performance is computed from). */
  referenceRows(model: string, version: string): JoinedRows | undefined {
    return this.#models.get(model)?.windows.get(version)?.get(REFERENCE_WINDOW);
  }

  /**
   * Lets go of what is past the horizon at `nowUnixMs`: predictions and labels still
   * unjoined, and the rows of windows that started before it (the reference's stay).
   */
  expire(nowUnixMs: number): void {
    for (const join of this.#models.values()) {
      join.pending.expire(nowUnixMs);
      join.waiting.expire(nowUnixMs);
      for (const byStart of join.windows.values()) {
        for (const start of byStart.keys()) {
          if (start !== REFERENCE_WINDOW && nowUnixMs - start > this.#settings.horizonMs) byStart.delete(start);
        }
      }
    }
  }

  /** Predictions waiting for labels, labels waiting for predictions, and what the bounds let go. */
  stats(): { pendingPredictions: number; waitingLabels: number; dropped: number } {
    let pendingPredictions = 0;
    let waitingLabels = 0;
    let dropped = 0;
    for (const join of this.#models.values()) {
      pendingPredictions += join.pending.size;
      waitingLabels += join.waiting.size;
      dropped += join.pending.dropped + join.waiting.dropped;
    }
    return { pendingPredictions, waitingLabels, dropped };
  }

  snapshot(): JoinSnapshot {
    return { joined: this.joined, models: [...this.#models].map(([model, join]) => modelSnapshot(model, join)) };
  }

  /**
   * What the join holds of one model version, to move it to another replica (see
   * importVersion): its windows' rows, its pending predictions, and the labels waiting
   * that named it. Undefined when it holds nothing of the model.
   */
  exportVersion(model: string, version: string): ModelJoinSnapshot | undefined {
    const join = this.#models.get(model);
    return join === undefined ? undefined : modelSnapshot(model, join, version);
  }

  /**
   * Merges what another replica's join held of a model version (exportVersion) into
   * this one: its pending predictions meet the labels waiting here and the other way
   * round, and its windows' labelled rows are added to this join's rows of the same
   * windows (so labels that came on either side count once each).
   */
  importVersion(saved: ModelJoinSnapshot, nowUnixMs: number): void {
    const join = this.#modelJoin(saved.model);
    join.labelSeen ||= saved.labelSeen;
    for (const w of saved.windows) addSavedRows(join.rowsOf(w.version, w.windowStart), w);
    for (const [id, pending] of pendingOf(saved)) {
      const waiting = join.waiting.take(id);
      if (waiting !== undefined && (waiting.version === '' || waiting.version === pending.version)) {
        this.#join(saved.model, join.rowsOf(pending.version, pending.windowStart), waiting.label, pending);
      } else {
        if (waiting !== undefined) join.waiting.set(id, waiting);
        join.pending.set(id, pending);
      }
    }
    for (const [id, label, version, keptUnixMs] of saved.waiting) {
      this.acceptLabel({ model: saved.model, version, inferenceId: id, label, timeUnixMs: keptUnixMs }, Math.min(keptUnixMs, nowUnixMs));
    }
    for (const w of saved.windows) {
      const rows = join.rowsOf(w.version, w.windowStart);
      if (rows.labelled > 0) this.#markUpdated(saved.model, w.version, w.windowStart, rows);
    }
  }

  /** Takes back a snapshot into this (new) join. */
  restore(snapshot: JoinSnapshot): void {
    this.joined = snapshot.joined;
    for (const saved of snapshot.models) {
      const join = this.#modelJoin(saved.model);
      join.labelSeen = saved.labelSeen;
      join.pending.dropped = saved.dropped;
      for (const [id, pending] of pendingOf(saved)) join.pending.set(id, pending);
      for (const [id, label, version, keptUnixMs] of saved.waiting) join.waiting.set(id, { label, version, keptUnixMs });
      // Into empty rows, row by row: the saved window itself.
      for (const w of saved.windows) addSavedRows(join.rowsOf(w.version, w.windowStart), w);
    }
  }

  #join(model: string, rows: JoinedRows, label: FeatureValue, pending: PendingPrediction): void {
    rows.add(label, pending);
    this.joined++;
    this.#markUpdated(model, pending.version, pending.windowStart, rows);
  }

  #markUpdated(model: string, version: string, windowStart: WindowStart, rows: JoinedRows): void {
    if (!this.#updated.has(rows)) this.#updated.set(rows, { model, version, windowStart, rows });
  }

  /**
   * Forgets one version of a model (deleted through the admin API): its windows'
   * rows, its pending predictions and the labels that named it. Labels that named no
   * version stay, as they may be another version's.
   * @param lastVersion no other version of the model is known: the model's join goes
   *   altogether once empty (else it stays, remembering that the model gets labels)
   */
  forgetVersion(model: string, version: string, lastVersion: boolean): void {
    const join = this.#models.get(model);
    if (join === undefined) return;
    join.windows.delete(version);
    join.pending.deleteWhere((p) => p.version === version);
    join.waiting.deleteWhere((w) => w.version === version);
    for (const [rows, window] of this.#updated) if (window.model === model && window.version === version) this.#updated.delete(rows);
    if (lastVersion && join.windows.size === 0 && join.pending.size === 0 && join.waiting.size === 0) this.#models.delete(model);
  }

  /** Models with join state (predictions kept or labels waiting). */
  get modelCount(): number {
    return this.#models.size;
  }

  /** Whether `model` has join state. */
  knows(model: string): boolean {
    return this.#models.has(model);
  }

  #modelJoin(model: string): ModelJoin {
    let join = this.#models.get(model);
    if (join === undefined) this.#models.set(model, (join = new ModelJoin(this.#settings)));
    return join;
  }
}

/** A model's join as plain JSON; with `version`, only what concerns that version (labels that named none stay behind). */
function modelSnapshot(model: string, join: ModelJoin, version?: string): ModelJoinSnapshot {
  const windows: JoinedRowsSnapshot[] = [];
  for (const [rowsVersion, byStart] of join.windows) {
    if (version !== undefined && rowsVersion !== version) continue;
    for (const [windowStart, rows] of byStart) windows.push(rowsSnapshot(rowsVersion, windowStart, rows));
  }
  // Each distinct class list once; a pending prediction names its list by index.
  const listIndex = new Map<readonly string[], number>();
  const pending: PendingSnapshot[] = [];
  for (const [id, p] of join.pending.entries()) {
    if (version !== undefined && p.version !== version) continue;
    const head = [id, p.version, p.windowStart, p.prediction, p.score, p.keptUnixMs] as const;
    if (p.probabilityClasses === undefined || p.probabilities === undefined) {
      pending.push(head);
      continue;
    }
    let index = listIndex.get(p.probabilityClasses);
    if (index === undefined) listIndex.set(p.probabilityClasses, (index = listIndex.size));
    pending.push([...head, index, p.probabilities as number[]]);
  }
  const waiting: [string, FeatureValue, string, number][] = [];
  for (const [id, w] of join.waiting.entries()) if (version === undefined || w.version === version) waiting.push([id, w.label, w.version, w.keptUnixMs]);
  return {
    model,
    labelSeen: join.labelSeen,
    dropped: join.pending.dropped + join.waiting.dropped,
    pending,
    ...(listIndex.size === 0 ? {} : { probabilityClasses: [...listIndex.keys()] }),
    waiting,
    windows,
  };
}

function rowsSnapshot(version: string, windowStart: WindowStart, rows: JoinedRows): JoinedRowsSnapshot {
  const probabilities = rows.probabilities.snapshot();
  const outputProbabilities = rows.outputs.probabilities.snapshot();
  return {
    version, windowStart, kept: rows.kept, labelled: rows.labelled, task: rows.task,
    labels: rows.labels, predictions: rows.predictions, scores: rows.scores,
    ...(probabilities === undefined ? {} : { probabilities }),
    outputs: {
      scores: rows.outputs.scores, predictions: rows.outputs.predictions, seen: rows.outputs.seen,
      ...(outputProbabilities === undefined ? {} : { probabilities: outputProbabilities }),
    },
  };
}

/** A saved model join's pending predictions, by inference id, as the join keeps them. */
function* pendingOf(saved: ModelJoinSnapshot): IterableIterator<[string, PendingPrediction]> {
  const classLists = saved.probabilityClasses ?? [];
  for (const [id, version, windowStart, prediction, score, keptUnixMs, listIndex, values] of saved.pending) {
    const probabilityClasses = listIndex === undefined ? undefined : classLists[listIndex];
    yield [id, probabilityClasses !== undefined && values !== undefined
      ? { version, windowStart, prediction, score, keptUnixMs, probabilityClasses, probabilities: values.map((v) => v ?? NaN) }
      : { version, windowStart, prediction, score, keptUnixMs }];
  }
}

/**
 * Adds a saved window's rows to `rows` row by row, as if they had been joined here:
 * into empty rows that is the saved window itself; into rows holding some already, the
 * union (a uniform sample of it past the rows' bound).
 */
function addSavedRows(rows: JoinedRows, saved: JoinedRowsSnapshot): void {
  rows.kept += saved.kept;
  if (saved.task !== '') rows.task = saved.task;
  for (let i = 0; i < saved.labels.length; i++) rows.add(saved.labels[i], savedPrediction(saved.version, saved.predictions[i], saved.scores[i], saved.probabilities, i));
  // Labels the saved window counted past its sample: counted, not held.
  rows.labelled += saved.labelled - saved.labels.length;
  const outputs = saved.outputs;
  for (let i = 0; i < outputs.scores.length; i++) rows.outputs.add(savedPrediction(saved.version, outputs.predictions[i], outputs.scores[i] ?? NaN, outputs.probabilities, i));
  rows.outputs.seen += outputs.seen - outputs.scores.length;
  // Classes past MAX_CLASSES were left out there: the saved columns no longer describe whole rows.
  if (saved.probabilities?.overflowed === true) rows.probabilities.overflowed = true;
  if (outputs.probabilities?.overflowed === true) rows.outputs.probabilities.overflowed = true;
}

/** Row `i` of a saved window as the prediction JoinedRows takes. */
function savedPrediction(version: string, prediction: FeatureValue, score: number | null, probabilities: ProbabilityColumnsSnapshot | undefined, i: number): PendingPrediction {
  if (probabilities === undefined) return { version, windowStart: 0, prediction, score, keptUnixMs: 0 };
  return {
    version, windowStart: 0, prediction, score, keptUnixMs: 0,
    probabilityClasses: probabilities.classes, probabilities: probabilities.columns.map((column) => column[i] ?? NaN),
  };
}
