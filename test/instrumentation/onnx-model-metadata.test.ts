import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metadataFromBytes, metadataFromFile } from '../../instrumentation/onnx-model-metadata.js';
import { fixturesDir } from '../helpers/fixtures.js';
import { TINY_METADATA, tinyClassifierBytes } from '../fixtures/models/tiny-classifier.js';

const dir = mkdtempSync(join(tmpdir(), 'modelwatch-onnx-metadata-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the name and version a model carries in metadata_props, from a file or from bytes', async () => {
  assert.deepEqual(await metadataFromFile(join(fixturesDir, 'models', 'tiny-classifier.onnx')), TINY_METADATA);
  assert.deepEqual(await metadataFromBytes(tinyClassifierBytes()), TINY_METADATA);
});

test('without metadata_props, ModelProto.model_version is the version; 0 is no version', async () => {
  assert.deepEqual(await metadataFromBytes(tinyClassifierBytes({ metadata: {}, modelVersion: 12 })), { version: '12' });
  assert.deepEqual(await metadataFromBytes(tinyClassifierBytes({ metadata: {}, modelVersion: 0 })), {});
  const other = tinyClassifierBytes({ metadata: { model_name: 'churn', author: 'x', model_version: '2024-06' }, modelVersion: 5 });
  assert.deepEqual(await metadataFromBytes(other), { name: 'churn', version: '2024-06' });
});

test('metadata past a graph larger than one read window is found, without reading the graph', async () => {
  // The graph (field 7) comes before metadata_props (14): a big one must be skipped, not parsed.
  const big = tinyClassifierBytes({ metadata: { name: 'big' } });
  const padding = new Uint8Array(1 << 20);
  // A top-level bytes field of another number (doc strings are field 6), 1 MiB long, before the model's fields.
  const header = Uint8Array.of((6 << 3) | 2, 0x80, 0x80, 0x40);
  const path = join(dir, 'big.onnx');
  writeFileSync(path, Buffer.concat([header, padding, big]));
  assert.deepEqual(await metadataFromFile(path), { name: 'big', version: '3' });
});

test('what is not a model, or is cut short, gives what could be read and never throws', async () => {
  assert.deepEqual(await metadataFromFile(join(dir, 'missing.onnx')), {});
  assert.deepEqual(await metadataFromBytes(new Uint8Array(0)), {});
  assert.deepEqual(await metadataFromBytes(Uint8Array.of(0xff, 0xff, 0xff)), {});
  const bytes = tinyClassifierBytes();
  // Cut inside the last metadata entry: the first one (name) is still read.
  assert.deepEqual(await metadataFromBytes(bytes.subarray(0, bytes.length - 3)), { name: TINY_METADATA.name, version: '3' });
  const text = join(dir, 'notes.txt');
  writeFileSync(text, 'not a model at all\n');
  assert.deepEqual(await metadataFromFile(text), {});
});
