import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load-config.js';
import { Processor } from '../../src/serve/processor.js';
import { encodeTracesJsonRequest } from '../helpers/otlp-json-request.js';
import { serveWithDataDir, type ServeChild } from '../helpers/serve-child.js';

/*
 * A state taken over from a peer is in no journalled request, so the data dir
 * snapshots it at once: the real CLI, killed with SIGKILL right after it took a model
 * over, restarts with the model's window, though the peer has long forgotten it. The
 * reference is configured from the same file on both (so nothing else, such as a
 * reference kept, would take a snapshot meanwhile).
 */
test('a model taken over from a peer survives a kill -9 of the replica that took it', { timeout: 60_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), 'modelwatch-handoff-durable-'));
  writeFileSync(join(work, 'reference.csv'), 'x\n1\n2\n3\n4\n5\n6\n7\n');
  const settings = 'windows: { duration: 1h }\nui: { enabled: false }\nmodels:\n  - { name: moving, reference: { file: reference.csv } }\n';
  const peer = new Processor(parseConfig(`receiver: { port: 0, grpc_port: 0 }\nprometheus: { port: 0 }\n${settings}`, { name: 'peer.yaml', baseDir: work }));
  await peer.start();
  const peerUrl = `http://127.0.0.1:${peer.receiver.address().port}`;
  const config = join(work, 'replica.yaml');
  writeFileSync(config, `${settings}scale_out: { peers: ["${peerUrl}"], handoff_timeout: 5s }\n`);
  const dataDir = join(work, 'state');
  let replica: ServeChild | undefined;
  const post = (base: string, values: number[]) => fetch(`${base}/v1/traces`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: encodeTracesJsonRequest(values.map((x) => ({ 'ml.model.name': 'moving', 'ml.model.version': '1', 'ml.feature.x': x }))),
  });
  const windowOf = async (base: string) => {
    const state = (await (await fetch(`${base}/admin/state`)).json()) as { models: { model: string; phase: string; windowRecords: number }[] };
    return state.models.map(({ model, phase, windowRecords }) => ({ model, phase, windowRecords }));
  };
  try {
    assert.equal((await post(peerUrl, [1, 2, 3, 4, 5])).status, 200);
    replica = await serveWithDataDir(dataDir, config);
    assert.equal((await post(replica.base, [6])).status, 200);
    const base = replica.base;
    const deadline = Date.now() + 10_000;
    while ((await windowOf(base)).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(await windowOf(base), [{ model: 'moving', phase: 'monitoring', windowRecords: 6 }], 'taken over: five window records from the peer, one held');
    assert.equal(peer.registry.has('moving', '1'), false);
    // Time for the snapshot the import asked for: it is committed within a turn or two of the writer thread.
    await new Promise((resolve) => setTimeout(resolve, 500));
    replica.process.kill('SIGKILL');
    await replica.exited;

    replica = await serveWithDataDir(dataDir, config);
    assert.deepEqual(await windowOf(replica.base), [{ model: 'moving', phase: 'monitoring', windowRecords: 6 }], 'back after kill -9, with nothing to ask the peer');
  } finally {
    replica?.process.kill('SIGKILL');
    await replica?.exited;
    await peer.shutdown();
    rmSync(work, { recursive: true, force: true });
  }
});
