/** Inference ids of results that are objects (arrays, ONNX result maps, tensors), for `inferenceIdsOf`. */
const idsByResult = new WeakMap<object, readonly string[]>();

/**
 * The inference ids (`ml.inference.id`, one per row) of a prediction made by an
 * instrumented model, to store with the request and pass to `recordFeedback` once the
 * ground truth is known; undefined if the result was not made by one, or is not an
 * object (a plain number or string: use the `onInference` hook for those).
 *
 * @example
 * const result = await predict(row);
 * const [inferenceId] = inferenceIdsOf(result) ?? [];
 */
export function inferenceIdsOf(result: unknown): readonly string[] | undefined {
  return typeof result === 'object' && result !== null ? idsByResult.get(result) : undefined;
}

/** Remembers the ids of an object result (a primitive result has no identity to key them on). */
export function rememberInferenceIds(result: unknown, ids: readonly string[]): void {
  if (typeof result === 'object' && result !== null) idsByResult.set(result, ids);
}

/** CONVENTIONS.md §1's default ids: the span id for one row, `<span id>:<row>` in a batch. */
export function defaultInferenceIds(spanId: string, rows: number): string[] {
  if (rows === 1) return [spanId];
  if (!Number.isSafeInteger(rows) || rows < 0) return Array.from({ length: rows }, (_, row) => `${spanId}:${row}`);
  const ids = new Array<string>(rows);
  for (let row = 0; row < rows; row++) ids[row] = `${spanId}:${row}`;
  return ids;
}
