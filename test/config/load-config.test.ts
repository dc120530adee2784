import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseConfig, type ServeFlags } from '../../src/config/index.js';
import { fixturesDir } from '../helpers/fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'modelwatch-config-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

function parse(yaml: string, flags: ServeFlags = {}) {
  return parseConfig(yaml, { name: 'modelwatch.yaml', baseDir: work }, flags);
}

/** The problems of a configuration that must fail, as `path: message` lines. */
function problems(yaml: string, flags: ServeFlags = {}): string[] {
  try {
    parse(yaml, flags);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    assert.equal(error.code, 'MODELWATCH_ERR_CONFIG');
    assert.equal(error.exitCode, 2);
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
  assert.fail('the configuration was accepted');
}

const DEFAULTS = {
  receiver: {
    host: '127.0.0.1', port: 4318, grpc_port: 4317, max_body_bytes: 64 * 2 ** 20, max_inflight_requests: 64,
    max_inflight_bytes: 256 * 2 ** 20, retry_after: 1_000, extraction_threads: 0, auth: {}, tls: {},
  },
  limits: { spans_per_request: 50_000, attributes_per_span: 10_000, string_length: 4_096, models: 1_000, features_per_model: 1_000, categories_per_feature: 10_000 },
  windows: { duration: 60_000, min_records: 100 },
  reference: { size: 1_000 },
  drift: { calibrate: true, false_alarm_rate: 0.005, drift_share: 0.5 },
  data_quality: { missing_ratio: 0.1, type_mismatch_ratio: 0.01, out_of_range_ratio: 0.1, new_category_ratio: 0.1 },
  feedback: { horizon: 7 * 86_400_000, max_pending: 100_000, retain_predictions: 'auto', min_labels: 30 },
  performance: { accuracy_drop: 0.05, error_rise: 0.1 },
  samples: { size: 10_000, period: 86_400_000 },
  ui: { enabled: true, windows: 60, max_cells: 2_000_000, alerts: 200, refresh: 10_000 },
  scale_out: { peers: [], handoff_timeout: 5_000, handoff_max_records: 10_000, tls: {} },
  webhook: { max_attempts: 6, initial_backoff: 1_000, max_backoff: 60_000, timeout: 10_000, max_queue: 1_000 },
  models: [],
  export: { queue: { max_alerts: 10_000, max_revision_pushes: 100, retry_initial: 5_000, retry_max: 300_000 } },
  prometheus: { host: '127.0.0.1', port: 9464 },
};

test('no file: the defaults, which serve OTLP on 4318 and Prometheus on 9464 of the loopback', () => {
  assert.deepEqual(loadConfig(), DEFAULTS);
  assert.deepEqual(loadConfig(undefined, {}), DEFAULTS);
});

test('an empty file, a file of comments and empty sections all mean the defaults', () => {
  assert.deepEqual(loadConfig(file('empty.yaml', '')), DEFAULTS);
  assert.deepEqual(parse('# nothing yet\n'), DEFAULTS);
  assert.deepEqual(parse('receiver:\nwindows:\nexport:\nmodels:\n'), DEFAULTS);
});

test('every key is read, durations into milliseconds and sizes into bytes, paths made absolute', () => {
  mkdirSync(join(work, 'refs'), { recursive: true });
  file('refs/fraud.csv', 'amount,country\n1,FR\n');
  file('refs/churn.json', '{}');
  file('ingest-tokens', 'collector:0123456789abcdef0123\n');
  file('admin-tokens', 'ops:fedcba9876543210fedc\n');
  file('peer-token', 'fedcba9876543210fedc\n');
  process.env.MODELWATCH_TEST_INGEST_TOKENS = 'sdk:abcdefabcdefabcdef01';
  process.env.MODELWATCH_TEST_ADMIN_TOKENS = 'ci:abcdefabcdefabcdef02';
  const config = parse(`
receiver:
  host: 0.0.0.0
  port: 14318
  grpc_port: 14317
  max_body_bytes: 8MiB
  max_inflight_requests: 16
  max_inflight_bytes: 33554432
  retry_after: 2s
  extraction_threads: 2
  auth:
    tokens_file: ingest-tokens
    tokens_env: MODELWATCH_TEST_INGEST_TOKENS
    admin_tokens_file: admin-tokens
    admin_tokens_env: MODELWATCH_TEST_ADMIN_TOKENS
  tls:
    cert_file: ${join(fixturesDir, 'tls', 'server.pem')}
    key_file: ${join(fixturesDir, 'tls', 'server-key.pem')}
    client_ca_file: ${join(fixturesDir, 'tls', 'ca.pem')}
limits:
  spans_per_request: 2000
  attributes_per_span: 300
  string_length: 128
  models: 50
  features_per_model: 200
  categories_per_feature: 300
windows:
  duration: 1m30s
  min_records: 250
reference:
  size: 5000
drift:
  calibrate: false
  false_alarm_rate: 0.001
  drift_share: 0.3
data_quality:
  missing_ratio: 0.2
  type_mismatch_ratio: 0
  out_of_range_ratio: 0.05
  new_category_ratio: 1
feedback:
  horizon: 2d
  max_pending: 5000
  retain_predictions: always
  min_labels: 50
performance:
  accuracy_drop: 0.02
  error_rise: 0.25
samples: { size: 500, period: 1h }
ui: { enabled: false, trace_url: "https://jaeger.example/trace/{trace_id}", windows: 30, max_cells: 5000, alerts: 50, refresh: 5s }
scale_out: { peers: ["http://modelwatch-1.modelwatch:4318", "https://modelwatch-2.modelwatch:4318"], handoff_timeout: 2s, handoff_max_records: 500, drain_timeout: 20s, token_file: peer-token, token_env: MODELWATCH_TEST_PEER_TOKEN, tls: { ca_file: ${fixturesDir}/tls/ca.pem, cert_file: ${fixturesDir}/tls/client.pem, key_file: ${fixturesDir}/tls/client-key.pem } }
webhook:
  url: https://hooks.example.com/retrain
  secret_file: hook-secret
  max_attempts: 3
  initial_backoff: 2s
  max_backoff: 30s
  timeout: 5s
  max_queue: 10
models:
  - name: fraud
    version: "2024.06"
    reference: { file: refs/fraud.csv }
    drift: { calibrate: true, false_alarm_rate: 0.02, drift_share: 0.25 }
    features:
      amount: { method: psi, threshold: 0.2 }
      country: { categorical: true, method: chi2, threshold: 0.001 }
      ml.prediction.score: { method: wasserstein_normed }
      request_id: { ignore: true }
    ignore: [session]
  - name: churn
    version: 7
    reference: { profile: refs/churn.json }
  - name: churn
    reference: { size: 200 }
export:
  endpoint: https://otlp.example.com:4318
  protocol: http/json
  headers: { x-api-key: secret, x-tenant: "42" }
  compression: none
  interval: 15s
  timeout: 2s
  queue: { max_alerts: 50, max_revision_pushes: 5, retry_initial: 500ms, retry_max: 1m }
prometheus:
  host: ::1
  port: 0
data_dir: state
`);
  assert.deepEqual(config, {
    receiver: {
      host: '0.0.0.0', port: 14318, grpc_port: 14317, max_body_bytes: 8 * 2 ** 20, max_inflight_requests: 16, max_inflight_bytes: 32 * 2 ** 20, retry_after: 2_000, extraction_threads: 2,
      auth: {
        tokens_file: join(work, 'ingest-tokens'), tokens_env: 'MODELWATCH_TEST_INGEST_TOKENS',
        admin_tokens_file: join(work, 'admin-tokens'), admin_tokens_env: 'MODELWATCH_TEST_ADMIN_TOKENS',
      },
      tls: { cert_file: join(fixturesDir, 'tls', 'server.pem'), key_file: join(fixturesDir, 'tls', 'server-key.pem'), client_ca_file: join(fixturesDir, 'tls', 'ca.pem') },
    },
    limits: { spans_per_request: 2_000, attributes_per_span: 300, string_length: 128, models: 50, features_per_model: 200, categories_per_feature: 300 },
    windows: { duration: 90_000, min_records: 250 },
    reference: { size: 5_000 },
    drift: { calibrate: false, false_alarm_rate: 0.001, drift_share: 0.3 },
    data_quality: { missing_ratio: 0.2, type_mismatch_ratio: 0, out_of_range_ratio: 0.05, new_category_ratio: 1 },
    feedback: { horizon: 2 * 86_400_000, max_pending: 5_000, retain_predictions: 'always', min_labels: 50 },
    performance: { accuracy_drop: 0.02, error_rise: 0.25 },
    samples: { size: 500, period: 3_600_000 },
    ui: { enabled: false, trace_url: 'https://jaeger.example/trace/{trace_id}', windows: 30, max_cells: 5_000, alerts: 50, refresh: 5_000 },
    scale_out: {
      peers: ['http://modelwatch-1.modelwatch:4318', 'https://modelwatch-2.modelwatch:4318'], handoff_timeout: 2_000, handoff_max_records: 500, drain_timeout: 20_000,
      token_file: join(work, 'peer-token'), token_env: 'MODELWATCH_TEST_PEER_TOKEN',
      tls: { ca_file: join(fixturesDir, 'tls', 'ca.pem'), cert_file: join(fixturesDir, 'tls', 'client.pem'), key_file: join(fixturesDir, 'tls', 'client-key.pem') },
    },
    webhook: { url: 'https://hooks.example.com/retrain', secret_file: join(work, 'hook-secret'), max_attempts: 3, initial_backoff: 2_000, max_backoff: 30_000, timeout: 5_000, max_queue: 10 },
    models: [
      {
        name: 'fraud',
        version: '2024.06',
        reference: { file: join(work, 'refs/fraud.csv') },
        drift: { calibrate: true, false_alarm_rate: 0.02, drift_share: 0.25 },
        features: {
          amount: { method: 'psi', threshold: 0.2 },
          country: { categorical: true, method: 'chi2', threshold: 0.001 },
          'ml.prediction.score': { method: 'wasserstein_normed' },
          request_id: { ignore: true },
        },
        ignore: ['session'],
      },
      { name: 'churn', version: '7', reference: { profile: join(work, 'refs/churn.json') }, features: {}, ignore: [] },
      { name: 'churn', reference: { size: 200 }, features: {}, ignore: [] },
    ],
    export: {
      endpoint: 'https://otlp.example.com:4318', protocol: 'http/json', headers: { 'x-api-key': 'secret', 'x-tenant': '42' },
      compression: 'none', interval: 15_000, timeout: 2_000,
      queue: { max_alerts: 50, max_revision_pushes: 5, retry_initial: 500, retry_max: 60_000 },
    },
    prometheus: { host: '::1', port: 0 },
    data_dir: join(work, 'state'),
  });
});

test('the Prometheus endpoint listens where the receiver does unless told otherwise', () => {
  assert.equal(parse('receiver: { host: 0.0.0.0 }').prometheus.host, '0.0.0.0');
  assert.equal(parse('receiver: { host: 0.0.0.0 }\nprometheus: { host: 127.0.0.1 }').prometheus.host, '127.0.0.1');
});

test('every problem is reported at once, each at its exact key path with the fix', () => {
  const found = problems(`
receiver:
  port: 70000
  max_body_bytes: huge
windows:
  duration: 60
  min_records: 0
reference: { size: -5 }
drift: { calibrate: "yes", false_alarm_rate: 0.7, drift_share: 0 }
data_quality: { missing_ratio: 1.5 }
models:
  - version: 1.10
    features:
      amount: { method: median, threshold: high }
      country: { categorical: true, method: ks, threshold: 2 }
      ml.feature.age: { ignore: true }
  - name: fraud
    reference: { file: missing.csv, profile: missing.json }
  - name: fraud
  - "just a name"
export:
  endpoint: ftp://example.com
  protocol: grpc
  headers: { "x key": a, x-count: 3 }
  compression: zstd
  interval: often
prometheus: { port: -1, host: "http://localhost" }
data_dir: ""
`);
  assert.deepEqual(found.map((line) => line.slice(0, line.indexOf(': '))).sort(), [
    'data_dir',
    'data_quality.missing_ratio',
    'drift.calibrate',
    'drift.drift_share',
    'drift.false_alarm_rate',
    'export.compression',
    'export.endpoint',
    'export.headers["x key"]',
    'export.headers["x-count"]',
    'export.interval',
    'export.protocol',
    'models[0].features.amount.method',
    'models[0].features.amount.threshold',
    'models[0].features.country.method',
    'models[0].features.country.threshold',
    'models[0].features["ml.feature.age"]',
    'models[0].name',
    'models[0].version',
    'models[1].reference.file',
    'models[1].reference.profile',
    'models[1].reference.profile',
    'models[2].name',
    'models[3]',
    'prometheus.host',
    'prometheus.port',
    'receiver.max_body_bytes',
    'receiver.port',
    'reference.size',
    'windows.duration',
    'windows.min_records',
  ]);
  const message = (path: string) => found.filter((line) => line.startsWith(`${path}: `)).join('\n');
  assert.equal(message('receiver.port'), 'receiver.port: expected a whole number from 0 (any free port) to 65535, got 70000');
  assert.equal(message('windows.duration'), 'windows.duration: expected a duration, got 60; write a number and a unit, such as 500ms, 2s, 1m, 1h or 1m30s');
  assert.equal(message('receiver.max_body_bytes'), 'receiver.max_body_bytes: expected a size in bytes, got "huge"; write a whole number of bytes, or a number and a unit such as 512KiB, 64MiB or 1GiB');
  assert.equal(message('drift.false_alarm_rate'), 'drift.false_alarm_rate: expected a number above 0 to 0.5, got 0.7');
  assert.equal(message('models[0].name'), 'models[0].name: required: give the model name (its ml.model.name)');
  assert.equal(message('models[0].version'), 'models[0].version: expected a version string such as "3" or "2024-06-01", got the number 1.1; put it in quotes exactly as written, since YAML reads 1.10 as 1.1');
  assert.match(message('models[0].features.amount.method'), /expected one of ks, wasserstein, wasserstein_normed, psi, js_distance, hellinger, kl, chi2, tvd, got "median"$/);
  assert.match(message('models[0].features.country.method'), /ks compares numbers, but the feature is categorical; choose chi2/);
  assert.match(message('models[0].features.country.threshold'), /ks is decided by its p-value, so the threshold must be above 0 and below 1 \(such as 0\.05\), got 2$/);
  assert.match(message('models[0].features["ml.feature.age"]'), /write "age"$/);
  assert.match(message('models[1].reference.profile'), /keep file or profile, not both/);
  assert.match(message('models[1].reference.file'), /cannot read .*missing\.csv \(ENOENT\); fix the path/);
  assert.equal(message('models[2].name'), 'models[2].name: model "fraud" (every version) is already configured at models[1]; merge the two entries');
  assert.equal(message('models[3]'), 'models[3]: expected a mapping of model settings, got "just a name"');
  assert.match(message('export.headers["x key"]'), /not a valid HTTP header name/);
  assert.match(message('export.headers["x-count"]'), /expected a header value \(a string: quote numbers\), got 3$/);
  assert.equal(message('export.protocol'), 'export.protocol: expected one of http/protobuf, http/json, got "grpc"');
});

test('an unknown key is named, with the keys that exist there', () => {
  assert.deepEqual(problems('receiver: { prot: 4318, hots: x }\nwindow: { duration: 1m }'), [
    'receiver.prot: unknown key; the keys of receiver settings are: host, port, grpc_port, max_body_bytes, max_inflight_requests, max_inflight_bytes, retry_after, extraction_threads, auth, tls',
    'receiver.hots: unknown key; the keys of receiver settings are: host, port, grpc_port, max_body_bytes, max_inflight_requests, max_inflight_bytes, retry_after, extraction_threads, auth, tls',
    'window: unknown key; the keys of modelwatch settings are: receiver, limits, windows, reference, drift, data_quality, feedback, performance, samples, webhook, models, export, prometheus, ui, scale_out, data_dir',
  ]);
});

test('limits: every problem at once, each at its key', () => {
  assert.deepEqual(problems('limits: { models: 0, string_length: long, spans_per_request: 2.5, cardinality: 3 }'), [
    'limits.spans_per_request: expected a whole number at least 1, got 2.5',
    'limits.string_length: expected a whole number at least 1, got "long"',
    'limits.models: expected a whole number at least 1, got 0',
    'limits.cardinality: unknown key; the keys of limits are: spans_per_request, attributes_per_span, string_length, models, features_per_model, categories_per_feature',
  ]);
});

test('receiver.auth: every token problem at once, each at its key with the fix, never quoting a token', () => {
  file('short-tokens', '# rotated 2026-11\ncollector:tooshort\nnoid0123456789abcdef\nsdk:0123456789abcdef0123\n');
  file('empty-tokens', '# none yet\n');
  process.env.MODELWATCH_TEST_DUPLICATE = 'sdk:99999999999999999999';
  delete process.env.MODELWATCH_TEST_UNSET;
  const found = problems(`
receiver:
  auth:
    tokens_file: short-tokens
    tokens_env: MODELWATCH_TEST_DUPLICATE
    admin_tokens_file: empty-tokens
    admin_tokens_env: MODELWATCH_TEST_UNSET
`);
  assert.deepEqual(found, [
    'receiver.auth.tokens_file: entry 1 (collector): the token is shorter than 16 characters; use a random one, e.g. from `openssl rand -base64 24`',
    'receiver.auth.tokens_file: entry 2 has no id; write it as id:token (e.g. collector-2026:<token>), so logs can name the token without showing it',
    'receiver.auth.tokens_env: the id sdk is given in both tokens_file and tokens_env; give each token its own id',
    'receiver.auth.admin_tokens_file: holds no token; add id:token entries, or remove the key',
    'receiver.auth.admin_tokens_env: the environment variable MODELWATCH_TEST_UNSET is not set or empty; set it to id:token entries (comma-separated), or remove the key',
  ]);
  for (const secret of ['tooshort', 'noid0123456789abcdef', '0123456789abcdef0123', '99999999999999999999']) {
    assert.ok(!found.join('\n').includes(secret), `a problem quotes the token ${secret}`);
  }
  assert.match(problems('receiver: { auth: { tokens_file: missing-file } }')[0],
    /^receiver\.auth\.tokens_file: cannot read .*missing-file \(ENOENT\); fix the path/);
});

test('receiver.tls: paths made absolute; half a pair, a CA without HTTPS, a missing file and a key of another certificate are each reported', () => {
  const tls = join(fixturesDir, 'tls');
  const config = parse(`receiver: { tls: { cert_file: ${join(tls, 'server.pem')}, key_file: ${join(tls, 'server-key.pem')}, client_ca_file: ${join(tls, 'ca.pem')} } }`);
  assert.deepEqual(config.receiver.tls, { cert_file: join(tls, 'server.pem'), key_file: join(tls, 'server-key.pem'), client_ca_file: join(tls, 'ca.pem') });
  assert.deepEqual(problems('receiver: { tls: { cert_file: server.pem } }'), [
    'receiver.tls.key_file: HTTPS needs both cert_file and key_file; give the other one, or neither',
  ]);
  assert.deepEqual(problems('receiver: { tls: { client_ca_file: ca.pem } }'), ['receiver.tls.client_ca_file: mutual TLS needs HTTPS: give cert_file and key_file too']);
  assert.match(problems(`receiver: { tls: { cert_file: ${join(tls, 'server.pem')}, key_file: nowhere.pem } }`)[0],
    /^receiver\.tls\.key_file: cannot read .*nowhere\.pem \(ENOENT\)/);
  const mismatch = problems(`receiver: { tls: { cert_file: ${join(tls, 'server.pem')}, key_file: ${join(tls, 'client-key.pem')} } }`);
  assert.equal(mismatch.length, 1);
  assert.match(mismatch[0], /^receiver\.tls: the certificate, key or client CA cannot be used \(.*\); give PEM files/);
});

test('scale_out: a token or TLS file that cannot be read, an empty token, half a client pair and an unset variable are each reported, never the token', () => {
  const tls = join(fixturesDir, 'tls');
  file('empty-token', '  \n');
  assert.match(problems('scale_out: { token_file: no-token }')[0], /^scale_out\.token_file: cannot read .*no-token \(ENOENT\); fix the path/);
  assert.match(problems('scale_out: { token_file: empty-token }')[0], /^scale_out\.token_file: .*empty-token is empty; put the admin token/);
  assert.deepEqual(problems('scale_out: { token_env: MODELWATCH_TEST_UNSET }'), [
    'scale_out.token_env: the environment variable MODELWATCH_TEST_UNSET is not set or empty; set it to the other replicas\' admin token, or remove the key',
  ]);
  assert.match(problems('scale_out: { tls: { ca_file: nowhere.pem } }')[0], /^scale_out\.tls\.ca_file: cannot read .*nowhere\.pem \(ENOENT\)/);
  assert.deepEqual(problems(`scale_out: { tls: { cert_file: ${join(tls, 'client.pem')} } }`), [
    'scale_out.tls: give cert_file and key_file together (the client certificate and its key), or neither',
  ]);
});

test('a check across keys runs even when another key of the section is wrong', () => {
  assert.deepEqual(problems('receiver: { port: x, max_body_bytes: 2MiB, max_inflight_bytes: 1MiB }'), [
    'receiver.port: expected a whole number from 0 (any free port) to 65535, got "x"',
    'receiver.max_inflight_bytes: is 1048576 bytes, below max_body_bytes (2097152); raise it to at least max_body_bytes, or no request of the largest allowed size could ever be taken in',
  ]);
});

test('YAML that does not parse is reported by line and column, every error', () => {
  assert.deepEqual(problems('receiver:\n  port: 1\n  port: 2\n'), ['line 3, column 3: Map keys must be unique; fix the YAML there']);
  assert.equal(problems('a: [1\nb: {').length, 2);
  assert.deepEqual(problems('- receiver\n- windows\n'), [
    '(top level): expected a mapping of modelwatch settings (receiver:, windows:, models: ...), got a list or a single value',
  ]);
});

test('flags override the file and are checked with the same messages, naming the flag', () => {
  const path = file('flags.yaml', 'receiver: { host: 10.0.0.1, port: 4000 }\nwindows: { duration: 5m }\nprometheus: { port: 9000 }\n');
  const config = loadConfig(path, {
    host: '0.0.0.0', port: '4318', grpcPort: '0', prometheusPort: '0', exportEndpoint: 'http://collector:4318',
    window: '2s', minWindowRecords: '10', referenceSize: 300, dataDir: 'var/modelwatch',
  });
  assert.equal(config.receiver.host, '0.0.0.0');
  assert.equal(config.receiver.port, 4318);
  assert.equal(config.receiver.grpc_port, 0);
  assert.equal(config.prometheus.port, 0);
  assert.equal(config.prometheus.host, '0.0.0.0');
  assert.equal(config.export.endpoint, 'http://collector:4318');
  assert.equal(config.windows.duration, 2_000);
  assert.equal(config.windows.min_records, 10);
  assert.equal(config.reference.size, 300);
  assert.equal(config.data_dir, join(process.cwd(), 'var/modelwatch'), 'a flag\'s path starts at the working directory');

  assert.deepEqual(problems('', { port: '43l8', window: '2', minWindowRecords: '1.5', prometheusPort: '99999', exportEndpoint: 'collector:4318' }), [
    '--port (receiver.port): expected a whole number from 0 (any free port) to 65535, got "43l8"',
    '--window (windows.duration): expected a duration, got "2"; write a number and a unit, such as 500ms, 2s, 1m, 1h or 1m30s',
    '--min-window-records (windows.min_records): expected a whole number at least 1, got "1.5"',
    '--export-endpoint (export.endpoint): expected an http:// or https:// URL such as http://localhost:4318, got "collector:4318"',
    '--prometheus-port (prometheus.port): expected a whole number from 0 (no Prometheus endpoint) to 65535, got 99999',
  ]);
});

test('flags alone, without a file', () => {
  const config = loadConfig(undefined, { port: 0, window: '500ms' });
  assert.equal(config.receiver.port, 0);
  assert.equal(config.windows.duration, 500);
  assert.throws(() => loadConfig(undefined, { port: 'x' }), /^ConfigError: command line: 1 problem in the configuration:\n {2}- --port \(receiver\.port\)/);
});

test('the result is frozen all the way down', () => {
  const config = parse('models: [{ name: fraud, features: { amount: { method: psi } }, ignore: [id] }]');
  assert.ok(Object.isFrozen(config));
  assert.ok(Object.isFrozen(config.receiver));
  assert.ok(Object.isFrozen(config.models));
  assert.ok(Object.isFrozen(config.models[0].features.amount));
  assert.ok(Object.isFrozen(config.models[0].ignore));
  assert.throws(() => { (config.receiver as { port: number }).port = 1; }, TypeError);
  assert.throws(() => { (config.models as unknown[]).push({}); }, TypeError);
});

test('a file that cannot be read is a coded error naming it', () => {
  assert.throws(() => loadConfig(join(work, 'absent.yaml')), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'MODELWATCH_ERR_FILE_UNREADABLE');
    assert.match(error.message, /absent\.yaml: cannot read the file \(ENOENT\)/);
    return true;
  });
});

test('a reference file whose kind the extension does not tell is refused', () => {
  file('ref.parquet', '');
  assert.deepEqual(problems('models: [{ name: m, reference: { file: ref.parquet } }]'), [
    'models[0].reference.file: cannot tell the kind of ref.parquet from its extension; name it .csv, .tsv, .jsonl or .ndjson (data) or .json (a saved profile), or use profile: for a saved profile',
  ]);
  assert.equal(parse('models: [{ name: m, reference: { profile: ref.parquet } }]').models[0].reference?.profile, join(work, 'ref.parquet'));
});

test('a data_dir that is a file is refused; one that does not exist yet is fine', () => {
  file('not-a-dir', '');
  assert.match(problems('data_dir: not-a-dir')[0], /^data_dir: .*not-a-dir exists and is not a folder/);
  assert.equal(parse('data_dir: later').data_dir, join(work, 'later'));
});

test('the error message lists every problem, one per line', () => {
  assert.throws(() => parse('receiver: { port: x }\nwindows: { min_records: 0 }'), {
    name: 'ConfigError',
    message: 'modelwatch.yaml: 2 problems in the configuration:\n'
      + '  - receiver.port: expected a whole number from 0 (any free port) to 65535, got "x"\n'
      + '  - windows.min_records: expected a whole number at least 1, got 0',
  });
});
