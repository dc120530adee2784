import { join } from 'node:path';
import { diag } from '@opentelemetry/api';
import type { Database } from 'better-sqlite3';
import type { ModelKey } from '../extract/inference-batch.js';
import type { ModelRegistry, RegistrySnapshot } from '../model/model-registry.js';
import { forgetVersionWrites } from './forget-version.js';
import { JOURNAL_FILE, openJournalDatabase } from './journal-database.js';
import type { JournalEntry } from './journal-entry.js';
import type { ReplayClock } from './replay-clock.js';
import { RequestJournal } from './request-journal.js';
import { readSample, sampleWrites } from './sample-store.js';
import type { SqlWrite } from './sql-write.js';
import { SqliteReferenceKeeper } from './sqlite-reference-keeper.js';
import { DATABASE_FILE, openStateDatabase } from './state-database.js';
import { StateWriterThread } from './state-writer-thread.js';

/**
 * Journal bytes past which the state is snapshotted and the journal emptied: what
 * bounds the database (and the replay at start) by the state's size, not the traffic's.
 */
export const SNAPSHOT_AFTER_JOURNAL_BYTES = 32 * 1024 * 1024;

/** The snapshot's row in the `snapshot` table (one part today; parts leave room to split it). */
const REGISTRY_PART = 'registry';
const SNAPSHOT_FORMAT = 1;
const WRITE_SNAPSHOT = 'INSERT OR REPLACE INTO snapshot (part, taken_ms, body, through_seq) VALUES (?, ?, ?, ?)';

/**
 * State kept beside the registry's in every snapshot, at the same journal entry, and
 * restored before the journal after it is replayed: for a stage whose effect on a
 * replayed request depends on what it kept from earlier ones (profiles mode's last
 * cumulative point per series).
 */
export interface SnapshotPart {
  /** Its row in the `snapshot` table; not 'registry'. */
  readonly name: string;
  snapshot(): unknown;
  restore(saved: unknown): void;
}

export interface DurableStateOptions {
  readonly snapshotAfterJournalBytes?: number;
}

/**
 * The processor's state kept in the data dir, so a kill -9 loses nothing it
 * acknowledged. Two files, each with a thread of its own that commits to it
 * (StateWriterThread), so that no commit holds the event loop that serves OTLP:
 *
 * - `journal.db`: every accepted request (traces, logs, metrics, feedback) as received, with
 *   its arrival time and a number (`seq`), committed in groups before the request is
 *   answered (RequestJournal);
 * - `modelwatch.db`: the snapshot of the registry's state (references being
 *   collected, open windows as profiles, the join's pending predictions and labels;
 *   the retraining samples slot by slot, only what changed since the last one), the
 *   kept references and the alert history. A snapshot is taken at every window close
 *   and whenever the journal has grown past a bound, and says through which journal
 *   entry it holds the effects.
 *
 * Apart because a snapshot is a large transaction (measured: up to about 10,000
 * sample records while the samples fill), and in one file every request answered
 * while it commits waits behind it: with both in one file ingest ran at half the
 * rate it had without a data dir (bench/durability.ts).
 *
 * A snapshot is posted once the journal entries it holds are committed, so the state
 * file never holds the effect of a request the journal lacks; the journal is cut
 * after the snapshot is committed. At start, `recover` restores the snapshot and
 * replays the journal's later entries through the same handlers on the recorded
 * clock. Since a snapshot is taken at every window close, the journal never spans a
 * closed window: a window closed before the crash is not judged again, and an open
 * one continues with its records.
 */
export class DurableState {
  /** The main thread's connection to `modelwatch.db`: for reading only. */
  readonly db: Database;
  readonly journal: RequestJournal;
  readonly references: SqliteReferenceKeeper;
  readonly #journalDb: Database;
  readonly #journalWriter: StateWriterThread;
  readonly #stateWriter: StateWriterThread;
  readonly #snapshotAfter: number;
  /** The seq through which the last snapshot read at start holds the effects. */
  readonly #recoveredThrough: number;
  #registry: ModelRegistry | undefined;
  #parts: readonly SnapshotPart[] = [];
  #closed = false;
  /** Writes that must go with the next snapshot (a reference kept), and their waiters. */
  #withNextSnapshot: { writes: SqlWrite[]; settle: { resolve: () => void; reject: (error: unknown) => void }[] } = { writes: [], settle: [] };
  #snapshotScheduled = false;
  /** The last snapshot's commit (and truncation), settled or not. */
  #lastSnapshot: Promise<void> = Promise.resolve();
  /** Whether the last snapshot is still on its way to the disk. */
  #snapshotCommitting = false;
  /** Snapshots taken, and committed, for the benchmark and tests. */
  snapshots = 0;
  snapshotsCommitted = 0;

  /** @throws Error when a database cannot be opened or is of a newer schema */
  constructor(dataDir: string, options: DurableStateOptions = {}) {
    this.db = openStateDatabase(dataDir);
    this.#journalDb = openJournalDatabase(dataDir);
    this.#stateWriter = new StateWriterThread(join(dataDir, DATABASE_FILE));
    this.#journalWriter = new StateWriterThread(join(dataDir, JOURNAL_FILE));
    const saved = this.db.prepare('SELECT through_seq AS seq FROM snapshot WHERE part = ?').get(REGISTRY_PART) as { seq: number } | undefined;
    this.#recoveredThrough = saved?.seq ?? 0;
    this.journal = new RequestJournal(this.#journalDb, this.#journalWriter, this.#recoveredThrough);
    this.references = new SqliteReferenceKeeper(this.db, (writes) => this.#inNextSnapshot(writes));
    this.#snapshotAfter = options.snapshotAfterJournalBytes ?? SNAPSHOT_AFTER_JOURNAL_BYTES;
    this.journal.afterCommit = () => {
      // One at a time: under full load the journal passes its bound faster than a
      // snapshot commits (measured: 3 a second), and each one queued is the whole
      // state serialized, waiting in the writer thread's memory.
      if (this.journal.bytesSinceSnapshot >= this.#snapshotAfter && !this.#snapshotCommitting) this.snapshot();
    };
  }

  /**
   * Restores the last snapshot into `registry` and replays the journal after it, each
   * request on its recorded arrival time.
   * @returns the number of requests replayed
   */
  recover(registry: ModelRegistry, clock: ReplayClock, replay: (entry: JournalEntry) => void, parts: readonly SnapshotPart[] = []): number {
    this.#registry = registry;
    this.#parts = parts;
    const missingPart = !parts.every((part) => this.#restorePart(part));
    const row = this.db.prepare('SELECT body FROM snapshot WHERE part = ?').get(REGISTRY_PART) as { body: string } | undefined;
    if (row !== undefined) {
      const saved = JSON.parse(row.body) as { format: number; registry: RegistrySnapshot };
      if (saved.format === SNAPSHOT_FORMAT) registry.restore(saved.registry);
      else diag.error(`modelwatch: the state snapshot has format ${saved.format}, not ${SNAPSHOT_FORMAT}; starting without it`);
    }
    // The samples as the last snapshot left them; the journal's requests are offered to them again below.
    for (const { key, sample } of registry.samples()) {
      const { generations, records } = readSample(this.db, key);
      if (generations.length > 0) sample.restore(generations, records);
    }
    // Entries the snapshot holds, left by a stop between its commit and the journal's cut.
    this.journal.truncateThrough(this.#recoveredThrough).catch((error: unknown) => diag.error('modelwatch: cutting the journal failed', error));
    const entries = this.journal.entries(this.#recoveredThrough);
    try {
      for (const entry of entries) {
        clock.at = entry.arrivalUnixMs;
        try {
          replay(entry);
        } catch (error) {
          // It was accepted once with this code; a request that now throws is skipped, not a reason to stay down.
          diag.error('modelwatch: a journalled request could not be replayed', error);
        }
      }
    } finally {
      clock.at = undefined;
    }
    // A part never saved (a new data dir) is written at once, before any request is taken: what it holds from the start (profiles mode's listening start) must survive a crash before the first window closes.
    if (missingPart) this.snapshot();
    return entries.length;
  }

  /** Restores a part from the snapshot the registry's comes from; false when there is none. */
  #restorePart(part: SnapshotPart): boolean {
    const row = this.db.prepare('SELECT body, through_seq AS seq FROM snapshot WHERE part = ?').get(part.name) as { body: string; seq: number } | undefined;
    if (row === undefined || row.seq !== this.#recoveredThrough) return false;
    const saved = JSON.parse(row.body) as { format: number; state: unknown };
    if (saved.format !== SNAPSHOT_FORMAT) return false;
    part.restore(saved.state);
    return true;
  }

  /** Settles once the last snapshot taken is committed (or failed, which is logged). */
  snapshotSettled(): Promise<void> {
    return this.#lastSnapshot;
  }

  /** Queues an accepted request; resolves once it is durable (see RequestJournal). */
  record(entry: JournalEntry): Promise<void> {
    return this.journal.append(entry);
  }

  /** Writes to `modelwatch.db` that need no snapshot (an alert raised); resolves once committed. */
  writeState(writes: readonly SqlWrite[]): Promise<void> {
    return this.#stateWriter.commit(writes);
  }

  /**
   * Forgets what is kept of a deleted model version besides its reference (its
   * sample), with the next snapshot: the first without the version. Resolves once committed.
   */
  forgetVersion(key: ModelKey): Promise<void> {
    return this.#inNextSnapshot(forgetVersionWrites(key));
  }

  /**
   * Commits the state as it is at the end of this turn of the event loop (a version's
   * state imported from another replica, which the journal does not hold). Resolves
   * once committed.
   */
  snapshotSoon(): Promise<void> {
    return this.#inNextSnapshot([]);
  }

  /**
   * Takes the registry's state now, synchronously (so nothing is taken in between),
   * with the seq of the last request taken; commits it once the journal holds every
   * request before it, then cuts the journal there.
   */
  snapshot(): void {
    if (this.#registry === undefined || this.#closed) return;
    const through = this.journal.lastSeq;
    const writes = this.#snapshotWrites(through);
    const waiting = this.#withNextSnapshot.settle;
    this.#withNextSnapshot = { writes: [], settle: [] };
    this.journal.bytesSinceSnapshot = 0;
    this.snapshots++;
    this.#snapshotCommitting = true;
    const snapshot = this.journal.commitNow()
      .then(() => this.#stateWriter.commit(writes))
      .then(() => {
        this.snapshotsCommitted++;
        for (const { resolve } of waiting) resolve();
        return this.journal.truncateThrough(through);
      }, (error: unknown) => {
        // A refused snapshot leaves the journal whole: a restart replays it instead.
        for (const { reject } of waiting) reject(error);
        throw error;
      })
      .catch((error: unknown) => diag.error('modelwatch: writing the state snapshot failed', error))
      .finally(() => {
        if (this.#lastSnapshot === snapshot) this.#snapshotCommitting = false;
      });
    this.#lastSnapshot = snapshot;
  }

  /** The writes of a snapshot: the state now, and what must go with it. */
  #snapshotWrites(through: number): SqlWrite[] {
    const registry = this.#registry;
    if (registry === undefined) return [];
    const body = JSON.stringify({ format: SNAPSHOT_FORMAT, registry: registry.snapshot() });
    return [
      ...this.#withNextSnapshot.writes,
      { sql: WRITE_SNAPSHOT, params: [REGISTRY_PART, Date.now(), body, through] },
      ...this.#parts.map((part) => ({ sql: WRITE_SNAPSHOT, params: [part.name, Date.now(), JSON.stringify({ format: SNAPSHOT_FORMAT, state: part.snapshot() }), through] })),
      ...sampleWrites(registry.samples()),
    ];
  }

  /**
   * Commits `writes` with the next snapshot, taken at the end of this turn of the
   * event loop: for a change of state that replaying the journal would not redo the
   * same way (a reference kept, so a replayed request would count in the window
   * instead of the reference). Resolves once committed.
   */
  #inNextSnapshot(writes: readonly SqlWrite[]): Promise<void> {
    this.#withNextSnapshot.writes.push(...writes);
    const done = new Promise<void>((resolve, reject) => this.#withNextSnapshot.settle.push({ resolve, reject }));
    done.catch(() => undefined);
    if (!this.#snapshotScheduled) {
      this.#snapshotScheduled = true;
      setImmediate(() => {
        this.#snapshotScheduled = false;
        if (this.#registry !== undefined && !this.#closed) return this.snapshot();
        // Before recovery (nothing to snapshot yet) the writes go alone.
        const { writes: alone, settle } = this.#withNextSnapshot;
        this.#withNextSnapshot = { writes: [], settle: [] };
        this.#stateWriter.commit(alone).then(() => settle.forEach((s) => s.resolve()), (error: unknown) => settle.forEach((s) => s.reject(error)));
      });
    }
    return done;
  }

  /** Commits what is queued, stops the writer threads and closes the databases. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.journal.commitNow().catch((error: unknown) => diag.error('modelwatch: the last commit of the journal failed', error));
    await this.#lastSnapshot;
    await Promise.all([this.#journalWriter.close(), this.#stateWriter.close()]);
    this.#journalDb.close();
    this.db.close();
  }
}
