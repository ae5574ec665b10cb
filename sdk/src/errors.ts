/**
 * @module errors
 * One error class for everything that goes wrong: an answer in the API's error envelope (§1), a
 * job that failed, a network failure or timeout, a webhook that does not verify.
 */

/** The envelope's `error` object (§1), and a failed job's `error` (§4). */
export interface ErrorBody {
  code?: string;
  message?: string;
  reason?: string;
  /** For `capture_failed`/`http_error`: the page's HTTP status. */
  status?: number;
  details?: Array<{ path?: string; message?: string }>;
}

/** What the SDK itself reports when there is no answer to read. */
export type ClientErrorCode = 'network_error' | 'timeout' | 'invalid_signature' | 'invalid_response';

/** The HTTP status each envelope code stands for (§1), so a failed job reads like the request would. */
const STATUS_OF_CODE: Record<string, number> = {
  invalid_params: 400,
  unauthorized: 401,
  insufficient_credits: 402,
  forbidden_scope: 403,
  not_found: 404,
  idempotency_conflict: 409,
  payload_too_large: 413,
  capture_failed: 422,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
};

export interface FrameshotErrorInit {
  status?: number;
  reason?: string;
  details?: ErrorBody['details'];
  requestId?: string;
  retryAfter?: number;
  pageStatus?: number;
  jobId?: string;
  cause?: unknown;
}

export class FrameshotError extends Error {
  /** The HTTP status of the answer (for a failed job: the status its code stands for); absent without an answer. */
  readonly status?: number;
  /** The envelope's code (`invalid_params`, `capture_failed`, …) or one of ClientErrorCode. */
  readonly code: string;
  /** For `capture_failed`: `navigation_timeout`, `http_error`, `selector_not_found`, … */
  readonly reason?: string;
  /** For `invalid_params`: one entry per problem, `path` dotted (`output.format`). */
  readonly details?: ErrorBody['details'];
  /** The answer's `X-Request-Id`: quote it when you report a problem. */
  readonly requestId?: string;
  /** Seconds the server asked to wait (`Retry-After`) on a 429 or 503. */
  readonly retryAfter?: number;
  /** For `reason: http_error`: the status the page answered with. */
  readonly pageStatus?: number;
  /** The job, when the error is a failed or unfinished job's. */
  readonly jobId?: string;

  constructor(code: string, message: string, init: FrameshotErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'FrameshotError';
    this.code = code;
    this.status = init.status;
    this.reason = init.reason;
    this.details = init.details;
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
    this.pageStatus = init.pageStatus;
    this.jobId = init.jobId;
  }

  /** From a failed answer: its envelope, or its status and text when the body is not an envelope. */
  static fromResponse(
    res: { status: number; statusText?: string; headers: Headers; url?: string },
    body: unknown,
    retryAfter?: number,
  ): FrameshotError {
    const error = errorBodyOf(body);
    const text = typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : '';
    return new FrameshotError(
      error?.code ?? codeOfStatus(res.status),
      error?.message ?? `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${text}`,
      {
        status: res.status,
        reason: error?.reason,
        details: error?.details,
        pageStatus: error?.status,
        requestId: res.headers.get('x-request-id') ?? undefined,
        retryAfter,
      },
    );
  }

  /** From a failed job's `error` (§4). */
  static fromJob(jobId: string, error: ErrorBody | null | undefined, requestId?: string): FrameshotError {
    const code = error?.code ?? 'internal_error';
    return new FrameshotError(code, error?.message ?? `${jobId} failed`, {
      status: STATUS_OF_CODE[code] ?? 500,
      reason: error?.reason,
      details: error?.details,
      pageStatus: error?.status,
      requestId,
      jobId,
    });
  }
}

function errorBodyOf(body: unknown): ErrorBody | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null ? (error as ErrorBody) : undefined;
}

/** A code for answers without an envelope (a proxy's error page). */
function codeOfStatus(status: number): string {
  const known = Object.entries(STATUS_OF_CODE).find(([, s]) => s === status);
  return known ? known[0] : status >= 500 ? 'internal_error' : 'http_error';
}
