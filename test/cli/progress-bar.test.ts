import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressBar } from '../../src/cli/progress-bar.js';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream };
}

test('draws on a terminal and clears its line when finished', () => {
  const { written, stream: s } = stream(true);
  const bar = new ProgressBar(s, true);
  bar.update('features', 1, 2);
  bar.finish();
  assert.equal(written[0], `\rfeatures [${'#'.repeat(15)}${'.'.repeat(15)}] 1/2`);
  assert.equal(written[1], '\r\x1b[K');
});

test('stays silent off a terminal, or when not asked for', () => {
  for (const [isTTY, enabled] of [[false, true], [true, false]]) {
    const { written, stream: s } = stream(isTTY);
    const bar = new ProgressBar(s, enabled);
    bar.update('features', 1, 2);
    bar.finish();
    assert.deepEqual(written, []);
  }
});
