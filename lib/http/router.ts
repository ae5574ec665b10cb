/**
 * @module http/router
 * Route groups as Hono sub-apps whose operations are also recorded, with their valibot schemas,
 * in one registry — the source of `GET /openapi.json`. A route with a scope gets the account
 * middleware (auth, rate limit) and the scope check; a route without one is public.
 */
import { type Handler, Hono, type MiddlewareHandler } from 'hono';
import type * as v from 'valibot';
import type { ErrorCode } from '../errors.ts';
import type { Scope } from '../store/api-keys.ts';
import type { AppEnv } from './env.ts';
import { requireScope } from './middleware/require-scope.ts';

export type Method = 'get' | 'post' | 'patch' | 'delete';

/** Response headers the document knows (components.headers), beyond the ones every response has. */
export type HeaderName =
  | 'Location'
  | 'Retry-After'
  | 'ETag'
  | 'Cache-Control'
  | 'Server-Timing'
  | `X-Frameshot-${'Cache' | 'Render-Id' | 'Credits'}`
  /** A capture response field as a binary answer's header (http/answer-headers FIELD_HEADERS). */
  | `X-Frameshot-${string}`;

export interface Reply {
  description: string;
  /** The JSON body. A schema given a name with `named()` becomes a `$ref` to components.schemas. */
  schema?: v.GenericSchema;
  /** A body that is not JSON: `text/html`, `image/webp`, … */
  media?: string;
  /** Besides the JSON `schema`, the same status may carry image bytes of these media types. */
  alsoImage?: string;
  /** A realistic body: what the reference shows and SDK docs quote. */
  example?: unknown;
  headers?: HeaderName[];
  /** Error codes this status carries, each with an example message: `{ rate_limited: 'Rate limit…' }`. */
  codes?: Partial<Record<ErrorCode, string>>;
}

export interface Operation {
  /** Stable camelCase name; SDKs use it as the method name (`createCapture`). */
  operationId: string;
  method: Method;
  /** OpenAPI-style path relative to the group, e.g. `/{id}`. */
  path: string;
  summary: string;
  description?: string;
  /** Absent = public route (no key). */
  scope?: Scope;
  /**
   * Other credentials the route takes: `capture-url` — a signed capture URL (§5) besides a key;
   * `render-link` — the render link's own `expires` + `sig` (§6) instead of a key.
   */
  signature?: 'capture-url' | 'render-link';
  /** A public route limited per client address: `RateLimit-*` headers and a 429. */
  addressLimited?: boolean;
  /**
   * The handler runs alongside the rate-limit write instead of after it (middleware/rate-limit),
   * so its reads cost no extra round trip. Only for a handler that reads until it awaits
   * `c.var.admitted` and writes or charges nothing before: a refusal replaces whatever it answered.
   */
  overlapsRateLimit?: true;
  body?: v.GenericSchema;
  /** Media type of the body when it is not JSON (`application/x-www-form-urlencoded`). */
  bodyMedia?: string;
  query?: v.GenericSchema;
  /** Example request body (or query parameters for a GET). */
  example?: unknown;
  responses: Record<number, Reply>;
}

export interface RegisteredOperation extends Operation {
  fullPath: string;
  tag: string;
  /** POST routes behind the idempotency middleware: they take `Idempotency-Key`. */
  idempotent: boolean;
}

export class Registry {
  readonly operations: RegisteredOperation[] = [];
}

export interface RouterOptions {
  registry: Registry;
  /** Mount point, e.g. `/v1/renders`. */
  mount: string;
  tag: string;
  /** Middleware for routes with a scope: authentication, rate limiting. */
  account: MiddlewareHandler<AppEnv>[];
  /** Middleware for authenticated POST routes, after the scope check (idempotency). */
  writes?: MiddlewareHandler<AppEnv>[];
}

export interface Router {
  app: Hono<AppEnv>;
  on(op: Operation, handler: Handler<AppEnv>): void;
}

/** Marks the request for the rate-limit middleware: see `Operation.overlapsRateLimit`. */
const overlapRateLimit: MiddlewareHandler<AppEnv> = async function overlapRateLimit(c, next) {
  c.set('overlapsRateLimit', true);
  await next();
};

const honoPath = (openApiPath: string) => openApiPath.replace(/\{(\w+)\}/g, ':$1') || '/';

export function createRouter(options: RouterOptions): Router {
  const app = new Hono<AppEnv>();
  return {
    app,
    on(op, handler) {
      const writes = op.scope && op.method === 'post' ? (options.writes ?? []) : [];
      const account = op.overlapsRateLimit ? [overlapRateLimit, ...options.account] : options.account;
      const guards = op.scope ? [...account, requireScope(op.scope), ...writes] : [];
      app.on([op.method.toUpperCase()], [honoPath(op.path)], ...guards, handler);
      options.registry.operations.push({
        ...op,
        tag: options.tag,
        fullPath: (options.mount.replace(/\/$/, '') + op.path).replace(/\/$/, '') || '/',
        idempotent: writes.length > 0,
      });
    },
  };
}
