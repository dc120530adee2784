import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ConfigProblem } from './config-error.js';

/**
 * Reads a file a setting names (token files, TLS certificates and keys), relative
 * paths against `baseDir`. A file that cannot be read is a problem naming the key,
 * the path and the fix, added to `problems`; the answer is then undefined.
 */
export function readSettingFile(keyPath: string, file: string, baseDir: string, problems: ConfigProblem[]): Buffer | undefined {
  const path = resolve(baseDir, file);
  try {
    return readFileSync(path);
  } catch (error) {
    problems.push({
      path: keyPath,
      message: `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}); fix the path (relative paths start at the configuration file's folder)`,
    });
    return undefined;
  }
}
