import { createSecureContext } from 'node:tls';
import type { ConfigProblem } from '../config/config-error.js';
import { readSettingFile } from '../config/read-setting-file.js';
import type { ReceiverTls } from '../receiver/receiver-options.js';

/** The `receiver.tls` keys. */
export interface TlsSettings {
  readonly cert_file?: string | undefined;
  readonly key_file?: string | undefined;
  readonly client_ca_file?: string | undefined;
}

/**
 * Reads the receiver's certificate, key and client CA (relative paths against
 * `baseDir`) and checks that Node can build a TLS context from them (a key that does
 * not match the certificate, or a file that is not PEM, is found at startup rather
 * than at the first handshake). Undefined `tls` when no file is configured.
 */
export function readTlsFiles(settings: TlsSettings, baseDir: string): { tls?: ReceiverTls; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const read = (key: keyof TlsSettings): Buffer | undefined => {
    const file = settings[key];
    return file === undefined ? undefined : readSettingFile(`receiver.tls.${key}`, file, baseDir, problems);
  };
  const cert = read('cert_file');
  const key = read('key_file');
  const clientCa = read('client_ca_file');
  if (cert === undefined || key === undefined || problems.length > 0) return { problems };
  const tls: ReceiverTls = { cert, key, ...(clientCa === undefined ? {} : { clientCa }) };
  try {
    createSecureContext({ cert, key, ...(clientCa === undefined ? {} : { ca: clientCa }) });
  } catch (error) {
    // OpenSSL's message names what is wrong (no start line, key values mismatch); it holds no key material.
    problems.push({ path: 'receiver.tls', message: `the certificate, key or client CA cannot be used (${(error as Error).message}); give PEM files, the key matching the certificate` });
    return { problems };
  }
  return { tls, problems };
}
