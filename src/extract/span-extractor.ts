import type { SpanTable } from '../otlp/span-table.js';
import type { Span, TracesData } from '../otlp/types.js';
import type { ConsumeResult, SpanTableConsumer } from '../pipeline/consumer.js';
import { AttributeRoles } from './attribute-roles.js';
import type { InferenceBatch, InferenceSink } from './inference-batch.js';
import { MODEL_NAME_KEY, extractInferenceSpan } from './inference-span.js';
import { extractLlmSpan, llmIdentity } from './llm-span.js';
import { RejectionSummary } from './rejection-summary.js';
import { RowGroups } from './row-groups.js';
import { SingleRowBatch } from './single-row-batch.js';
import { SpanLayout } from './span-layout.js';
import { DEFAULT_SPAN_LIMITS, type SpanLimits } from './span-limits.js';
import { extractTableInferenceSpan } from './table-inference-span.js';

/** Options of a SpanExtractor. */
export interface SpanExtractorOptions {
  /**
   * The clock that dates a span with neither end nor start time (Unix milliseconds).
   * @default Date.now
   */
  readonly now?: () => number;
  /** What one inference span may carry. @default DEFAULT_SPAN_LIMITS */
  readonly limits?: SpanLimits;
  /**
   * Spans one request may carry (`limits.spans_per_request`): a request with more is
   * rejected whole, every span counted in `partial_success`, so the sender splits it.
   * @default Infinity
   */
  readonly spansPerRequest?: number;
}

/**
 * The extraction stage for traces: hands the sink the inference spans of a request
 * as InferenceBatches, synchronously, and reports the spans it rejected. A run of
 * single-row spans of one model and shape goes as one batch of columns (RowGroups),
 * any other span as a batch of its own.
 *
 * - A span with `ml.model.name` is read per CONVENTIONS.md §1 (extractInferenceSpan);
 *   one that breaks the convention is rejected alone, the rest of the request goes on.
 * - Else an LLM span per the GenAI or OpenInference conventions (llmIdentity) is read
 *   as a one-row batch (extractLlmSpan); these are rejected only when the sink
 *   refuses their model version (a bound on the versions it tracks).
 * - A request of more than `spansPerRequest` spans is rejected whole.
 * - Any other span (an app's HTTP and database spans share the endpoint) is ignored.
 */
export class SpanExtractor implements SpanTableConsumer {
  readonly #sink: InferenceSink;
  readonly #now: () => number;
  readonly #roles = new AttributeRoles();
  readonly #limits: SpanLimits;
  readonly #spansPerRequest: number;
  /** The keys of the span that last started a group or was read by them (see #readByLayout). */
  #lastLayout: SpanLayout | undefined;

  constructor(sink: InferenceSink, options: SpanExtractorOptions = {}) {
    this.#sink = sink;
    this.#now = options.now ?? Date.now;
    this.#limits = options.limits ?? DEFAULT_SPAN_LIMITS;
    this.#spansPerRequest = options.spansPerRequest ?? Infinity;
  }

  /** The answer to a request of `spans` spans, when that is more than `spansPerRequest`. */
  #tooManySpans(spans: number): ConsumeResult | undefined {
    if (spans <= this.#spansPerRequest) return undefined;
    this.#limits.breached?.('spans_per_request');
    return {
      rejected: spans,
      message: `the request has ${spans} spans; at most ${this.#spansPerRequest} are taken per request (limits.spans_per_request): send smaller batches`,
    };
  }

  consumeTraces(data: TracesData): ConsumeResult {
    let spans = 0;
    for (const resourceSpans of data.resourceSpans) for (const scopeSpans of resourceSpans.scopeSpans) spans += scopeSpans.spans.length;
    const tooMany = this.#tooManySpans(spans);
    if (tooMany !== undefined) return tooMany;
    const rejections = new RejectionSummary('inference span');
    const groups = new RowGroups(this.#acceptor());
    for (const resourceSpans of data.resourceSpans) {
      for (const scopeSpans of resourceSpans.scopeSpans) {
        for (const span of scopeSpans.spans) this.#extract(span, rejections, groups.take);
      }
    }
    groups.flush();
    return rejections.result();
  }

  /**
   * The same extraction from a SpanTable (what the receiver decodes protobuf
   * /v1/traces into): same batches in the same order, same answer as consumeTraces on
   * `table.toTracesData()`. Inference spans are read from the columns; any other span,
   * or one the columns cannot settle (see extractTableInferenceSpan), is made into a
   * Span and read as consumeTraces reads it.
   */
  consumeSpanTable(table: SpanTable): ConsumeResult {
    const spans = table.size;
    const tooMany = this.#tooManySpans(spans);
    if (tooMany !== undefined) return tooMany;
    const rejections = new RejectionSummary('inference span');
    const groups = new RowGroups(this.#acceptor());
    // Table rows are in wire order, which is the tree's order of resources, scopes and spans.
    for (let i = 0; i < spans; i++) {
      if (this.#readByLayout(table, i, groups)) continue;
      const batch = extractTableInferenceSpan(table, i, this.#now, this.#roles, this.#limits);
      if (batch === undefined) this.#extract(table.span(i), rejections, groups.take);
      else if (typeof batch === 'string') rejections.add(`span ${table.spanId(i) || '(no span id)'}: ${batch}`);
      else if (this.#acceptUnlessRefused(batch, table.spanId(i), rejections, groups.take) && batch instanceof SingleRowBatch) {
        this.#noteLayout(table, i, batch, groups);
      }
    }
    groups.flush();
    return rejections.result();
  }

  /**
   * Reads span i into its model's TableRows when it has the keys of the group's head
   * (most spans of an instrumented service); false when it must be read whole.
   */
  #readByLayout(table: SpanTable, i: number, groups: RowGroups): boolean {
    let layout = this.#lastLayout;
    if (layout === undefined || !layout.matches(table, i)) {
      const model = modelNameOf(table, i);
      layout = model === undefined ? undefined : groups.layoutOf(model);
      if (layout === undefined || !layout.matches(table, i)) return false;
      this.#lastLayout = layout;
    }
    const model = table.value(table.attributeStart(i) + layout.model);
    if (typeof model !== 'string') return false;
    const own = groups.layoutOf(model);
    // Another group's layout with the same keys (models started by different heads): the group's own decides.
    if (own !== layout) {
      if (own === undefined || !own.matches(table, i)) return false;
      this.#lastLayout = own;
    }
    return groups.tableRowsFor(model, table, this.#now, this.#limits.stringLength).append(i);
  }

  /** Span i, read whole, started a group: the spans after it with its keys can be read by position. */
  #noteLayout(table: SpanTable, i: number, head: SingleRowBatch, groups: RowGroups): void {
    const last = this.#lastLayout;
    const layout = last !== undefined && last.matches(table, i) ? last : SpanLayout.of(table, i, this.#roles);
    if (layout === undefined) return;
    groups.setLayout(head, layout);
    this.#lastLayout = layout;
  }

  /** Where one request's batches go: the sink's per-request acceptor when it has one. */
  #acceptor(): (batch: InferenceBatch) => void {
    const sink = this.#sink;
    return sink.requestAcceptor !== undefined ? sink.requestAcceptor() : (batch) => sink.acceptInferences(batch);
  }

  #extract(span: Span, rejections: RejectionSummary, accept: (batch: InferenceBatch) => boolean | void): void {
    if (span.attributes.has(MODEL_NAME_KEY)) {
      const batch = extractInferenceSpan(span, this.#now, this.#roles, false, this.#limits);
      if (typeof batch === 'string') rejections.add(`span ${span.spanId || '(no span id)'}: ${batch}`);
      else this.#acceptUnlessRefused(batch, span.spanId, rejections, accept);
      return;
    }
    const identity = llmIdentity(span.attributes);
    if (identity !== undefined) this.#acceptUnlessRefused(extractLlmSpan(span, identity, this.#now), span.spanId, rejections, accept);
  }

  /**
   * Hands the batch on, unless the sink refuses its model version (see
   * InferenceSink.refusal); returns what `accept` returned (RowGroups: whether the
   * batch started a group), false when refused.
   */
  #acceptUnlessRefused(
    batch: InferenceBatch, spanId: string, rejections: RejectionSummary, accept: (batch: InferenceBatch) => boolean | void,
  ): boolean {
    const refusal = this.#sink.refusal?.(batch);
    if (refusal === undefined) return accept(batch) === true;
    rejections.add(`span ${spanId || '(no span id)'}: ${refusal}`);
    return false;
  }
}

/** The value of span i's `ml.model.name` when it is a string, found by key. */
function modelNameOf(table: SpanTable, i: number): string | undefined {
  const keys = table.keys;
  const end = table.attributeEnds[i];
  for (let a = table.attributeStart(i); a < end; a++) {
    if (keys[a] !== MODEL_NAME_KEY) continue;
    const model = table.value(a);
    return typeof model === 'string' ? model : undefined;
  }
  return undefined;
}
