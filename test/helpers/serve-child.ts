import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** `modelwatch serve` run as its own process, the way a user runs it (and a kill -9 kills it). */
export interface ServeChild {
  readonly process: ChildProcessWithoutNullStreams;
  /** `http://127.0.0.1:<OTLP port>`. */
  readonly base: string;
  readonly exited: Promise<void>;
}

/**
 * Starts the real CLI with `--config configFile --data-dir dataDir` on free loopback
 * ports; resolves once it says where OTLP/HTTP listens (rejects after 20 s, or if it exits first).
 * OTLP/gRPC is off unless `grpcPort` names a port for it.
 */
export async function serveWithDataDir(dataDir: string, configFile: string, options: { grpcPort?: number } = {}): Promise<ServeChild> {
  const child = spawn(process.execPath, [cli, 'serve', '--config', configFile, '--data-dir', dataDir, '--port', '0', '--grpc-port', String(options.grpcPort ?? 0), '--prometheus-port', '0']);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let stderr = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 20_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /OTLP\/HTTP on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
      if (match !== null) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on('exit', () => reject(new Error(`serve exited early: ${stderr}`)));
  });
  return { process: child, base: `http://127.0.0.1:${port}`, exited };
}
