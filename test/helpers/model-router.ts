import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * What the Collector's load-balancing exporter does with `routing_key: attributes` on
 * `ml.model.name`, inside the SDK: each ended span goes to the destination its model
 * is assigned to now. Tests change `assignment` mid-stream to move a model, as a ring
 * change would.
 */
export class ModelRoutingSpanProcessor implements SpanProcessor {
  /** Model name → destination name. */
  readonly assignment = new Map<string, string>();
  readonly #destinations: ReadonlyMap<string, SpanProcessor>;

  constructor(destinations: ReadonlyMap<string, SpanProcessor>) {
    this.#destinations = destinations;
  }

  onStart(_span: Span, _context: Context): void {}

  onEnd(span: ReadableSpan): void {
    const model = String(span.attributes['ml.model.name']);
    const destination = this.assignment.get(model);
    if (destination === undefined) throw new Error(`no destination assigned to model ${model}`);
    this.#destinations.get(destination)!.onEnd(span);
  }

  async forceFlush(): Promise<void> {
    await Promise.all([...this.#destinations.values()].map((each) => each.forceFlush()));
  }

  async shutdown(): Promise<void> {
    await Promise.all([...this.#destinations.values()].map((each) => each.shutdown()));
  }
}
