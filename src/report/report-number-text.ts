/**
 * Numbers as a report shows them: four significant digits, exponent form outside
 * [1e-4, 1e6), "n/a" where a figure could not be computed. Shared by the markdown
 * and HTML reports so both print the same figure the same way.
 */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude >= 1e-4 && magnitude < 1e6 ? String(Number(value.toPrecision(4))) : value.toExponential(3);
}

/** A ratio as a percentage with three significant digits. */
export function percentText(ratio: number): string {
  return Number.isFinite(ratio) ? `${Number((ratio * 100).toPrecision(3))}%` : 'n/a';
}
