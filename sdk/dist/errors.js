/**
 * @module errors
 * One error class for everything that goes wrong: an answer in the API's error envelope (§1), a
 * job that failed, a network failure or timeout, a webhook that does not verify.
 */
/** The HTTP status each envelope code stands for (§1), so a failed job reads like the request would. */
const STATUS_OF_CODE = {
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
export class FrameshotError extends Error {
    /** The HTTP status of the answer (for a failed job: the status its code stands for); absent without an answer. */
    status;
    /** The envelope's code (`invalid_params`, `capture_failed`, …) or one of ClientErrorCode. */
    code;
    /** For `capture_failed`: `navigation_timeout`, `http_error`, `selector_not_found`, … */
    reason;
    /** For `invalid_params`: one entry per problem, `path` dotted (`output.format`). */
    details;
    /** The answer's `X-Request-Id`: quote it when you report a problem. */
    requestId;
    /** Seconds the server asked to wait (`Retry-After`) on a 429 or 503. */
    retryAfter;
    /** For `reason: http_error`: the status the page answered with. */
    pageStatus;
    /** The job, when the error is a failed or unfinished job's. */
    jobId;
    constructor(code, message, init = {}) {
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
    static fromResponse(res, body, retryAfter) {
        const error = errorBodyOf(body);
        const text = typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : '';
        return new FrameshotError(error?.code ?? codeOfStatus(res.status), error?.message ?? `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${text}`, {
            status: res.status,
            reason: error?.reason,
            details: error?.details,
            pageStatus: error?.status,
            requestId: res.headers.get('x-request-id') ?? undefined,
            retryAfter,
        });
    }
    /** From a failed job's `error` (§4). */
    static fromJob(jobId, error, requestId) {
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
function errorBodyOf(body) {
    if (typeof body !== 'object' || body === null || !('error' in body))
        return undefined;
    const error = body.error;
    return typeof error === 'object' && error !== null ? error : undefined;
}
/** A code for answers without an envelope (a proxy's error page). */
function codeOfStatus(status) {
    const known = Object.entries(STATUS_OF_CODE).find(([, s]) => s === status);
    return known ? known[0] : status >= 500 ? 'internal_error' : 'http_error';
}
