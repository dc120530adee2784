#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { ModelwatchError } from '../errors.js';
import { profileCommand } from './profile-command.js';
import { reportCommand } from './report-command.js';
import { serveCommand } from './serve-command.js';

const USAGE_EXIT = 2;
/** A bug, not the user's input: distinct from 1, which means "drift found". */
const INTERNAL_ERROR_EXIT = 3;

function program(): Command {
  return new Command('modelwatch')
    .description('OpenTelemetry-native ML model monitoring')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) })
    .addCommand(reportCommand().exitOverride())
    .addCommand(serveCommand().exitOverride())
    .addCommand(profileCommand().exitOverride());
}

/**
 * Runs the CLI. Expected failures (bad usage, bad input) print one line and exit 2;
 * anything else is a bug: it prints its stack trace and exits 3.
 */
export async function main(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander; they exit 0.
      process.exitCode = error.exitCode === 0 ? 0 : USAGE_EXIT;
      return;
    }
    if (error instanceof ModelwatchError) {
      process.stderr.write(`modelwatch: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`modelwatch: internal error, please report it: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = INTERNAL_ERROR_EXIT;
  }
}

await main(process.argv);
