import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/index.js';
import {
  assertOutputNeverLoops, assertPipelinesWired, hostOf, portOf, setting, typeOf, type CollectorConfig,
} from '../helpers/collector-config.js';

/**
 * The root otel-collector-config.yaml, checked as a file (there is no collector
 * binary here): its structure, its wiring, and that modelwatch's output cannot loop
 * back into modelwatch.
 */
const path = fileURLToPath(new URL('../../../otel-collector-config.yaml', import.meta.url));
const text = readFileSync(path, 'utf8');

const config = parse(text, { uniqueKeys: true }) as CollectorConfig;
const { pipelines } = config.service;

/** The modelwatch service as the collector reaches it, and the collector receiver modelwatch pushes to. */
const MODELWATCH_HOST = 'modelwatch';
const OUTPUT_RECEIVER = 'otlp/modelwatch';

test('every component a pipeline names is defined, and every defined one is used', () => {
  assertPipelinesWired(config, { everyComponentUsed: true });
});

test('the exporters use the current component names, and the file names the older aliases', () => {
  const types = Object.keys(config.exporters).map(typeOf);
  assert.ok(types.includes('otlp_http') && types.includes('otlp_grpc'));
  assert.ok(!types.includes('otlphttp') && !types.includes('otlp'), 'no deprecated exporter names');
  assert.match(text, /`otlphttp`/);
  assert.match(text, /`otlp` \(the gRPC exporter\)/);
});

test('traces and logs go to modelwatch over OTLP/HTTP with gzip, retries and a persistent queue', () => {
  const toModelwatch = Object.keys(config.exporters).filter((id) => hostOf(String(setting(config.exporters, id).endpoint ?? '')) === MODELWATCH_HOST);
  assert.deepEqual(toModelwatch, ['otlp_http/modelwatch']);
  const exporter = setting(config.exporters, 'otlp_http/modelwatch');
  assert.equal(exporter.endpoint, `http://${MODELWATCH_HOST}:${loadConfig().receiver.port}`, 'modelwatch\'s default OTLP/HTTP port');
  assert.equal(exporter.compression, 'gzip');
  assert.equal(exporter.retry_on_failure.enabled, true);
  assert.equal(exporter.sending_queue.enabled, true);
  const storage = exporter.sending_queue.storage as string;
  assert.equal(typeOf(storage), 'file_storage');
  assert.ok(config.service.extensions.includes(storage), 'the queue\'s storage extension is enabled');
  for (const signal of ['traces', 'logs']) {
    assert.ok(pipelines[signal].receivers.includes('otlp') && pipelines[signal].exporters.includes('otlp_http/modelwatch'), signal);
  }
});

test('traces also go to Jaeger over OTLP gRPC', () => {
  assert.ok(pipelines.traces.exporters.includes('otlp_grpc/jaeger'));
  assert.equal(setting(config.exporters, 'otlp_grpc/jaeger').endpoint, 'jaeger:4317');
});

test('modelwatch\'s output arrives on a receiver of its own and never flows back into modelwatch', () => {
  assertOutputNeverLoops(config, MODELWATCH_HOST, OUTPUT_RECEIVER);
});

test('modelwatch\'s metrics go on to Prometheus', () => {
  assert.ok(pipelines['metrics/modelwatch'].exporters.includes('prometheus'));
  assert.equal(typeof setting(config.exporters, 'prometheus').endpoint, 'string');
  assert.match(text, /modelwatch serve --host 0\.0\.0\.0 --export-endpoint http:\/\/otel-collector:4319/);
  assert.equal(portOf((setting(config.receivers, OUTPUT_RECEIVER).protocols as { http: { endpoint: string } }).http.endpoint), 4319);
});
