import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { MemoryAuditStore } from '../../src/audit/memory-audit-store.js';

const record = (n: number): AuditRecord => ({
  timeUnixMs: n, action: 'samples.export', tokenId: null, access: 'open', model: `m${n}`, version: '1', outcome: 200,
});

test('without a data dir the newest records are kept, newest first, up to the capacity', async () => {
  const store = new MemoryAuditStore(3);
  for (let n = 1; n <= 5; n++) await store.append(record(n));
  assert.deepEqual(store.newest(10).map((r) => r.timeUnixMs), [5, 4, 3]);
  assert.deepEqual(store.newest(2).map((r) => r.timeUnixMs), [5, 4]);
  assert.deepEqual(store.newest(0), []);
});
