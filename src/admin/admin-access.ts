import type { RouteRequest } from '../receiver/route.js';

/**
 * A further check on admin requests, run after the body is read. Authentication is
 * not done here: the receiver checks the admin token (`receiver.auth`, role 'admin')
 * from the headers before any body is read, and hands the token's id on as
 * `RouteRequest.tokenId`, which the audit log records (see admin-routes.ts). A
 * request this check refuses is answered 403 and, on an audited route, recorded so.
 */
export interface AdminAccess {
  /** Whether the request may proceed. */
  allows(request: RouteRequest): boolean | Promise<boolean>;
}

export const OPEN_ADMIN_ACCESS: AdminAccess = { allows: () => true };
