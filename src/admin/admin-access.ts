import type { RouteRequest } from '../receiver/route.js';

/**
 * A further check on admin requests, run after the body is read. Authentication is
 * not done here: the receiver checks the admin token (`receiver.auth`, role 'admin')
 * from the headers before any body is read, and hands the token's id on as
 * `RouteRequest.tokenId`; this seam is where an audit log of admin actions can hook in.
 */
export interface AdminAccess {
  /** Whether the request may proceed. */
  allows(request: RouteRequest): boolean | Promise<boolean>;
}

export const OPEN_ADMIN_ACCESS: AdminAccess = { allows: () => true };
