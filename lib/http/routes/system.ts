/**
 * @module http/routes/system
 * Liveness, readiness, the OpenAPI document and the interactive reference.
 */
import { readFile } from 'node:fs/promises';
import { Scalar } from '@scalar/hono-api-reference';
import { Hono } from 'hono';
import { assetPath } from '../../assets.ts';
import type { Deps } from '../../deps.ts';
import { ApiError } from '../../errors.ts';
import { checkReadiness, type ReadinessProbe } from '../../health.ts';
import type { AppEnv } from '../env.ts';
import { envelope } from '../errors.ts';
import { openApiDocument } from '../openapi.ts';
import type { Registry } from '../router.ts';

export function systemRoutes(deps: Deps, registry: Registry, probes: ReadinessProbe[]): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  let scalarBundle: Promise<Buffer> | undefined;
  let document: unknown;

  app.get('/health', (c) => c.json({ status: 'ok' }));

  app.get('/ready', async (c) => {
    const { ready, checks } = await checkReadiness(deps, probes);
    if (ready) return c.json({ status: 'ready', checks });
    const failing = Object.keys(checks).filter((k) => !checks[k]!.ok);
    return envelope(
      c,
      new ApiError('unavailable', 503, `Not ready: ${failing.join(', ')} unreachable`, { checks }),
    );
  });

  app.get('/openapi.json', (c) => {
    document ??= openApiDocument(registry.operations, deps.config.publicBaseUrl);
    return c.json(document);
  });

  app.get('/docs/scalar.js', async (c) => {
    scalarBundle ??= readFile(assetPath('scalar', 'standalone.js'));
    const body = await scalarBundle;
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=86400',
    });
  });

  app.get(
    '/docs',
    Scalar({ url: '/openapi.json', cdn: '/docs/scalar.js', pageTitle: 'Frameshot API reference' }),
  );

  return app;
}
