import { resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import type { ConfigProblem } from '../config/config-error.js';
import { readSettingFile } from '../config/read-setting-file.js';
import type { PeerTls } from './peer-request.js';
import type { ScaleOutConfig } from './scale-out-config.js';

/**
 * The admin token this replica presents to the other replicas (`scale_out.token_file`
 * or `token_env`; the file wins), read at start so a wrong path fails there. Problems
 * name the key and the fix, never the token.
 */
export function readPeerToken(
  settings: Pick<ScaleOutConfig, 'token_file' | 'token_env'>, baseDir: string, env: NodeJS.ProcessEnv = process.env,
): { token?: string; problems: ConfigProblem[] } {
  if (settings.token_file !== undefined) {
    const problems: ConfigProblem[] = [];
    const text = readSettingFile('scale_out.token_file', settings.token_file, baseDir, problems)?.toString('utf8').trim();
    if (text === undefined) return { problems };
    if (text === '') return { problems: [{ path: 'scale_out.token_file', message: `${resolve(baseDir, settings.token_file)} is empty; put the admin token of the other replicas in it` }] };
    return { token: text, problems: [] };
  }
  if (settings.token_env !== undefined) {
    const text = env[settings.token_env]?.trim();
    if (text === undefined || text === '') {
      return { problems: [{ path: 'scale_out.token_env', message: `the environment variable ${settings.token_env} is not set or empty; set it to the other replicas' admin token, or remove the key` }] };
    }
    return { token: text, problems: [] };
  }
  return { problems: [] };
}

/**
 * The CA and client certificate presented to peers over https (`scale_out.tls`), read
 * at start and checked by building a TLS context from them; undefined without any.
 */
export function readPeerTls(settings: ScaleOutConfig['tls'], baseDir: string): { tls?: PeerTls; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const read = (key: 'ca_file' | 'cert_file' | 'key_file'): Buffer | undefined => {
    const file = settings[key];
    return file === undefined ? undefined : readSettingFile(`scale_out.tls.${key}`, file, baseDir, problems);
  };
  const ca = read('ca_file');
  const cert = read('cert_file');
  const key = read('key_file');
  if (problems.length > 0) return { problems };
  if ((cert === undefined) !== (key === undefined)) return { problems: [{ path: 'scale_out.tls', message: 'give cert_file and key_file together (the client certificate and its key), or neither' }] };
  if (ca === undefined && cert === undefined) return { problems };
  const tls: PeerTls = { ...(ca === undefined ? {} : { ca }), ...(cert === undefined || key === undefined ? {} : { cert, key }) };
  try {
    createSecureContext(tls);
  } catch (error) {
    return { problems: [{ path: 'scale_out.tls', message: `the CA, certificate or key cannot be used (${(error as Error).message}); give PEM files, the key matching the certificate` }] };
  }
  return { tls, problems };
}
