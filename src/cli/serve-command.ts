import { diag, DiagConsoleLogger, DiagLogLevel } from '@opentelemetry/api';
import { Command } from 'commander';
import { type LoadedConfig, loadConfig } from '../config/load-config.js';
import type { SignalSink } from '../pipeline/window-signals.js';
import { windowLine } from './window-line.js';
import type { ServeFlags } from '../config/serve-flags.js';
import { formatDuration } from '../config/duration.js';
import { Processor } from '../serve/processor.js';

interface ServeOptions extends ServeFlags {
  config?: string;
  printWindows?: boolean;
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('receive OTLP inference telemetry; export drift, data-quality and alert signals')
    .option('--config <file>', 'YAML configuration (every key has a default)')
    .option('--host <host>', 'address to listen on for OTLP/HTTP (default 127.0.0.1)')
    .option('--port <port>', 'OTLP/HTTP port (default 4318; 0: any free port)')
    .option('--grpc-port <port>', 'OTLP/gRPC port, on the same host (default 4317; 0 disables)')
    .option('--prometheus-port <port>', 'Prometheus /metrics port (default 9464; 0 disables)')
    .option('--export-endpoint <url>', 'OTLP/HTTP base URL to push metrics and alerts to (default: no push)')
    .option('--window <duration>', 'window length, e.g. 30s, 1m (default 60s)')
    .option('--min-window-records <n>', 'fewest records a window needs for a verdict (default 100)')
    .option('--reference-size <n>', 'records of a new model version that make its reference (default 1000)')
    .option('--data-dir <dir>', "folder that keeps the processor's state across restarts, kill -9 included (default: nothing kept)")
    .option('--print-windows', 'print one line per closed window to stdout (records, drifted features, data-quality breaches)')
    .action(async (options: ServeOptions) => {
      const { config: file, printWindows, ...flags } = options;
      const config = loadConfig(file, flags);
      diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN);
      const windowListener = printWindows === true ? printedWindows(config.data_quality) : undefined;
      const processor = new Processor(config, windowListener === undefined ? {} : { windowListener });
      await processor.start();
      const { host, port } = processor.receiver.address();
      const push = config.export.endpoint ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      process.stderr.write([
        `modelwatch serve: OTLP/HTTP on http://${host}:${port} (/v1/traces, /v1/logs, /v1/metrics)`,
        `  OTLP/gRPC: ${grpcLine(processor)}`,
        `  Prometheus: ${processor.exporter.prometheusUrl ?? 'off'}`,
        `  push: ${push ?? 'off (set --export-endpoint or OTEL_EXPORTER_OTLP_ENDPOINT)'}`,
        `  windows of ${formatDuration(config.windows.duration)}, a verdict from ${config.windows.min_records} records; ` +
          `reference: the first ${config.reference.size} records of each model version`,
        '',
      ].join('\n'));
      await untilSignal();
      process.stderr.write('modelwatch serve: stopping: evaluating open windows and flushing exporters\n');
      await processor.shutdown();
    });
}

/** Where OTLP/gRPC listens, or 'off' (`--grpc-port 0`). */
function grpcLine(processor: Processor): string {
  if (processor.grpcReceiver === undefined) return 'off (--grpc-port 0)';
  const { host, port } = processor.grpcReceiver.address();
  return `${host}:${port} (the trace, logs and metrics services' Export)`;
}

/** Prints each closed window that held records as one line on stdout. */
function printedWindows(thresholds: LoadedConfig['data_quality']): SignalSink {
  return {
    publish(signals) {
      if (signals.records > 0) process.stdout.write(`${windowLine(signals, thresholds)}\n`);
    },
  };
}

/**
 * Resolves on the first SIGTERM or SIGINT, so the processor can stop cleanly; a
 * second signal while it stops exits at once (a user pressing Ctrl-C twice).
 */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        process.stderr.write(`modelwatch serve: ${signal} again: exiting without flushing\n`);
        process.exit(1);
      }
      stopping = true;
      resolve();
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
