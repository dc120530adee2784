import type { ConfigProblem } from '../config/config-error.js';
import { readSettingFile } from '../config/read-setting-file.js';
import { parseAccessTokens, type AccessToken } from './access-tokens.js';
import type { BearerAuthTokens } from './bearer-auth.js';

/** The `receiver.auth` keys: where each role's tokens are read from. */
export interface AuthSettings {
  readonly tokens_file?: string | undefined;
  readonly tokens_env?: string | undefined;
  readonly admin_tokens_file?: string | undefined;
  readonly admin_tokens_env?: string | undefined;
}

/**
 * Reads every configured token: from files (relative paths against `baseDir`) and
 * from environment variables, both as `id:token` entries. Tokens never sit in the
 * configuration itself, so a configuration can be shown, logged or committed.
 * Problems name the key and the fix, never a token.
 */
export function readAuthTokens(
  auth: AuthSettings, baseDir: string, env: NodeJS.ProcessEnv = process.env,
): { tokens: BearerAuthTokens; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const read = (fileKey: 'tokens_file' | 'admin_tokens_file', envKey: 'tokens_env' | 'admin_tokens_env'): AccessToken[] => {
    const tokens: AccessToken[] = [];
    const take = (key: string, text: string) => {
      const parsed = parseAccessTokens(text);
      for (const problem of parsed.problems) problems.push({ path: `receiver.auth.${key}`, message: problem.message });
      if (parsed.problems.length === 0 && parsed.tokens.length === 0) {
        problems.push({ path: `receiver.auth.${key}`, message: 'holds no token; add id:token entries, or remove the key' });
      }
      for (const token of parsed.tokens) {
        if (tokens.some((known) => known.id === token.id)) {
          problems.push({ path: `receiver.auth.${key}`, message: `the id ${token.id} is given in both ${fileKey} and ${envKey}; give each token its own id` });
        } else tokens.push(token);
      }
    };
    const file = auth[fileKey];
    const bytes = file === undefined ? undefined : readSettingFile(`receiver.auth.${fileKey}`, file, baseDir, problems);
    if (bytes !== undefined) take(fileKey, bytes.toString('utf8'));
    const name = auth[envKey];
    if (name !== undefined) {
      const text = env[name];
      if (text === undefined || text.trim() === '') {
        problems.push({ path: `receiver.auth.${envKey}`, message: `the environment variable ${name} is not set or empty; set it to id:token entries (comma-separated), or remove the key` });
      } else take(envKey, text);
    }
    return tokens;
  };
  const ingest = read('tokens_file', 'tokens_env');
  const admin = read('admin_tokens_file', 'admin_tokens_env');
  return { tokens: { ingest, admin }, problems };
}
