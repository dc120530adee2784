import type { Lifecycle } from '../pipeline/consumer.js';

/** What the scheduler closes: the model registry. */
export interface WindowCloser {
  closeWindows(endUnixMs: number): void;
  /** Resolves once the closed windows' verdicts are out. */
  settled(): Promise<void>;
}

/**
 * Tumbling windows on the wall clock: closes every open window at each multiple of
 * the duration (so windows of all models line up, e.g. on the minute), and once more
 * at shutdown so a stopping processor still evaluates what it holds (and waits for
 * the verdicts).
 */
export class WindowScheduler implements Lifecycle {
  readonly #closer: WindowCloser;
  readonly #durationMs: number;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;
  #lastBoundary = -Infinity;

  constructor(closer: WindowCloser, durationMs: number, now: () => number = Date.now) {
    this.#closer = closer;
    this.#durationMs = durationMs;
    this.#now = now;
  }

  async start(): Promise<void> {
    this.#stopped = false;
    this.#scheduleNext();
  }

  async shutdown(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#closer.closeWindows(this.#now());
    await this.#closer.settled();
  }

  #scheduleNext(): void {
    const now = this.#now();
    // Timers keep a monotonic clock, the windows the wall clock: a timer may wake a
    // hair before its boundary by the wall clock, so the next boundary is strictly
    // after the last one closed, never the same one twice.
    const next = Math.floor(now / this.#durationMs) + 1;
    const boundary = Math.max(next, this.#lastBoundary / this.#durationMs + 1) * this.#durationMs;
    this.#timer = setTimeout(() => {
      if (this.#stopped) return;
      this.#lastBoundary = boundary;
      this.#closer.closeWindows(boundary);
      this.#scheduleNext();
    }, Math.max(boundary - now, 0));
    // Open windows must not keep a process alive that has nothing else to do.
    this.#timer.unref();
  }
}
