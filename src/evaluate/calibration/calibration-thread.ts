import { Worker } from 'node:worker_threads';
import type { DriftMethod } from '../drift/drift-method.js';
import type { FeatureReference } from '../window/feature-reference.js';
import type { Calibration, CalibrationSettings } from './threshold-calibrator.js';

/** What the thread calibrates: one method of one reference for one window size. */
export interface CalibrationRequest {
  readonly reference: FeatureReference;
  readonly settings: CalibrationSettings;
  readonly method: DriftMethod;
  readonly windowSize: number;
}

/** A request as posted to the worker, with the id its answer carries back. */
export interface PostedRequest extends CalibrationRequest {
  readonly id: number;
}

/** The worker's answer. */
export type CalibrationAnswer =
  | { readonly id: number; readonly calibration: Calibration; readonly error?: undefined }
  | { readonly id: number; readonly error: string; readonly calibration?: undefined };

interface Pending {
  readonly resolve: (calibration: Calibration) => void;
  readonly reject: (error: Error) => void;
}

/**
 * One worker thread that computes threshold calibrations, so the event loop that
 * serves OTLP never runs them: a calibration is tens of milliseconds of pure
 * computation per feature, method and window-size bucket, and a model version with
 * 30 features that starts monitoring (or meets a new window size) needs one per
 * feature, a second or more in all. On the thread they queue and run one after
 * another while the receiver keeps answering; their results are the ones the same
 * calibrator would compute in place (the draws are seeded per bucket).
 *
 * The thread starts at the first request and does not keep the process alive while
 * idle. If it dies, the requests it held are rejected (the calibrator then computes
 * them in place) and the next request starts a new one.
 */
export class CalibrationThread {
  #worker: Worker | null = null;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #closed = false;

  /** Requests posted and not answered yet. */
  get queued(): number {
    return this.#pending.size;
  }

  /** Calibrates on the thread; rejects if the thread fails or is closed. */
  run(request: CalibrationRequest): Promise<Calibration> {
    if (this.#closed) return Promise.reject(new Error('the calibration thread is closed'));
    const worker = this.#workerStarted();
    const id = this.#nextId++;
    return new Promise<Calibration>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      if (this.#pending.size === 1) worker.ref();
      worker.postMessage({ ...request, id } satisfies PostedRequest);
    });
  }

  /** Stops the thread; requests in flight are rejected. */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = null;
    this.#rejectAll(new Error('the calibration thread was closed'));
    if (worker !== null) await worker.terminate();
  }

  #workerStarted(): Worker {
    if (this.#worker !== null) return this.#worker;
    const worker = new Worker(new URL('./calibration-worker.js', import.meta.url));
    worker.unref();
    worker.on('message', (answer: CalibrationAnswer) => this.#answer(answer, worker));
    worker.on('error', (error) => this.#died(worker, error));
    worker.on('exit', (code) => this.#died(worker, new Error(`the calibration thread exited with code ${code}`)));
    this.#worker = worker;
    return worker;
  }

  #answer(answer: CalibrationAnswer, worker: Worker): void {
    const pending = this.#pending.get(answer.id);
    if (pending === undefined) return;
    this.#pending.delete(answer.id);
    if (this.#pending.size === 0) worker.unref();
    if (answer.error !== undefined) pending.reject(new Error(answer.error));
    else pending.resolve(answer.calibration);
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
