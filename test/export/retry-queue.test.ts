import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RetryQueue, type Delivery } from '../../src/export/retry-queue.js';

/** A queue whose sends are answered by the test, one attempt at a time. */
function scripted(maxItems: number, maxBatch = 10) {
  const attempts: number[][] = [];
  const answers: ((delivery: Delivery) => void)[] = [];
  let dropped = 0;
  const queue = new RetryQueue<number>((batch) => {
    attempts.push(batch);
    return new Promise((resolve) => answers.push(resolve));
  }, { what: 'items', maxItems, maxBatch, initialBackoffMillis: 1, maxBackoffMillis: 1, onDropped: (count) => { dropped += count; } });
  const answer = async (delivery: Delivery) => {
    while (answers.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    answers.shift()!(delivery);
    await new Promise((resolve) => setImmediate(resolve));
  };
  const sent = async (count: number) => {
    while (attempts.length < count) await new Promise((resolve) => setTimeout(resolve, 1));
  };
  return { queue, attempts, answer, sent, dropped: () => dropped };
}

test('a failed batch is sent again, whole and first, before anything added after it', async () => {
  const { queue, attempts, answer, dropped } = scripted(100, 2);
  queue.add([1, 2, 3]);
  await answer('retry');
  queue.add([4]);
  await answer('retry');
  await answer('delivered');
  await answer('delivered');
  assert.deepEqual(attempts, [[1, 2], [1, 2], [1, 2], [3, 4]]);
  assert.equal(queue.size, 0);
  assert.equal(dropped(), 0);
});

test('past maxItems the oldest are dropped; those of the attempt under way count as dropped only if it fails', async () => {
  const delivered = scripted(2);
  delivered.queue.add([1, 2]);
  await delivered.sent(1);
  delivered.queue.add([3, 4]); // 1 and 2 are in flight: let go from the queue, not yet counted
  assert.equal(delivered.dropped(), 0);
  await delivered.answer('delivered');
  assert.equal(delivered.dropped(), 0, 'the attempt delivered them after all');
  await delivered.answer('delivered');
  assert.deepEqual(delivered.attempts, [[1, 2], [3, 4]]);

  const failed = scripted(2);
  failed.queue.add([1, 2]);
  await failed.sent(1);
  failed.queue.add([3, 4, 5]);
  assert.equal(failed.dropped(), 1, '3, not in flight, counted at once');
  await failed.answer('retry');
  assert.equal(failed.dropped(), 3, '1 and 2 counted once their attempt failed');
  await failed.answer('delivered');
  assert.deepEqual(failed.attempts, [[1, 2], [4, 5]]);
});

test('a batch refused for good is dropped and counted, and the next is sent', async () => {
  const { queue, attempts, answer, dropped } = scripted(100, 2);
  queue.add([1, 2, 3]);
  await answer('refused');
  await answer('delivered');
  assert.deepEqual(attempts, [[1, 2], [3]]);
  assert.equal(dropped(), 2);
});

test('shutdown makes one last attempt, then drops and counts what is left; later items are dropped at once', async () => {
  const { queue, answer, dropped } = scripted(100);
  queue.add([1, 2]);
  const done = queue.shutdown();
  await answer('retry');
  await done;
  assert.equal(dropped(), 2);
  assert.equal(queue.size, 0);
  queue.add([3]);
  assert.equal(dropped(), 3);
});

test('a send that throws drops its batch (a fault of the batch, not an outage) and the queue goes on', async () => {
  const attempts: number[][] = [];
  let dropped = 0;
  const queue = new RetryQueue<number>(async (batch) => {
    attempts.push(batch);
    if (batch.includes(1)) throw new Error('cannot serialize');
    return 'delivered';
  }, { what: 'items', maxItems: 10, maxBatch: 1, initialBackoffMillis: 1, maxBackoffMillis: 1, onDropped: (count) => { dropped += count; } });
  queue.add([1, 2]);
  await queue.flush();
  assert.deepEqual(attempts, [[1], [2]]);
  assert.equal(dropped, 1);
  assert.equal(queue.size, 0);
});
