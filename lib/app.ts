/**
 * @module app
 * The HTTP application. Middleware order reads like the request's path:
 * request id → CORS (preflights end here) → body limit → (per route) auth → rate limit → scope → validate → handler.
 */
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { methodNotAllowed } from 'hono/method-not-allowed';
import type { Deps } from './deps.ts';
import { ApiError } from './errors.ts';
import type { ReadinessProbe } from './health.ts';
import type { AppEnv } from './http/env.ts';
import { envelope, notFound, onError } from './http/errors.ts';
import { apiKeyAuth } from './http/middleware/api-key-auth.ts';
import { cors } from './http/middleware/cors.ts';
import { idempotency } from './http/middleware/idempotency.ts';
import { rateLimit } from './http/middleware/rate-limit.ts';
import { renewPeriod } from './http/middleware/renew-period.ts';
import { requestId } from './http/middleware/request-id.ts';
import { signedUrlVerifier } from './http/middleware/signed-url.ts';
import { Registry } from './http/router.ts';
import { authProfileRoutes } from './http/routes/auth-profiles.ts';
import { backgroundRoutes } from './http/routes/backgrounds.ts';
import { captureRoutes } from './http/routes/captures.ts';
import { deviceRoutes } from './http/routes/device.ts';
import { jobRoutes } from './http/routes/jobs.ts';
import { playgroundRoutes } from './http/routes/playground.ts';
import { projectRoutes } from './http/routes/projects.ts';
import { renderRoutes } from './http/routes/renders.ts';
import { systemRoutes } from './http/routes/system.ts';
import { usageRoutes } from './http/routes/usage.ts';
import { webhookRoutes } from './http/routes/webhooks.ts';

export const MAX_BODY_BYTES = 256 * 1024;
/**
 * Capture bodies may carry a whole document (§14 `html`: 2 MiB of UTF-8, more once JSON-escaped).
 * Up to this size the schema names `html` when the document is too big; Lambda takes 6 MB.
 */
export const MAX_CAPTURE_BODY_BYTES = 4 * 1024 * 1024;
const CAPTURE_PATHS = new Set(['/v1/capture', '/v1/raw']);

export interface AppOptions {
  /** Extra readiness checks. */
  probes?: ReadinessProbe[];
}

export function buildApp(deps: Deps, options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const registry = new Registry();
  const limits = { table: deps.table, plans: deps.config.plans, now: deps.now };
  const signedUrls = signedUrlVerifier({
    table: deps.table,
    masterKey: deps.config.encryptionKey,
    now: deps.now,
  });
  const account = [apiKeyAuth({ table: deps.table, signedUrls }), renewPeriod(limits), rateLimit(limits)];
  const writes = [idempotency({ table: deps.table, now: deps.now })];
  const browserProbe: ReadinessProbe = { name: 'browser', check: () => deps.browser.warm() };

  app.use('*', requestId(deps.logger));
  // Preflights end here on every route, before auth and the 405; the backgrounds stay open to any origin.
  app.use('*', cors({ origins: deps.config.corsOrigins, public: ['/v1/backgrounds'] }));
  app.use('*', methodNotAllowed({ app, onMethodNotAllowed: refuseMethod }));
  const smallBody = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: refuseBody });
  const captureBody = bodyLimit({ maxSize: MAX_CAPTURE_BODY_BYTES, onError: refuseCaptureBody });
  app.use('*', (c, next) => (CAPTURE_PATHS.has(c.req.path) ? captureBody : smallBody)(c, next));

  // Route groups register their operations in this order, which is also the reference's order.
  const captures = captureRoutes(deps, registry, account, writes);
  app.route('/v1/capture', captures.capture);
  app.route('/v1/raw', captures.raw);
  app.route('/v1/jobs', jobRoutes(deps, registry, account));
  app.route('/v1/webhooks', webhookRoutes(deps, registry, account));
  const renders = renderRoutes(deps, registry, account, deps.links);
  app.route('/v1/renders', renders.api);
  app.route('/v1/usage', usageRoutes(deps, registry, account));
  app.route('/v1/projects', projectRoutes(deps, registry, account, writes));
  app.route('/v1/auth-profiles', authProfileRoutes(deps, registry, account, writes));
  // Public and open to browsers on any origin (see the cors middleware above), limited per address.
  app.route('/v1/backgrounds', backgroundRoutes(deps, registry));
  const device = deviceRoutes(deps, registry);
  app.route('/v1/device', device.api);
  app.route('/device', device.page);
  app.route('/playground', playgroundRoutes(deps, registry));
  app.route('/r', renders.files);
  app.route('/', systemRoutes(deps, registry, [browserProbe, ...(options.probes ?? [])]));

  app.onError(onError(deps.logger));
  app.notFound(notFound);
  return app;
}

/** 405 in the error envelope, naming the allowed methods (also in `Allow`). */
function refuseMethod(c: Context<AppEnv>, methods: string[]): Response {
  return envelope(
    c,
    new ApiError(
      'method_not_allowed',
      405,
      `${c.req.method} is not allowed on ${c.req.path}. Allowed: ${methods.join(', ')}`,
    ).withHeaders({ Allow: methods.join(', ') }),
  );
}

function refuseBody(): never {
  throw new ApiError('payload_too_large', 413, 'Request body is larger than 256 KiB. Send a smaller body.');
}

function refuseCaptureBody(): never {
  throw new ApiError(
    'payload_too_large',
    413,
    'Request body is larger than 4 MiB. html holds at most 2 MiB: inline less, or host the page and send its url.',
  );
}
