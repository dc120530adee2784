import { diag } from '@opentelemetry/api';
import type { Database } from 'better-sqlite3';
import type { ModelRegistry, RegistrySnapshot } from '../model/model-registry.js';
import type { JournalEntry } from './journal-entry.js';
import type { ReplayClock } from './replay-clock.js';
import { RequestJournal } from './request-journal.js';
import { readSample, sampleWrites } from './sample-store.js';
import type { SqlWrite } from './sql-write.js';
import { SqliteReferenceKeeper } from './sqlite-reference-keeper.js';
import { DATABASE_FILE, openStateDatabase } from './state-database.js';
import { StateWriterThread } from './state-writer-thread.js';
import { join } from 'node:path';

/**
 * Journal bytes past which the state is snapshotted and the journal emptied: what
 * bounds the database (and the replay at start) by the state's size, not the traffic's.
 */
export const SNAPSHOT_AFTER_JOURNAL_BYTES = 32 * 1024 * 1024;

/** The snapshot's row in the `snapshot` table (one part today; parts leave room to split it). */
const REGISTRY_PART = 'registry';
const SNAPSHOT_FORMAT = 1;

export interface DurableStateOptions {
  readonly snapshotAfterJournalBytes?: number;
}

/**
 * The processor's state kept in `<data dir>/modelwatch.db`, so a kill -9 loses nothing
 * it acknowledged. Two parts:
 *
 * - the journal: every accepted request (traces, logs, feedback) as received, with
 *   its arrival time, committed in groups before the request is answered;
 * - the snapshot: the registry's state (references being collected, open windows as
 *   profiles, the join's pending predictions and labels; the retraining samples slot
 *   by slot, only what changed since the last one), written with the journal's
 *   truncation in one transaction, at every window close and whenever the journal
 *   has grown past a bound.
 *
 * Every write is committed on a thread of its own (StateWriterThread); this thread
 * builds the writes and reads.
 *
 * At start, `recover` restores the snapshot and replays the journal through the same
 * handlers on the recorded clock. Since a snapshot is taken at every window close,
 * the journal never spans a closed window: a window closed before the crash is not
 * judged again, and an open one continues with its records.
 */
export class DurableState {
  /** The main thread's connection: for reading only (every write goes through the writer thread). */
  readonly db: Database;
  readonly journal: RequestJournal;
  readonly #writer: StateWriterThread;
  readonly references: SqliteReferenceKeeper;
  readonly #snapshotAfter: number;
  #registry: ModelRegistry | undefined;
  #closed = false;
  /** Snapshots written, for the benchmark. */
  snapshots = 0;

  /** @throws Error when the database cannot be opened or is of a newer schema */
  constructor(dataDir: string, options: DurableStateOptions = {}) {
    this.db = openStateDatabase(dataDir);
    this.#writer = new StateWriterThread(join(dataDir, DATABASE_FILE));
    this.journal = new RequestJournal(this.db, this.#writer);
    this.references = new SqliteReferenceKeeper(this.db, this.journal);
    this.#snapshotAfter = options.snapshotAfterJournalBytes ?? SNAPSHOT_AFTER_JOURNAL_BYTES;
    this.journal.snapshotWriter = () => this.#snapshotWrites();
    this.journal.afterCommit = () => {
      if (this.journal.bytesSinceTruncate >= this.#snapshotAfter) this.snapshot();
    };
  }

  /**
   * Restores the last snapshot into `registry` and replays the journal after it, each
   * request on its recorded arrival time.
   * @returns the number of requests replayed
   */
  recover(registry: ModelRegistry, clock: ReplayClock, replay: (entry: JournalEntry) => void): number {
    this.#registry = registry;
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
    const entries = this.journal.entries();
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
    return entries.length;
  }

  /** Queues an accepted request; resolves once it is durable (see RequestJournal). */
  record(entry: JournalEntry): Promise<void> {
    return this.journal.append(entry);
  }

  /**
   * Writes the registry's state and empties the journal, in one transaction with the
   * requests queued so far (their effects are in the state). The state is taken now,
   * synchronously, so nothing is taken in between; the commit follows on the writer thread.
   */
  snapshot(): void {
    if (this.#registry === undefined || this.#closed) return;
    // A refused snapshot leaves the journal whole: a restart replays it instead.
    this.journal.commitNow(this.#snapshotWrites()).catch((error: unknown) => diag.error('modelwatch: writing the state snapshot failed', error));
  }

  /** The writes of a snapshot: the state now, and no journal before it. */
  #snapshotWrites(): SqlWrite[] {
    const registry = this.#registry;
    if (registry === undefined) return [];
    const body = JSON.stringify({ format: SNAPSHOT_FORMAT, registry: registry.snapshot() });
    this.snapshots++;
    return [
      { sql: 'INSERT OR REPLACE INTO snapshot (part, taken_ms, body) VALUES (?, ?, ?)', params: [REGISTRY_PART, Date.now(), body] },
      ...sampleWrites(registry.samples()),
      this.journal.truncation(),
    ];
  }

  /** Commits what is queued, stops the writer thread and closes the database. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.journal.commitNow().catch((error: unknown) => diag.error('modelwatch: the last commit of the state failed', error));
    await this.#writer.close();
    this.db.close();
  }
}
