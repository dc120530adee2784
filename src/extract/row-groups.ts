import type { SpanTable } from '../otlp/span-table.js';
import type { InferenceBatch } from './inference-batch.js';
import { SingleRowBatch } from './single-row-batch.js';
import type { SpanLayout } from './span-layout.js';
import { sameShape, SpanRowsBatch } from './span-rows-batch.js';
import { TableRows } from './table-rows.js';

/**
 * The rows of one model waiting to go as one batch, the span that set their shape,
 * and, when that span came from a SpanTable, its keys: the spans after it with the
 * same keys are read straight into columns (TableRows). A group holds single-row
 * batches or table rows, never both: taking one kind hands the other on first.
 */
interface OpenGroup {
  readonly head: SingleRowBatch;
  readonly rows: SingleRowBatch[];
  layout: SpanLayout | undefined;
  tableRows: TableRows | undefined;
}

/**
 * Where one request's batches go on their way to the sink: single-row batches of a
 * model are gathered while they keep one shape and handed on as one SpanRowsBatch at
 * the end of the request (`flush`), or when a batch of another shape, or any other
 * kind of batch of that model, comes first. Table spans with the keys of their
 * group's head are gathered as TableRows (`tableRowsFor`), which hand on the same
 * values.
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

  /** Takes the request's next batch; returns whether it started a group, as its head. */
  readonly take = (batch: InferenceBatch): boolean => {
    const open = this.#open.get(batch.model);
    if (batch instanceof SingleRowBatch) {
      if (open !== undefined && sameShape(open.head, batch)) {
        this.#flushTableRows(open);
        open.rows.push(batch);
        return false;
      }
      if (open !== undefined) this.#flushGroup(open);
      this.#accept(batch);
      this.#open.set(batch.model, { head: batch, rows: [], layout: undefined, tableRows: undefined });
      return true;
    }
    if (open !== undefined) {
      this.#flushGroup(open);
      this.#open.delete(batch.model);
    }
    this.#accept(batch);
    return false;
  };

  /** Gives the group `head` started the keys its table span has (see TableRows). */
  setLayout(head: SingleRowBatch, layout: SpanLayout): void {
    const open = this.#open.get(head.model);
    if (open?.head === head) open.layout = layout;
  }

  /** The layout of the open group of `model`, if its head came from a table. */
  layoutOf(model: string): SpanLayout | undefined {
    return this.#open.get(model)?.layout;
  }

  /**
   * Where a table span of `model` with its group's keys goes: the group's TableRows,
   * after the single-row batches it holds are handed on.
   */
  tableRowsFor(model: string, table: SpanTable, now: () => number, stringLength: number): TableRows {
    const open = this.#open.get(model)!;
    if (open.rows.length > 0) this.#flushRows(open);
    return (open.tableRows ??= new TableRows(table, open.layout!, open.head, now, stringLength));
  }

  /** Hands on every gathered row: at the end of the request. */
  flush(): void {
    for (const open of this.#open.values()) this.#flushGroup(open);
    this.#open.clear();
  }

  #flushGroup(open: OpenGroup): void {
    this.#flushRows(open);
    this.#flushTableRows(open);
  }

  #flushRows(open: OpenGroup): void {
    // Taken out, not cleared: the batch keeps the array.
    const rows = open.rows.splice(0);
    if (rows.length === 1) this.#accept(rows[0]);
    else if (rows.length > 1) this.#accept(new SpanRowsBatch(rows));
  }

  #flushTableRows(open: OpenGroup): void {
    const tableRows = open.tableRows;
    if (tableRows === undefined) return;
    open.tableRows = undefined;
    if (tableRows.count > 0) this.#accept(tableRows.batch());
  }
}
