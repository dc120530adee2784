import { samplesSettings, webhookSettings } from './handoff-config.js';
import { dashboardSettings } from '../ui/dashboard-config.js';
import { scaleOutSettings } from '../scale-out/scale-out-config.js';
import { z } from 'zod';
import { DRIFT_METHODS, isDriftMethod, needsNumbers, usesPValue } from '../evaluate/drift/drift-method.js';
import {
  byteSize, duration, evenWithOtherProblems, flag, host, httpUrl, integer, listOf, mappingOf, nonNegative, oneOf, port, ratio, section,
  stringOrInteger, text,
} from './schema-fields.js';

/**
 * The schema of `modelwatch serve`'s configuration: one YAML file, Collector-style,
 * keys in snake_case. The parsed configuration keeps these exact key names, so a
 * key means one thing in the file, in error messages and in code. Durations are
 * written as strings (`60s`) and held in milliseconds; sizes as bytes or `64MiB`
 * and held in bytes. Relative paths are resolved against the configuration file's
 * folder (flags: against the working directory).
 */

const MiB = 2 ** 20;

/** Where OTLP arrives: the OTLP/HTTP receiver, and the OTLP/gRPC one beside it. */
const receiver = section('receiver settings', {
  /**
   * Interface the OTLP/HTTP receiver listens on. `0.0.0.0` accepts connections from
   * other machines (and containers).
   * @default '127.0.0.1'
   */
  host: host().default('127.0.0.1'),
  /**
   * OTLP/HTTP port; 0 listens on any free port (tests).
   * @default 4318
   */
  port: port('any free port').default(4318),
  /**
   * OTLP/gRPC port, on the same host; 0 turns the gRPC receiver off. It shares the
   * HTTP receiver's bounds, tokens and TLS (see "OTLP/gRPC" in the README).
   * @default 4317
   */
  grpc_port: port('no gRPC receiver').default(4317),
  /**
   * Largest request body after decompression; a larger one is answered 413.
   * @default 67108864 (64MiB)
   */
  max_body_bytes: byteSize(1024).default(64 * MiB),
  /**
   * Requests decoded and consumed at the same time; past it, 503 with Retry-After.
   * @default 64
   */
  max_inflight_requests: integer(1).default(64),
  /**
   * Request bytes (decompressed) held at the same time; past it, 503 with
   * Retry-After. At least `max_body_bytes`, so the largest allowed request fits.
   * @default 268435456 (256MiB)
   */
  max_inflight_bytes: byteSize(1024).default(256 * MiB),
  /**
   * What the Retry-After header of a 503 asks the client to wait.
   * @default 1000 (1s)
   */
  retry_after: duration().default(1_000),
  /**
   * Threads that decode and extract OTLP/HTTP protobuf trace requests, off the event
   * loop that keeps the profiles; 0 does it all on the event loop. Each thread is one
   * more core busy under load: worth it on a machine with cores to spare (see
   * "Speed" in the README). Without `data_dir` an uncompressed body is read straight
   * into memory the threads share, which `max_inflight_bytes` counts whole from the
   * start of the read; otherwise a request at a thread holds a copy of its body
   * besides the one `max_inflight_bytes` counts.
   * JSON, gRPC and the journal's replay are extracted in place.
   * @default 0
   */
  extraction_threads: integer(0, 16).default(0),
  /**
   * Bearer tokens (see SECURITY.md). Each source holds `id:token` entries (one a line
   * in a file, comma-separated in a variable); several entries let a token be rotated.
   * With none, the receiver takes every request, as suits the default 127.0.0.1.
   */
  auth: section('receiver auth settings', {
    /** File of ingest tokens, required on /v1/traces, /v1/logs, /v1/metrics, /v1/feedback and the OTLP/gRPC services. @default none */
    tokens_file: text('a file path').optional(),
    /** Environment variable holding ingest tokens. @default none */
    tokens_env: text('an environment variable name').optional(),
    /**
     * File of admin tokens, required on the admin API (/admin/..., samples) once any
     * token is configured; with ingest tokens and no admin token, the admin API refuses everyone.
     * @default none
     */
    admin_tokens_file: text('a file path').optional(),
    /** Environment variable holding admin tokens. @default none */
    admin_tokens_env: text('an environment variable name').optional(),
  }).prefault({}),
  /** HTTPS (and TLS for OTLP/gRPC), and with `client_ca_file` mutual TLS (see SECURITY.md). @default none: plain HTTP */
  tls: section('receiver TLS settings', {
    /** The server's certificate chain, PEM. @default none */
    cert_file: text('a file path').optional(),
    /** The server's private key, PEM. @default none */
    key_file: text('a file path').optional(),
    /** CA certificates (PEM) that sign the clients' certificates; set, a client without one is refused at the handshake. @default none */
    client_ca_file: text('a file path').optional(),
  }).superRefine((value, context) => {
    if ((value.cert_file === undefined) !== (value.key_file === undefined)) {
      const missing = value.cert_file === undefined ? 'cert_file' : 'key_file';
      context.issues.push({ code: 'custom', input: value, path: [missing], message: 'HTTPS needs both cert_file and key_file; give the other one, or neither' });
    }
    if (value.client_ca_file !== undefined && value.cert_file === undefined && value.key_file === undefined) {
      context.issues.push({ code: 'custom', input: value, path: ['client_ca_file'], message: 'mutual TLS needs HTTPS: give cert_file and key_file too' });
    }
  }, evenWithOtherProblems).prefault({}),
}).superRefine((value, context) => {
  if (typeof value.max_inflight_bytes === 'number' && typeof value.max_body_bytes === 'number'
    && value.max_inflight_bytes < value.max_body_bytes) {
    context.issues.push({
      code: 'custom', input: value.max_inflight_bytes, path: ['max_inflight_bytes'],
      message: `is ${value.max_inflight_bytes} bytes, below max_body_bytes (${value.max_body_bytes}); raise it to at least max_body_bytes, or no request of the largest allowed size could ever be taken in`,
    });
  }
}, evenWithOtherProblems).prefault({});

/**
 * Bounds on what the senders can make the processor hold (issue 7). Each breach is
 * answered with its reason in `partial_success` (naming the key) and counted in
 * `modelwatch.limits.breaches`; a span past a limit is rejected whole rather than cut
 * down, since a truncated string or a dropped feature would be a different model,
 * feature or category than the app sent.
 */
const limits = section('limits', {
  /**
   * Spans of one /v1/traces request; a request with more is rejected whole (every span
   * counted as rejected), so the sender splits its batches.
   * @default 50000
   */
  spans_per_request: integer(1).default(50_000),
  /**
   * Attributes of one inference span, read or not; a span with more is rejected.
   * @default 10000
   */
  attributes_per_span: integer(1).default(10_000),
  /**
   * Characters of an `ml.*` attribute's key and of each string in its value (model
   * name, version, categories, labels); a span with a longer one is rejected, not
   * truncated.
   * @default 4096
   */
  string_length: integer(1).default(4_096),
  /**
   * Model versions tracked; past it the spans of a new version are rejected, the
   * versions already tracked go on. Labels of a model neither tracked nor joined yet
   * are refused once the ground-truth join keeps this many models.
   * @default 1000
   */
  models: integer(1).default(1_000),
  /**
   * `ml.feature.*` attributes of one span (more: the span is rejected), input features
   * a reference collected from traffic keeps, and features a window lists as absent
   * from its reference.
   * @default 1000
   */
  features_per_model: integer(1).default(1_000),
  /**
   * Categories a window counts one by one for a categorical (or few-valued numeric)
   * feature, beyond the reference's own: past it a value's category goes to the
   * window's overflow bucket, which is counted (and, being absent from the reference,
   * in ml.data_quality.new_category_ratio). Below the limit the window keeps twice the
   * reference's categories, at least 100.
   * @default 10000
   */
  categories_per_feature: integer(1).default(10_000),
}).prefault({});

/** Tumbling windows: how traffic is cut into the samples that are judged. */
const windows = section('window settings', {
  /**
   * Length of a tumbling window: `500ms`, `2s`, `1m`, `1h`, `1m30s`.
   * @default 60000 (60s)
   */
  duration: duration().default(60_000),
  /**
   * A window with fewer records gets no verdict, only `ml.window.records`.
   * @default 100
   */
  min_records: integer(1).default(100),
}).prefault({});

/** How references are made when a model has no reference file. */
const reference = section('reference settings', {
  /**
   * The first `size` records of each new model version become its reference.
   * @default 1000
   */
  size: integer(1).default(1_000),
}).prefault({});

/** The drift fields, shared by the top-level `drift` and a model's own `drift`. */
const driftFields = {
  calibrate: flag(),
  false_alarm_rate: ratio({ zero: false, max: 0.5 }),
  drift_share: ratio({ zero: false }),
};

/** Drift settings of every model, unless a model's own `drift` says otherwise. */
const drift = section('drift settings', {
  /**
   * Calibrate each deciding method's threshold on the reference for the window's
   * actual size, so stationary data alarms on about `false_alarm_rate` of
   * feature-windows. A feature's configured `threshold` is never calibrated.
   * @default true
   */
  calibrate: driftFields.calibrate.default(true),
  /**
   * Expected share of feature-windows that alarm on stationary data (above 0, at most
   * 0.5): the calibrated threshold is the statistic's (1 - rate) quantile on the
   * reference. 0.005 rather than 0.01 leaves room for the calibration's Monte-Carlo
   * error, so the measured rate stays under 1% (bench/false-alarms.ts).
   * @default 0.005
   */
  false_alarm_rate: driftFields.false_alarm_rate.default(0.005),
  /**
   * Share of drifted features at or above which the whole window has drifted.
   * @default 0.5
   */
  drift_share: driftFields.drift_share.default(0.5),
}).prefault({});

/**
 * Data-quality alert thresholds: an alert is raised for a feature when its ratio in
 * a window is above the threshold (1 turns the alert off). The ratios are exported
 * as metrics whatever these say.
 */
const dataQuality = section('data-quality alert thresholds', {
  /**
   * Share of a window's rows missing the feature.
   * @default 0.1
   */
  missing_ratio: ratio().default(0.1),
  /**
   * Share of a window's rows whose value has the wrong type (text in a numerical feature).
   * @default 0.01
   */
  type_mismatch_ratio: ratio().default(0.01),
  /**
   * Share of a numerical feature's values outside the reference's [min, max].
   * @default 0.1
   */
  out_of_range_ratio: ratio().default(0.1),
  /**
   * Share of a categorical feature's values in categories the reference never had.
   * @default 0.1
   */
  new_category_ratio: ratio().default(0.1),
}).prefault({});

/** Ground truth (CONVENTIONS.md §2): how labels are joined to predictions. */
const feedback = section('feedback settings', {
  /**
   * How long a prediction waits for its label, and a label for its prediction
   * (labels may come first); past it they are let go (counted).
   * @default 604800000 (7d)
   */
  horizon: duration().default(7 * 86_400_000),
  /**
   * Predictions waiting for labels per model (and labels waiting for predictions):
   * past it the oldest are let go (counted). Each costs about 100 bytes.
   * @default 100000
   */
  max_pending: integer(1).default(100_000),
  /**
   * Which predictions are kept for the join: `auto` from the first label received for
   * the model on (a model that never gets labels costs nothing; labels of predictions
   * made before its first label cannot be joined), `always`, or `never`.
   * @default 'auto'
   */
  retain_predictions: oneOf(['auto', 'always', 'never']).default('auto'),
  /**
   * Labelled predictions a window (and the reference) needs before its observed
   * performance is shown and alerted on.
   * @default 30
   */
  min_labels: integer(1).default(30),
}).prefault({});

/**
 * Performance alerts (CONVENTIONS.md §4, kind `performance`): a window's observed
 * metric against the same metric on the reference's labelled predictions.
 */
const performance = section('performance alert thresholds', {
  /**
   * Alert when accuracy, precision, recall, F1, ROC AUC or R² falls this much below the reference's.
   * @default 0.05
   */
  accuracy_drop: ratio().default(0.05),
  /**
   * Alert when log loss, MAE, RMSE or MAPE rises this share above the reference's (0.1: 10% higher).
   * @default 0.1
   */
  error_rise: nonNegative().default(0.1),
}).prefault({});

/** Settings of one feature of one model (the name after `ml.feature.`, or `ml.prediction`). */
const featureSettings = section('feature settings', {
  /**
   * Deciding drift method, one of §5's. Default: §5's choice for the feature's type
   * and the reference's size.
   */
  method: oneOf(DRIFT_METHODS).optional(),
  /**
   * Fixed threshold of the deciding method (a p-value bound for `ks` and `chi2`, else
   * a statistic bound); set, it is used as is, never calibrated. Default: calibrated,
   * or §5's default when `drift.calibrate` is false.
   */
  threshold: nonNegative().optional(),
  /**
   * Treat the feature as categorical whatever its values (numeric codes, ids).
   * @default false
   */
  categorical: flag().optional(),
  /**
   * Leave the feature out of drift and data quality.
   * @default false
   */
  ignore: flag().optional(),
}).superRefine((value, context) => {
  const method = typeof value.method === 'string' && isDriftMethod(value.method) ? value.method : undefined;
  if (method !== undefined && value.categorical === true && needsNumbers(method)) {
    context.issues.push({
      code: 'custom', input: value.method, path: ['method'],
      message: `${method} compares numbers, but the feature is categorical; choose chi2, psi, js_distance, hellinger, kl or tvd, or remove categorical: true`,
    });
  }
  if (method !== undefined && typeof value.threshold === 'number' && usesPValue(method)
    && !(value.threshold > 0 && value.threshold < 1)) {
    context.issues.push({
      code: 'custom', input: value.threshold, path: ['threshold'],
      message: `${method} is decided by its p-value, so the threshold must be above 0 and below 1 (such as 0.05), got ${value.threshold}`,
    });
  }
}, evenWithOtherProblems);

/** One model's settings; `version` absent means every version of the model. */
const model = section('model settings', {
  /** `ml.model.name` of the model. Required. */
  name: text('the model name (its ml.model.name)'),
  /**
   * `ml.model.version` these settings apply to; absent: every version without an
   * entry of its own.
   */
  version: stringOrInteger('a version string such as "3" or "2024-06-01"').optional(),
  /**
   * The model's reference. Absent: the first `reference.size` records of each version.
   */
  reference: section('model reference settings', {
    /**
     * The reference as a file, told by its extension: data whose rows are the
     * reference (`.csv` with a header row, `.tsv`, `.jsonl`, `.ndjson`), or a profile
     * saved by `modelwatch profile FILE --out profile.json` (`.json`).
     */
    file: text('a file path').optional(),
    /** A saved profile, whatever its file name says (`file` reads `.json` files as profiles too). */
    profile: text('a file path').optional(),
    /**
     * Records taken from traffic when there is neither file nor profile.
     * @default the top-level reference.size
     */
    size: integer(1).optional(),
  }).superRefine((value, context) => {
    if (value.file !== undefined && value.profile !== undefined) {
      context.issues.push({
        code: 'custom', input: value, path: ['profile'],
        message: 'a reference is either a data file or a saved profile; keep file or profile, not both',
      });
    }
  }, evenWithOtherProblems).optional(),
  /** Overrides of the top-level `drift` settings for this model. */
  drift: section('drift settings', {
    /** @default the top-level drift.calibrate */
    calibrate: driftFields.calibrate.optional(),
    /** @default the top-level drift.false_alarm_rate */
    false_alarm_rate: driftFields.false_alarm_rate.optional(),
    /** @default the top-level drift.drift_share */
    drift_share: driftFields.drift_share.optional(),
  }).optional(),
  /** Per-feature settings, by feature name. @default {} */
  features: z.record(z.string(), featureSettings, mappingOf('feature names to feature settings')).prefault({}),
  /** Features (or columns of a reference file) to leave out. @default [] */
  ignore: z.array(text('a feature name'), listOf('feature names')).prefault([]),
}).superRefine((value, context) => {
  const prefixed = (name: unknown) => typeof name === 'string' && name.startsWith('ml.feature.');
  const report = (name: string, path: (string | number)[]) => context.issues.push({
    code: 'custom', input: name, path,
    message: `features are named without their attribute prefix; write "${name.slice('ml.feature.'.length)}"`,
  });
  const features: unknown = value.features;
  if (typeof features === 'object' && features !== null) {
    for (const name of Object.keys(features)) if (prefixed(name)) report(name, ['features', name]);
  }
  const ignore: unknown = value.ignore;
  if (Array.isArray(ignore)) ignore.forEach((name, index) => { if (prefixed(name)) report(name, ['ignore', index]); });
}, evenWithOtherProblems);

const models = z.array(model, listOf('model settings (each with a name)')).superRefine((list, context) => {
  const seen = new Map<string, number>();
  list.forEach((entry, index) => {
    if (typeof entry !== 'object' || entry === null || typeof entry.name !== 'string') return;
    if (entry.version !== undefined && typeof entry.version !== 'string') return;
    const key = JSON.stringify([entry.name, entry.version ?? null]);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, index);
      return;
    }
    const which = entry.version === undefined ? `model "${entry.name}" (every version)` : `model "${entry.name}" version "${entry.version}"`;
    context.issues.push({
      code: 'custom', input: entry.name, path: [index, entry.version === undefined ? 'name' : 'version'],
      message: `${which} is already configured at models[${first}]; merge the two entries`,
    });
  });
}, { when: (payload) => Array.isArray(payload.value) }).prefault([]);

/**
 * Push of metrics and alerts over OTLP/HTTP. Each key left unset falls back to the
 * standard `OTEL_EXPORTER_OTLP_*` environment variables, then to modelwatch's default.
 */
const exportSettings = section('export settings', {
  /**
   * OTLP/HTTP base URL: metrics go to `<endpoint>/v1/metrics`, alerts to
   * `<endpoint>/v1/logs`. Unset, and no OTEL_EXPORTER_OTLP_(METRICS_|LOGS_)ENDPOINT
   * set either: nothing is pushed (Prometheus still serves the metrics).
   * @default undefined
   */
  endpoint: httpUrl().optional(),
  /**
   * Wire format.
   * @default OTEL_EXPORTER_OTLP_(METRICS_|LOGS_)PROTOCOL, else 'http/protobuf'
   */
  protocol: oneOf(['http/protobuf', 'http/json']).optional(),
  /**
   * Extra request headers (an API key, a tenant id). They override same-named
   * OTEL_EXPORTER_OTLP_HEADERS entries; the others still apply.
   * @default {}
   */
  headers: z.record(
    z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/),
    text('a header value (a string: quote numbers)'),
    {
      error: (issue) => issue.code === 'invalid_key'
        ? 'is not a valid HTTP header name; use letters, digits and - only'
        : mappingOf('header names to values').error(issue),
    },
  ).optional(),
  /**
   * Request body compression.
   * @default OTEL_EXPORTER_OTLP_(METRICS_|LOGS_)COMPRESSION, else 'gzip'
   */
  compression: oneOf(['gzip', 'none']).optional(),
  /**
   * How often metrics are pushed.
   * @default OTEL_METRIC_EXPORT_INTERVAL (milliseconds), else 60000 (60s)
   */
  interval: duration().optional(),
  /**
   * Deadline of one export, the SDK exporter's own retries included (it retries
   * 429/502/503/504 and refused connections, honouring Retry-After, within it).
   * @default OTEL_EXPORTER_OTLP_(METRICS_|LOGS_)TIMEOUT, else 10s
   */
  timeout: duration().optional(),
  /**
   * What is kept through a backend outage (past the exporter's deadline) and retried
   * until delivered, in order, in memory: alerts, and the revised performance points
   * of older windows (late labels). The gauges are not kept: the next push carries
   * their current state.
   */
  queue: section('export queue settings', {
    /** Alerts (log records) held at most; past it the oldest are dropped and counted in `modelwatch.export.dropped`. @default 10000 */
    max_alerts: integer(1).default(10_000),
    /** Pushes of revised performance points held at most; past it the oldest are dropped and counted. @default 100 */
    max_revision_pushes: integer(1).default(100),
    /** Wait after the first failed delivery; doubled at each further failure (±20 % jitter). @default 5s */
    retry_initial: duration().default(5_000),
    /** Longest wait between two attempts. @default 5m */
    retry_max: duration().default(300_000),
  }).prefault({}),
}).prefault({});

/** The Prometheus scrape endpoint, `http://<host>:<port>/metrics`. */
const prometheus = section('Prometheus endpoint settings', {
  /**
   * Interface the endpoint listens on.
   * @default receiver.host
   */
  host: host().optional(),
  /**
   * Port of the endpoint; 0 turns it off.
   * @default 9464
   */
  port: port('no Prometheus endpoint').default(9464),
}).prefault({});

/** The whole configuration of `modelwatch serve`. */
export const serveConfigSchema = section('modelwatch settings', {
  receiver,
  limits,
  windows,
  reference,
  drift,
  data_quality: dataQuality,
  feedback,
  performance,
  samples: samplesSettings,
  webhook: webhookSettings,
  /** Per-model settings; a model without an entry uses the defaults. @default [] */
  models,
  export: exportSettings,
  prometheus,
  /** The live dashboard at `/ui` (src/ui). */
  ui: dashboardSettings,
  /** One replica of several (README "Scale out"): where the others are, for models that move between them. */
  scale_out: scaleOutSettings,
  /**
   * Folder where the processor keeps its state across restarts, kill -9 included
   * (`modelwatch.db`: references, open windows, the join, the retraining samples,
   * alert history; `journal.db`: the requests accepted since the last snapshot; see
   * src/store). Unset: nothing is written.
   * @default undefined
   */
  data_dir: text('a folder path').optional(),
}).transform((config) => ({
  ...config,
  prometheus: { ...config.prometheus, host: config.prometheus.host ?? config.receiver.host },
}));

/** What a file of this schema says, once defaults are applied: the input of {@link loadConfig}'s freeze. */
export type ServeConfig = z.output<typeof serveConfigSchema>;

/** One entry of `models`. */
export type ModelConfig = ServeConfig['models'][number];

/** Settings of one feature of one model. */
export type FeatureConfig = ModelConfig['features'][string];

/** The top-level drift settings, all set. */
export type DriftConfig = ServeConfig['drift'];

/** Data-quality alert thresholds. */
export type DataQualityConfig = ServeConfig['data_quality'];

/** How ground truth is joined. */
export type FeedbackConfig = ServeConfig['feedback'];

/** Performance alert thresholds. */
export type PerformanceConfig = ServeConfig['performance'];

/** OTLP push settings. */
export type ExportConfig = ServeConfig['export'];

/** What the senders can make the processor hold. */
export type LimitsConfig = ServeConfig['limits'];

/** Prometheus endpoint settings. */
export type PrometheusConfig = ServeConfig['prometheus'];
