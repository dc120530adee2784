import { diag } from '@opentelemetry/api';
import { referenceDigest } from '../audit/reference-digest.js';
import type { FeatureValue, FeedbackRecord, InferenceBatch, InferenceSink, ModelKey } from '../extract/inference-batch.js';
import { GroundTruthJoin, type JoinSettings, type JoinSnapshot } from '../feedback/ground-truth-join.js';
import { REFERENCE_WINDOW } from '../feedback/joined-rows.js';
import { PerformanceTracker } from '../feedback/performance-tracker.js';
import type { SignalSink, WindowSignals } from '../pipeline/window-signals.js';
import type { RecentSample } from '../samples/recent-sample.js';
import { buildMonitors, type ReferenceKeeper } from './feature-monitor.js';
import { ModelState, type ModelStateOptions, type ModelStateSnapshot } from './model-state.js';
import { ModelwatchError } from '../errors.js';
import { VERSION_STATE_FORMAT, type VersionState } from './version-state.js';
import { versionKeyOf } from './version-key.js';
import { HeldVersions, type HeldBatch } from './held-versions.js';
import type { VersionHandoff } from './version-handoff.js';

/** The registry's state as plain JSON: what the durable state snapshots and restores. */
export interface RegistrySnapshot {
  readonly feedbackReceived: number;
  readonly states: readonly ModelStateSnapshot[];
  readonly join?: JoinSnapshot;
}

export interface ModelRegistryOptions {
  /** Settings of a model version, from the config's defaults and its `models` entries. */
  readonly optionsFor: (key: ModelKey) => ModelStateOptions;
  readonly sink: SignalSink;
  readonly now?: () => number;
  /**
   * Keeps references collected from traffic or sent to the admin API across restarts
   * (`--data-dir`): a version seen again starts monitoring against its kept reference.
   */
  readonly references?: ReferenceKeeper;
  /** How ground truth is joined to predictions; without, labels are only counted. */
  readonly feedback?: FeedbackOptions;
  /**
   * Model versions tracked (`limits.models`): past it a new version's batches are
   * refused (see refusal); the versions already known go on. @default Infinity
   */
  readonly maxModels?: number;
  /** Told of each batch refused by `maxModels`, for the self-metrics. */
  readonly modelsBreached?: () => void;
  /**
   * Asks the other replicas for the state of a version seen here for the first time
   * (`scale_out.peers`): its records are held meanwhile (see VersionHandoff).
   */
  readonly handoff?: VersionHandoff;
  /**
   * Told after a version's state is imported (from a peer or the admin API): the
   * journal does not hold it, so the data dir snapshots it soon.
   */
  readonly afterImport?: () => void;
}


/** The join's settings, and what observed performance needs. */
export interface FeedbackOptions extends JoinSettings {
  /** The window duration (ms), for a window's end. */
  readonly windowMs: number;
  /** Labelled predictions a window needs before its performance is published. */
  readonly minLabels: number;
}

/**
 * Every model version the processor has seen, keyed by (model, version): the
 * InferenceSink that extraction feeds, and the place windows are closed from.
 */
export class ModelRegistry implements InferenceSink {
  /** Model → version → state: two lookups, and no key string to build per span. */
  readonly #states = new Map<string, Map<string, ModelState>>();
  /** The same states in the order their versions were first seen, for closing and listing; touched only when a state is made. */
  readonly #ordered = new Map<string, ModelState>();
  readonly #options: ModelRegistryOptions;
  readonly #now: () => number;
  #feedbackReceived = 0;
  /** Rows taken into a reference or a window since the start (replayed ones included): the self-metric `modelwatch.records.processed`. */
  #recordsTaken = 0;
  readonly #judging = new Set<Promise<void>>();
  readonly #join?: GroundTruthJoin;
  readonly #performance?: PerformanceTracker;
  /** A performance flush waiting for the labels of the current turn of the event loop. */
  #flushTimer: NodeJS.Timeout | undefined;
  /** The digest of each version's reference in force (referenceDigest), for the audit log; absent while one is collected. */
  readonly #digests = new Map<string, string>();
  /** States deleted through the admin API: a verdict of theirs still on its way is not published. */
  readonly #deleted = new WeakSet<ModelState>();
  /** Versions whose records are held while the other replicas are asked for their state (with `handoff`). */
  readonly #held: HeldVersions | undefined;
  /** The end of the windows closed last: where held records' windows close (see #takeHeld). */
  #lastCloseUnixMs = -Infinity;

  constructor(options: ModelRegistryOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#held = options.handoff === undefined ? undefined : new HeldVersions(options.handoff, {
      importVersion: (state) => this.importVersion(state),
      takeHeld: (key, batches) => this.#takeHeld(key, batches),
    });
    if (options.feedback !== undefined) {
      const { windowMs, minLabels } = options.feedback;
      const sink = options.sink;
      this.#join = new GroundTruthJoin(options.feedback);
      this.#performance = new PerformanceTracker(this.#join, {
        windowMs, minLabels, publish: (signals) => sink.publishPerformance?.(signals),
      });
    }
  }

  acceptInferences(batch: InferenceBatch): void {
    this.#accept(batch, this.#now());
  }

  /** acceptInferences for the batches of one request, with the clock read once for all of them (they arrived together). */
  requestAcceptor(): (batch: InferenceBatch) => void {
    const now = this.#now();
    return (batch) => this.#accept(batch, now);
  }

  refusal(key: ModelKey): string | undefined {
    const max = this.#options.maxModels ?? Infinity;
    if (this.versionCount < max || this.#states.get(key.model)?.has(key.version) === true || this.isHolding(key)) return undefined;
    this.#options.modelsBreached?.();
    return `model ${key.model.slice(0, 64)} version ${key.version.slice(0, 64)} is new, and ${max} model versions are tracked already (limits.models); the versions known go on`;
  }

  /**
   * Whether refusal would refuse none of these versions (each once), asked in turn with
   * each new one taken before the next: a version is refused only while the versions
   * tracked are `maxModels` or more, and taking a new one adds at most one.
   */
  refusesNone(keys: readonly ModelKey[]): boolean {
    const max = this.#options.maxModels ?? Infinity;
    if (max === Infinity) return true;
    let fresh = 0;
    for (const key of keys) if (this.#states.get(key.model)?.has(key.version) !== true && !this.isHolding(key)) fresh++;
    return this.versionCount + fresh <= max;
  }

  /**
   * Labels of a model the join does not know yet are refused once it keeps
   * `maxModels` models, unless the registry tracks the model: the join's state is
   * per model, and labels may come before any prediction.
   */
  feedbackRefusal(feedback: FeedbackRecord): string | undefined {
    const join = this.#join;
    const max = this.#options.maxModels ?? Infinity;
    if (join === undefined || join.modelCount < max || join.knows(feedback.model) || this.#states.has(feedback.model)) return undefined;
    this.#options.modelsBreached?.();
    return `model ${feedback.model.slice(0, 64)} is new, and labels of ${max} models are kept already (limits.models)`;
  }

  #accept(batch: InferenceBatch, now: number): void {
    const state = this.#states.get(batch.model)?.get(batch.version) ?? this.#newVersion(batch, now);
    this.#recordsTaken += batch.rows;
    if (state !== undefined) this.#acceptInto(state, batch, now);
  }

  /**
   * The state of a version seen for the first time; undefined when its records are
   * held instead, while the other replicas are asked for its state (this batch is held).
   * A version with a reference configured or kept here is asked for too: another
   * replica may hold its open window and its join.
   */
  #newVersion(batch: InferenceBatch, now: number): ModelState | undefined {
    if (this.#held === undefined) return this.#stateFor(batch);
    this.#held.hold(batch, now);
    return undefined;
  }

  /**
   * Takes a handoff's held records into the version's state in their order; the
   * window they found open is closed on the boundary that passed while they were held.
   */
  #takeHeld(key: ModelKey, batches: readonly HeldBatch[]): void {
    const state = this.#stateFor(key);
    const boundary = this.#lastCloseUnixMs;
    const closeIfPassed = () => {
      const start = state.openWindowStart;
      if (start === undefined || start >= boundary) return;
      const verdict = state.closeWindow(boundary);
      if (verdict !== undefined) this.#publishWhenJudged(state, verdict);
    };
    for (const { batch, nowUnixMs } of batches) {
      if (nowUnixMs >= boundary) closeIfPassed();
      this.#acceptInto(state, batch, nowUnixMs);
    }
    closeIfPassed();
  }

  #acceptInto(state: ModelState, batch: InferenceBatch, now: number): void {
    const toReference = state.accept(batch, now);
    // Each row counted where it went: the reference while it is being collected, else the open window.
    if (this.#join?.retains(batch.model) !== true) return;
    if (toReference > 0) this.#join.retain(batch, REFERENCE_WINDOW, now, 0, toReference);
    if (toReference < batch.rows) this.#join.retain(batch, state.openWindowStart ?? REFERENCE_WINDOW, now, toReference);
  }

  /**
   * Ground truth: joined to its prediction (or kept until the prediction comes); the
   * windows it changed publish their performance once the current turn's labels are in.
   */
  acceptFeedback(feedback: FeedbackRecord): void {
    this.#feedbackReceived++;
    this.#labelSample(feedback);
    if (this.#join === undefined) return;
    this.#join.acceptLabel(feedback, this.#now());
    if (this.#flushTimer === undefined) {
      this.#flushTimer = setTimeout(() => this.flushPerformance(), 0);
      this.#flushTimer.unref();
    }
  }

  /** Labels the sampled record of this inference id, in the version named or else in any of the model's. */
  #labelSample(feedback: FeedbackRecord): void {
    const versions = this.#states.get(feedback.model);
    if (versions === undefined) return;
    if (feedback.version !== '') {
      versions.get(feedback.version)?.sample?.attachLabel(feedback.inferenceId, feedback.label);
      return;
    }
    for (const state of versions.values()) if (state.sample?.attachLabel(feedback.inferenceId, feedback.label) === true) return;
  }

  /** Every version's retraining sample (the durable state writes them with each snapshot). */
  *samples(): IterableIterator<{ key: ModelKey; sample: RecentSample }> {
    for (const state of this.#allStates()) if (state.sample !== undefined) yield { key: state.key, sample: state.sample };
  }

  /** Whether this version's records are held here while the other replicas are asked for its state. */
  isHolding(key: ModelKey): boolean {
    return this.#held?.has(key) === true;
  }

  /** Model versions tracked, and held while the other replicas are asked for them. */
  get versionCount(): number {
    return this.#ordered.size + (this.#held?.size ?? 0);
  }

  /** Whether the registry tracks this model version. */
  has(model: string, version: string): boolean {
    return this.#states.get(model)?.has(version) === true;
  }

  /** The retraining sample of a model version, if it is known and keeps one. */
  sampleOf(model: string, version: string): RecentSample | undefined {
    return this.#states.get(model)?.get(version)?.sample;
  }

  /** Publishes the performance of the windows the join changed since the last flush. */
  flushPerformance(): void {
    if (this.#flushTimer !== undefined) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    try {
      this.#performance?.flush();
    } catch (error) {
      diag.error('modelwatch: publishing observed performance failed', error);
    }
  }

  /** The join's state, for the self-metrics: predictions and labels waiting, what the bounds let go, labels joined. */
  joinStats(): { pendingPredictions: number; waitingLabels: number; dropped: number; joined: number } | undefined {
    if (this.#join === undefined) return undefined;
    return { ...this.#join.stats(), joined: this.#join.joined };
  }

  /** Inference records (rows) taken into a reference or an open window since the start. */
  get recordsTaken(): number {
    return this.#recordsTaken;
  }

  get feedbackReceived(): number {
    return this.#feedbackReceived;
  }

  /**
   * Closes every open window at `endUnixMs` (at once, so the next windows start on
   * the boundary) and publishes what each concluded as its verdict comes (see
   * ModelState.closeWindow); `settled` waits for them.
   */
  closeWindows(endUnixMs: number): void {
    this.#lastCloseUnixMs = endUnixMs;
    this.#join?.expire(endUnixMs);
    this.flushPerformance();
    this.#estimateClosingWindows();
    for (const state of this.#allStates()) {
      const verdict = state.closeWindow(endUnixMs);
      if (verdict !== undefined) this.#publishWhenJudged(state, verdict);
    }
  }

  #publishWhenJudged(state: ModelState, verdict: Promise<WindowSignals>): void {
    const published = verdict.then(
      (signals) => {
        if (!this.#deleted.has(state)) this.#options.sink.publish(signals);
      },
    ).catch((error: unknown) => {
      diag.error(`modelwatch: the window of ${state.key.model} ${state.key.version} could not be judged or published`, error);
    }).finally(() => this.#judging.delete(published));
    this.#judging.add(published);
  }

  /** The estimated performance of each window about to close (of the versions whose predictions are kept). */
  #estimateClosingWindows(): void {
    const tracker = this.#performance;
    if (tracker === undefined) return;
    for (const state of this.#allStates()) {
      const start = state.openWindowStart;
      if (start === undefined) continue;
      try {
        tracker.estimateWindow(state.key.model, state.key.version, start);
      } catch (error) {
        diag.error(`modelwatch: estimating the performance of ${state.key.model} ${state.key.version} failed`, error);
      }
    }
  }

  /** Resolves when every closed window so far has been judged and published. */
  async settled(): Promise<void> {
    // Handoffs end within their timeout: their records count in this stop's windows.
    await this.#held?.settled();
    this.flushPerformance();
    while (this.#judging.size > 0) await Promise.all(this.#judging);
  }

  /** Windows closed and not yet published. */
  get windowsJudging(): number {
    return this.#judging.size;
  }

  /** Everything needed to continue after a restart (see src/store): versions' reference rows or open windows, and the join. */
  snapshot(): RegistrySnapshot {
    return {
      feedbackReceived: this.#feedbackReceived,
      states: [...this.#allStates()].map((state) => state.snapshot()),
      ...(this.#join === undefined ? {} : { join: this.#join.snapshot() }),
    };
  }

  /**
   * Takes back a snapshot into this new registry: each version is made again (against
   * its kept or configured reference) and continues its collection or open window.
   * A version whose window no longer fits its monitors starts an empty window.
   */
  restore(snapshot: RegistrySnapshot): void {
    this.#feedbackReceived = snapshot.feedbackReceived;
    for (const saved of snapshot.states) {
      const state = this.#stateFor(saved);
      try {
        state.restore(saved);
      } catch (error) {
        diag.error(`modelwatch: the open window of ${saved.model} ${saved.version} could not be restored; it starts empty`, error);
      }
    }
    if (snapshot.join !== undefined) this.#join?.restore(snapshot.join);
    // Windows closed before the stop whose verdict never came out: judged now, against the restored monitors.
    for (const state of this.#allStates()) {
      for (const verdict of state.judgeRestored()) this.#publishWhenJudged(state, verdict);
    }
  }

  /** The open windows' starts and record counts, by version (the admin state endpoint, and restart checks). */
  openWindows(): { model: string; version: string; phase: 'reference' | 'monitoring'; referenceRows: number; windowStart: number | null; windowRecords: number }[] {
    return [...this.#allStates()].map((s) => ({
      ...s.key, phase: s.phase, referenceRows: s.referenceRows, windowStart: s.openWindowStart ?? null, windowRecords: s.openWindowRecords,
    }));
  }

  /** The versions known, with their phase, for status pages and the admin API. */
  list(): { model: string; version: string; phase: 'reference' | 'monitoring'; referenceRows: number }[] {
    return [...this.#allStates()].map((s) => ({ ...s.key, phase: s.phase, referenceRows: s.referenceRows }));
  }

  /**
   * A version's state as another replica takes it (see VersionState); with `release`,
   * the version is forgotten here in the same turn (as deleteVersion), so that it is
   * judged by exactly one replica from then on.
   * @returns undefined when the version is not known here
   */
  exportVersion(key: ModelKey, release = false): { state: VersionState; released?: Promise<void> } | undefined {
    const local = this.#states.get(key.model)?.get(key.version);
    if (local === undefined) return undefined;
    const columns = local.referenceColumns;
    const join = this.#join?.exportVersion(key.model, key.version);
    const state: VersionState = {
      format: VERSION_STATE_FORMAT,
      exportedUnixMs: this.#now(),
      ...local.snapshot(),
      ...(local.phase === 'reference' ? {} : {
        reference: { digest: this.referenceDigestOf(key), ...(columns === undefined ? {} : { columns: Object.fromEntries(columns) }) },
      }),
      ...(join === undefined ? {} : { join }),
    };
    if (!release) return { state };
    return { state, released: this.deleteVersion(key)?.kept };
  }

  /**
   * Takes another replica's state of a version (exportVersion). A version not known
   * here starts from it: its reference, its open window, its closed windows still to
   * judge. A version monitoring here against the same reference gets the state merged
   * into its own (profiles merge exactly). A version collecting its reference here
   * starts from the state, and the rows it collected are then taken again as new
   * records (into the imported window, or the imported reference while it is collected).
   * The join's predictions and labels of the version are merged either way.
   * @returns what was done, and a promise that settles once a reference that came with
   *   the state is kept (at once without a data dir)
   * @throws ModelwatchError MODELWATCH_ERR_STATE_CONFLICT when the references differ,
   *   MODELWATCH_ERR_BAD_STATE when a profile does not fit the reference's monitors;
   *   nothing is changed then
   */
  importVersion(saved: VersionState): { outcome: 'created' | 'merged'; kept: Promise<void> } {
    const key = { model: saved.model, version: saved.version };
    const local = this.#states.get(key.model)?.get(key.version);
    const conflict = (detail: string) => new ModelwatchError('MODELWATCH_ERR_STATE_CONFLICT', key.model, key.version, detail);
    let outcome: 'created' | 'merged';
    let kept: Promise<void> = Promise.resolve();
    if (local?.phase === 'monitoring') {
      const digest = this.referenceDigestOf(key);
      if (saved.reference === undefined) throw conflict('it is still collecting its reference there, and monitoring here; delete one of them first');
      if (saved.reference.digest !== digest) throw conflict(`its reference there (${saved.reference.digest ?? 'unknown'}) is not the one here (${digest ?? 'unknown'})`);
      // Tried on a copy first, so a profile that does not fit changes nothing.
      restoreOrRefuse(this.#fresh(key, saved), saved);
      local.merge(saved);
      outcome = 'merged';
    } else {
      const state = this.#fresh(key, saved);
      restoreOrRefuse(state, saved);
      const collected = local?.collectedRows();
      this.#keep(state);
      if (collected !== undefined) state.accept(collected, this.#now(), false);
      const id = versionKeyOf(key);
      if (saved.reference?.columns !== undefined) {
        const columns = columnsOf(saved.reference.columns);
        this.#digests.set(id, referenceDigest(columns));
        kept = Promise.resolve(this.#options.references?.save(key, columns));
      } else if (saved.reference?.digest != null) {
        this.#digests.set(id, saved.reference.digest);
      } else {
        this.#digests.delete(id);
      }
      outcome = 'created';
    }
    if (saved.join !== undefined) this.#join?.importVersion(saved.join, this.#now());
    this.flushPerformance();
    const state = this.#stateFor(key);
    for (const verdict of state.judgeRestored()) this.#publishWhenJudged(state, verdict);
    this.#options.afterImport?.();
    return { outcome, kept };
  }

  /**
   * A new state of the version for an imported state: against the reference that came
   * with it, or the one configured here from the same file, or collecting.
   * @throws ModelwatchError when the state's reference cannot be had here
   */
  #fresh(key: ModelKey, saved: VersionState): ModelState {
    const options = this.#options.optionsFor(key);
    const reference = saved.reference;
    let monitored: Partial<ModelStateOptions> = {};
    if (reference?.columns !== undefined) {
      const columns = columnsOf(reference.columns);
      monitored = { monitors: buildMonitors(columns, options.monitorFactory), referenceColumns: columns, referenceDigest: undefined };
    } else if (reference !== undefined) {
      if (options.monitors === undefined || options.referenceDigest !== reference.digest) {
        throw new ModelwatchError('MODELWATCH_ERR_STATE_CONFLICT', key.model, key.version,
          `its reference is configured from a file there (${reference.digest ?? 'unknown'}); configure the same file here`);
      }
    } else if (options.monitors !== undefined) {
      throw new ModelwatchError('MODELWATCH_ERR_STATE_CONFLICT', key.model, key.version,
        'it is collecting its reference there, and its reference is configured here; configure both replicas alike');
    }
    return new ModelState(key, { ...options, ...monitored, onReferenceCollected: this.#collectedHandler(key) }, saved.createdUnixMs);
  }

  /**
   * Replaces a version's reference (admin): with reference columns, monitoring
   * restarts against them at once; without, the version collects a new reference from
   * its next rows. Either way the kept reference follows.
   * @returns the features monitored from the given columns, and a promise that settles
   *   once the change is durable (at once without a data dir), for the admin API to
   *   answer only then
   */
  replaceReference(key: ModelKey, columns?: ReadonlyMap<string, readonly FeatureValue[]>): { features: string[]; kept: Promise<void> } {
    const options = this.#options.optionsFor(key);
    const monitors = columns === undefined ? undefined : buildMonitors(columns, options.monitorFactory);
    const keeper = this.#options.references;
    const kept = Promise.resolve(keeper === undefined ? undefined : columns === undefined ? keeper.delete(key) : keeper.save(key, columns));
    this.#keep(new ModelState(key, this.#withKeeping(key, { ...options, monitors, referenceColumns: columns }), this.#now()));
    if (columns === undefined) this.#digests.delete(versionKeyOf(key));
    else this.#digests.set(versionKeyOf(key), referenceDigest(columns));
    return { features: monitors === undefined ? [] : [...monitors.keys()], kept };
  }

  /**
   * The digest of the reference a version monitors against now (referenceDigest; for a
   * reference configured from a file, its file's), for the audit log: null when the
   * version is collecting one, or is unknown.
   */
  referenceDigestOf(key: ModelKey): string | null {
    return this.#digests.get(versionKeyOf(key)) ?? null;
  }

  /**
   * Forgets a model version entirely (admin): its state (reference, open window,
   * sample), its join state, and its kept reference; its records from now on make it
   * afresh, collecting a new reference. A version known only by its kept reference (not
   * seen since a restart) is deleted too.
   * @returns a promise that settles once the deletion is durable (at once without a
   *   data dir), or undefined when the version is unknown
   */
  deleteVersion(key: ModelKey): { kept: Promise<void> } | undefined {
    const versions = this.#states.get(key.model);
    const state = versions?.get(key.version);
    const keeper = this.#options.references;
    if (state === undefined && keeper?.load(key) === undefined) return undefined;
    if (state !== undefined && versions !== undefined) {
      this.#deleted.add(state);
      versions.delete(key.version);
      if (versions.size === 0) this.#states.delete(key.model);
      this.#ordered.delete(versionKeyOf(key));
    }
    this.#digests.delete(versionKeyOf(key));
    this.#join?.forgetVersion(key.model, key.version, !this.#states.has(key.model));
    this.#performance?.forget(key.model, key.version);
    return { kept: Promise.resolve(keeper?.delete(key)) };
  }

  #stateFor(key: ModelKey): ModelState {
    const state = this.#states.get(key.model)?.get(key.version);
    if (state !== undefined) return state;
    const { model, version } = key;
    const created = new ModelState({ model, version }, this.#withKeeping({ model, version }, this.#options.optionsFor({ model, version })), this.#now());
    this.#keep(created);
    return created;
  }

  /** Adds `state`, or replaces its version's state where it stood. */
  #keep(state: ModelState): void {
    const { model, version } = state.key;
    let versions = this.#states.get(model);
    if (versions === undefined) {
      versions = new Map();
      this.#states.set(model, versions);
    }
    versions.set(version, state);
    this.#ordered.set(versionKeyOf(state.key), state);
  }

  #allStates(): IterableIterator<ModelState> {
    return this.#ordered.values();
  }

  /**
   * A collected reference's digest is noted (for the audit log); with a reference
   * keeper, a kept reference is used when none is configured, and a collected one is kept.
   */
  #withKeeping(key: ModelKey, options: ModelStateOptions): ModelStateOptions {
    const id = versionKeyOf(key);
    const keeper = this.#options.references;
    const onReferenceCollected = this.#collectedHandler(key);
    if (options.monitors !== undefined) {
      if (options.referenceDigest === undefined) this.#digests.delete(id);
      else this.#digests.set(id, options.referenceDigest);
      return { ...options, onReferenceCollected };
    }
    this.#digests.delete(id);
    if (keeper === undefined) return { ...options, onReferenceCollected };
    let kept: ReadonlyMap<string, readonly FeatureValue[]> | undefined;
    try {
      kept = keeper.load(key);
    } catch (error) {
      diag.error(`modelwatch: the kept reference of ${key.model} ${key.version} cannot be read; collecting a new one`, error);
    }
    if (kept === undefined) return { ...options, onReferenceCollected };
    this.#digests.set(id, referenceDigest(kept));
    return { ...options, onReferenceCollected, monitors: buildMonitors(kept, options.monitorFactory), referenceColumns: kept };
  }

  /** What a version does with the reference it collected from traffic: notes its digest, and keeps it with a reference keeper. */
  #collectedHandler(key: ModelKey): (columns: ReadonlyMap<string, readonly FeatureValue[]>) => void {
    const keeper = this.#options.references;
    return (columns) => {
      this.#digests.set(versionKeyOf(key), referenceDigest(columns));
      // The requests that completed it wait for the same commit; a refusal is theirs to report (500), nothing to do here.
      if (keeper !== undefined) void Promise.resolve(keeper.save(key, columns)).catch(() => undefined);
    };
  }
}

/** Restores an imported state into a new ModelState; a profile that does not fit its monitor makes it a bad state. */
function restoreOrRefuse(state: ModelState, saved: VersionState): void {
  try {
    state.restore(saved);
  } catch (error) {
    throw new ModelwatchError('MODELWATCH_ERR_BAD_STATE', (error as Error).message);
  }
}

/** A state's reference columns as the monitors take them. */
function columnsOf(columns: Readonly<Record<string, readonly FeatureValue[]>>): Map<string, readonly FeatureValue[]> {
  return new Map(Object.entries(columns));
}

