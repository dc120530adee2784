/**
 * Tokens read as "no value" in any column, compared case-insensitively after trimming
 * spaces: the empty string and the common spellings pandas also reads as missing.
 */
const MISSING_TOKENS = new Set(['', 'na', 'n/a', '#n/a', 'nan', '-nan', 'null', 'none', '<na>']);
/** Longer text is never a token, however padded; checking length first spares a trim per value. */
const LONGEST_PADDED_TOKEN = 16;

export function isMissingToken(text: string): boolean {
  if (text.length > LONGEST_PADDED_TOKEN) return false;
  // A printable ASCII character is neither trimmed nor lower-cased into another one's place: text starting with one that
  // no token starts with (n, N, #, -, <) is no token. Most categories are such text; this spares them a trim, a
  // lower-casing and a hash lookup (a categorical value's profile calls this on every value).
  const first = text.charCodeAt(0);
  if (first > 32 && first < 127 && first !== 110 && first !== 78 && first !== 35 && first !== 45 && first !== 60) return false;
  return MISSING_TOKENS.has(text.trim().toLowerCase());
}
