import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NOT_A_NUMBER, parseNumberText } from '../../src/io/parse-number-bytes.js';

test('agrees with Number() on every decimal spelling, to the last bit', () => {
  const samples = ['0', '-0', '1', '+1', '12.5', '.5', '5.', '-0.000123', '1e3', '1E-3', '2.5e+10',
    '123456789012345', '1234567890123456789', '0.1', '0.2', '0.30000000000000004', '9007199254740993',
    '1e22', '1e23', '1e-22', '1e-23', '4.9e-324', '1.7976931348623157e308', '1e400', '-1e400', '1e-400',
    '00012', '3.14159265358979323846', ' 7 ', '\t8'];
  for (const s of samples) {
    assert.ok(Object.is(parseNumberText(s), Number(s)), `${JSON.stringify(s)}: ${String(parseNumberText(s))} vs ${Number(s)}`);
  }
});

test('agrees with Number() on random doubles written in shortest and fixed forms', () => {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < 20000; i++) {
    const v = (random() - 0.5) * 10 ** Math.floor(random() * 30 - 15);
    for (const s of [String(v), v.toFixed(3), v.toExponential(8), v.toPrecision(17)]) {
      assert.ok(Object.is(parseNumberText(s), Number(s)), s);
    }
  }
});

test('reads non-finite spellings as numbers, and rejects what is not a number', () => {
  assert.ok(Number.isNaN(parseNumberText('NaN') as number));
  assert.equal(parseNumberText('inf'), Infinity);
  assert.equal(parseNumberText('-Infinity'), -Infinity);
  for (const s of ['', ' ', 'abc', '1.2.3', '0x10', '1e', '1e+', '--1', '+', '.', '1_000', '1,5', 'ı', '١']) {
    assert.equal(parseNumberText(s), NOT_A_NUMBER, JSON.stringify(s));
  }
});
