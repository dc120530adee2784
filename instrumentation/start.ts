import { diag, trace, ProxyTracerProvider } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { configFromEnv } from './env-config.js';
import { modelMetricsProducer } from './in-process-metrics.js';
import { metricReadersFromEnv } from './metric-readers-from-env.js';
import { ModelInstrumentation } from './model-instrumentation.js';
import type { ModelInstrumentationConfig } from './types.js';

/** What `startModelwatch` started, to stop it. */
export interface ModelwatchHandle {
  readonly instrumentation: ModelInstrumentation;
  /** Flushes and stops what was started (the SDK, if modelwatch started it). */
  shutdown(): Promise<void>;
}

/**
 * Starts instrumenting models in this process, as `node --import modelwatch/register`
 * does: with no SDK registered yet, the OpenTelemetry NodeSDK with its trace, metric
 * and log exporters configured by the standard `OTEL_*` variables; beside an SDK
 * already started (say by `@opentelemetry/auto-instrumentations-node/register`,
 * imported first), only the model instrumentation, on that SDK's providers, so an
 * HTTP server span is the parent of the predict span. `OTEL_SDK_DISABLED=true` starts
 * nothing. When it starts the SDK, the §3 model metrics are aggregated in process and
 * handed to each metric reader as a producer (in-process-metrics.ts); beside another
 * SDK, whose readers cannot be given one, they go through the Metrics API.
 *
 * @param config the instrumentation's options; default: from `MODELWATCH_*` variables (see configFromEnv)
 * @returns undefined when disabled
 */
export function startModelwatch(config: ModelInstrumentationConfig = configFromEnv()): ModelwatchHandle | undefined {
  if (process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const instrumentation = new ModelInstrumentation(config);
  if (sdkAlreadyRegistered()) {
    const unregister = registerInstrumentations({ instrumentations: [instrumentation] });
    return { instrumentation, shutdown: async () => unregister() };
  }
  const sdk = new NodeSDK({
    instrumentations: [instrumentation],
    metricReaders: metricReadersFromEnv(() => [modelMetricsProducer()]),
  });
  sdk.start();
  let stopped: Promise<void> | undefined;
  const shutdown = () => (stopped ??= sdk.shutdown().catch((error: unknown) => diag.error('modelwatch: stopping the SDK failed', error)));
  shutdownOnSignals(shutdown);
  return { instrumentation, shutdown };
}

/** True when another SDK has set the global tracer provider before us. */
function sdkAlreadyRegistered(): boolean {
  const provider = trace.getTracerProvider();
  // The API's global is a proxy whose delegate is a no-op until an SDK registers.
  const delegate = provider instanceof ProxyTracerProvider ? provider.getDelegate() : provider;
  return delegate.constructor.name !== 'NoopTracerProvider';
}

/**
 * On SIGTERM or SIGINT: flush and stop the SDK, then let the signal do what it would
 * have done. A listener on a signal replaces Node's default exit, so when the app has
 * no listener of its own, the signal is raised again once ours is removed.
 */
function shutdownOnSignals(shutdown: () => Promise<void>): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const onSignal = () => {
      void shutdown().finally(() => {
        process.removeListener(signal, onSignal);
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    };
    process.on(signal, onSignal);
  }
  process.once('beforeExit', () => void shutdown());
}
