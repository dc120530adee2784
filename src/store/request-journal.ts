import { gunzipSync, inflateSync } from 'node:zlib';
import type { Database } from 'better-sqlite3';
import type { JournalEntry } from './journal-entry.js';
import type { SqlWrite } from './sql-write.js';
import type { StateWriterThread } from './state-writer-thread.js';

const INSERT_ENTRY = 'INSERT INTO journal (seq, signal, media_type, arrival_ms, body, content_encoding) VALUES (?, ?, ?, ?, ?, ?)';
const DELETE_THROUGH = 'DELETE FROM journal WHERE seq <= ?';

/** The entries of one turn of the event loop, and the promise every request in it waits on. */
interface Group {
  readonly writes: SqlWrite[];
  entries: number;
  readonly done: Promise<void>;
  readonly settle: { resolve: () => void; reject: (error: unknown) => void };
}

/**
 * Write-ahead journal of the requests whose effect the processor has taken in memory
 * (`<data dir>/journal.db`), with group commit: `append` numbers the entry (`seq`,
 * increasing) and returns a promise that settles with the commit holding it. Every
 * entry appended in one turn of the event loop goes in one group, in the order taken;
 * the group is posted to the journal's writer thread (StateWriterThread), which
 * commits it in one transaction and one fsync, merging the groups that arrived while
 * it was busy. The receiver answers 2xx only once the promise resolves: an
 * acknowledged request is on disk.
 *
 * A snapshot of the state says through which entry it holds the effects; the entries
 * up to there are then deleted (`truncateThrough`).
 */
export class RequestJournal {
  readonly #db: Database;
  readonly #writer: StateWriterThread;
  #group: Group | undefined;
  /** The promise of the last group posted: settled, every entry before it is settled too. */
  #lastPosted: Promise<void> = Promise.resolve();
  #scheduled = false;
  #lastSeq: number;
  /** Body bytes journalled since the last snapshot was taken (the snapshot policy reads it). */
  bytesSinceSnapshot = 0;
  /** Commits done, and entries they held (for the benchmark's group size). */
  commits = 0;
  entriesCommitted = 0;
  /** Called after each group is posted (e.g. to take a snapshot when the journal has grown). */
  afterCommit: (() => void) | undefined;

  /**
   * @param db the main thread's connection to journal.db, read from only
   * @param writer the thread every write to journal.db goes through
   * @param afterSeq the number the first entry follows: at least the last seq a snapshot holds
   */
  constructor(db: Database, writer: StateWriterThread, afterSeq = 0) {
    this.#db = db;
    this.#writer = writer;
    const last = (db.prepare('SELECT MAX(seq) AS seq FROM journal').get() as { seq: number | null }).seq ?? 0;
    this.#lastSeq = Math.max(last, afterSeq);
  }

  /** The seq of the last entry appended (0: none ever). */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** Queues an accepted request; resolves once it is committed, rejects if the commit failed. */
  append(entry: JournalEntry): Promise<void> {
    const group = (this.#group ??= newGroup());
    const stored = entry.wire?.bytes ?? entry.body;
    group.writes.push({ sql: INSERT_ENTRY, params: [++this.#lastSeq, entry.signal, entry.mediaType, entry.arrivalUnixMs, stored, entry.wire?.encoding ?? 'identity'] });
    group.entries++;
    this.bytesSinceSnapshot += stored.byteLength;
    this.#schedule();
    return group.done;
  }

  /**
   * Posts what is queued now; settles once every entry appended so far is settled:
   * resolves when the last group was committed, rejects when it was refused (an
   * earlier group refused shows only in its own requests' promises).
   */
  commitNow(): Promise<void> {
    const group = this.#group;
    this.#group = undefined;
    if (group === undefined) return this.#lastPosted;
    this.#writer.commit(group.writes).then(() => {
      this.commits++;
      this.entriesCommitted += group.entries;
      group.settle.resolve();
    }, (error: unknown) => group.settle.reject(error));
    // The thread answers groups in the order posted: once this one settled, every earlier one has.
    this.#lastPosted = group.done;
    return group.done;
  }

  /** Deletes the entries up to `seq` (a committed snapshot holds their effects). */
  truncateThrough(seq: number): Promise<void> {
    return this.#writer.commit([{ sql: DELETE_THROUGH, params: [seq] }]);
  }

  /** The journalled entries after `seq`, oldest first, for replay at start. */
  entries(afterSeq = 0): JournalEntry[] {
    // Read whole (it is bounded by the snapshot policy): replay may queue writes meanwhile.
    const rows = this.#db.prepare('SELECT signal, media_type, arrival_ms, body, content_encoding FROM journal WHERE seq > ? ORDER BY seq').all(afterSeq) as {
      signal: JournalEntry['signal']; media_type: string; arrival_ms: number; body: Buffer; content_encoding: string;
    }[];
    return rows.map((row) => ({ signal: row.signal, mediaType: row.media_type, arrivalUnixMs: row.arrival_ms, body: decompressed(row.body, row.content_encoding) }));
  }

  /** Whether entries wait to be posted, or posted ones for their commit. */
  get pending(): boolean {
    return this.#group !== undefined || this.#writer.pending > 0;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // After the poll phase: every request read in this turn joins the group.
    setImmediate(() => {
      this.#scheduled = false;
      // A refused group rejects its requests (their clients get 500 and resend); nothing else to do here.
      this.commitNow().catch(() => undefined);
      this.afterCommit?.();
    });
  }
}

/** A journalled body as its request's handlers read it; it was read within the receiver's size cap once already. */
function decompressed(body: Buffer, encoding: string): Buffer {
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  return body;
}

function newGroup(): Group {
  let settle!: Group['settle'];
  const done = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  done.catch(() => undefined);
  return { writes: [], entries: 0, done, settle };
}
