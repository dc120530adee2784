import { ModelwatchError } from '../errors.js';

/**
 * A server of modelwatch could not listen (port taken, address not on this machine);
 * the message names the address, the reason and the setting to change. Code
 * MODELWATCH_ERR_LISTEN: exit code 2.
 */
export class ListenError extends ModelwatchError {
  /**
   * @param what the server, e.g. `the Prometheus endpoint`
   * @param address `host:port`
   * @param reason the system's code, e.g. `EADDRINUSE`
   * @param fix the setting to change
   */
  constructor(what: string, address: string, reason: string, fix: string) {
    super('MODELWATCH_ERR_LISTEN', address, what, reason, fix);
    this.name = 'ListenError';
  }
}
