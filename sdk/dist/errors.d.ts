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
    details?: Array<{
        path?: string;
        message?: string;
    }>;
}
/** What the SDK itself reports when there is no answer to read. */
export type ClientErrorCode = 'network_error' | 'timeout' | 'invalid_signature' | 'invalid_response';
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
export declare class FrameshotError extends Error {
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
    constructor(code: string, message: string, init?: FrameshotErrorInit);
    /** From a failed answer: its envelope, or its status and text when the body is not an envelope. */
    static fromResponse(res: {
        status: number;
        statusText?: string;
        headers: Headers;
        url?: string;
    }, body: unknown, retryAfter?: number): FrameshotError;
    /** From a failed job's `error` (§4). */
    static fromJob(jobId: string, error: ErrorBody | null | undefined, requestId?: string): FrameshotError;
}
