/**
 * @module http/errors
 * One place that turns anything thrown into the contract's error envelope (§1).
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { AppEnv } from './env.ts';

export function envelope(c: Context, err: ApiError): Response {
  return c.json(
    { error: { code: err.code, message: err.message, ...err.extra } },
    err.status as ContentfulStatusCode,
    {
      ...(err.retryAfter === undefined ? {} : { 'Retry-After': String(err.retryAfter) }),
      ...err.headers,
    },
  );
}

/** Hono's own exceptions (e.g. from built-in middleware) mapped onto our codes. */
function fromHttpException(err: HTTPException): ApiError {
  switch (err.status) {
    case 401:
      return new ApiError('unauthorized', 401, err.message || 'Unauthorized');
    case 413:
      return new ApiError('payload_too_large', 413, 'Request body is larger than 256 KiB');
    case 404:
      return new ApiError('not_found', 404, err.message || 'Not found');
    default:
      return err.status < 500
        ? new ApiError('invalid_params', 400, err.message || 'Bad request')
        : new ApiError('internal_error', 500, 'Internal error');
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/** An AWS SDK call that failed because the service is down or overloaded (not a bug of ours). */
function backingServiceDown(err: unknown): string | undefined {
  const e = err as {
    $metadata?: { httpStatusCode?: number };
    $fault?: string;
    code?: string;
    name?: string;
    cause?: unknown;
  };
  const code = e.code ?? (e.cause as { code?: string } | undefined)?.code;
  if (code && NETWORK_CODES.has(code)) return 'a backing service is unreachable';
  if (e.name === 'TimeoutError' || e.name === 'RequestTimeout') return 'a backing service timed out';
  if (e.$metadata && (e.$fault === 'server' || (e.$metadata.httpStatusCode ?? 0) >= 500))
    return 'a backing service failed';
  if (
    [
      'ProvisionedThroughputExceededException',
      'ThrottlingException',
      'RequestLimitExceeded',
      'SlowDown',
    ].includes(e.name ?? '')
  ) {
    return 'a backing service is throttling';
  }
  return undefined;
}

export function onError(logger: Logger): ErrorHandler<AppEnv> {
  return function onError(err, c) {
    const requestId = c.get('requestId');
    if (err instanceof ApiError) {
      if (err.status >= 500) logger.error('request failed', { requestId, code: err.code, err });
      return envelope(c, err);
    }
    if (err instanceof HTTPException) return envelope(c, fromHttpException(err));
    const down = backingServiceDown(err);
    if (down) {
      logger.error('backing service unavailable', { requestId, path: c.req.path, err });
      return envelope(
        c,
        new ApiError(
          'unavailable',
          503,
          `Service temporarily unavailable: ${down}. Retry shortly; nothing was charged.`,
          { request_id: requestId },
        ).withHeaders({ 'Retry-After': '5' }),
      );
    }
    logger.error('uncaught error', { requestId, path: c.req.path, err });
    return envelope(
      c,
      new ApiError(
        'internal_error',
        500,
        `Internal error. Quote request id ${requestId} when you report it; nothing was charged.`,
        { request_id: requestId },
      ),
    );
  };
}

export const notFound: NotFoundHandler<AppEnv> = (c) =>
  envelope(
    c,
    new ApiError(
      'not_found',
      404,
      `No route ${c.req.method} ${c.req.path}. See /docs for the API reference.`,
    ),
  );
