/**
 * @module http/openapi-components
 * The fixed parts of the OpenAPI document: the headers, shared parameters, security schemes and
 * tags every operation draws from, and the path parameters' descriptions.
 */
import { IDS } from './openapi-examples.ts';

type Json = Record<string, unknown>;

export const PATH_PARAMETERS: Record<string, [string, string]> = {
  '/v1/jobs/{id}': ['The job id (`job_…`)', IDS.job],
  '/v1/renders/{id}': ['The render id (`cap_…`)', IDS.render],
  '/v1/projects/{id}': ['The project id (`prj_…`)', IDS.project],
  '/v1/auth-profiles/{id}': ['The auth profile id (`ap_…`)', IDS.profile],
  '{pack}': ['The pack slug', 'glass'],
  '{slug}': ['The background slug within the pack', 'prism'],
  '{file}': ['The render file: `{cap_id}.{ext}`, as in the render url', `${IDS.render}.png`],
};

export const SIGNED_PARAMETERS = [
  {
    name: 'expires',
    in: 'query',
    required: false,
    description:
      'Signed URL (§5): unix seconds after which the URL is refused; with project_id and signature',
    schema: { type: 'string', pattern: '^\\d{1,12}$' },
    example: '1780326000',
  },
];

export const RENDER_LINK_PARAMETERS = [
  {
    name: 'expires',
    in: 'query',
    required: true,
    description: 'Unix seconds the link is valid until, as the render url carries it',
    schema: { type: 'string' },
    example: '1780326000',
  },
];

/** Binary answers' object fields, as JSON (non-ASCII escaped), when the answer has them. */
function jsonFieldHeaders(fields: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(fields).map(([name, field]) => [
      name,
      {
        description: `\`response_type: "binary"\`: ${field} as JSON (non-ASCII escaped)`,
        schema: { type: 'string' },
      },
    ]),
  );
}

export const HEADERS: Record<string, { description: string; schema: Json }> = {
  'X-Request-Id': {
    description: 'The request id: yours when well-formed, else `req_…`',
    schema: { type: 'string' },
  },
  'RateLimit-Limit': { description: 'Requests admitted per window (a minute)', schema: { type: 'integer' } },
  'RateLimit-Remaining': { description: 'Requests left in the current window', schema: { type: 'integer' } },
  'RateLimit-Reset': { description: 'Seconds until the window frees a request', schema: { type: 'integer' } },
  'Retry-After': {
    description: 'Seconds to wait before retrying (or polling again)',
    schema: { type: 'integer' },
  },
  Location: { description: 'Where to go: the job to poll, or the image', schema: { type: 'string' } },
  ETag: { description: 'Strong entity tag of the body', schema: { type: 'string' } },
  'Cache-Control': { description: 'How long caches may keep the answer', schema: { type: 'string' } },
  'WWW-Authenticate': {
    description: 'How to authenticate: `Bearer realm="frameshot"`',
    schema: { type: 'string' },
  },
  'Server-Timing': {
    description:
      'Where the time went, in ms: `auth`, then `queue` (waiting for a browser), `navigate`, `ready`, `shot`, `compose`, `store` for a fresh render, or `cache` for a cache hit',
    schema: {
      type: 'string',
      example:
        'auth;dur=3, queue;dur=0, navigate;dur=412, ready;dur=96, shot;dur=88, compose;dur=131, store;dur=24',
    },
  },
  'X-Frameshot-Cache': {
    description: '`HIT` when the render came from the cache, else `MISS`',
    schema: { type: 'string', enum: ['HIT', 'MISS'] },
  },
  'X-Frameshot-Render-Id': {
    description: "The render's id (`cap_…`); on a 202, the id the job's render will have",
    schema: { type: 'string' },
  },
  'X-Frameshot-Credits': {
    description: 'Credits charged (0 for a cache hit or a test key); on a 202, the credits reserved',
    schema: { type: 'integer' },
  },
  'X-Frameshot-Url': {
    description: '`response_type: "binary"`: the signed render link (`url`)',
    schema: { type: 'string' },
  },
  'X-Frameshot-Width': {
    description: '`response_type: "binary"`: the image width in px',
    schema: { type: 'integer' },
  },
  'X-Frameshot-Height': {
    description: '`response_type: "binary"`: the image height in px',
    schema: { type: 'integer' },
  },
  'X-Frameshot-Format': {
    description: '`response_type: "binary"`: png, webp, jpg, avif, gif or pdf',
    schema: { type: 'string' },
  },
  'X-Frameshot-Duration-Ms': {
    description: '`response_type: "binary"`: `duration_ms`',
    schema: { type: 'integer' },
  },
  'X-Frameshot-Warnings': {
    description: '`response_type: "binary"`: `warnings` as JSON (non-ASCII escaped)',
    schema: { type: 'string' },
  },
  ...jsonFieldHeaders({
    'X-Frameshot-Resolved-Params': '`resolved_params` (with `show_resolved_params`)',
    'X-Frameshot-Element-Resolved': '`element_resolved` (with `selector` or `element`)',
    'X-Frameshot-Upload': '`upload` (with `upload_url`)',
    'X-Frameshot-Storage': '`storage` (a project with its own bucket)',
    'X-Frameshot-Pdf': '`pdf` (with `output.format: "pdf"`)',
    'X-Frameshot-Animation': '`animation` (with `animation`)',
    'X-Frameshot-Ai-Decisions': '`ai_decisions` (with the AI options or `prompt`)',
  }),
  'X-Frameshot-Created-At': {
    description: '`response_type: "binary"`: `created_at`',
    schema: { type: 'string' },
  },
  'Idempotent-Replayed': {
    description:
      '`true` when the answer is the stored answer of an earlier request with this Idempotency-Key',
    schema: { type: 'string', enum: ['true'] },
  },
};
export const RATE_LIMIT_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'];

export const TAGS: Record<string, string> = {
  Captures: 'Capture a page: styled (`/v1/capture`) or raw (`/v1/raw`), sync or as a job (§3)',
  Jobs: 'Async jobs and their webhooks (§4)',
  Renders: 'Stored renders and their signed links (§6)',
  Usage: 'Credits and usage (§11)',
  Projects: 'Projects: defaults, brand, signing secrets (§7)',
  'Auth profiles': 'Stored credentials for logged-in captures (§8)',
  Backgrounds: 'The public background catalogue (§9)',
  'CLI login': 'The CLI’s browser login, a device authorization grant (§11)',
  System: 'Health, readiness and this reference',
  Playground: 'The interactive playground page and its assets',
};

export const PARAMETERS = {
  RequestId: {
    name: 'X-Request-Id',
    in: 'header',
    required: false,
    description: 'Your id for the request (8–128 of A–Z a–z 0–9 _ . : -): echoed back and logged',
    schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,128}$' },
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes the POST safe to retry: the same key and body within 24 h returns the first answer and charges once; the same key with another body is 409',
    // No example: the reference's client would send the same key with every request.
    schema: { type: 'string', minLength: 1, maxLength: 255 },
  },
};

export const SECURITY_SCHEMES = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key: `Authorization: Bearer sf_live_…` (debits credits) or `sf_test_…` (free)',
  },
  apiKeyQuery: {
    type: 'apiKey',
    in: 'query',
    name: 'api_key',
    description: 'The same key as a query parameter, for clients that cannot set headers',
  },
  signedUrl: {
    type: 'apiKey',
    in: 'query',
    name: 'signature',
    description:
      'A signed capture URL (§5), GET /v1/capture only: add `project_id`, `expires` (unix seconds) and `signature` = lowercase hex HMAC-SHA256(project signing secret, "GET\\n/v1/capture\\n" + every other query pair, each encodeURIComponent(key)=encodeURIComponent(value), sorted, joined with &). Answers 302 to the image.',
  },
  renderLink: {
    type: 'apiKey',
    in: 'query',
    name: 'sig',
    description: 'A render link’s own signature (§6), with its `expires`: use the render `url` as returned',
  },
};
