import { diag } from '@opentelemetry/api';
import type { ModelKey } from '../extract/inference-batch.js';
import type { HandoffOutcome, VersionHandoff } from '../model/version-handoff.js';
import { parseVersionState, type VersionState } from '../model/version-state.js';
import { modelPath } from '../admin/model-paths.js';
import { ConfigError } from '../config/config-error.js';
import { peerGet, type PeerTls } from './peer-request.js';
import { readPeerTls, readPeerToken } from './peer-token.js';
import { REPLICA_ID_HEADER } from './state-route.js';
import type { ScaleOutConfig } from './scale-out-config.js';

export interface PeerHandoffOptions {
  /** Base URLs of the other replicas' OTLP/HTTP receivers. */
  readonly peers: readonly string[];
  /** The admin token presented to them, when their admin API wants one. */
  readonly token?: string;
  /** The CA and client certificate presented over https. */
  readonly tls?: PeerTls;
  /** This replica's id, sent with every question so that it can tell when it asked itself. */
  readonly replicaId?: string;
  readonly timeoutMs: number;
  readonly maxHeldRows: number;
  readonly ended: (key: ModelKey, outcome: HandoffOutcome) => void;
}

/**
 * Asks the other replicas for a version's state over their admin API (http, or https
 * with `scale_out.tls`): each is asked
 * at once for `GET /v1/models/{name}/{version}/state?release=true`, which hands the
 * state over and forgets it there in one step, so exactly one replica judges the
 * version from then on. A 404 means the replica does not have it.
 */
export class PeerHandoff implements VersionHandoff {
  readonly timeoutMs: number;
  readonly maxHeldRows: number;
  readonly #options: PeerHandoffOptions;

  constructor(options: PeerHandoffOptions) {
    this.#options = options;
    this.timeoutMs = options.timeoutMs;
    this.maxHeldRows = options.maxHeldRows;
  }

  /**
   * The states the other replicas handed over (usually one, none when no replica had it).
   * @throws Error when no state came and some replica could not be asked
   */
  async fetch(key: ModelKey): Promise<VersionState[]> {
    const answers = await Promise.allSettled(this.#options.peers.map((peer) => this.#ask(peer, key)));
    const states = answers.flatMap((answer) => (answer.status === 'fulfilled' && answer.value !== undefined ? [answer.value] : []));
    const failures = answers.flatMap((answer) => (answer.status === 'rejected' ? [answer.reason as Error] : []));
    for (const failure of failures) diag.warn(`modelwatch: asking a replica for ${key.model} ${key.version}: ${failure.message}`);
    if (states.length === 0 && failures.length > 0) throw new Error(`${failures.length} of ${this.#options.peers.length} replicas could not be asked`);
    return states;
  }

  ended(key: ModelKey, outcome: HandoffOutcome): void {
    this.#options.ended(key, outcome);
  }

  /**
   * One peer's state of the version, or undefined when it has none. A peer that is
   * itself asking for the version (503) may be about to get it: it is asked again
   * after its Retry-After delay, within the handoff's time.
   */
  async #ask(peer: string, key: ModelKey): Promise<VersionState | undefined> {
    const url = new URL(`${modelPath(key, 'state')}?release=true`, peer);
    const token = this.#options.token;
    const headers = {
      accept: 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(this.#options.replicaId === undefined ? {} : { [REPLICA_ID_HEADER]: this.#options.replicaId }),
    };
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const { status, body, retryAfterMs } = await peerGet(url, headers, Math.max(deadline - Date.now(), 1), this.#options.tls);
      if (status === 404) return undefined;
      if (status === 200) return parseVersionState(body, key.model, key.version);
      const wait = retryAfterMs ?? DEFAULT_RETRY_MS;
      if (status !== 503 || Date.now() + wait >= deadline) throw new Error(`${url.origin} answered ${status}: ${body.slice(0, 200)}`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** How long to wait before asking a busy peer again when it gives no Retry-After. */
const DEFAULT_RETRY_MS = 200;

/**
 * The handoff `scale_out` asks for, or undefined without peers.
 * @throws ConfigError when the token to present cannot be read
 */
export function peerHandoff(
  settings: Readonly<Omit<ScaleOutConfig, 'peers'>> & { readonly peers: readonly string[] }, replicaId: string, ended: (outcome: HandoffOutcome) => void,
): PeerHandoff | undefined {
  if (settings.peers.length === 0) return undefined;
  const { token, problems } = readPeerToken(settings, process.cwd());
  const { tls, problems: tlsProblems } = readPeerTls(settings.tls, process.cwd());
  if (problems.length + tlsProblems.length > 0) throw new ConfigError('scale_out', [...problems, ...tlsProblems]);
  return new PeerHandoff({
    peers: settings.peers, timeoutMs: settings.handoff_timeout, maxHeldRows: settings.handoff_max_records, replicaId,
    ...(token === undefined ? {} : { token }),
    ...(tls === undefined ? {} : { tls }),
    ended: (_key, outcome) => ended(outcome),
  });
}
