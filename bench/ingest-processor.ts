/**
 * The processor the ingest benchmark measures: `modelwatch serve`'s own Processor
 * with its defaults, except a receiver on 127.0.0.1 port 0, no Prometheus endpoint,
 * short windows, optionally no threshold calibration, gRPC only on request, and
 * extraction threads on request.
 */
import { parseConfig } from '../src/config/load-config.js';
import { Processor } from '../src/serve/processor.js';
// The gRPC receiver's port 0 means "off", not "any": a port free now is picked instead.
import { freePort } from '../test/helpers/free-port.js';

export interface BenchProcessorOptions {
  /** Window duration, e.g. `1s`; the processor's scheduler closes them. */
  readonly window: string;
  /** drift.calibrate (the default is true). */
  readonly calibrate: boolean;
  /** Also an OTLP/gRPC receiver, on a free port (else none). */
  readonly grpc?: boolean;
  /** receiver.extraction_threads (the default is 0: extraction in place). */
  readonly extractionThreads?: number;
  /** The extraction threads' script (ProcessorOptions.extractionScript): the real one unless set. */
  readonly extractionScript?: URL;
}

/**
 * Starts the processor; throws when the environment (OTEL_EXPORTER_OTLP_*) turns an
 * OTLP push on, which would add export work to what is measured.
 */
export async function startBenchProcessor(options: BenchProcessorOptions): Promise<Processor> {
  const processor = new Processor(parseConfig([
    `receiver: { host: 127.0.0.1, port: 0, grpc_port: ${options.grpc === true ? await freePort() : 0}, extraction_threads: ${options.extractionThreads ?? 0} }`,
    'prometheus: { port: 0 }',
    `windows: { duration: ${options.window} }`,
    `drift: { calibrate: ${options.calibrate} }`,
  ].join('\n'), { name: 'bench-ingest.yaml', baseDir: process.cwd() }), options.extractionScript === undefined ? {} : { extractionScript: options.extractionScript });
  const { metrics, logs } = processor.exporter.pushPlan;
  if (metrics !== undefined || logs !== undefined) {
    throw new Error('an OTLP push is configured through OTEL_EXPORTER_OTLP_* variables; unset them to run the benchmark');
  }
  await processor.start();
  return processor;
}
