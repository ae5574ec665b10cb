/**
 * @module app
 * The HTTP application. Middleware order reads like the request's path:
 * request id → body limit → (per route) auth → rate limit → scope → validate → handler.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { ConfigError } from './config.ts';
import type { Deps } from './deps.ts';
import { ApiError } from './errors.ts';
import type { ReadinessProbe } from './health.ts';
import type { AppEnv } from './http/env.ts';
import { envelope, notFound, onError } from './http/errors.ts';
import { apiKeyAuth } from './http/middleware/api-key-auth.ts';
import { requestId } from './http/middleware/request-id.ts';
import { Registry } from './http/router.ts';
import { renderRoutes } from './http/routes/renders.ts';
import { systemRoutes } from './http/routes/system.ts';

export const MAX_BODY_BYTES = 256 * 1024;

export interface AppOptions {
  /** Extra readiness checks (the browser, where this process captures). */
  probes?: ReadinessProbe[];
}

export function buildApp(deps: Deps, options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const registry = new Registry();
  const account = [apiKeyAuth({ table: deps.table })];
  if (!deps.config.renderSecret)
    throw new ConfigError('FRAMESHOT_RENDER_SECRET is required: render URLs are signed with it');
  const urls = { base: deps.config.publicBaseUrl, secret: deps.config.renderSecret };
  const renders = renderRoutes(deps, registry, account, urls);

  app.use('*', requestId());
  app.use(
    '*',
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        envelope(
          c,
          new ApiError(
            'method_not_allowed',
            405,
            `${c.req.method} is not allowed on ${c.req.path}. Allowed: ${methods.join(', ')}`,
          ).withHeaders({ Allow: methods.join(', ') }),
        ),
    }),
  );
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError(
          'payload_too_large',
          413,
          'Request body is larger than 256 KiB. Send a smaller body.',
        );
      },
    }),
  );

  app.route('/v1/renders', renders.api);
  app.route('/r', renders.files);
  app.route('/', systemRoutes(deps, registry, options.probes ?? []));

  app.onError(onError(deps.logger));
  app.notFound(notFound);
  return app;
}
