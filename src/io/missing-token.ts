/**
 * Tokens read as "no value" in any column, compared case-insensitively after trimming
 * spaces: the empty string and the common spellings pandas also reads as missing.
 */
const MISSING_TOKENS = new Set(['', 'na', 'n/a', '#n/a', 'nan', '-nan', 'null', 'none', '<na>']);
/** Longer text is never a token, however padded; checking length first spares a trim per value. */
const LONGEST_PADDED_TOKEN = 16;

export function isMissingToken(text: string): boolean {
  return text.length <= LONGEST_PADDED_TOKEN && MISSING_TOKENS.has(text.trim().toLowerCase());
}
