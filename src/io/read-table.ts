import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { ModelwatchError } from '../errors.js';
import type { Table } from './table.js';
import { CsvTable } from './csv-table.js';
import { JsonlTable } from './jsonl-table.js';

export type InputFormat = 'csv' | 'tsv' | 'jsonl';

const FORMAT_BY_EXTENSION: Record<string, InputFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

/**
 * Reads a whole data file. The format comes from `format`, else from the file's
 * extension.
 *
 * @throws ModelwatchError naming the file (and row and column where one applies)
 */
export function readTable(file: string, format?: InputFormat): Table {
  const chosen = format ?? FORMAT_BY_EXTENSION[extname(file).toLowerCase()];
  if (chosen === undefined) throw new ModelwatchError('MODELWATCH_ERR_FILE_FORMAT', file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file'
      : code === 'EISDIR' ? 'it is a directory'
      : code === 'EACCES' ? 'permission denied'
      : (error as Error).message;
    throw new ModelwatchError('MODELWATCH_ERR_FILE_UNREADABLE', file, reason);
  }
  if (bytes.length === 0) throw new ModelwatchError('MODELWATCH_ERR_FILE_EMPTY', file);
  switch (chosen) {
    case 'csv': return new CsvTable(file, bytes);
    case 'tsv': return new CsvTable(file, bytes, 0x09);
    case 'jsonl': return new JsonlTable(file, bytes.toString('utf8'));
  }
}
