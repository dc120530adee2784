import { WorkerRequests } from '../../threads/worker-requests.js';
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
  readonly #requests = new WorkerRequests<CalibrationRequest, Calibration>(
    new URL('./calibration-worker.js', import.meta.url), 'the calibration thread');

  /** Requests posted and not answered yet. */
  get queued(): number {
    return this.#requests.queued;
  }

  /** Calibrates on the thread; rejects if the thread fails or is closed. */
  run(request: CalibrationRequest): Promise<Calibration> {
    return this.#requests.run(request);
  }

  /** Stops the thread; requests in flight are rejected. */
  close(): Promise<void> {
    return this.#requests.close();
  }
}
