import { Worker } from 'node:worker_threads';
import type { SqlWrite, WriteAnswer, WriteGroup, WriterThreadData } from './sql-write.js';

interface Pending {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * The thread that writes the state database, so that committing (the inserts, the
 * fsync, WAL checkpoints) never holds the event loop that serves OTLP: measured with
 * the commits on the event loop, `serve --data-dir` took half the requests it took
 * without (bench/durability.ts). The main thread keeps a connection for reading only;
 * every write goes through `commit`, in order, so the writer is SQLite's only one.
 *
 * A group's promise settles once the thread committed it (or refused it: then the
 * promise rejects with SQLite's message and the groups beside it are still committed).
 * Groups are committed in the order they were posted; the thread may put several in
 * one transaction (see state-writer-worker.ts).
 */
export class StateWriterThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #closed: Promise<void> | undefined;
  #died: Error | undefined;

  /** @param file the database file, already created and migrated */
  constructor(file: string) {
    this.#worker = new Worker(new URL('./state-writer-worker.js', import.meta.url), { workerData: { file } satisfies WriterThreadData });
    this.#worker.unref();
    this.#worker.on('message', (answers: WriteAnswer[]) => this.#answer(answers));
    this.#worker.on('error', (error) => this.#die(error));
    this.#worker.on('exit', (code) => this.#die(new Error(`the state writer thread exited with code ${code}`)));
  }

  /** Groups posted and not answered yet. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Posts `writes` to be committed in one transaction, after every group posted before. */
  commit(writes: readonly SqlWrite[]): Promise<void> {
    if (this.#died !== undefined) return Promise.reject(this.#died);
    if (this.#closed !== undefined) return Promise.reject(new Error('the state writer thread is closed'));
    const id = this.#nextId++;
    return new Promise<void>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      if (this.#pending.size === 1) this.#worker.ref();
      this.#worker.postMessage({ id, writes } satisfies WriteGroup);
    });
  }

  /** Waits for the groups posted so far, then stops the thread (its connection closed). Safe to call twice. */
  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve) => {
      if (this.#died !== undefined) return resolve();
      this.#worker.once('exit', () => resolve());
      this.#worker.ref();
      this.#worker.postMessage('close');
    });
    return this.#closed;
  }

  #answer(answers: readonly WriteAnswer[]): void {
    for (const answer of answers) {
      const pending = this.#pending.get(answer.id);
      if (pending === undefined) continue;
      this.#pending.delete(answer.id);
      if (answer.error === undefined) pending.resolve();
      else pending.reject(new Error(`the state database refused a write: ${answer.error}`));
    }
    if (this.#pending.size === 0 && this.#closed === undefined) this.#worker.unref();
  }

  #die(error: Error): void {
    if (this.#died !== undefined) return;
    this.#died = error;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const { reject } of pending) reject(error);
  }
}
