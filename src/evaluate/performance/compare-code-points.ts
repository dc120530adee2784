/**
 * Orders two strings by Unicode code point, the order of Python's `sorted()` on `str`
 * and of numpy's unicode arrays, which is how sklearn sorts class labels
 * (`sklearn.utils.multiclass.unique_labels`). JavaScript's `<` on strings compares
 * UTF-16 code units instead, which puts astral characters (U+10000 and above, stored
 * as surrogates D800–DFFF) before U+E000–U+FFFF; the two orders agree everywhere else.
 *
 * @param a a well-formed string
 * @param b a well-formed string
 * @returns negative if a sorts first, positive if b does, 0 if equal
 * @example ['b', 'a', 'B'].sort(compareCodePoints) // => ['B', 'a', 'b']
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/**
 * At the first differing code unit, lifting surrogates above U+E000–U+FFFF makes
 * UTF-16 order agree with code-point order (the classic UTF-16 "fix-up").
 */
function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}
