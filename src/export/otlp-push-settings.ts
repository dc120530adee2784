import { diag } from '@opentelemetry/api';
import type { ExportConfig } from '../config/serve-config-schema.js';
import type { DeepReadonly } from '../config/deep-freeze.js';

/** How one signal (metrics or alerts) is pushed over OTLP/HTTP. */
export interface OtlpPushSettings {
  readonly protocol: 'http/protobuf' | 'http/json';
  /** Full URL (`…/v1/metrics`); undefined lets the SDK exporter read OTEL_EXPORTER_OTLP_*ENDPOINT. */
  readonly url?: string;
  /** Headers of the configuration; the SDK adds those of OTEL_EXPORTER_OTLP_*HEADERS beneath them. */
  readonly headers?: Readonly<Record<string, string>>;
  /** undefined lets the SDK exporter read OTEL_EXPORTER_OTLP_*COMPRESSION. */
  readonly compression?: 'gzip' | 'none';
  /** Deadline of one export, the SDK's retries included; undefined lets the SDK read OTEL_EXPORTER_OTLP_*TIMEOUT (else 10 s). */
  readonly exporterTimeoutMillis?: number;
}

/** The push of metrics and of alerts; a signal with no endpoint anywhere is not pushed. */
export interface OtlpPushPlan {
  readonly metrics?: OtlpPushSettings & { readonly intervalMillis: number; readonly timeoutMillis: number };
  readonly logs?: OtlpPushSettings;
}

type Env = Readonly<Record<string, string | undefined>>;

const SIGNALS = { metrics: { env: 'METRICS', path: 'v1/metrics' }, logs: { env: 'LOGS', path: 'v1/logs' } } as const;

/**
 * Decides what is pushed where. For each key, the configuration (file or flag) wins;
 * when it is unset the standard OpenTelemetry variables apply, read by the SDK
 * exporters themselves where they can (endpoint, headers, compression, timeout):
 *
 * - a signal is pushed when `export.endpoint` is set, or OTEL_EXPORTER_OTLP_ENDPOINT,
 *   or the signal's own OTEL_EXPORTER_OTLP_METRICS_ENDPOINT / _LOGS_ENDPOINT;
 * - protocol: `export.protocol`, else OTEL_EXPORTER_OTLP_<SIGNAL>_PROTOCOL, else
 *   OTEL_EXPORTER_OTLP_PROTOCOL, else `http/protobuf` (`grpc` is not supported: warned, and protobuf over HTTP used);
 * - compression: `export.compression`, else the variables, else `gzip`;
 * - metric interval: `export.interval`, else OTEL_METRIC_EXPORT_INTERVAL, else 60s;
 *   export timeout: OTEL_METRIC_EXPORT_TIMEOUT, else 30s, at most the interval.
 */
export function otlpPushPlan(config: DeepReadonly<Omit<ExportConfig, 'queue'>>, env: Env = process.env): OtlpPushPlan {
  const settings = (signal: keyof typeof SIGNALS): OtlpPushSettings | undefined => {
    const { env: name, path } = SIGNALS[signal];
    if (config.endpoint === undefined && set(env, 'OTEL_EXPORTER_OTLP_ENDPOINT') === undefined
      && set(env, `OTEL_EXPORTER_OTLP_${name}_ENDPOINT`) === undefined) return undefined;
    const envCompression = set(env, `OTEL_EXPORTER_OTLP_${name}_COMPRESSION`) ?? set(env, 'OTEL_EXPORTER_OTLP_COMPRESSION');
    const compression = config.compression ?? (envCompression === undefined ? 'gzip' : undefined);
    return {
      protocol: config.protocol ?? protocolFromEnv(env, name),
      ...(config.endpoint === undefined ? {} : { url: `${config.endpoint.replace(/\/+$/, '')}/${path}` }),
      ...(config.headers === undefined ? {} : { headers: config.headers }),
      ...(compression === undefined ? {} : { compression }),
      ...(config.timeout === undefined ? {} : { exporterTimeoutMillis: config.timeout }),
    };
  };
  const metrics = settings('metrics');
  const logs = settings('logs');
  const intervalMillis = config.interval ?? positiveInteger(env, 'OTEL_METRIC_EXPORT_INTERVAL') ?? 60_000;
  const timeoutMillis = Math.min(positiveInteger(env, 'OTEL_METRIC_EXPORT_TIMEOUT') ?? 30_000, intervalMillis);
  return {
    ...(metrics === undefined ? {} : { metrics: { ...metrics, intervalMillis, timeoutMillis } }),
    ...(logs === undefined ? {} : { logs }),
  };
}

function protocolFromEnv(env: Env, signal: string): OtlpPushSettings['protocol'] {
  const name = set(env, `OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`) === undefined
    ? 'OTEL_EXPORTER_OTLP_PROTOCOL' : `OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`;
  const value = set(env, name);
  if (value === undefined || value === 'http/protobuf' || value === 'http/json') return value ?? 'http/protobuf';
  diag.warn(`modelwatch: ${name}=${value} is not supported for its export; pushing http/protobuf instead (supported: http/protobuf, http/json)`);
  return 'http/protobuf';
}

/** An environment variable's value, or undefined when unset or blank (the SDK reads blank as unset too). */
function set(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function positiveInteger(env: Env, name: string): number | undefined {
  const value = set(env, name);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (Number.isSafeInteger(number) && number > 0) return number;
  diag.warn(`modelwatch: ${name}=${value} is not a positive whole number of milliseconds; ignored`);
  return undefined;
}
