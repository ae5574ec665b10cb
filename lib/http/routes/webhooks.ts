/**
 * @module http/routes/webhooks
 * `GET /v1/webhooks/secret` (scope `jobs`): the account's Standard Webhooks secret, which signs
 * webhooks of jobs without a project (a project's own secret is on its signing-secret route).
 */
import type { MiddlewareHandler } from 'hono';
import type { Deps } from '../../deps.ts';
import { accountWebhookSecret } from '../../store/accounts.ts';
import type { AppEnv } from '../env.ts';
import { createRouter, type Registry } from '../router.ts';

export function webhookRoutes(deps: Deps, registry: Registry, account: MiddlewareHandler<AppEnv>[]) {
  const router = createRouter({ registry, mount: '/v1/webhooks', tag: 'Jobs', account });
  router.on(
    {
      method: 'get',
      path: '/secret',
      summary: "The account's webhook signing secret (whsec_…)",
      scope: 'jobs',
      responses: { 200: { description: '{ webhook_secret }' } },
    },
    async (c) =>
      c.json({
        webhook_secret: await accountWebhookSecret(
          deps.table,
          c.get('auth').account.id,
          deps.config.encryptionKey,
        ),
      }),
  );
  return router.app;
}
