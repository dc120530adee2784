/**
 * Times the window closes of a running processor, for the ingest benchmark: the
 * scheduler calls `registry.closeWindows` on the event loop, so every millisecond
 * spent there (verdicts, and threshold calibrations the first time a window-size
 * bucket is met) is a millisecond the receiver does not serve requests.
 */
import type { ModelRegistry } from '../src/model/model-registry.js';

/** Window closes since the last reset. */
export interface WindowCloseTimes {
  readonly closes: number;
  readonly totalMs: number;
  readonly maxMs: number;
}

/** Counts and times every `closeWindows` call of the registry from now on. */
export class WindowCloseTimer {
  #closes = 0;
  #totalMs = 0;
  #maxMs = 0;

  constructor(registry: ModelRegistry) {
    const close = registry.closeWindows.bind(registry);
    // An own property shadows the prototype's method, and the scheduler calls it through the instance.
    registry.closeWindows = (endUnixMs: number): void => {
      const start = performance.now();
      try {
        close(endUnixMs);
      } finally {
        const ms = performance.now() - start;
        this.#closes++;
        this.#totalMs += ms;
        this.#maxMs = Math.max(this.#maxMs, ms);
      }
    };
  }

  /** The closes since the last reset, and starts counting afresh. */
  take(): WindowCloseTimes {
    const times = { closes: this.#closes, totalMs: Math.round(this.#totalMs), maxMs: Math.round(this.#maxMs) };
    this.#closes = 0;
    this.#totalMs = 0;
    this.#maxMs = 0;
    return times;
  }
}
