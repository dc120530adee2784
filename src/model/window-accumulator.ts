import type { FeatureColumn, FeatureValue, InferenceBatch, InferenceRow } from '../extract/inference-batch.js';
import { MAX_FEATURES } from '../extract/inference-span.js';
import type { Exemplar } from '../pipeline/window-signals.js';
import type { SpanIdentity } from '../otlp/span-table.js';
import type { MonitoredFeature, WindowProfile } from './feature-monitor.js';
import { PREDICTION, PREDICTION_SCORE } from './output-features.js';
import { NumericAddBuffer } from '../profile/numeric-add-buffer.js';
import { NumericProfile } from '../profile/numeric-profile.js';
import { CategoricalProfile } from '../profile/categorical-profile.js';
import { DiscreteNumericProfile } from '../evaluate/window/discrete-numeric-profile.js';
import { mergeSerializedProfile, serializeWindowProfile, type SerializedWindowProfile } from '../evaluate/window/window-profile-codec.js';

/** An open window as plain JSON (the durable state's snapshot). */
export interface WindowSnapshot {
  readonly startUnixMs: number;
  readonly records: number;
  readonly profiles: Readonly<Record<string, SerializedWindowProfile>>;
  readonly newFeatures: readonly string[];
  /** By feature, the first record that carried it (an alert's trace link); absent in snapshots of earlier versions. */
  readonly exemplars?: Readonly<Record<string, Exemplar>>;
}

/** Feature positions in a row whose last name and slot are remembered; later ones are looked up by name. */
const MAX_REMEMBERED_POSITIONS = 256;

/** What takes a slot's values: its profile, or a buffer in front of a numeric one. */
interface ProfileWriter {
  add(value: unknown): void;
}

/**
 * One open window of one model version: a profile per monitored feature, filled row
 * by row, so memory is bounded by the features, not by the traffic. A monitored
 * feature absent from a batch counts as missing on its rows.
 *
 * This runs once per inference span, so the profiles sit in an array indexed by a
 * slot number: a single-row batch (`batch.row`) is added value by value, each value's
 * slot found by comparing its name with the one last seen at the same position in a
 * row (else by name), with no per-feature array read; other batches column by column. Both give the same profiles (test/model/window-accumulator.test.ts).
 * Numeric profiles are written through a NumericAddBuffer (values added in runs, for
 * the cache), flushed before a profile is read.
 */
export class WindowAccumulator {
  readonly startUnixMs: number;
  /** Slot by monitored feature name (inputs, and the outputs under their §4 names). */
  readonly #slots = new Map<string, number>();
  /** The same without the outputs: the slots an input feature of a row can fill. */
  readonly #featureSlots = new Map<string, number>();
  readonly #names: string[] = [];
  readonly #profiles: WindowProfile[] = [];
  /** Per slot, where its values go: #profiles[slot] or a buffer in front of it. */
  readonly #writers: ProfileWriter[] = [];
  /** The first record that carried each slot's feature, for an alert's trace link. */
  readonly #exemplars: (Exemplar | undefined)[] = [];
  /** The feature name last seen at each position of a row, and its slot (-1: not monitored). */
  readonly #lastNames: (string | undefined)[] = new Array<string | undefined>(MAX_REMEMBERED_POSITIONS).fill(undefined);
  readonly #lastSlots: Int32Array = new Int32Array(MAX_REMEMBERED_POSITIONS).fill(-1);
  /** Per slot, the number of the last row that carried the feature: which ones a row lacked. */
  readonly #lastSeen: Float64Array;
  #rowNumber = 0;
  /** #addSpanRows' per-row value arrays, one array reused batch after batch. */
  readonly #rowValues: (readonly FeatureValue[])[] = [];
  readonly #predictionSlot: number;
  readonly #scoreSlot: number;
  /**
   * Features the records carried that the reference never had: the first #maxNewFeatures
   * of them (spans that each bring new names would otherwise grow it, and the window's
   * snapshot, without bound).
   */
  readonly newFeatures = new Set<string>();
  #records = 0;

  readonly #maxNewFeatures: number;

  /** @param maxNewFeatures new features listed (`limits.features_per_model`) */
  constructor(monitors: ReadonlyMap<string, MonitoredFeature>, startUnixMs: number, maxNewFeatures = MAX_FEATURES) {
    this.startUnixMs = startUnixMs;
    this.#maxNewFeatures = maxNewFeatures;
    for (const [name, monitor] of monitors) {
      this.#slots.set(name, this.#profiles.length);
      this.#names.push(name);
      const profile = monitor.createWindow();
      this.#profiles.push(profile);
      this.#writers.push(profile instanceof NumericProfile ? new NumericAddBuffer(profile) : profile);
      this.#exemplars.push(undefined);
    }
    for (const [name, slot] of this.#slots) if (name !== PREDICTION && name !== PREDICTION_SCORE) this.#featureSlots.set(name, slot);
    this.#lastSeen = new Float64Array(this.#profiles.length);
    this.#predictionSlot = this.#slots.get(PREDICTION) ?? -1;
    this.#scoreSlot = this.#slots.get(PREDICTION_SCORE) ?? -1;
  }

  get records(): number {
    return this.#records;
  }

  /** Adds the batch's rows from `fromRow` on. */
  add(batch: InferenceBatch, fromRow = 0): void {
    const rows = batch.rows - fromRow;
    if (rows <= 0) return;
    const row = batch.row;
    if (row !== undefined && batch.rows === 1) this.#addRow(batch, row);
    else if (batch.rowOf !== undefined) this.#addSpanRows(batch, fromRow);
    else this.#addColumns(batch, fromRow);
    this.#records += rows;
  }

  /** The feature's profile, holding every record added so far (not those added later). */
  profile(feature: string): WindowProfile | undefined {
    const slot = this.#slots.get(feature);
    if (slot === undefined) return undefined;
    const writer = this.#writers[slot];
    if (writer instanceof NumericAddBuffer) writer.flush();
    return this.#profiles[slot];
  }

  /** Features whose profile put values in its overflow bucket: more categories than the window counts one by one. */
  overflowedFeatures(): number {
    let count = 0;
    for (const profile of this.#profiles) {
      const categories = profile instanceof CategoricalProfile ? profile : profile instanceof DiscreteNumericProfile ? profile.values : undefined;
      if (categories !== undefined && categories.overflow > 0) count++;
    }
    return count;
  }

  #noteNew(name: string): void {
    if (this.newFeatures.size < this.#maxNewFeatures) this.newFeatures.add(name);
  }

  snapshot(): WindowSnapshot {
    const profiles: Record<string, SerializedWindowProfile> = {};
    const exemplars: Record<string, Exemplar> = {};
    this.#names.forEach((name, slot) => {
      profiles[name] = serializeWindowProfile(this.profile(name)!);
      const exemplar = this.#exemplars[slot];
      if (exemplar !== undefined) exemplars[name] = { traceId: exemplar.traceId, spanId: exemplar.spanId };
    });
    return { startUnixMs: this.startUnixMs, records: this.#records, profiles, newFeatures: [...this.newFeatures], exemplars };
  }

  /**
   * Adds a snapshot's records to this (empty) window, opened on the same monitors at
   * the snapshot's start. A feature the snapshot lacks stays empty.
   * @throws Error when a profile does not fit its monitor (the reference changed)
   */
  restore(snapshot: WindowSnapshot): void {
    for (const [name, data] of Object.entries(snapshot.profiles)) {
      const profile = this.profile(name);
      if (profile !== undefined) mergeSerializedProfile(profile, data);
    }
    this.#records += snapshot.records;
    for (const name of snapshot.newFeatures) this.#noteNew(name);
    for (const [name, exemplar] of Object.entries(snapshot.exemplars ?? {})) {
      const slot = this.#slots.get(name);
      if (slot !== undefined && this.#exemplars[slot] === undefined) this.#exemplars[slot] = exemplar;
    }
  }

  /** The first record of the window that carried the feature, for an alert's trace link. */
  exemplar(feature: string): Exemplar | undefined {
    const slot = this.#slots.get(feature);
    return slot === undefined ? undefined : this.#exemplars[slot];
  }

  #addRow(batch: InferenceBatch, row: InferenceRow): void {
    const writers = this.#writers;
    const lastSeen = this.#lastSeen;
    const rowNumber = ++this.#rowNumber;
    let found = 0;
    const names = row.featureNames;
    const values = row.featureValues;
    const lastNames = this.#lastNames;
    const lastSlots = this.#lastSlots;
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      // Rows of one model list their features in the same order, as the same strings: one comparison finds the slot.
      let slot: number;
      if (lastNames[i] === name) slot = lastSlots[i];
      else {
        slot = this.#featureSlots.get(name) ?? -1;
        if (i < MAX_REMEMBERED_POSITIONS) {
          lastNames[i] = name;
          lastSlots[i] = slot;
        }
      }
      if (slot < 0) {
        // An input named like an output (ml.feature.ml.prediction) is shadowed by it, as columnOf has it.
        if (!this.#slots.has(name)) this.#noteNew(name);
        continue;
      }
      writers[slot].add(values[i]);
      lastSeen[slot] = rowNumber;
      found++;
      if (this.#exemplars[slot] === undefined) this.#noteExemplar(slot, batch);
    }
    if (row.prediction !== undefined) found += this.#addOutput(this.#predictionSlot, PREDICTION, row.prediction, rowNumber, batch);
    if (row.score !== undefined) found += this.#addOutput(this.#scoreSlot, PREDICTION_SCORE, row.score, rowNumber, batch);
    if (found < writers.length) {
      for (let slot = 0; slot < writers.length; slot++) if (lastSeen[slot] !== rowNumber) writers[slot].add(null);
    }
  }

  /** Adds an output's value to its slot: 1 if it is monitored, else 0 (a new feature). */
  #addOutput(slot: number, name: string, value: FeatureValue, rowNumber: number, batch: InferenceBatch): number {
    if (slot < 0) {
      this.#noteNew(name);
      return 0;
    }
    this.#writers[slot].add(value);
    this.#lastSeen[slot] = rowNumber;
    if (this.#exemplars[slot] === undefined) this.#noteExemplar(slot, batch);
    return 1;
  }

  #addColumns(batch: InferenceBatch, fromRow: number): void {
    const writers = this.#writers;
    const rows = batch.rows;
    for (let slot = 0; slot < writers.length; slot++) {
      const values = columnOf(batch, this.#names[slot]);
      const profile = writers[slot];
      // Numeric columns (most of them) in one call each: the per-value call was polymorphic over the profile kinds.
      if (values === undefined) {
        if (profile instanceof NumericAddBuffer) profile.addMissing(rows - fromRow);
        else for (let row = fromRow; row < rows; row++) profile.add(null);
        continue;
      }
      if (profile instanceof NumericAddBuffer) {
        if (values instanceof Float64Array) profile.addNumbers(values, fromRow, rows);
        else profile.addColumn(values, fromRow, rows);
      } else for (let row = fromRow; row < rows; row++) profile.add(values[row]);
      if (this.#exemplars[slot] === undefined) this.#noteExemplar(slot, batch.spanOfRow?.(fromRow) ?? batch);
    }
    for (const name of batch.featureNames ?? batch.features.keys()) if (!this.#slots.has(name)) this.#noteNew(name);
    if (batch.predictions !== undefined && this.#predictionSlot < 0) this.#noteNew(PREDICTION);
    if (batch.scores !== undefined && this.#scoreSlot < 0) this.#noteNew(PREDICTION_SCORE);
  }

  /**
   * The rows of single-row spans of one shape (SpanRowsBatch) feature by feature, read
   * from each span's row: what #addColumns does with the batch's columns, without the
   * columns being made (a new array per feature per batch, filled by reading the same
   * rows). The rows name the same features in the same order (sameShape), each once.
   */
  #addSpanRows(batch: InferenceBatch, fromRow: number): void {
    const rowOf = (row: number): InferenceRow => batch.rowOf!(row);
    const rows = batch.rows;
    const first = rowOf(fromRow);
    const names = first.featureNames;
    // Each row's values, looked up once rather than once per feature (a call and two loads per value).
    const valuesOf = this.#rowValues;
    valuesOf.length = rows;
    for (let row = fromRow; row < rows; row++) valuesOf[row] = rowOf(row).featureValues;
    const writers = this.#writers;
    const lastSeen = this.#lastSeen;
    const mark = ++this.#rowNumber;
    const exemplarSpan = batch.spanOfRow?.(fromRow) ?? batch;
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const slot = this.#featureSlots.get(name);
      if (slot === undefined) {
        if (!this.#slots.has(name)) this.#noteNew(name);
        continue;
      }
      const writer = writers[slot];
      if (writer instanceof NumericAddBuffer) for (let row = fromRow; row < rows; row++) writer.add(valuesOf[row][i]);
      else for (let row = fromRow; row < rows; row++) writer.add(valuesOf[row][i]);
      lastSeen[slot] = mark;
      if (this.#exemplars[slot] === undefined) this.#noteExemplar(slot, exemplarSpan);
    }
    // The outputs, under their §4 names: each read from every row, or noted as new when not monitored.
    for (const [slot, name, output] of [[this.#predictionSlot, PREDICTION, 'prediction'], [this.#scoreSlot, PREDICTION_SCORE, 'score']] as const) {
      if (first[output] === undefined) continue;
      if (slot < 0) {
        this.#noteNew(name);
        continue;
      }
      for (let row = fromRow; row < rows; row++) writers[slot].add(rowOf(row)[output]);
      lastSeen[slot] = mark;
      if (this.#exemplars[slot] === undefined) this.#noteExemplar(slot, exemplarSpan);
    }
    for (let slot = 0; slot < writers.length; slot++) {
      if (lastSeen[slot] === mark) continue;
      const writer = writers[slot];
      if (writer instanceof NumericAddBuffer) writer.addMissing(rows - fromRow);
      else for (let row = fromRow; row < rows; row++) writer.add(null);
    }
    // The batch's arrays are not kept past this call.
    valuesOf.length = 0;
  }

  /** @param span the record's span: the batch's, or for rows of several spans (SpanRowsBatch, TableRowsBatch) the row's */
  #noteExemplar(slot: number, span: SpanIdentity): void {
    this.#exemplars[slot] = { traceId: span.traceId, spanId: span.spanId };
  }
}

/** A monitored column of the batch: a feature (as numbers when the batch holds it so), or one of the outputs under its §4 name. */
function columnOf(batch: InferenceBatch, name: string): FeatureColumn | undefined {
  if (name === PREDICTION) return batch.predictions;
  if (name === PREDICTION_SCORE) return batch.scores;
  return batch.featureColumnOf !== undefined ? batch.featureColumnOf(name) : batch.features.get(name);
}
