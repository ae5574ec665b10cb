/**
 * @module http/env
 * The Hono environment: what middleware puts on the context for the handlers after it.
 */
import type { Account } from '../store/accounts.ts';
import type { ApiKey } from '../store/api-keys.ts';

export interface Auth {
  account: Account;
  key: ApiKey;
  /** Set when the request is a signed capture URL (§5) instead of a keyed call. */
  signedUrl?: { projectId: string };
}

export interface AppEnv {
  Variables: {
    requestId: string;
    /** `performance.now()` when the request came in (Server-Timing's `auth` runs from here). */
    receivedAt: number;
    auth: Auth;
    /**
     * Set on routes that overlap the rate-limit write (router `overlapsRateLimit`): settles when
     * the request is admitted, rejects with the 429. Await it before writing or charging anything.
     */
    admitted?: Promise<unknown>;
    /** The route's handler may run alongside the rate-limit write (http/router). */
    overlapsRateLimit?: true;
  };
}
