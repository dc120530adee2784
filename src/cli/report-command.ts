import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { ModelwatchError } from '../errors.js';
import { type InputFormat, readTable } from '../io/read-table.js';
import { buildReport } from '../report/build-report.js';
import { reportJson } from '../report/report-json.js';
import { reportMarkdown } from '../report/report-markdown.js';
import { reportHtml } from '../report/report-html.js';
import type { Report } from '../report/report-types.js';
import type { DriftOverride } from '../evaluate/drift/feature-drift.js';
import { addDriftSpec } from './drift-spec.js';
import { ProgressBar } from './progress-bar.js';
import { commaList } from './comma-list.js';

/** Inputs above this many rows get a progress bar (on a terminal). */
const PROGRESS_ROWS = 100_000;

export const EXIT_DRIFT = 1;

interface ReportFlags {
  reference: string;
  current: string;
  format: 'json' | 'markdown' | 'html';
  out?: string;
  target?: string;
  prediction?: string;
  score?: string[];
  positiveLabel?: string;
  task?: 'classification' | 'regression';
  categorical?: string[];
  ignore?: string[];
  driftMethod: Map<string, DriftOverride>;
  driftShare?: number;
  inputFormat?: InputFormat;
  failOnDrift?: boolean;
}

export function reportCommand(): Command {
  return new Command('report')
    .description('compare a current data file with a reference one: drift, data quality and performance')
    .requiredOption('--reference <file>', 'reference data: CSV with a header row, TSV, or JSON Lines')
    .requiredOption('--current <file>', 'current data, in the same format')
    .addOption(new Option('--format <format>', 'output format; html is one self-contained page with charts').choices(['json', 'markdown', 'html']).default('json'))
    .option('--out <file>', 'write the report to a file instead of standard output')
    .option('--target <column>', 'ground-truth column, for performance')
    .option('--prediction <column>', 'prediction column, for performance')
    .option('--score <columns>', 'positive-class probability column, or one probability column per class (comma-separated)', commaList)
    .option('--positive-label <label>', 'positive class of a binary target (default: 1 or true)')
    .addOption(new Option('--task <task>', 'performance task (default: inferred from the target)').choices(['classification', 'regression']))
    .option('--categorical <columns>', 'treat these columns as categorical (comma-separated)', commaList)
    .option('--ignore <columns>', 'leave these columns out (comma-separated)', commaList)
    .option('--drift-method <spec>', 'drift method per feature, [FEATURE=]METHOD[:THRESHOLD]; repeatable', addDriftSpec, new Map())
    .option('--drift-share <share>', 'share of drifted features that makes dataset drift (default 0.5)', share)
    .addOption(new Option('--input-format <format>', 'input format (default: from the file extension)').choices(['csv', 'tsv', 'jsonl']))
    .option('--fail-on-drift', `exit with code ${EXIT_DRIFT} when dataset drift is detected`)
    .action((flags: ReportFlags) => {
      process.exitCode = runReport(flags);
    });
}

function runReport(flags: ReportFlags): number {
  const reference = readTable(flags.reference, flags.inputFormat);
  const current = readTable(flags.current, flags.inputFormat);
  const progress = new ProgressBar(process.stderr, Math.max(reference.rows, current.rows) > PROGRESS_ROWS);
  const report = buildReport(reference, current, {
    target: flags.target,
    prediction: flags.prediction,
    score: flags.score,
    positiveLabel: flags.positiveLabel,
    task: flags.task,
    categorical: flags.categorical,
    ignore: flags.ignore,
    drift: flags.driftMethod,
    driftShare: flags.driftShare,
    onFeature: (done, total) => progress.update('features', done, total),
  });
  progress.finish();
  const text = reportText(report, flags.format);
  if (flags.out === undefined) {
    process.stdout.write(text);
  } else {
    try {
      writeFileSync(flags.out, text);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'no such directory' : code === 'EISDIR' ? 'it is a directory'
        : code === 'EACCES' ? 'permission denied' : (error as Error).message;
      throw new ModelwatchError('MODELWATCH_ERR_FILE_UNWRITABLE', flags.out, reason);
    }
  }
  return flags.failOnDrift && report.dataset.drifted ? EXIT_DRIFT : 0;
}

function reportText(report: Report, format: ReportFlags['format']): string {
  switch (format) {
    case 'markdown': return reportMarkdown(report);
    case 'html': return reportHtml(report);
    case 'json': return reportJson(report) + '\n';
  }
}

function share(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n <= 1)) {
    throw new ModelwatchError('MODELWATCH_ERR_USAGE', `--drift-share ${JSON.stringify(value)}: expected a number from 0 to 1`);
  }
  return n;
}
