import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseDuration, tryParseByteSize, tryParseDuration } from '../../src/config/index.js';

test('durations read as whole milliseconds', () => {
  const cases: [string, number][] = [
    ['500ms', 500], ['2s', 2_000], ['1m', 60_000], ['1h', 3_600_000], ['1m30s', 90_000], ['7d', 604_800_000], ['1d12h', 129_600_000],
    ['1.5s', 1_500], ['1h1m1s1ms', 3_661_001], [' 60s ', 60_000], ['0.5ms', 1],
  ];
  for (const [text, ms] of cases) assert.equal(parseDuration(text), ms, text);
});

test('not a duration: a bare number, a wrong unit, zero, nothing', () => {
  for (const text of ['60', '1w', '1 m', 's', '', '-1s', '0s', '0.0004s', '1m-30s', '1e3ms']) {
    assert.equal(tryParseDuration(text), undefined, JSON.stringify(text));
    assert.throws(() => parseDuration(text), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'MODELWATCH_ERR_USAGE');
      assert.match(error.message, /500ms, 2s, 1m, 1h/);
      return true;
    });
  }
});

test('formatDuration writes milliseconds back as a person types them', () => {
  assert.equal(formatDuration(90_000), '1m30s');
  assert.equal(formatDuration(3_600_000), '1h');
  assert.equal(formatDuration(1_500), '1500ms');
  assert.equal(parseDuration(formatDuration(3_661_000)), 3_661_000);
});

test('byte sizes read as whole bytes, binary and decimal units, any case', () => {
  const cases: [unknown, number][] = [
    [1024, 1024], ['1024', 1024], ['64MiB', 64 * 2 ** 20], ['64mib', 64 * 2 ** 20], ['512 KiB', 512 * 1024],
    ['1GiB', 2 ** 30], ['10MB', 10_000_000], ['1.5kB', 1_500], ['7b', 7],
  ];
  for (const [value, bytes] of cases) assert.equal(tryParseByteSize(value), bytes, String(value));
  for (const value of ['64M', '1.5B', 'lots', -1, 1.5, true, null, '1e3']) assert.equal(tryParseByteSize(value), undefined, String(value));
});
