/**
 * @module http/routes/webhooks
 * `GET /v1/webhooks/secret` (scope `jobs`): the account's Standard Webhooks secret, which signs
 * webhooks of jobs without a project (a project's own secret is on its signing-secret route).
 */
import type { MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import type { Deps } from '../../deps.ts';
import { accountWebhookSecret } from '../../store/accounts.ts';
import type { AppEnv } from '../env.ts';
import { named } from '../openapi.ts';
import { createRouter, type Registry } from '../router.ts';
import { str } from '../views.ts';

const WebhookSecret = named(
  'WebhookSecret',
  v.object({
    webhook_secret: str('The secret, `whsec_` + base64: verify webhook signatures with it'),
  }),
);

export function webhookRoutes(deps: Deps, registry: Registry, account: MiddlewareHandler<AppEnv>[]) {
  const router = createRouter({ registry, mount: '/v1/webhooks', tag: 'Jobs', account });
  router.on(
    {
      operationId: 'getWebhookSecret',
      method: 'get',
      path: '/secret',
      summary: "The account's webhook signing secret (whsec_…)",
      description:
        'The Standard Webhooks secret that signs the webhooks of jobs without a project (`webhook-signature: v1,<base64 HMAC-SHA256>`). A project’s own secret is at GET /v1/projects/{id}/signing-secret.',
      scope: 'jobs',
      responses: {
        200: {
          description: 'The secret',
          schema: WebhookSecret,
          example: { webhook_secret: 'whsec_ZG9jcy1vbmx5LXdlYmhvb2stc2VjcmV0MDA=' },
        },
      },
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
