import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type * as Ort from 'onnxruntime-node';
import { shortestFloat32 } from '../../instrumentation/onnx-float32.js';
import { cellReader, floatRows, halfToNumber, isTensorLike, tensorTable } from '../../instrumentation/onnx-tensors.js';

const ort = createRequire(import.meta.url)('onnxruntime-node') as typeof Ort;

test('a [N, F] tensor is N rows of F columns; [N] and [N, 1] are one column; a scalar is one row', () => {
  const wide = tensorTable(new ort.Tensor('float64', Float64Array.of(1, 2, 3, 4, 5, 6), [2, 3]))!;
  assert.equal(wide.rows, 2);
  assert.deepEqual(wide.columns, [[1, 4], [2, 5], [3, 6]]);
  assert.deepEqual(tensorTable(new ort.Tensor('int32', Int32Array.of(7, 8, 9), [3]))!.columns, [[7, 8, 9]]);
  assert.deepEqual(tensorTable(new ort.Tensor('int32', Int32Array.of(7, 8, 9), [3, 1]))!.columns, [[7, 8, 9]]);
  const scalar = tensorTable(new ort.Tensor('float64', Float64Array.of(2.5), []))!;
  assert.deepEqual([scalar.rows, scalar.columns], [1, [[2.5]]]);
  assert.equal(tensorTable(new ort.Tensor('float32', new Float32Array(2 * 3 * 4), [2, 3, 4])), undefined, 'an image is not tabular');
});

test('element types become the values the convention carries', () => {
  const int64 = tensorTable(new ort.Tensor('int64', BigInt64Array.of(3n, -5n, 2n ** 40n), [3]))!;
  assert.deepEqual(int64.columns[0], [3, -5, 2 ** 40]);
  assert.deepEqual(tensorTable(new ort.Tensor('uint64', BigUint64Array.of(9n), [1]))!.columns[0], [9]);
  assert.deepEqual(tensorTable(new ort.Tensor('bool', Uint8Array.of(1, 0, 1), [3]))!.columns[0], [true, false, true]);
  assert.deepEqual(tensorTable(new ort.Tensor('string', ['pro', 'free'], [2, 1]))!.columns[0], ['pro', 'free']);
  assert.deepEqual(tensorTable(new ort.Tensor('uint8', Uint8Array.of(0, 255), [2]))!.columns[0], [0, 255]);
  // float16 without Float16Array: the raw bits in a Uint16Array (0x3c00 = 1, 0xc000 = -2, 0x3555 ≈ 1/3).
  const half = tensorTable({ type: 'float16', dims: [3], data: Uint16Array.of(0x3c00, 0xc000, 0x3555) })!;
  assert.deepEqual(half.columns[0], [1, -2, 0.333251953125]);
});

test('float32 values are sent as the shortest decimal of the same float32', () => {
  const table = tensorTable(new ort.Tensor('float32', Float32Array.of(3.4, 7.9, 0.1, 5, 1 / 3), [5]))!;
  assert.deepEqual(table.columns[0], [3.4, 7.9, 0.1, 5, 0.33333334]);
  assert.equal(shortestFloat32(Math.fround(1e-7)), 1e-7);
  assert.ok(Number.isNaN(shortestFloat32(NaN)));
  assert.equal(shortestFloat32(-Infinity), -Infinity);
  // Every float32 comes back as itself, whatever its magnitude.
  for (let e = -38; e <= 38; e += 2) {
    for (const m of [1.1, 2.3456789, 9.87654321]) {
      const x = Math.fround(m * 10 ** e);
      if (x !== 0 && Number.isFinite(x)) assert.equal(Math.fround(shortestFloat32(x)), x, `${x}`);
    }
  }
});

test('halves decode per IEEE 754, subnormals and infinities included', () => {
  assert.equal(halfToNumber(0x0001), 2 ** -24);
  assert.equal(halfToNumber(0x7bff), 65504);
  assert.equal(halfToNumber(0x7c00), Infinity);
  assert.equal(halfToNumber(0xfc00), -Infinity);
  assert.ok(Number.isNaN(halfToNumber(0x7e00)));
  assert.equal(Object.is(halfToNumber(0x8000), -0), true);
});

test('tensors that cannot be read give nothing rather than wrong values', () => {
  assert.equal(cellReader({ type: 'float32', dims: [2], data: Float32Array.of(1, 2), location: 'gpu-buffer' }), undefined);
  assert.equal(cellReader({ type: 'int4', dims: [2], data: Int8Array.of(0x21) }), undefined);
  assert.equal(tensorTable({ type: 'float32', dims: [3, 2], data: Float32Array.of(1, 2) }), undefined, 'data shorter than the shape');
  assert.equal(isTensorLike({ type: 'float32', dims: [-1] }), false);
  assert.equal(isTensorLike([1, 2]), false);
  assert.equal(floatRows(new ort.Tensor('int32', Int32Array.of(1, 2), [1, 2])), undefined);
  assert.deepEqual(floatRows(new ort.Tensor('float32', Float32Array.of(0.25, 0.75, 0.5, 0.5), [2, 2])), [[0.25, 0.75], [0.5, 0.5]]);
});
