import { type Context, context, diag, type Meter, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { PendingAttributes, writeInferenceAttributes } from './inference-attributes.js';
import { defaultInferenceIds, rememberInferenceIds } from './inference-ids.js';
import { type CountSink, counterSeries, histogramSeries, type ValueSink } from './aggregated-instruments.js';
import { processInstruments, type InProcessMetrics } from './in-process-metrics.js';
import { createInstruments, type Instruments } from './instruments.js';
import type { MonitoredModel } from './monitored-model.js';
import type { ObservedInference } from './observed-inference.js';
import { ProfileRecorder } from './profile-recorder.js';

/** Reads a call's result (and its arguments, captured before the call) into columns. */
export type Observe<R> = (result: R) => ObservedInference | undefined;

/**
 * Turns predict calls into CONVENTIONS.md §1 spans and §3 metrics. The host call is
 * sacred: its result and its error reach the caller unchanged, whatever the
 * instrumentation's own code does (anything it throws is logged through the OTel
 * diagnostic logger and dropped), and a throwing `onInference` hook is logged and ignored.
 */
export class InferenceRecorder {
  readonly #tracer: Tracer;
  /** The §3 instruments on the meter: used unless metrics are aggregated in process. */
  readonly #meterInstruments: Instruments;
  readonly #ownMetrics: InProcessMetrics | undefined;
  readonly #profiles = new ProfileRecorder();
  /** Per model, what every call of it repeats: built on its first call. */
  readonly #constants = new WeakMap<MonitoredModel, ModelConstants>();

  /**
   * @param metrics aggregates the §3 metrics in process for a MetricReader to collect;
   *   default: the process's (modelMetricsProducer) once one was handed out, else the meter's instruments
   */
  constructor(tracer: Tracer, meter: Meter, metrics?: InProcessMetrics) {
    this.#tracer = tracer;
    this.#meterInstruments = createInstruments(meter);
    this.#ownMetrics = metrics;
  }

  /** Where this call's metrics go (looked up per call: a producer may be handed out after the recorder is made). */
  get #instruments(): Instruments {
    return this.#ownMetrics?.instruments ?? processInstruments() ?? this.#meterInstruments;
  }

  /**
   * Calls `invoke` inside a `predict {model}` span (active, so a remote model call's
   * HTTP span is its child) and records it when the result is there: at once for a
   * value, on settlement for a promise (the caller gets a promise of the same value).
   */
  traced<R>(model: MonitoredModel, invoke: () => R, observe: Observe<Awaited<R>>, kind: SpanKind = SpanKind.INTERNAL): R {
    let span: Span;
    let active: Context;
    try {
      span = this.#tracer.startSpan(this.#constantsOf(model).spanName, { kind });
      active = trace.setSpan(context.active(), span);
    } catch (error) {
      // A broken tracer must not cost the host its prediction.
      diag.error(`modelwatch: no span for a prediction of "${model.name}"`, error);
      return invoke();
    }
    const started = performance.now();
    let result: R;
    let invoked = false;
    try {
      result = context.with(active, () => {
        invoked = true;
        return invoke();
      });
    } catch (error) {
      if (!invoked) {
        diag.error(`modelwatch: the context manager failed around a prediction of "${model.name}"`, error);
        span.end();
        return invoke();
      }
      this.#failed(model, span, started, error);
      throw error;
    }
    if (isPromiseLike(result)) {
      return result.then(
        (value) => {
          this.#succeeded(model, span, started, value as Awaited<R>, observe);
          return value;
        },
        (error: unknown) => {
          this.#failed(model, span, started, error);
          throw error;
        },
      ) as R;
    }
    this.#succeeded(model, span, started, result as Awaited<R>, observe);
    return result;
  }

  #succeeded<T>(model: MonitoredModel, span: Span, started: number, result: T, observe: Observe<T>): void {
    const seconds = (performance.now() - started) / 1000;
    try {
      const observed = observe(result);
      const rows = observed?.rows ?? 1;
      const ids = defaultInferenceIds(span.spanContext().spanId, rows);
      if (observed !== undefined) this.#recordObserved(model, span, observed, ids);
      else span.setAttributes({ 'ml.model.name': model.name, 'ml.batch.size': rows, ...identity(model) });
      this.#callSeries(model).records.add(rows);
      rememberInferenceIds(result, ids);
      this.#runHook(model, ids, result);
    } catch (error) {
      diag.error(`modelwatch: recording a prediction of "${model.name}" failed`, error);
    } finally {
      this.#callSeries(model).duration.record(seconds);
      span.end();
    }
  }

  #recordObserved(model: MonitoredModel, span: Span, observed: ObservedInference, ids: readonly string[]): void {
    const attributes = new PendingAttributes();
    const counts = writeInferenceAttributes(model.options, model.policy, observed, ids, attributes);
    attributes.applyTo(span);
    if (model.options.mode === 'profiles') this.#profiles.record(this.#instruments, model.options, model.policy, observed);
    const { metricAttributes } = this.#constantsOf(model);
    if (counts.truncated > 0) this.#instruments.truncated.add(counts.truncated, metricAttributes);
    if (counts.overflow > 0) this.#instruments.overflow.add(counts.overflow, metricAttributes);
  }

  /** The model's `ml.inference.records` and `ml.inference.duration` series in the instruments in use, found once. */
  #callSeries(model: MonitoredModel): CallSeries {
    const constants = this.#constantsOf(model);
    const instruments = this.#instruments;
    if (constants.callSeries?.instruments !== instruments) {
      constants.callSeries = {
        instruments,
        records: counterSeries(instruments.records, constants.metricAttributes),
        duration: histogramSeries(instruments.duration, constants.metricAttributes),
      };
    }
    return constants.callSeries;
  }

  #constantsOf(model: MonitoredModel): ModelConstants {
    let constants = this.#constants.get(model);
    if (constants === undefined) {
      constants = { spanName: `predict ${model.name}`, metricAttributes: identity(model, true), callSeries: undefined };
      this.#constants.set(model, constants);
    }
    return constants;
  }

  #failed(model: MonitoredModel, span: Span, started: number, error: unknown): void {
    try {
      const errorType = errorTypeOf(error);
      span.setAttributes({ 'ml.model.name': model.name, ...identity(model), 'error.type': errorType });
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      if (error instanceof Error) span.recordException(error);
      this.#instruments.duration.record((performance.now() - started) / 1000, { ...identity(model, true), 'error.type': errorType });
    } catch (own) {
      diag.error(`modelwatch: recording a failed prediction of "${model.name}" failed`, own);
    } finally {
      span.end();
    }
  }

  #runHook(model: MonitoredModel, inferenceIds: readonly string[], result: unknown): void {
    if (model.onInference === undefined) return;
    try {
      model.onInference({ model: model.name, version: model.options.version, inferenceIds, result });
    } catch (error) {
      diag.error(`modelwatch: the onInference hook of "${model.name}" threw; ignored`, error);
    }
  }
}

/** What every call of a model repeats (its options are frozen, so these cannot go stale). */
interface ModelConstants {
  /** `predict {ml.model.name}`. */
  readonly spanName: string;
  /**
   * The attributes of `ml.inference.duration` and `ml.inference.records`, one object
   * for every call: the SDK only reads it (it hashes it to find the series).
   */
  readonly metricAttributes: Readonly<Record<string, string>>;
  /** The call metrics' series, for the instruments they were found in. */
  callSeries: CallSeries | undefined;
}

interface CallSeries {
  readonly instruments: Instruments;
  readonly records: CountSink;
  readonly duration: ValueSink;
}

/** The model's version attribute (with its name for metrics). */
function identity(model: MonitoredModel, withName = false): Record<string, string> {
  const out: Record<string, string> = withName ? { 'ml.model.name': model.name } : {};
  if (model.options.version !== undefined) out['ml.model.version'] = model.options.version;
  return out;
}

/** OpenTelemetry's `error.type`: the error's class name, else `_OTHER`. */
function errorTypeOf(error: unknown): string {
  if (error instanceof Error) return error.name || error.constructor?.name || '_OTHER';
  return '_OTHER';
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
