import type { InferenceBatch } from './inference-batch.js';
import { SingleRowBatch } from './single-row-batch.js';
import { sameShape, SpanRowsBatch } from './span-rows-batch.js';

/** The rows of one model waiting to go as one SpanRowsBatch, and the span that set their shape. */
interface OpenGroup {
  readonly head: SingleRowBatch;
  readonly rows: SingleRowBatch[];
}

/**
 * Where one request's batches go on their way to the sink: single-row batches of a
 * model are gathered while they keep one shape and handed on as one SpanRowsBatch at
 * the end of the request (`flush`), or when a batch of another shape, or any other
 * kind of batch of that model, comes first.
 *
 * The first span of each run is handed on at once, alone: the sink then knows the
 * model version before the next one is asked about (its bound on versions counts
 * them), as it did when every span went on its own. Within a model the sink sees the
 * rows in the request's order; across models the order never mattered (each keeps
 * its own state).
 */
export class RowGroups {
  readonly #accept: (batch: InferenceBatch) => void;
  readonly #open = new Map<string, OpenGroup>();

  constructor(accept: (batch: InferenceBatch) => void) {
    this.#accept = accept;
  }

  /** Takes the request's next batch. */
  readonly take = (batch: InferenceBatch): void => {
    const open = this.#open.get(batch.model);
    if (batch instanceof SingleRowBatch) {
      if (open !== undefined && sameShape(open.head, batch)) {
        open.rows.push(batch);
        return;
      }
      if (open !== undefined) this.#flushGroup(open);
      this.#accept(batch);
      this.#open.set(batch.model, { head: batch, rows: [] });
      return;
    }
    if (open !== undefined) {
      this.#flushGroup(open);
      this.#open.delete(batch.model);
    }
    this.#accept(batch);
  };

  /** Hands on every gathered row: at the end of the request. */
  flush(): void {
    for (const open of this.#open.values()) this.#flushGroup(open);
    this.#open.clear();
  }

  #flushGroup(open: OpenGroup): void {
    // Taken out, not cleared: the batch keeps the array.
    const rows = open.rows.splice(0);
    if (rows.length === 1) this.#accept(rows[0]);
    else if (rows.length > 1) this.#accept(new SpanRowsBatch(rows));
  }
}
