/** Valid POST /v1/feedback bodies (CONVENTIONS.md §2): one item, a batch, labels of each kind. */
export function feedbackSeeds(): Uint8Array[] {
  const item = (i: number, label: unknown) => ({ 'ml.model.name': 'fuzz', 'ml.model.version': '1', 'ml.inference.id': `id-${i}`, 'ml.label': label });
  return [
    item(0, 1),
    [item(1, 'red'), item(2, 0.5), item(3, true)],
    Array.from({ length: 20 }, (_, i) => item(i, i % 3)),
  ].map((body) => new TextEncoder().encode(JSON.stringify(body)));
}
