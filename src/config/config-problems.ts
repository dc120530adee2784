import type { z } from 'zod';
import type { ConfigProblem } from './config-error.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Writes a key path the way a user finds it in the YAML: `models[2].features.amount.threshold`;
 * a key that is not a plain identifier (`ml.prediction.score`) in brackets and quotes.
 */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out === '' ? '(top level)' : out;
}

/**
 * Turns zod's issues into problems, one per wrong key: an `unrecognized_keys`
 * issue naming three keys becomes three problems, each at its own path.
 *
 * @param flagFor the flag a key path's value came from (`receiver.port` → `--port`), if any
 */
export function problemsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  flagFor: (keyPath: string) => string | undefined = () => undefined,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
    for (const path of paths) {
      const keyPath = formatKeyPath(path);
      const flag = flagFor(keyPath);
      problems.push({ path: flag === undefined ? keyPath : `${flag} (${keyPath})`, message: issue.message });
    }
  }
  return problems;
}
