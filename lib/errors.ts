/**
 * @module errors
 * The one error family of the contract (§1). Domain code throws these; the HTTP layer's
 * `onError` turns any of them into the envelope `{ error: { code, message, ...extra } }`.
 */

export type ErrorCode =
  | 'invalid_params'
  | 'unauthorized'
  | 'insufficient_credits'
  | 'forbidden_scope'
  | 'not_found'
  | 'method_not_allowed'
  | 'idempotency_conflict'
  | 'payload_too_large'
  | 'capture_failed'
  | 'rate_limited'
  | 'unavailable'
  | 'internal_error'
  // The device authorization grant's own codes (RFC 8628), on POST /v1/device/token.
  | 'authorization_pending'
  | 'slow_down'
  | 'expired_token';

export interface IssueDetail {
  path: string;
  message: string;
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    /** Extra fields of the envelope's `error` object (`reason`, `status`, `details`, …). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** Response headers that belong with this error (`WWW-Authenticate`, `Allow`, …); set in http/ only. */
  readonly headers: Record<string, string> = {};

  /** Whole seconds after which a retry may succeed; http/errors sends it as `Retry-After`. */
  retryAfter?: number;

  withHeaders(headers: Record<string, string>): this {
    Object.assign(this.headers, headers);
    return this;
  }
}

export class InvalidParams extends ApiError {
  constructor(message: string, details?: IssueDetail[]) {
    super('invalid_params', 400, message, details?.length ? { details } : {});
  }
}

export class NotFound extends ApiError {
  constructor(message = 'Not found') {
    super('not_found', 404, message);
  }
}

export type CaptureFailReason =
  | 'navigation_timeout'
  | 'http_error'
  | 'dns_error'
  | 'connection_failed'
  | 'selector_not_found'
  | 'element_not_found'
  | 'target_blocked'
  | 'render_failed';

/** 422: the target or the render failed; retrying only helps after fixing the request or the page. */
export class CaptureFailed extends ApiError {
  override name = 'CaptureFailed';
  constructor(
    readonly reason: CaptureFailReason,
    message: string,
    extra: { status?: number } & Record<string, unknown> = {},
  ) {
    super('capture_failed', 422, message, { reason, ...extra });
  }
}

/** 503: a backing service (DynamoDB, S3, SQS, the browser) is down. Retryable; nothing was charged. */
export class Unavailable extends ApiError {
  override name = 'Unavailable';
  constructor(
    readonly service: 'dynamodb' | 's3' | 'sqs' | 'browser' | 'webhook',
    message: string,
    options?: { cause?: unknown; retryAfter?: number },
  ) {
    super('unavailable', 503, message, { service });
    if (options?.cause) this.cause = options.cause;
    if (options?.retryAfter !== undefined) this.retryAfter = options.retryAfter;
  }
}

/** Retryable failures go back to the queue; everything else fails a job at once. */
export const isRetryable = (err: unknown): boolean => err instanceof Unavailable;
