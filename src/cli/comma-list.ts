/** Parses a comma-separated option value (`--ignore a,b`), dropping blanks. */
export function commaList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
