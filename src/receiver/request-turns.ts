/** Longest a turn of the event loop handles requests before it lets I/O in (ms). */
const TURN_BUDGET_MS = 10;

/**
 * Hands requests whose bodies are read their turn to be handled, in arrival order,
 * for at most TURN_BUDGET_MS of each turn of the event loop (its check phase).
 * Handling is synchronous and CPU-bound (decode, extract, profiles); done straight
 * from the read's callbacks, a saturated loop reads the next socket only once the
 * last request is handled, so excess requests wait unseen in the kernel (the accept
 * queue and socket buffers) and the intake bounds never fill: no 503, only latency
 * growing until clients time out. Yielding every few milliseconds lets the poll
 * phase accept connections and read every request that came, so they wait here, in
 * the bounded intake, and those past its bounds are answered 503 with Retry-After.
 */
export class RequestTurns {
  readonly #waiting: (() => void)[] = [];
  /** A request is being handled, or its turn is scheduled. */
  #busy = false;
  #turnStart = 0;

  /** Resolves when it is this request's turn; call `done()` once it is handled. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      if (!this.#busy) this.#yield();
    });
  }

  /** The request whose turn it was is handled: the next one goes on in this turn while the budget lasts. */
  done(): void {
    if (this.#waiting.length === 0) {
      this.#busy = false;
      return;
    }
    if (performance.now() - this.#turnStart < TURN_BUDGET_MS) this.#waiting.shift()!();
    else this.#yield();
  }

  #yield(): void {
    this.#busy = true;
    setImmediate(() => {
      this.#turnStart = performance.now();
      this.#waiting.shift()!();
    });
  }
}
