/**
 * @module http/routes/captures
 * `POST|GET /v1/capture` (scope `capture`) and `POST|GET /v1/raw` (scope `raw`), contract §3:
 * read → prepare (captures/prepare: the plan) → enqueue it (`async`) or run it now → respond. A
 * GET with `response_type=image`, or authenticated by a signed URL, answers 302 to the render.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { SCHEMAS } from '../../captures/params.ts';
import { prepare } from '../../captures/prepare.ts';
import { captureNow } from '../../captures/sync.ts';
import type { Deps } from '../../deps.ts';
import { enqueue } from '../../jobs/enqueue.ts';
import { FIELDS } from '../../schemas/capture.ts';
import { AcceptedJob, CaptureResponse } from '../../schemas/response.ts';
import { requestDeadline } from '../deadline.ts';
import type { AppEnv } from '../env.ts';
import { queryReader } from '../query-params.ts';
import { createRouter, type Registry } from '../router.ts';
import { readJson } from '../validate.ts';

const TRANSPORT = new Set<string>(FIELDS.transport);
const responses = {
  201: { description: 'The render', schema: CaptureResponse },
  202: {
    description:
      'The job (async: true, or a synchronous capture that would outlast the request, with async_fallback on); Location names it',
    schema: AcceptedJob,
  },
} as const;
const SUMMARIES = {
  capture: { post: 'Capture and style a page', get: 'Capture with query parameters (also signed URLs)' },
  raw: { post: 'Raw screenshot', get: 'Raw screenshot with query parameters (also signed URLs)' },
} as const;

export function captureRoutes(
  deps: Deps,
  registry: Registry,
  account: MiddlewareHandler<AppEnv>[],
  writes: MiddlewareHandler<AppEnv>[],
) {
  const routers = (['capture', 'raw'] as const).map((kind) => {
    const [schema, query] = [SCHEMAS[kind], queryReader(SCHEMAS[kind])];
    const router = createRouter({ registry, mount: `/v1/${kind}`, tag: 'Captures', account, writes });

    async function run(c: Context<AppEnv>, body: unknown, method: 'get' | 'post') {
      const { account: owner, key, signedUrl } = c.get('auth');
      const { plan, session } = await prepare(deps, { kind, account: owner, test: key.test, body });
      if (plan.jobId) {
        c.header('Location', `/v1/jobs/${plan.jobId}`);
        return c.json(await enqueue(deps, plan), 202);
      }
      const result = await captureNow(deps, plan, session, requestDeadline(c, deps));
      if ('outlasted' in result) {
        const { job } = result.outlasted;
        c.header('Location', `/v1/jobs/${job.jobId}`);
        return c.json({ ...(await enqueue(deps, job)), warnings: job.warnings.slice(-1) }, 202);
      }
      const image =
        method === 'get' && (plan.params.response_type ?? (signedUrl ? 'image' : 'json')) === 'image';
      return image ? c.redirect(result.render.url, 302) : c.json(result.render, 201);
    }

    const read = {
      post: (c: Context<AppEnv>) => readJson(c),
      get: async (c: Context<AppEnv>) => query.read([...new URL(c.req.url).searchParams], TRANSPORT),
    };
    for (const method of ['post', 'get'] as const) {
      const input = method === 'post' ? { body: schema } : { query: schema };
      const op = { scope: kind, responses, method, path: '', summary: SUMMARIES[kind][method], ...input };
      router.on(op, async (c) => run(c, await read[method](c), method));
    }
    return [kind, router.app] as const;
  });
  return Object.fromEntries(routers) as Record<'capture' | 'raw', (typeof routers)[number][1]>;
}
