/** A value SQLite binds: what the state's writes carry (a blob as bytes). */
export type SqlValue = string | number | bigint | null | Uint8Array;

/**
 * One statement and its parameters, as the writer thread runs it. Writes are data,
 * not closures, so that they can cross to the thread that owns the database's
 * writing connection (StateWriterThread).
 */
export interface SqlWrite {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

/** A group of writes committed in one transaction, with the id its answer carries back. */
export interface WriteGroup {
  readonly id: number;
  readonly writes: readonly SqlWrite[];
}

/** The writer thread's answer for each group it took. */
export type WriteAnswer =
  | { readonly id: number; readonly error?: undefined }
  | { readonly id: number; readonly error: string };

/** What the writer thread is started with. */
export interface WriterThreadData {
  /** The database file, already migrated by the main thread. */
  readonly file: string;
}
