import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseConfig } from '../../src/config/load-config.js';
import { ThreadedSpanExtraction } from '../../src/ingest-threads/threaded-span-extraction.js';
import { Processor } from '../../src/serve/processor.js';
import { mixedRequest, registryState } from '../helpers/registry-corpus.js';
import { variedRequests } from '../helpers/varied-traces.js';

/*
 * `modelwatch serve` with receiver.extraction_threads, over HTTP: each protobuf
 * request is answered byte for byte as by a processor extracting in place (200 with
 * the same partial_success, 400 with the same words), JSON still works, and with a
 * data dir the state is the same after a restart.
 */

/** One clock for both processors: spans without times are dated by it. */
const NOW = Date.now();

async function started(threads: number, dataDir?: string): Promise<{ processor: Processor; base: string }> {
  const processor = new Processor(parseConfig([
    `receiver: { port: 0, grpc_port: 0, extraction_threads: ${threads} }`,
    'prometheus: { port: 0 }',
    'reference: { size: 25 }',
    'drift: { calibrate: false }',
    'windows: { duration: 1h }',
    ...(dataDir === undefined ? [] : [`data_dir: ${JSON.stringify(dataDir)}`]),
  ].join('\n'), { name: 'threads.yaml', baseDir: process.cwd() }), { now: () => NOW });
  await processor.start();
  return { processor, base: `http://127.0.0.1:${processor.receiver.address().port}` };
}

async function post(base: string, body: Uint8Array, contentType = 'application/x-protobuf') {
  const response = await fetch(`${base}/v1/traces`, {
    method: 'POST', headers: { 'content-type': contentType }, body, signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()).toString('hex') };
}

test('threaded extraction answers over HTTP as extraction in place, and keeps the same state through a restart', async () => {
  const dirs = [mkdtempSync(join(tmpdir(), 'modelwatch-in-place-')), mkdtempSync(join(tmpdir(), 'modelwatch-threads-'))];
  const processors: Processor[] = [];
  const start = async (threads: number, dataDir: string) => {
    const one = await started(threads, dataDir);
    processors.push(one.processor);
    return one;
  };
  try {
    let inPlace = await start(0, dirs[0]);
    let threaded = await start(1, dirs[1]);
    const bodies = [mixedRequest(0, NOW), ...variedRequests(12, 21), Buffer.from([0x0a, 0x05, 0x01]), mixedRequest(1, NOW)];
    const statuses = new Set<number>();
    for (const [i, body] of bodies.entries()) {
      const [expected, answer] = await Promise.all([post(inPlace.base, body), post(threaded.base, body)]);
      assert.deepEqual(answer, expected, `request ${i}`);
      statuses.add(answer.status);
    }
    assert.deepEqual([...statuses].sort(), [200, 400], 'accepted and undecodable requests both answered');
    const traces = threaded.processor.pipeline.traces;
    assert.ok(traces instanceof ThreadedSpanExtraction && traces.answered === bodies.length, 'every protobuf request went to the thread');
    const json = await post(threaded.base, Buffer.from('{"resourceSpans":[]}'), 'application/json');
    assert.equal(json.status, 200, 'JSON is extracted in place');
    assert.deepEqual(registryState(threaded.processor.registry), registryState(inPlace.processor.registry));

    // Shut down (open windows closed and judged) and started again from the data dirs.
    await Promise.all([inPlace.processor.shutdown(), threaded.processor.shutdown()]);
    inPlace = await start(0, dirs[0]);
    threaded = await start(1, dirs[1]);
    const restarted = registryState(threaded.processor.registry);
    assert.ok(restarted.snapshot.states.length >= 4, 'the versions are back');
    assert.deepEqual(restarted, registryState(inPlace.processor.registry));
  } finally {
    await Promise.all(processors.map((processor) => processor.shutdown()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
});

test('without a data dir, protobuf bodies are read into memory the thread shares, with the same answers and state', async () => {
  const processors = await Promise.all([started(0), started(1)]);
  try {
    const [inPlace, threaded] = processors;
    const traces = threaded.processor.pipeline.traces;
    assert.ok(traces instanceof ThreadedSpanExtraction);
    const pool = traces.bodyPool;
    const lease = pool.lease;
    let lent = 0;
    pool.lease = (bytes, mediaType) => {
      const body = lease(bytes, mediaType);
      if (body !== undefined) lent++;
      return body;
    };
    const bodies = [mixedRequest(0, NOW), ...variedRequests(12, 22), Buffer.from([0x0a, 0x05, 0x01]), mixedRequest(1, NOW)];
    for (const [i, body] of bodies.entries()) {
      const [expected, answer] = await Promise.all([post(inPlace.base, body), post(threaded.base, body)]);
      assert.deepEqual(answer, expected, `request ${i}`);
    }
    assert.equal(lent, bodies.length, 'every body was read into lent memory');
    assert.deepEqual(registryState(threaded.processor.registry), registryState(inPlace.processor.registry));
  } finally {
    await Promise.all(processors.map(({ processor }) => processor.shutdown()));
  }
});
