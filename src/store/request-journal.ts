import type { Database } from 'better-sqlite3';
import type { JournalEntry } from './journal-entry.js';
import type { SqlWrite } from './sql-write.js';
import type { StateWriterThread } from './state-writer-thread.js';

const INSERT_ENTRY = 'INSERT INTO journal (signal, media_type, arrival_ms, body) VALUES (?, ?, ?, ?)';
const TRUNCATE = 'DELETE FROM journal';

/** The writes of one turn of the event loop, and the promise every request in it waits on. */
interface Group {
  readonly writes: SqlWrite[];
  entries: number;
  readonly done: Promise<void>;
  readonly settle: { resolve: () => void; reject: (error: unknown) => void };
}

/**
 * Write-ahead journal of the requests whose effect the processor has taken in memory,
 * with group commit: `append` queues the entry and returns a promise that settles
 * with the commit holding it. Every entry queued in one turn of the event loop goes in
 * one group, in the order taken; the group is posted to the writer thread
 * (StateWriterThread), which commits it in one transaction and one fsync, merging the
 * groups that arrived while it was busy. The receiver answers 2xx only once the
 * promise resolves: an acknowledged request is on disk.
 *
 * Extra writes (a collected reference, an alert, the snapshot) ride in a group via
 * `alsoInNextCommit`, so the database never holds a reference without the requests
 * that made it.
 */
export class RequestJournal {
  readonly #db: Database;
  readonly #writer: StateWriterThread;
  #group: Group | undefined;
  #scheduled = false;
  /** Body bytes journalled since the journal was last truncated (the snapshot policy reads it). */
  bytesSinceTruncate = 0;
  /** Commits done, and entries they held (for the benchmark's group size). */
  commits = 0;
  entriesCommitted = 0;
  /** Called after each group is posted, outside it (e.g. to take a snapshot when the journal has grown). */
  afterCommit: (() => void) | undefined;
  /** The writes of the state's snapshot and of the journal's truncation (set by DurableState). */
  snapshotWriter: (() => SqlWrite[]) | undefined;
  #snapshotWanted = false;

  /**
   * @param db the main thread's connection, read from only
   * @param writer the thread every write goes through
   */
  constructor(db: Database, writer: StateWriterThread) {
    this.#db = db;
    this.#writer = writer;
  }

  /** Queues an accepted request; resolves once it is committed, rejects if the commit failed. */
  append(entry: JournalEntry): Promise<void> {
    const group = this.#nextGroup();
    group.writes.push({ sql: INSERT_ENTRY, params: [entry.signal, entry.mediaType, entry.arrivalUnixMs, entry.body] });
    group.entries++;
    this.bytesSinceTruncate += entry.body.byteLength;
    this.#schedule();
    return group.done;
  }

  /** Queues `writes` for the next commit (after the entries queued before); resolves with it. */
  alsoInNextCommit(writes: readonly SqlWrite[]): Promise<void> {
    const group = this.#nextGroup();
    group.writes.push(...writes);
    this.#schedule();
    return group.done;
  }

  /**
   * Makes the next commit also write a snapshot: for a change of state that replaying
   * the journal would not redo the same way (a reference kept, so a replayed request
   * would count in the window instead of the reference).
   */
  snapshotInNextCommit(): void {
    this.#snapshotWanted = true;
    this.#schedule();
  }

  /**
   * Posts what is queued now, plus `writes` at its end (a snapshot that already holds
   * the queued entries' effects and truncates the journal); resolves with its commit.
   */
  commitNow(writes: readonly SqlWrite[] = []): Promise<void> {
    const group = this.#group;
    this.#group = undefined;
    if (group === undefined && writes.length === 0) return Promise.resolve();
    const posting = group ?? newGroup();
    posting.writes.push(...writes);
    this.#writer.commit(posting.writes).then(() => {
      this.commits++;
      this.entriesCommitted += posting.entries;
      posting.settle.resolve();
    }, (error: unknown) => posting.settle.reject(error));
    return posting.done;
  }

  /** The write that deletes every journalled entry (inside a snapshot's group: the snapshot holds their effects). */
  truncation(): SqlWrite {
    this.bytesSinceTruncate = 0;
    return { sql: TRUNCATE, params: [] };
  }

  /** The journalled entries, oldest first, for replay at start. */
  entries(): JournalEntry[] {
    // Read whole (it is bounded by the snapshot policy): replay may queue writes meanwhile.
    const rows = this.#db.prepare('SELECT signal, media_type, arrival_ms, body FROM journal ORDER BY seq').all() as {
      signal: JournalEntry['signal']; media_type: string; arrival_ms: number; body: Buffer;
    }[];
    return rows.map((row) => ({ signal: row.signal, mediaType: row.media_type, arrivalUnixMs: row.arrival_ms, body: row.body }));
  }

  /** Whether writes wait to be posted, or posted ones for their commit. */
  get pending(): boolean {
    return this.#group !== undefined || this.#writer.pending > 0;
  }

  #nextGroup(): Group {
    return (this.#group ??= newGroup());
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // After the poll phase: every request read in this turn joins the group.
    setImmediate(() => {
      this.#scheduled = false;
      const snapshot = this.#snapshotWanted ? this.snapshotWriter?.() : undefined;
      this.#snapshotWanted = false;
      // A refused group rejects its requests (their clients get 500 and resend); nothing else to do here.
      this.commitNow(snapshot).catch(() => undefined);
      this.afterCommit?.();
    });
  }
}

function newGroup(): Group {
  let settle!: Group['settle'];
  const done = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Nobody may be waiting (a group of extra writes only): a refusal must not be an unhandled rejection.
  done.catch(() => undefined);
  return { writes: [], entries: 0, done, settle };
}
