/**
 * What a PromQL expression of the stack's dashboards and rules refers to: its metric
 * names and its label names. A reader for these expressions, not a PromQL parser
 * (Prometheus itself checks the syntax, in stack-dashboard.test.ts and through
 * promtool): string literals, durations and numbers are blanked out first, then label
 * names are taken from matchers and grouping clauses, and metric names are the
 * remaining identifiers that are neither keywords nor function calls.
 */

const KEYWORDS = new Set([
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'and', 'or', 'unless', 'inf', 'nan', 'atan2',
]);

const GROUPING = /\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g;

function blank(expression: string): string {
  return expression
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\boffset\s+-?[\w$]+/g, '')
    .replace(/(?<![\w.])\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w.])/gi, '0');
}

/** Label names used in `{...}` matchers and in by/without/on/ignoring/group_* clauses. */
export function labelNamesIn(expression: string): string[] {
  const text = blank(expression);
  const names = new Set<string>();
  for (const [, body] of text.matchAll(/\{([^}]*)\}/g)) {
    for (const [, name] of body.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)/g)) names.add(name);
  }
  for (const [, list] of text.matchAll(GROUPING)) {
    for (const name of list.split(',').map((n) => n.trim()).filter(Boolean)) names.add(name);
  }
  return [...names].sort();
}

/** Metric names: identifiers outside matchers and grouping clauses that are not keywords or functions. */
export function metricNamesIn(expression: string): string[] {
  const text = blank(expression).replace(/\{[^}]*\}/g, ' ').replace(GROUPING, ' ');
  const names = new Set<string>();
  for (const match of text.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const after = text.slice(match.index! + match[0].length);
    if (KEYWORDS.has(match[0].toLowerCase()) || /^\s*\(/.test(after)) continue;
    names.add(match[0]);
  }
  return [...names].sort();
}
