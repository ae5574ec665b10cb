/**
 * @module http/openapi-errors
 * The error side of the OpenAPI document: the envelope (§1) as a schema, an example of every
 * code, and which statuses an operation can answer from its shape alone (a key → 401/403/429,
 * a body → 400/413, an `{id}` → 404, …); routes add the codes only their handlers throw.
 */
import * as v from 'valibot';
import type { ErrorCode } from '../errors.ts';
import { IDS } from './openapi-examples.ts';
import type { RegisteredOperation } from './router.ts';

const Box = v.pipe(
  v.object({
    x: v.pipe(v.number(), v.description('Left edge, document CSS px')),
    y: v.pipe(v.number(), v.description('Top edge, document CSS px')),
    width: v.pipe(v.number(), v.description('Width, CSS px')),
    height: v.pipe(v.number(), v.description('Height, CSS px')),
  }),
  v.description("An element's box in document CSS px"),
);

const Detail = v.object({
  path: v.optional(v.pipe(v.string(), v.description('invalid_params: the field, dotted (`output.format`)'))),
  message: v.optional(v.pipe(v.string(), v.description('invalid_params: what is wrong with it'))),
  selector: v.optional(v.pipe(v.string(), v.description('element_not_found: a candidate selector'))),
  score: v.optional(v.pipe(v.number(), v.description('element_not_found: how well it matches, 0–1'))),
  text_excerpt: v.optional(v.pipe(v.string(), v.description("element_not_found: the candidate's text"))),
  box: v.optional(Box),
});

export const ErrorEnvelope = v.pipe(
  v.object({
    error: v.pipe(
      v.object({
        code: v.pipe(v.string(), v.description('Machine-readable code: invalid_params, unauthorized, …')),
        message: v.pipe(v.string(), v.description('What went wrong and how to fix it; names the field')),
        reason: v.optional(
          v.pipe(
            v.string(),
            v.description(
              'capture_failed: navigation_timeout, http_error, dns_error, connection_failed, selector_not_found, element_not_found, target_blocked, render_failed',
            ),
          ),
        ),
        status: v.optional(
          v.pipe(v.number(), v.description('capture_failed/http_error: the page’s HTTP status')),
        ),
        details: v.optional(
          v.pipe(
            v.array(Detail),
            v.description(
              'invalid_params: every field and its problem. element_not_found: the best candidates, best first.',
            ),
          ),
        ),
        retry_after: v.optional(
          v.pipe(v.number(), v.description('rate_limited: seconds, as in Retry-After')),
        ),
        credits_required: v.optional(
          v.pipe(v.number(), v.description('insufficient_credits: what the request costs')),
        ),
        scope: v.optional(v.pipe(v.string(), v.description('forbidden_scope: the scope the route needs'))),
        service: v.optional(
          v.pipe(v.string(), v.description('unavailable: the backing service that is down')),
        ),
        request_id: v.optional(
          v.pipe(v.string(), v.description('internal_error/unavailable: quote it when reporting')),
        ),
      }),
      v.description('The error'),
    ),
  }),
  v.description('Every error of every route (§1): `{ error: { code, message, … } }`'),
);

/** One example of each code: the body `error` object. */
export const ERROR_EXAMPLES: Record<ErrorCode, { status: number; error: Record<string, unknown> }> = {
  invalid_params: {
    status: 400,
    error: {
      message:
        'Invalid device. Must be one of: iphone-16-pro, macbook-pro-16, ipad-pro-m4, browser-macos, browser-windows',
      details: [{ path: 'device', message: 'Invalid device. Must be one of: iphone-16-pro, …' }],
    },
  },
  authorization_pending: {
    status: 400,
    error: { message: 'Waiting for approval of code WDJB-MJHT in the browser.' },
  },
  slow_down: { status: 400, error: { message: 'Polling too fast: wait at least 5 s between requests.' } },
  expired_token: {
    status: 400,
    error: { message: 'This login code has expired or was already used. Run `frameshot login` again.' },
  },
  unauthorized: {
    status: 401,
    error: {
      message: 'Missing API key. Send Authorization: Bearer sf_live_… (or the api_key query parameter).',
    },
  },
  insufficient_credits: {
    status: 402,
    error: {
      message:
        'This capture costs 3 credits and the balance is 1. Top up or wait for the monthly renewal; nothing was started.',
      credits_required: 3,
    },
  },
  forbidden_scope: {
    status: 403,
    error: {
      message: 'This API key lacks the "capture" scope (it has: renders). Use a key created with that scope.',
      scope: 'capture',
    },
  },
  not_found: { status: 404, error: { message: `No render ${IDS.render}` } },
  method_not_allowed: { status: 405, error: { message: 'PUT is not allowed on /v1/usage. Allowed: GET' } },
  idempotency_conflict: {
    status: 409,
    error: {
      message:
        'This Idempotency-Key was already used with a different body. Use a new key for a different request.',
    },
  },
  payload_too_large: {
    status: 413,
    error: { message: 'Request body is larger than 256 KiB. Send a smaller body.' },
  },
  capture_failed: {
    status: 422,
    error: {
      message: 'The page did not finish loading within 30000 ms (load). Raise timeout_ms or wait_for less.',
      reason: 'navigation_timeout',
    },
  },
  rate_limited: {
    status: 429,
    error: {
      message: 'Rate limit of 60 requests per minute reached (starter plan). Retry after 12 s.',
      retry_after: 12,
    },
  },
  internal_error: {
    status: 500,
    error: {
      message: `Internal error. Quote request id ${IDS.request} when you report it; nothing was charged.`,
      request_id: IDS.request,
    },
  },
  unavailable: {
    status: 503,
    error: {
      message:
        'Service temporarily unavailable: a backing service is unreachable. Retry shortly; nothing was charged.',
      request_id: IDS.request,
    },
  },
};

/** The shared responses of components.responses: one code each, named by what happened. */
export const SHARED_RESPONSES: Record<string, { code: ErrorCode; description: string }> = {
  InvalidParams: {
    code: 'invalid_params',
    description: 'invalid_params: the request is malformed or a value is not accepted',
  },
  Unauthorized: {
    code: 'unauthorized',
    description: 'unauthorized: missing, unknown or revoked key, or a bad signature',
  },
  ForbiddenScope: {
    code: 'forbidden_scope',
    description: 'forbidden_scope: the key lacks the route’s scope',
  },
  NotFound: { code: 'not_found', description: 'not_found: no such resource in your account' },
  IdempotencyConflict: {
    code: 'idempotency_conflict',
    description:
      'idempotency_conflict: the Idempotency-Key was used with another body, or is still in progress',
  },
  PayloadTooLarge: {
    code: 'payload_too_large',
    description:
      'payload_too_large: the body is over 256 KiB (4 MiB on /v1/capture and /v1/raw, which take html)',
  },
  RateLimited: {
    code: 'rate_limited',
    description: 'rate_limited: over the limit; Retry-After says when to retry',
  },
  InternalError: {
    code: 'internal_error',
    description: 'internal_error: a bug; the message carries the request id',
  },
  Unavailable: {
    code: 'unavailable',
    description: 'unavailable: a backing service is down; nothing was charged; retry after Retry-After',
  },
};

/** The error codes an operation can answer with from its shape, by status. */
export function impliedErrors(op: RegisteredOperation): Map<number, ErrorCode[]> {
  const codes = new Map<number, ErrorCode[]>();
  const add = (code: ErrorCode) => {
    const status = ERROR_EXAMPLES[code].status;
    codes.set(status, [...new Set([...(codes.get(status) ?? []), code])]);
  };
  if (op.body || op.query || op.idempotent) add('invalid_params');
  if (op.scope) add('unauthorized');
  if (op.scope) add('forbidden_scope');
  if (op.fullPath.includes('{')) add('not_found');
  if (op.idempotent) add('idempotency_conflict');
  if (op.body) add('payload_too_large');
  if (op.scope || op.addressLimited) add('rate_limited');
  add('internal_error');
  if (op.scope || op.addressLimited || op.signature) add('unavailable');
  return codes;
}
