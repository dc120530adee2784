import { extname } from 'node:path';

/**
 * What a model's `reference.file` holds, told by its extension as `modelwatch report`
 * tells its inputs: rows of data, or a profile saved by `modelwatch profile`.
 * Undefined when the extension says neither.
 */
export function referenceFileKind(path: string): 'data' | 'profile' | undefined {
  const extension = extname(path.trim()).toLowerCase();
  if (extension === '.json') return 'profile';
  return ['.csv', '.tsv', '.jsonl', '.ndjson'].includes(extension) ? 'data' : undefined;
}
