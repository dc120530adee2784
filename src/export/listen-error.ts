/**
 * The code of a server that cannot listen (port taken, address not on this
 * machine). It belongs in the catalog of src/errors.ts (exit code 2); it lives here
 * until it moves there.
 */
export const MODELWATCH_ERR_LISTEN = 'MODELWATCH_ERR_LISTEN';

/** A server of modelwatch could not listen; the message names the address, the reason and the setting to change. */
export class ListenError extends Error {
  readonly code = MODELWATCH_ERR_LISTEN;
  readonly exitCode = 2;
  readonly httpStatus = 500;

  /**
   * @param what the server, e.g. `the Prometheus endpoint`
   * @param address `host:port`
   * @param reason the system's code, e.g. `EADDRINUSE`
   * @param fix the setting to change
   */
  constructor(what: string, address: string, reason: string, fix: string) {
    super(`cannot listen on ${address} for ${what} (${reason}); ${fix}`);
    this.name = 'ListenError';
  }
}
