import type { RouteRequest } from '../receiver/route.js';

/**
 * Who may use the admin endpoints. The default lets every caller in, which is safe
 * only because modelwatch listens on 127.0.0.1 unless told otherwise; the hardening
 * issue replaces it with authentication and an audit log through this one seam.
 */
export interface AdminAccess {
  /** Whether the request may proceed. */
  allows(request: RouteRequest): boolean | Promise<boolean>;
}

export const OPEN_ADMIN_ACCESS: AdminAccess = { allows: () => true };
