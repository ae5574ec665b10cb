/**
 * @module http/router
 * Route groups as Hono sub-apps whose operations are also recorded, with their valibot schemas,
 * in one registry — the source of `GET /openapi.json`. A route with a scope gets the account
 * middleware (auth, rate limit) and the scope check; a route without one is public.
 */
import { type Handler, Hono, type MiddlewareHandler } from 'hono';
import type * as v from 'valibot';
import type { Scope } from '../store/api-keys.ts';
import type { AppEnv } from './env.ts';
import { requireScope } from './middleware/require-scope.ts';

export type Method = 'get' | 'post' | 'patch' | 'delete';

export interface Operation {
  method: Method;
  /** OpenAPI-style path relative to the group, e.g. `/{id}`. */
  path: string;
  summary: string;
  description?: string;
  /** Absent = public route (no key). */
  scope?: Scope;
  body?: v.GenericSchema;
  query?: v.GenericSchema;
  responses: Record<number, { description: string; schema?: v.GenericSchema }>;
}

export interface RegisteredOperation extends Operation {
  fullPath: string;
  tag: string;
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

const honoPath = (openApiPath: string) => openApiPath.replace(/\{(\w+)\}/g, ':$1') || '/';

export function createRouter(options: RouterOptions): Router {
  const app = new Hono<AppEnv>();
  return {
    app,
    on(op, handler) {
      const guards = op.scope
        ? [
            ...options.account,
            requireScope(op.scope),
            ...(op.method === 'post' ? (options.writes ?? []) : []),
          ]
        : [];
      app.on([op.method.toUpperCase()], [honoPath(op.path)], ...guards, handler);
      options.registry.operations.push({
        ...op,
        tag: options.tag,
        fullPath: (options.mount + op.path).replace(/\/$/, '') || '/',
      });
    },
  };
}
