import type { Database, Statement } from 'better-sqlite3';
import type { JournalEntry } from './journal-entry.js';

interface Waiting {
  readonly entry: JournalEntry;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Write-ahead journal of the requests whose effect the processor has taken in memory,
 * with group commit: `append` queues the entry and returns a promise that settles with
 * the commit holding it. One commit per turn of the event loop writes every entry
 * queued in that turn, in the order they were taken, in one transaction and one
 * fsync; requests taken while a commit runs (better-sqlite3 commits synchronously, so
 * they wait in the socket buffers) go in the next one. The receiver answers 2xx only
 * once the promise resolves: an acknowledged request is on disk.
 *
 * Extra writes (a collected reference, the snapshot) ride in the same transaction via
 * `alsoInNextCommit`, so the database never holds a reference without the requests
 * that made it.
 */
export class RequestJournal {
  readonly #db: Database;
  readonly #insert: Statement;
  #queue: Waiting[] = [];
  #extras: (() => void)[] = [];
  #scheduled = false;
  /** Body bytes committed since the journal was last truncated (the snapshot policy reads it). */
  bytesSinceTruncate = 0;
  /** Commits done, and entries they held (for the benchmark's group size). */
  commits = 0;
  entriesCommitted = 0;
  /** Called after each commit, outside its transaction (e.g. to take a snapshot when the journal has grown). */
  afterCommit: (() => void) | undefined;
  /** Writes the state's snapshot and truncates the journal, inside a commit's transaction (set by DurableState). */
  snapshotWriter: (() => void) | undefined;
  #snapshotWanted = false;

  constructor(db: Database) {
    this.#db = db;
    this.#insert = db.prepare('INSERT INTO journal (signal, media_type, arrival_ms, body) VALUES (?, ?, ?, ?)');
  }

  /** Queues an accepted request; resolves once it is committed, rejects if the commit failed. */
  append(entry: JournalEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ entry, resolve, reject });
      this.#schedule();
    });
  }

  /** Runs `write` inside the next commit's transaction (after the queued entries). */
  alsoInNextCommit(write: () => void): void {
    this.#extras.push(write);
    this.#schedule();
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
   * Commits what is queued now, plus `write` in the same transaction (a snapshot that
   * already holds the queued entries' effects and truncates the journal).
   */
  commitNow(write?: () => void): void {
    const queue = this.#queue;
    const extras = this.#extras;
    this.#queue = [];
    this.#extras = [];
    try {
      this.#db.transaction(() => {
        for (const { entry } of queue) {
          this.#insert.run(entry.signal, entry.mediaType, entry.arrivalUnixMs, entry.body);
          this.bytesSinceTruncate += entry.body.byteLength;
        }
        for (const each of extras) each();
        write?.();
      })();
    } catch (error) {
      for (const waiting of queue) waiting.reject(error);
      throw error;
    }
    this.commits++;
    this.entriesCommitted += queue.length;
    for (const waiting of queue) waiting.resolve();
  }

  /** Deletes every journalled entry (inside a snapshot's transaction: the snapshot holds their effects). */
  truncate(): void {
    this.#db.prepare('DELETE FROM journal').run();
    this.bytesSinceTruncate = 0;
  }

  /** The journalled entries, oldest first, for replay at start. */
  entries(): JournalEntry[] {
    // Read whole (it is bounded by the snapshot policy): replay may queue writes on this connection.
    const rows = this.#db.prepare('SELECT signal, media_type, arrival_ms, body FROM journal ORDER BY seq').all() as {
      signal: JournalEntry['signal']; media_type: string; arrival_ms: number; body: Buffer;
    }[];
    return rows.map((row) => ({ signal: row.signal, mediaType: row.media_type, arrivalUnixMs: row.arrival_ms, body: row.body }));
  }

  /** Whether entries or writes wait for a commit. */
  get pending(): boolean {
    return this.#queue.length > 0 || this.#extras.length > 0;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // After the poll phase: every request read in this turn joins the group.
    setImmediate(() => {
      this.#scheduled = false;
      const snapshot = this.#snapshotWanted ? this.snapshotWriter : undefined;
      this.#snapshotWanted = false;
      try {
        this.commitNow(snapshot);
      } catch {
        // The waiting requests were rejected (their clients get 500 and resend).
        return;
      }
      this.afterCommit?.();
    });
  }
}
