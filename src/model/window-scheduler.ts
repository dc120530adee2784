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
    this.#closeAt(Math.max(next, this.#lastBoundary / this.#durationMs + 1) * this.#durationMs, now);
  }

  /**
   * Closes the windows at `boundary`. A boundary further than a timer can wait (about
   * 24.8 days: Node fires longer timeouts after 1 ms) is reached in steps.
   */
  #closeAt(boundary: number, now: number): void {
    const wait = Math.max(boundary - now, 0);
    this.#timer = setTimeout(() => {
      if (this.#stopped) return;
      if (wait > MAX_TIMEOUT_MS) return this.#closeAt(boundary, this.#now());
      this.#lastBoundary = boundary;
      this.#closer.closeWindows(boundary);
      this.#scheduleNext();
    }, Math.min(wait, MAX_TIMEOUT_MS));
    // Open windows must not keep a process alive that has nothing else to do.
    this.#timer.unref();
  }
}

/** The longest delay setTimeout takes as given (a signed 32-bit count of milliseconds). */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
