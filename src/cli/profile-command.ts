import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { ModelwatchError } from '../errors.js';
import { type InputFormat, readTable } from '../io/read-table.js';
import { profileTable } from '../reference/saved-profile.js';
import { commaList } from './comma-list.js';

interface ProfileFlags {
  out: string;
  categorical?: string[];
  ignore?: string[];
  inputFormat?: InputFormat;
}

export function profileCommand(): Command {
  return new Command('profile')
    .description('save a reference data file as profiles, for `modelwatch serve` (models[].reference.profile)')
    .argument('<file>', 'reference data: CSV with a header row, TSV, or JSON Lines')
    .requiredOption('--out <file>', 'where to write the profile (JSON)')
    .option('--categorical <columns>', 'treat these columns as categorical (comma-separated)', commaList)
    .option('--ignore <columns>', 'leave these columns out (comma-separated)', commaList)
    .addOption(new Option('--input-format <format>', 'input format (default: from the file extension)').choices(['csv', 'tsv', 'jsonl']))
    .action((file: string, flags: ProfileFlags) => {
      const table = readTable(file, flags.inputFormat);
      const saved = profileTable(table, { categorical: flags.categorical, ignore: flags.ignore });
      try {
        writeFileSync(flags.out, JSON.stringify(saved) + '\n');
      } catch (error) {
        throw new ModelwatchError('MODELWATCH_ERR_FILE_UNWRITABLE', flags.out, (error as Error).message);
      }
      process.stderr.write(`modelwatch profile: ${Object.keys(saved.features).length} features of ${table.rows} rows written to ${flags.out}\n`);
    });
}
