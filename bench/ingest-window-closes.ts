/**
 * Times the window closes of a running processor, for the ingest benchmark. A close
 * swaps the windows at once; their verdicts follow a feature at a time between
 * requests, waiting for threshold calibrations that run on a worker thread. So two
 * things are measured: how long each round of verdicts takes to come out (wall time,
 * close to published: calibration shows here), and how long the event loop was ever
 * held (its delay, sampled every 10 ms: what the receiver's clients wait for).
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { ModelRegistry } from '../src/model/model-registry.js';

/** Window closes since the last reset. */
export interface WindowCloseTimes {
  readonly closes: number;
  /** Sum and maximum of close-to-published wall times. */
  readonly totalMs: number;
  readonly maxMs: number;
  /** Longest and 99th-percentile event-loop delay over the same period. */
  readonly eventLoopDelayMaxMs: number;
  readonly eventLoopDelayP99Ms: number;
  /** Closes whose verdicts are not all out yet (waiting for calibrations, say): not in the times above. */
  readonly pending: number;
}

/** Counts and times every `closeWindows` call of the registry from now on. */
export class WindowCloseTimer {
  #closes = 0;
  #totalMs = 0;
  #maxMs = 0;
  #pending = 0;
  readonly #delay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });

  constructor(registry: ModelRegistry) {
    const close = registry.closeWindows.bind(registry);
    this.#delay.enable();
    // An own property shadows the prototype's method, and the scheduler calls it through the instance.
    registry.closeWindows = (endUnixMs: number): void => {
      const start = performance.now();
      close(endUnixMs);
      this.#closes++;
      this.#pending++;
      void registry.settled().then(() => {
        this.#pending--;
        const ms = performance.now() - start;
        this.#totalMs += ms;
        this.#maxMs = Math.max(this.#maxMs, ms);
      });
    };
  }

  /** The closes since the last reset, and starts counting afresh. */
  take(): WindowCloseTimes {
    const times = {
      closes: this.#closes,
      totalMs: Math.round(this.#totalMs),
      maxMs: Math.round(this.#maxMs),
      eventLoopDelayMaxMs: Math.round(this.#delay.max / 1e6),
      eventLoopDelayP99Ms: Math.round(this.#delay.percentile(99) / 1e6),
      pending: this.#pending,
    };
    this.#closes = 0;
    this.#totalMs = 0;
    this.#maxMs = 0;
    this.#delay.reset();
    return times;
  }
}
