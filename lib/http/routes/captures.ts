/**
 * @module http/routes/captures
 * `POST|GET /v1/capture` (scope `capture`) and `POST|GET /v1/raw` (scope `raw`), contract §3.
 * Each handler reads the parameters, prepares them (project defaults, schema, auth profile) and
 * hands them to the sync capture or the job queue. A GET with `response_type=image`, or
 * authenticated by a signed URL, answers 302 to the render so it can stand in an `<img src>`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import { effectivePlan } from '../../billing/plans.ts';
import type { CaptureKind } from '../../billing/prices.ts';
import { resolveEmulation } from '../../capture/emulation.ts';
import { prepareCapture, SCHEMAS } from '../../captures/prepare.ts';
import { captureNow, SYNC_TIMEOUT_MS } from '../../captures/sync.ts';
import type { Deps } from '../../deps.ts';
import { InvalidParams } from '../../errors.ts';
import { acceptJob } from '../../jobs/accept.ts';
import { ASYNC_TIMEOUT_MS } from '../../jobs/run.ts';
import type { AppEnv } from '../env.ts';
import { queryReader } from '../query-params.ts';
import { createRouter, type Registry } from '../router.ts';
import { readJson } from '../validate.ts';

/** Query pairs that carry credentials or signatures rather than parameters. */
const TRANSPORT = new Set(['api_key', 'expires', 'signature']);

const CaptureResponseDoc = v.object({
  id: v.string(),
  url: v.string(),
  width: v.number(),
  height: v.number(),
  format: v.string(),
  duration_ms: v.number(),
  credits_used: v.number(),
  cached: v.boolean(),
  warnings: v.array(v.string()),
  created_at: v.string(),
});

export function captureRoutes(
  deps: Deps,
  registry: Registry,
  account: MiddlewareHandler<AppEnv>[],
  writes: MiddlewareHandler<AppEnv>[],
) {
  const routers = (['capture', 'raw'] as const).map((kind) => {
    const schema = SCHEMAS[kind];
    const query = queryReader(schema);
    const router = createRouter({ registry, mount: `/v1/${kind}`, tag: 'Captures', account, writes });

    async function run(c: Context<AppEnv>, body: unknown, method: 'get' | 'post') {
      const { account: owner, key, signedUrl } = c.get('auth');
      const { params, project, session, warnings } = await prepareCapture(deps, {
        kind: kind as CaptureKind,
        accountId: owner.id,
        body,
      });
      if ((params.timeout_ms ?? 0) > SYNC_TIMEOUT_MS && !params.async) {
        throw new InvalidParams(
          `Invalid timeout_ms. Synchronous captures allow at most ${SYNC_TIMEOUT_MS}; use "async": true for longer budgets`,
          [{ path: 'timeout_ms', message: `At most ${SYNC_TIMEOUT_MS} without async` }],
        );
      }
      const emulation = resolveEmulation(params);
      const request = {
        kind: kind as CaptureKind,
        params,
        accountId: owner.id,
        test: key.test,
        warnings,
        ...(session ? { session } : {}),
        concurrencyLimit: effectivePlan(owner, deps.config.plans).concurrentCaptures,
        resolvedParams: {
          ...params,
          viewport: emulation.viewport,
          capture_dpr: emulation.dpr,
          user_agent: emulation.userAgent,
          emulate_mobile: emulation.mobile,
          emulate_touch: emulation.touch,
          timeout_ms: params.async
            ? (params.timeout_ms ?? ASYNC_TIMEOUT_MS)
            : Math.min(params.timeout_ms ?? SYNC_TIMEOUT_MS, SYNC_TIMEOUT_MS),
        },
      };
      if (params.async) {
        const accepted = await acceptJob(deps, { ...request, ...(project ? { projectId: project.id } : {}) });
        c.header('Location', `/v1/jobs/${accepted.job_id}`);
        return c.json(accepted, 202);
      }
      const result = await captureNow(deps, request);
      const asImage =
        method === 'get' && (params.response_type ?? (signedUrl ? 'image' : 'json')) === 'image';
      if (asImage) return c.redirect(result.url, 302);
      return c.json(result, 201);
    }

    const doc = {
      scope: kind,
      responses: { 201: { description: 'The render', schema: CaptureResponseDoc } },
    } as const;
    router.on(
      {
        ...doc,
        method: 'post',
        path: '',
        summary: kind === 'capture' ? 'Capture and style a page' : 'Raw screenshot',
        body: schema,
      },
      async (c) => run(c, await readJson(c), 'post'),
    );
    router.on(
      {
        ...doc,
        method: 'get',
        path: '',
        summary: `${kind === 'capture' ? 'Capture' : 'Raw screenshot'} with query parameters (also signed URLs)`,
        query: schema,
      },
      async (c) => run(c, query.read([...new URL(c.req.url).searchParams], TRANSPORT), 'get'),
    );
    return [kind, router.app] as const;
  });
  return Object.fromEntries(routers) as Record<'capture' | 'raw', (typeof routers)[number][1]>;
}
