/**
 * The admin actions the audit log names. The six that act on a model version are
 * audited whenever they are asked for (whatever their outcome); the reads of the
 * admin API are audited only when refused (401 / 403), as a sign of someone probing.
 */
export type AuditAction =
  | 'reference.replace'
  | 'reference.reset'
  | 'model.delete'
  | 'samples.export'
  | 'state.export'
  | 'state.import'
  | 'models.list'
  | 'state.read'
  | 'audit.read';

/**
 * How the caller got in, or why not:
 * - `token`: with the configured admin token named by `tokenId`;
 * - `open`: no token is configured, so anyone who reaches the port is let in (no id to record);
 * - `missing`: refused (401), no bearer token presented;
 * - `unknown`: refused (401), a bearer token that is none of the configured ones;
 * - `forbidden`: refused (403), a configured token without the admin role (`tokenId` names it).
 */
export type AuditAccess = 'token' | 'open' | 'missing' | 'unknown' | 'forbidden';

/** One audited admin action. Never holds a token, only the id a token was configured with. */
export interface AuditRecord {
  /** When the action was asked for (Unix ms). */
  readonly timeUnixMs: number;
  readonly action: AuditAction;
  /** The configured id of the token presented (`token`, `forbidden`), else null. */
  readonly tokenId: string | null;
  readonly access: AuditAccess;
  /** The model version acted on; null when the request named none. */
  readonly model: string | null;
  readonly version: string | null;
  /** The HTTP status answered. */
  readonly outcome: number;
  /**
   * For the actions that change a reference (replace, reset, delete): the digest of
   * the version's reference in force before and after (referenceDigest), or
   * NO_REFERENCE when it had none (collecting one, unknown, or deleted). Absent for
   * the other actions.
   */
  readonly referenceBefore?: string;
  readonly referenceAfter?: string;
}

/** The digest field of a version without a reference in force. */
export const NO_REFERENCE = 'none';

/** The actions that change what a version is monitored against, whose records carry the digests before and after. */
export const REFERENCE_CHANGING: ReadonlySet<AuditAction> = new Set(['reference.replace', 'reference.reset', 'model.delete', 'state.export', 'state.import']);
