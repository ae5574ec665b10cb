/**
 * @module http/middleware/cors
 * Cross-origin access for browser code (Hono's `cors`), mounted first so that a preflight is
 * answered 204 on every route before authentication or the 405 check, and every answer — errors
 * included — carries the headers a page needs to read it. Keys travel in `Authorization`, never
 * in cookies, so credentials are never allowed and `*` exposes nothing a page could not send itself.
 */
import type { MiddlewareHandler } from 'hono';
import { cors as honoCors } from 'hono/cors';
import { ANSWER_HEADERS, FIELD_HEADERS } from '../answer-headers.ts';
import type { AppEnv } from '../env.ts';

export interface CorsOptions {
  /** Origins allowed to call the API (`scheme://host[:port]`), or `['*']` for any. */
  origins: readonly string[];
  /** Path prefixes open to any origin whatever `origins` says: public routes that take no key. */
  public?: readonly string[];
}

/** What clients send besides the simple headers. */
export const CORS_ALLOW_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'];

/** What a page may read from a response: ids, limits, where a render went and the capture summary. */
export const CORS_EXPOSE_HEADERS = [
  'X-Request-Id',
  'ETag',
  'Location',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'Retry-After',
  ...ANSWER_HEADERS,
  ...FIELD_HEADERS,
];

const METHODS = ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * CORS for the whole API. A listed origin is echoed back (with `Vary: Origin`); any other gets no
 * CORS headers at all — its preflight is a bare 204 — so its browser keeps the answer from the page.
 *
 * @example
 * app.use('*', cors({ origins: deps.config.corsOrigins, public: ['/v1/backgrounds'] }))
 */
export function cors(options: CorsOptions): MiddlewareHandler<AppEnv> {
  const settings = {
    allowMethods: METHODS,
    allowHeaders: CORS_ALLOW_HEADERS,
    exposeHeaders: CORS_EXPOSE_HEADERS,
    credentials: false,
    maxAge: 86_400,
  };
  const anyOrigin = honoCors({ ...settings, origin: '*' });
  const listed = options.origins.includes('*')
    ? anyOrigin
    : honoCors({ ...settings, origin: [...options.origins] });
  const allowed = new Set(options.origins);
  const open = options.public ?? [];
  return async function cors(c, next) {
    const path = c.req.path;
    if (open.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return anyOrigin(c, next);
    const origin = c.req.header('Origin');
    if (allowed.has('*') || (origin !== undefined && allowed.has(origin))) return listed(c, next);
    c.header('Vary', 'Origin', { append: true });
    // A preflight is answered on every route, so a refused origin learns nothing but "no".
    if (c.req.method === 'OPTIONS' && c.req.header('Access-Control-Request-Method')) return c.body(null, 204);
    await next();
  };
}
