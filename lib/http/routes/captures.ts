/**
 * @module http/routes/captures
 * `POST|GET /v1/capture` (scope `capture`) and `POST|GET /v1/raw` (scope `raw`), contract §3:
 * read → prepare (captures/prepare: the plan) → enqueue it (`async`) or run it now → respond. A
 * GET with `response_type=image`, or authenticated by a signed URL, answers 302 to the render.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getRenderObject, renderKey } from '../../blobs/renders.ts';
import { SCHEMAS } from '../../captures/params.ts';
import { prepare } from '../../captures/prepare.ts';
import { captureNow } from '../../captures/sync.ts';
import { RENDER_CONTENT_TYPES } from '../../compose/encode.ts';
import type { Deps } from '../../deps.ts';
import { enqueue } from '../../jobs/enqueue.ts';
import { prewarm } from '../../jobs/prewarm.ts';
import { FIELDS, type RenderFormat } from '../../schemas/capture.ts';
import type { CapturePlan } from '../../schemas/plan.ts';
import { AcceptedJob, CaptureResponse } from '../../schemas/response.ts';
import { ANSWER_HEADERS, FIELD_HEADERS, headerName, IN_ANSWER_HEADERS } from '../answer-headers.ts';
import { requestDeadline } from '../deadline.ts';
import type { AppEnv } from '../env.ts';
import { named } from '../openapi.ts';
import { ACCEPTED_JOB, CAPTURE_REQUEST, CAPTURE_RESPONSE, RAW_REQUEST } from '../openapi-examples.ts';
import { queryReader } from '../query-params.ts';
import { createRouter, type Operation, type Registry, type Reply } from '../router.ts';
import { readJson } from '../validate.ts';

const TRANSPORT = new Set<string>(FIELDS.transport);

named('CaptureRequest', SCHEMAS.capture, 'The parameters of a styled capture (POST /v1/capture body)');
named('RawRequest', SCHEMAS.raw, 'The parameters of a raw screenshot (POST /v1/raw body)');
named('CaptureResponse', CaptureResponse, 'A finished capture: the render, its signed url and what it cost');
named('AcceptedJob', AcceptedJob, 'A capture accepted as a job: poll GET /v1/jobs/{id}');

const CAPTURE_FAILED = {
  description:
    'capture_failed: the page or the render failed; `error.reason` says which (navigation_timeout, http_error with `status`, dns_error, connection_failed, selector_not_found, element_not_found, target_blocked, render_failed). Credits are refunded.',
  codes: {
    capture_failed:
      'The page did not finish loading within 30000 ms (load). Raise timeout_ms or wait_for less.',
  },
};
const TOO_MANY = {
  description:
    'rate_limited: over the plan’s requests per minute, or all of its concurrent captures are running; Retry-After says when to retry',
  codes: {
    rate_limited:
      'Your plan allows 2 captures in flight at once and that many are running. Retry when one finishes, or use "async": true to queue.',
  },
};
const SHORT = {
  description: 'insufficient_credits: the capture costs more than the balance; nothing was started',
  codes: {
    insufficient_credits:
      'This capture costs 3 credits and the balance is 1. Top up or wait for the monthly renewal; nothing was started.',
  },
};

const IMAGE = {
  capture: {
    description:
      'The image: `response_type=image`, or a signed URL without `response_type=json`; Location is the render link',
    headers: ['Location', ...ANSWER_HEADERS],
  },
  raw: {
    description: 'The image (`response_type=image`); Location is the render link',
    headers: ['Location', ...ANSWER_HEADERS],
  },
} satisfies Record<string, Reply>;

function replies(kind: 'capture' | 'raw', method: 'get' | 'post'): Operation['responses'] {
  const replies: Operation['responses'] = {
    201: {
      description:
        'The render: its signed `url`, size, what it cost (0 when `cached`). With `response_type: "binary"`, the image bytes instead (Content-Type of the output format) and these fields as `X-Frameshot-*` headers.',
      alsoImage: 'image/*',
      schema: CaptureResponse,
      example:
        kind === 'capture' ? CAPTURE_RESPONSE : { ...CAPTURE_RESPONSE, format: 'webp', credits_used: 1 },
      headers: [...ANSWER_HEADERS, ...FIELD_HEADERS],
    },
    202: {
      description:
        'The job (`async: true`, or a synchronous capture that would outlast the request, with async_fallback on); Location names it',
      schema: AcceptedJob,
      example: ACCEPTED_JOB,
      headers: ['Location', ...ANSWER_HEADERS],
    },
    402: SHORT,
    422: CAPTURE_FAILED,
    429: TOO_MANY,
  };
  if (method === 'get') replies[302] = IMAGE[kind];
  return replies;
}

const ABOUT = {
  capture:
    'Loads the page in headless Chromium, captures it (viewport, full page or one element) and composes it into a styled image: device frame, background, shadow, 3D camera, text. Costs 3 credits (+1 full_page, +1 element, +2/+1/+2/+1 for ai_style/ai_copy/ai_brand/prompt; 0 when cached or with a test key), reserved before anything starts and refunded on failure.',
  raw: 'An unstyled screenshot: source, navigation, viewport, element and output parameters only. Costs 1 credit (0 when cached or with a test key).',
};
const OPERATIONS = {
  capture: {
    post: {
      operationId: 'createCapture',
      summary: 'Capture and style a page',
      description: `${ABOUT.capture} Send \`Idempotency-Key\` to retry safely.`,
      example: CAPTURE_REQUEST,
    },
    get: {
      operationId: 'getCapture',
      summary: 'Capture with query parameters (also signed URLs)',
      description: `${ABOUT.capture} The same parameters as the POST body as a query string: nested fields use dots (\`output.format=webp\`), arrays repeat the key or use commas, \`site\` is \`url\` and \`bg\` is \`background_preset\`. A signed URL (\`project_id\`, \`expires\`, \`signature\`; §5) needs no key, charges the project's account and answers 302 to the image, so it can stand in an \`<img src>\`. \`HEAD\` on the same URL warms it (§14): 200 when the render is cached, else its render starts as a job (once, however many HEADs) and the answer is 202 at once with no body; a GET arriving meanwhile waits for that job instead of rendering and charging again.`,
      example: { url: 'example.com', device: 'iphone-16-pro', response_type: 'image' },
    },
  },
  raw: {
    post: {
      operationId: 'createRaw',
      summary: 'Raw screenshot',
      description: `${ABOUT.raw} Send \`Idempotency-Key\` to retry safely.`,
      example: RAW_REQUEST,
    },
    get: {
      operationId: 'getRaw',
      summary: 'Raw screenshot with query parameters',
      description: `${ABOUT.raw} The same parameters as the POST body as a query string (dotted names for nested fields).`,
      example: { url: 'example.com', full_page: true, 'output.format': 'webp' },
    },
  },
} as const;

/**
 * The headers of every capture answer (§14): `Server-Timing` with the stages in ms, and the
 * render's id, its cost and whether it came from the cache.
 */
function answerHeaders(
  c: Context<AppEnv>,
  a: { id: string; credits: number; cached?: boolean; timings: Record<string, number> },
): void {
  c.header(
    'Server-Timing',
    Object.entries(a.timings)
      .map(([name, ms]) => `${name};dur=${Math.round(ms)}`)
      .join(', '),
  );
  if (a.cached !== undefined) c.header('X-Frameshot-Cache', a.cached ? 'HIT' : 'MISS');
  c.header('X-Frameshot-Render-Id', a.id);
  c.header('X-Frameshot-Credits', String(a.credits));
}

/**
 * `HEAD` on a capture URL (§14): 200 when the render is cached; otherwise its render starts as a
 * job (once, however many HEADs) and the answer is 202 at once, with no body either way.
 */
async function head(c: Context<AppEnv>, deps: Deps, plan: CapturePlan, auth: number): Promise<Response> {
  const warm = await prewarm(deps, plan);
  if ('cached' in warm) {
    answerHeaders(c, { id: warm.cached.id, credits: 0, cached: true, timings: { auth } });
    return c.body(null, 200);
  }
  answerHeaders(c, { id: warm.renderId, credits: warm.price, timings: { auth } });
  c.header('Location', `/v1/jobs/${warm.jobId}`);
  return c.body(null, 202);
}

/** JSON with everything outside printable ASCII escaped, so it is a valid header value. */
const asciiJson = (value: unknown) =>
  JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/**
 * `response_type: "binary"` (§14): 201 with the image in the body, every other field of the capture
 * response as an `X-Frameshot-*` header (strings as they are, the rest as ASCII JSON).
 */
function binaryAnswer(c: Context<AppEnv>, render: CaptureResponse, bytes: Buffer): Response {
  for (const [field, value] of Object.entries(render)) {
    if (IN_ANSWER_HEADERS.has(field) || value === undefined) continue;
    c.header(headerName(field), typeof value === 'string' ? asciiJson(value).slice(1, -1) : asciiJson(value));
  }
  c.header('Content-Type', RENDER_CONTENT_TYPES[render.format as RenderFormat]);
  c.header('Content-Length', String(bytes.length));
  return c.body(new Uint8Array(bytes), 201);
}

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
      const auth = performance.now() - c.get('receivedAt');
      // The request is prepared and the cache read while the rate limit is recorded (the route
      // overlaps it): admitted first when a model may read the prompt, which costs money.
      const admitted = c.get('admitted');
      if (deps.config.ai) await admitted;
      const { plan, session } = await prepare(deps, { kind, account: owner, test: key.test, body });
      if (c.req.method === 'HEAD' || plan.jobId) await admitted;
      if (c.req.method === 'HEAD') return head(c, deps, plan, auth);
      if (plan.jobId) {
        answerHeaders(c, { id: plan.renderId, credits: plan.price, timings: { auth } });
        c.header('Location', `/v1/jobs/${plan.jobId}`);
        return c.json(await enqueue(deps, plan), 202);
      }
      const started = performance.now();
      const result = await captureNow(deps, plan, session, requestDeadline(c, deps), admitted);
      if ('outlasted' in result) {
        const { job } = result.outlasted;
        answerHeaders(c, { id: job.renderId, credits: job.price, timings: { auth } });
        c.header('Location', `/v1/jobs/${job.jobId}`);
        return c.json({ ...(await enqueue(deps, job)), warnings: job.warnings.slice(-1) }, 202);
      }
      const { render } = result;
      const timings = result.timings ?? { cache: performance.now() - started };
      answerHeaders(c, {
        id: render.id,
        credits: render.credits_used,
        cached: render.cached,
        timings: { auth, ...timings },
      });
      const type = plan.params.response_type ?? (method === 'get' && signedUrl ? 'image' : 'json');
      if (type === 'binary') {
        const bucket = { s3: deps.aws.s3, name: deps.config.bucket };
        const bytes =
          result.image ??
          (await getRenderObject(bucket, renderKey(plan.accountId, render.id, render.format)));
        return binaryAnswer(c, render, bytes);
      }
      return type === 'image' && method === 'get' ? c.redirect(render.url, 302) : c.json(render, 201);
    }

    const read = {
      post: (c: Context<AppEnv>) => readJson(c),
      get: async (c: Context<AppEnv>) => query.read([...new URL(c.req.url).searchParams], TRANSPORT),
    };
    for (const method of ['post', 'get'] as const) {
      const input = method === 'post' ? { body: schema } : { query: schema };
      const signature = kind === 'capture' && method === 'get' ? { signature: 'capture-url' as const } : {};
      const op: Operation = {
        ...OPERATIONS[kind][method],
        scope: kind,
        overlapsRateLimit: true,
        method,
        path: '',
        responses: replies(kind, method),
        ...input,
        ...signature,
      };
      router.on(op, async (c) => run(c, await read[method](c), method));
    }
    return [kind, router.app] as const;
  });
  return Object.fromEntries(routers) as Record<'capture' | 'raw', (typeof routers)[number][1]>;
}
