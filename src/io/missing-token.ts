/**
 * Tokens read as "no value" in any column, compared case-insensitively after trimming
 * spaces: the empty string and the common spellings pandas also reads as missing.
 */
const MISSING_TOKENS = new Set(['', 'na', 'n/a', '#n/a', 'nan', '-nan', 'null', 'none', '<na>']);
const LONGEST_TOKEN = 4;

export function isMissingToken(text: string): boolean {
  const trimmed = text.length > LONGEST_TOKEN ? text.trim() : text;
  return trimmed.length <= LONGEST_TOKEN && MISSING_TOKENS.has(trimmed.trim().toLowerCase());
}
