import { test } from 'node:test';
import assert from 'node:assert/strict';
import { otlpPushPlan } from '../../src/export/index.js';

test('nothing is pushed without an endpoint in the configuration or the environment', () => {
  assert.deepEqual(otlpPushPlan({}, {}), {});
  assert.deepEqual(otlpPushPlan({ protocol: 'http/json', headers: { a: 'b' } }, { OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }), {});
});

test('a configured endpoint is a base URL for both signals, with modelwatch\'s defaults', () => {
  assert.deepEqual(otlpPushPlan({ endpoint: 'https://otlp.example.com/otlp/' }, {}), {
    metrics: { protocol: 'http/protobuf', url: 'https://otlp.example.com/otlp/v1/metrics', compression: 'gzip', intervalMillis: 60_000, timeoutMillis: 30_000 },
    logs: { protocol: 'http/protobuf', url: 'https://otlp.example.com/otlp/v1/logs', compression: 'gzip' },
  });
});

test('the configuration wins over the environment, key by key', () => {
  const env = {
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_EXPORTER_OTLP_COMPRESSION: 'none',
    OTEL_METRIC_EXPORT_INTERVAL: '5000',
    OTEL_METRIC_EXPORT_TIMEOUT: '20000',
  };
  const fromEnv = otlpPushPlan({}, env);
  // Endpoint and compression are left to the SDK exporters, which read the same variables.
  assert.deepEqual(fromEnv.metrics, { protocol: 'http/json', intervalMillis: 5_000, timeoutMillis: 5_000 });
  assert.deepEqual(fromEnv.logs, { protocol: 'http/json' });
  const fromFile = otlpPushPlan({ endpoint: 'http://modelwatch-sink:4318', protocol: 'http/protobuf', compression: 'gzip', interval: 10_000 }, env);
  assert.deepEqual(fromFile.metrics, { protocol: 'http/protobuf', url: 'http://modelwatch-sink:4318/v1/metrics', compression: 'gzip', intervalMillis: 10_000, timeoutMillis: 10_000 });
});

test('signal-specific variables apply to their signal only', () => {
  const plan = otlpPushPlan({}, {
    OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://metrics:4318/v1/metrics',
    OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
  });
  assert.deepEqual(plan.metrics, { protocol: 'http/json', compression: 'gzip', intervalMillis: 60_000, timeoutMillis: 30_000 });
  assert.equal(plan.logs, undefined);
});

test('grpc, which no installed exporter speaks, falls back to http/protobuf; a bad interval is ignored', () => {
  const plan = otlpPushPlan({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_METRIC_EXPORT_INTERVAL: 'soon' });
  assert.equal(plan.metrics?.protocol, 'http/protobuf');
  assert.equal(plan.metrics?.intervalMillis, 60_000);
});
