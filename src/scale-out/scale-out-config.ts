import { z } from 'zod';
import { duration, httpUrl, integer, listOf, section, text } from '../config/schema-fields.js';

/**
 * Running as one of several replicas behind the Collector's load-balancing exporter
 * (README "Scale out"): where the other replicas are, so that a model version that
 * moves here (the ring changed) is continued from the state it had there. A fragment
 * of serveConfigSchema, its top-level `scale_out` key.
 */
export const scaleOutSettings = section('scale-out settings', {
  /**
   * Base URLs of the other replicas' OTLP/HTTP receivers (this one may be listed too:
   * it never has what it asks for). A version seen here for the first time, with no
   * reference configured or kept, is asked of each (`GET
   * /v1/models/{name}/{version}/state?release=true`); its records are held meanwhile.
   * Empty: versions start on their own automatic reference at once.
   * @default []
   */
  peers: z.array(httpUrl(), listOf('http:// or https:// URLs')).default([]),
  /**
   * How long a new version's records are held waiting for the other replicas' answer;
   * past it the version starts on its own automatic reference.
   * @default 5000 (5s)
   */
  handoff_timeout: duration().default(5_000),
  /**
   * Records held per version while waiting; past it the wait ends as on the timeout.
   * @default 10000
   */
  handoff_max_records: integer(1).default(10_000),
  /**
   * On shutdown, how long a replica refuses data (503) but still hands its model
   * versions over to the replicas that ask for them, before it closes what is left;
   * it stops earlier once it holds no version. Unset: shut down at once. Give the
   * replica's termination grace period more than this.
   * @default undefined
   */
  drain_timeout: duration().optional(),
  /** Environment variable holding the admin token presented to the other replicas (their admin API). @default none */
  token_env: text('an environment variable name').optional(),
  /** File holding the admin token presented to the other replicas (the token alone, trimmed). @default none */
  token_file: text('a file path').optional(),
  /** For peers on https: what their certificates are checked against, and the client certificate their `receiver.tls.client_ca_file` wants. */
  tls: section('scale-out TLS settings', {
    /** PEM file of the CA the peers' certificates are checked against. @default the system's CAs */
    ca_file: text('a file path').optional(),
    /** PEM client certificate presented to the peers (mTLS). @default none */
    cert_file: text('a file path').optional(),
    /** PEM key of `cert_file`. @default none */
    key_file: text('a file path').optional(),
  }).prefault({}),
}).prefault({});

/** The `scale_out` settings, all set. */
export type ScaleOutConfig = z.output<typeof scaleOutSettings>;
