/**
 * @module http/routes/captures
 * `POST|GET /v1/capture` (scope `capture`) and `POST|GET /v1/raw` (scope `raw`), contract §3.
 * Each handler reads the parameters, validates them with the shared schema, and hands them to
 * the capture service; a GET with `response_type=image` answers 302 to the render.
 */
import type { Context, MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import { effectivePlan } from '../../billing/plans.ts';
import type { CaptureKind } from '../../billing/prices.ts';
import { resolveEmulation } from '../../capture/emulation.ts';
import { captureNow, SYNC_TIMEOUT_MS } from '../../captures/sync.ts';
import type { Deps } from '../../deps.ts';
import { InvalidParams } from '../../errors.ts';
import { acceptJob } from '../../jobs/accept.ts';
import { ASYNC_TIMEOUT_MS } from '../../jobs/run.ts';
import { CaptureParams, RawParams } from '../../schemas/capture.ts';
import type { AppEnv } from '../env.ts';
import { queryReader, unknownFields } from '../query-params.ts';
import { createRouter, type Registry } from '../router.ts';
import { readJson, validate } from '../validate.ts';

/** Query pairs that carry credentials or signatures rather than parameters. */
const TRANSPORT = new Set(['api_key']);

const SCHEMAS = { capture: CaptureParams, raw: RawParams } as const;

const knownFields = (schema: v.GenericSchema): Set<string> => {
  const object = 'pipe' in schema ? (schema.pipe as v.GenericSchema[])[0]! : schema;
  return new Set([
    ...Object.keys((object as unknown as v.ObjectSchema<v.ObjectEntries, undefined>).entries),
    'site',
    'bg',
  ]);
};

/** Parameters of the contract whose feature this deployment does not run yet. */
const NOT_YET: Array<[string, string]> = [
  ['element', 'Natural-language element capture is not available yet: use selector with a CSS selector.'],
  ['ai_style', 'ai_style is not available yet: set background, shadow and padding yourself.'],
  ['ai_copy', 'ai_copy is not available yet: set title and subtitle yourself.'],
  ['ai_brand', 'ai_brand is not available yet: set colours yourself.'],
  ['prompt', 'prompt is not available yet: set the styling parameters yourself.'],
];

function rejectUnsupported(params: Record<string, unknown>): void {
  const problems = NOT_YET.filter(([field]) => params[field] !== undefined && params[field] !== false).map(
    ([path, message]) => ({ path, message }),
  );
  if (problems.length) throw new InvalidParams(problems[0]!.message, problems);
}

function withAliases(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const { site, bg, ...rest } = body as Record<string, unknown>;
  return {
    ...(site !== undefined && rest.url === undefined ? { url: site } : {}),
    ...(bg !== undefined && rest.background_preset === undefined ? { background_preset: bg } : {}),
    ...rest,
  };
}

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
    const known = knownFields(schema);
    const query = queryReader(schema);
    const router = createRouter({ registry, mount: `/v1/${kind}`, tag: 'Captures', account, writes });

    async function run(c: Context<AppEnv>, input: unknown, method: 'get' | 'post') {
      const warnings = unknownFields(input, known).map((k) => `Unknown parameter "${k}" was ignored`);
      const params = validate(schema, withAliases(input));
      rejectUnsupported(params);
      if ((params.timeout_ms ?? 0) > SYNC_TIMEOUT_MS && !params.async) {
        throw new InvalidParams(
          `Invalid timeout_ms. Synchronous captures allow at most ${SYNC_TIMEOUT_MS}; use "async": true for longer budgets`,
          [{ path: 'timeout_ms', message: `At most ${SYNC_TIMEOUT_MS} without async` }],
        );
      }
      const { account: owner, key } = c.get('auth');
      const emulation = resolveEmulation(params);
      const request = {
        kind: kind as CaptureKind,
        params,
        accountId: owner.id,
        test: key.test,
        warnings,
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
        const accepted = await acceptJob(deps, request);
        c.header('Location', `/v1/jobs/${accepted.job_id}`);
        return c.json(accepted, 202);
      }
      const result = await captureNow(deps, request);
      if (method === 'get' && params.response_type === 'image') return c.redirect(result.url, 302);
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
        summary: `${kind === 'capture' ? 'Capture' : 'Raw screenshot'} with query parameters`,
        query: schema,
      },
      async (c) => run(c, query.read([...new URL(c.req.url).searchParams], TRANSPORT), 'get'),
    );
    return [kind, router.app] as const;
  });
  return Object.fromEntries(routers) as Record<'capture' | 'raw', (typeof routers)[number][1]>;
}
