import type { IncomingHttpHeaders } from 'node:http';
import { TokenSet, type AccessToken } from './access-tokens.js';

/**
 * What a route asks of a caller: an ingest token (OTLP, feedback), an admin token
 * (admin API, samples), or nothing ('public': pages that hold no data, such as the
 * live dashboard's HTML, which a browser loads before it can send a token).
 */
export type AccessRole = 'ingest' | 'admin' | 'public';

/**
 * The answer for one request: allowed (with the token's id, when one was asked for),
 * 401 (no token, or one that is not configured), or 403 (a configured token that does
 * not carry the route's role).
 */
export type AccessVerdict =
  | { readonly outcome: 'allowed'; readonly tokenId?: string }
  | { readonly outcome: 'unauthenticated'; readonly reason: 'missing' | 'unknown' }
  | { readonly outcome: 'forbidden'; readonly tokenId: string };

/** The tokens `modelwatch serve` accepts, by role. */
export interface BearerAuthTokens {
  readonly ingest: readonly AccessToken[];
  readonly admin: readonly AccessToken[];
}

const BEARER = /^Bearer +([^\s]+) *$/i;

/**
 * Bearer-token authentication for the receiver's routes (RFC 6750). Ingest routes
 * need an ingest token once any is configured; with none they stay open, as they are
 * on the default 127.0.0.1. Admin routes need an admin token once any token at all is
 * configured: protecting ingest while leaving the admin API (which replaces references
 * and hands out raw records) open would be the wrong way round, so with ingest tokens
 * and no admin tokens the admin API refuses everyone.
 */
export class BearerAuth {
  private readonly ingest: TokenSet;
  private readonly admin: TokenSet;

  constructor(tokens: BearerAuthTokens) {
    this.ingest = new TokenSet(tokens.ingest);
    this.admin = new TokenSet(tokens.admin);
  }

  /** Whether any token is configured (else every request is allowed). */
  get enabled(): boolean {
    return this.ingest.size > 0 || this.admin.size > 0;
  }

  /** The verdict for a request with these headers to a route of this role. */
  check(headers: IncomingHttpHeaders, role: AccessRole): AccessVerdict {
    if (role === 'public') return { outcome: 'allowed' };
    const required = role === 'ingest' ? this.ingest : this.admin;
    if (role === 'ingest' ? required.size === 0 : !this.enabled) return { outcome: 'allowed' };
    const presented = BEARER.exec(headers.authorization ?? '')?.[1];
    if (presented === undefined) return { outcome: 'unauthenticated', reason: 'missing' };
    // Both sets are always asked, so the time taken does not tell which one holds the token.
    const asIngest = this.ingest.identify(presented);
    const asAdmin = this.admin.identify(presented);
    const granted = role === 'ingest' ? asIngest : asAdmin;
    if (granted !== undefined) return { outcome: 'allowed', tokenId: granted };
    const other = asIngest ?? asAdmin;
    return other === undefined ? { outcome: 'unauthenticated', reason: 'unknown' } : { outcome: 'forbidden', tokenId: other };
  }
}
