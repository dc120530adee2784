import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelwatchError } from '../../src/errors.js';
import { CsvTable } from '../../src/io/csv-table.js';
import { JsonlTable } from '../../src/io/jsonl-table.js';
import type { Table } from '../../src/io/table.js';
import { buildReport } from '../../src/report/build-report.js';
import { reportJson } from '../../src/report/report-json.js';
import { reportMarkdown } from '../../src/report/report-markdown.js';
import { fixturesDir } from '../helpers/fixtures.js';
import type { FuzzTarget } from './campaign.js';
import { concat, FuzzRandom, INVALID_UTF8, mutateRawBytes } from './fuzz-random.js';

export interface TableCase {
  readonly format: 'csv' | 'tsv' | 'jsonl';
  readonly bytes: Uint8Array;
}

/** The first rows of the report fixtures, as CSV, TSV and JSON Lines. */
function tableSeeds(): TableCase[] {
  const seeds: TableCase[] = [];
  for (const name of ['edge-cases-reference.csv', 'iris-current.csv', 'diabetes-current.csv']) {
    const lines = readFileSync(join(fixturesDir, 'report', name), 'utf8').split('\n').slice(0, 30).filter((l) => l !== '');
    const header = lines[0].split(',');
    seeds.push({ format: 'csv', bytes: Buffer.from(`${lines.join('\n')}\n`) });
    seeds.push({ format: 'tsv', bytes: Buffer.from(lines.map((l) => l.replaceAll(',', '\t')).join('\r\n')) });
    const records = lines.slice(1).map((l) => JSON.stringify(Object.fromEntries(l.split(',').map((v, i) => [header[i], Number.isNaN(Number(v)) ? v : Number(v)]))));
    seeds.push({ format: 'jsonl', bytes: Buffer.from(records.join('\n')) });
  }
  return seeds;
}

/** Text a table reader might stumble on: quotes, delimiters, line ends, BOMs, odd numbers, JSON that is not an object. */
const CELL_TOKENS = ['"', '""', '"a""b"', ',', '\t', '\r', '\n', '\r\n', '\uFEFF', 'NaN', 'Infinity', '-inf', '1e999', '0x1F', '', 'NA', 'null',
  '{', '}', '[1,2]', '{"a":{"b":[]}}', '"x"', 'true', ' 1 ', '１２', '\u0000'];

function mutateTable(random: FuzzRandom, seed: TableCase): TableCase {
  const { bytes } = seed;
  const at = random.below(bytes.length + 1);
  switch (random.below(5)) {
    case 0: return { ...seed, bytes: concat(bytes.subarray(0, at), Buffer.from(random.pick(CELL_TOKENS)), bytes.subarray(at)) };
    case 1: return { ...seed, bytes: concat(bytes.subarray(0, at), random.pick(INVALID_UTF8), bytes.subarray(at)) };
    case 2: return { ...seed, bytes: bytes.subarray(0, at) };
    case 3: { // a line repeated many times, or a very wide header
      const text = Buffer.from(bytes).toString('utf8');
      const lines = text.split('\n');
      const line = random.pick(lines);
      return random.chance(0.5)
        ? { ...seed, bytes: Buffer.from(`${text}\n${`${line}\n`.repeat(random.size(5000))}`) }
        : { ...seed, bytes: Buffer.from(`${Array.from({ length: random.size(5000) }, (_, i) => `c${i}`).join(',')}\n${lines.slice(1).join('\n')}`) };
    }
    default: return { ...seed, bytes: mutateRawBytes(random, bytes) };
  }
}

const FILE = 'fuzz-input';

/** Every column read both ways: what `modelwatch report` does with a file. */
function readAll(table: Table): void {
  for (let c = 0; c < table.columns.length; c++) {
    table.numeric(c);
    table.text(c);
  }
}

/**
 * The report's table readers on mutated files: a table, or one ModelwatchError that
 * names the file (and the row or line and column, for a syntax error); never another
 * exception.
 */
export function tableTarget(): FuzzTarget<TableCase> {
  const seeds = tableSeeds();
  return {
    name: 'table',
    generate: (random) => {
      let input = random.pick(seeds);
      for (let n = 1 + random.below(3); n > 0; n--) input = mutateTable(random, input);
      return input;
    },
    describe: (input) => JSON.stringify({ format: input.format, base64: Buffer.from(input.bytes).toString('base64') }),
    check({ format, bytes }) {
      const file = `${FILE}.${format}`;
      try {
        if (bytes.length === 0) return undefined; // readTable refuses an empty file before any reader sees it
        readAll(format === 'jsonl' ? new JsonlTable(file, Buffer.from(bytes).toString('utf8')) : new CsvTable(file, bytes, format === 'tsv' ? 0x09 : undefined));
        return undefined;
      } catch (error) {
        if (!(error instanceof ModelwatchError)) return `threw ${(error as Error)?.name}: ${(error as Error)?.message}`;
        if (!error.message.startsWith(`${file}: `)) return `a message that does not start with the file: ${error.message}`;
        if (/SYNTAX/.test(error.code) && !/(row|line) \d+, column \d+/.test(error.message)) return `a syntax error without row and column: ${error.message}`;
        return undefined;
      }
    },
  };
}

/**
 * `modelwatch report` on a mutated reference and a mutated current file of the same
 * data set (with the iris files' target and prediction named, when they have them):
 * a report whose JSON and Markdown render, or a ModelwatchError; never another exception.
 */
export function reportTarget(): FuzzTarget<[TableCase, TableCase]> {
  const seeds = tableSeeds();
  const table = ({ format, bytes }: TableCase, file: string): Table | undefined => {
    if (bytes.length === 0) return undefined;
    try {
      return format === 'jsonl' ? new JsonlTable(file, Buffer.from(bytes).toString('utf8')) : new CsvTable(file, bytes, format === 'tsv' ? 0x09 : undefined);
    } catch (error) {
      if (error instanceof ModelwatchError) return undefined;
      throw error;
    }
  };
  return {
    name: 'report',
    generate: (random) => {
      const seed = random.pick(seeds);
      return [random.chance(0.3) ? seed : mutateTable(random, seed), mutateTable(random, seed)];
    },
    describe: (pair) => JSON.stringify(pair.map((input) => ({ format: input.format, base64: Buffer.from(input.bytes).toString('base64') }))),
    check([referenceCase, currentCase]) {
      try {
        const reference = table(referenceCase, `reference.${referenceCase.format}`);
        const current = table(currentCase, `current.${currentCase.format}`);
        if (reference === undefined || current === undefined) return undefined;
        const labelled = reference.columns.includes('target') && reference.columns.includes('prediction');
        const report = buildReport(reference, current, labelled ? { target: 'target', prediction: 'prediction' } : {});
        JSON.parse(reportJson(report));
        reportMarkdown(report);
        return undefined;
      } catch (error) {
        if (error instanceof ModelwatchError) return undefined;
        return `threw ${(error as Error)?.name}: ${(error as Error)?.stack}`;
      }
    },
  };
}
