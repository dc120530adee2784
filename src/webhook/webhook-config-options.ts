import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { WebhookConfig } from '../config/handoff-config.js';
import { ModelwatchError } from '../errors.js';
import type { AlertWebhookOptions } from './alert-webhook.js';

/**
 * The webhook's options from the `webhook` configuration, or undefined when no URL is
 * set. The secret is read from `secret_file` (its first line, without the line end)
 * when given; a relative path is resolved against `baseDir` (the configuration file's
 * folder). An unreadable or empty file throws a ModelwatchError: a webhook that could not be signed
 * should stop startup, not fail every alert later.
 */
export function alertWebhookOptions(config: WebhookConfig, baseDir = process.cwd()): AlertWebhookOptions | undefined {
  if (config.url === undefined) return undefined;
  const secret = config.secret ?? readSecret(config.secret_file!, baseDir);
  return {
    url: config.url,
    secret,
    maxAttempts: config.max_attempts,
    initialBackoffMs: config.initial_backoff,
    maxBackoffMs: config.max_backoff,
    timeoutMs: config.timeout,
    maxQueue: config.max_queue,
  };
}

function readSecret(file: string, baseDir: string): string {
  let text: string;
  try {
    text = readFileSync(resolve(baseDir, file), 'utf8');
  } catch (error) {
    throw new ModelwatchError('MODELWATCH_ERR_FILE_UNREADABLE', file, (error as NodeJS.ErrnoException).code ?? String(error));
  }
  const secret = text.split(/\r?\n/, 1)[0];
  if (secret === '') throw new ModelwatchError('MODELWATCH_ERR_USAGE', `webhook.secret_file ${file}: the first line is empty; put the secret there`);
  return secret;
}
