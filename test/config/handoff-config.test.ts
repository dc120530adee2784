import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { samplesSettings, webhookSettings } from '../../src/config/handoff-config.js';
import { section } from '../../src/config/schema-fields.js';
import { ModelwatchError } from '../../src/errors.js';
import { alertWebhookOptions } from '../../src/webhook/webhook-config-options.js';

/** The fragments as the lead will place them: top-level keys of the serve schema. */
const schema = section('modelwatch settings', { samples: samplesSettings, webhook: webhookSettings });

function problems(input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

test('defaults: a sample of 10,000 over a day, and no webhook', () => {
  assert.deepEqual(schema.parse({}), {
    samples: { size: 10_000, period: 86_400_000 },
    webhook: { max_attempts: 6, initial_backoff: 1_000, max_backoff: 60_000, timeout: 10_000, max_queue: 1_000 },
  });
});

test('a webhook needs a secret or a secret file, not both, and a max_backoff not below initial_backoff', () => {
  assert.deepEqual(problems({ webhook: { url: 'https://ci.example/hook' } }),
    ['webhook.secret: a webhook is signed, so it needs a secret: give secret or secret_file']);
  assert.deepEqual(problems({ webhook: { url: 'https://ci.example/hook', secret: 'a', secret_file: 'b' } }),
    ['webhook.secret_file: give secret or secret_file, not both']);
  assert.equal(problems({ webhook: { url: 'https://ci.example/hook', secret: 'a', initial_backoff: '2m', max_backoff: '1m' } }).length, 1);
  assert.deepEqual(problems({ webhook: { url: 'https://ci.example/hook', secret: 'a', max_attempts: 3, timeout: '2s' } }), []);
});

test('wrong values are reported with the key, every one at once', () => {
  const found = problems({ samples: { size: -1, period: 60 }, webhook: { url: 'ftp://x', secret: 's', retries: 3 } });
  assert.equal(found.length, 4, found.join('\n'));
  assert.ok(found.some((p) => p.startsWith('samples.size:')));
  assert.ok(found.some((p) => p.startsWith('samples.period:')));
  assert.ok(found.some((p) => p.startsWith('webhook.url:')));
  assert.ok(found.some((p) => /unknown key/.test(p)));
});

test('webhook options: none without a URL; the secret from its file, relative to the configuration folder', () => {
  type Parsed = z.output<typeof schema>;
  const parse = (input: unknown) => schema.parse(input) as Parsed;
  assert.equal(alertWebhookOptions(parse({}).webhook), undefined);
  const dir = mkdtempSync(join(tmpdir(), 'modelwatch-webhook-'));
  try {
    writeFileSync(join(dir, 'secret.txt'), 's3cret\nignored\n');
    const options = alertWebhookOptions(parse({ webhook: { url: 'https://ci.example/hook', secret_file: 'secret.txt' } }).webhook, dir);
    assert.equal(options?.secret, 's3cret');
    assert.equal(options?.maxAttempts, 6);
    writeFileSync(join(dir, 'empty.txt'), '\n');
    assert.throws(() => alertWebhookOptions(parse({ webhook: { url: 'https://ci.example/hook', secret_file: 'empty.txt' } }).webhook, dir), ModelwatchError);
    assert.throws(() => alertWebhookOptions(parse({ webhook: { url: 'https://ci.example/hook', secret_file: 'missing.txt' } }).webhook, dir),
      (error: unknown) => error instanceof ModelwatchError && error.code === 'MODELWATCH_ERR_FILE_UNREADABLE');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
