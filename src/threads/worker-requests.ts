import { Worker } from 'node:worker_threads';

/** A request as posted to the worker, with the id its answer carries back. */
export interface PostedRequest<Request> {
  readonly id: number;
  readonly request: Request;
}

/** The worker's answer to a request (see answerRequests). */
export type WorkerAnswer<Result> =
  | { readonly id: number; readonly result: Result; readonly error?: undefined }
  | { readonly id: number; readonly error: string; readonly result?: undefined };

interface Pending<Result> {
  readonly resolve: (result: Result) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Requests to one worker thread, answered in any order by id. The thread starts at
 * the first request and keeps the process alive only while requests are pending. If
 * it dies, the requests it held are rejected (the caller does the work in place) and
 * the next request starts a new one. The worker's script answers with answerRequests.
 */
export class WorkerRequests<Request, Result> {
  readonly #script: URL;
  readonly #name: string;
  #worker: Worker | null = null;
  readonly #pending = new Map<number, Pending<Result>>();
  #nextId = 1;
  #closed = false;

  /**
   * @param script the worker's module
   * @param name what the thread is, for errors ("the calibration thread")
   */
  constructor(script: URL, name: string) {
    this.#script = script;
    this.#name = name;
  }

  /** Requests posted and not answered yet. */
  get queued(): number {
    return this.#pending.size;
  }

  /**
   * Posts the request (a structured clone of it); rejects if the thread fails or is closed.
   * @param transfer buffers of the request to move to the thread rather than copy (unusable here after)
   */
  run(request: Request, transfer: readonly ArrayBuffer[] = []): Promise<Result> {
    if (this.#closed) return Promise.reject(new Error(`${this.#name} is closed`));
    const worker = this.#workerStarted();
    const id = this.#nextId++;
    return new Promise<Result>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      if (this.#pending.size === 1) worker.ref();
      worker.postMessage({ id, request } satisfies PostedRequest<Request>, transfer);
    });
  }

  /** Stops the thread; requests in flight are rejected. */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = null;
    this.#rejectAll(new Error(`${this.#name} was closed`));
    if (worker !== null) await worker.terminate();
  }

  #workerStarted(): Worker {
    if (this.#worker !== null) return this.#worker;
    const worker = new Worker(this.#script);
    worker.unref();
    worker.on('message', (answer: WorkerAnswer<Result>) => this.#answer(answer, worker));
    worker.on('error', (error) => this.#died(worker, error));
    worker.on('exit', (code) => this.#died(worker, new Error(`${this.#name} exited with code ${code}`)));
    this.#worker = worker;
    return worker;
  }

  #answer(answer: WorkerAnswer<Result>, worker: Worker): void {
    const pending = this.#pending.get(answer.id);
    if (pending === undefined) return;
    this.#pending.delete(answer.id);
    if (this.#pending.size === 0) worker.unref();
    if (answer.error !== undefined) pending.reject(new Error(answer.error));
    else pending.resolve(answer.result);
  }

  #died(worker: Worker, error: Error): void {
    if (this.#worker !== worker) return;
    this.#worker = null;
    this.#rejectAll(error);
  }

  #rejectAll(error: Error): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const { reject } of pending) reject(error);
  }
}
