/**
 * @module transport
 * One request of one operation: the URL from the operation table, the key, a timeout, the answer
 * parsed, failures turned into FrameshotError, and the one retry policy — a 429 or 503 that says
 * when to come back (`Retry-After` ≤ 60 s) is sent again, since both mean nothing was charged.
 */
import { FrameshotError } from './errors.js';
import { type OperationId } from './generated/operations.js';
import type { ApiResponse, RequestInput, ResultOf } from './types.js';
export interface FrameshotOptions {
    /** `sf_live_…` or `sf_test_…`. Default: FRAMESHOT_API_KEY from the environment; `null` sends none. */
    apiKey?: string | null;
    /** The deployment. Default: FRAMESHOT_BASE_URL from the environment, else http://localhost:8787. */
    baseUrl?: string;
    /** A `fetch` to use instead of the global one. */
    fetch?: typeof fetch;
    /** How long one request may take, in ms (default 60 000). */
    timeoutMs?: number;
    /** How often a 429/503 with `Retry-After` ≤ 60 s is retried (default 2). */
    maxRetries?: number;
    /** Sent as `User-Agent` (default `frameshot-sdk/<version>`, except in a web page, whose browser sets its own). */
    userAgent?: string;
    /** Told before each retry, with the error that caused it and the seconds it waits. */
    onRetry?: (error: FrameshotError, waitSeconds: number) => void;
}
/** `Retry-After` in seconds (a number or an HTTP date), or undefined. */
export declare function retryAfterSeconds(headers: Headers): number | undefined;
/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export declare function sleep(ms: number, signal?: AbortSignal): Promise<void>;
/** A random Idempotency-Key, so a retried POST is answered once and charged once. */
export declare function newIdempotencyKey(): string;
export declare class Transport {
    #private;
    readonly baseUrl: string;
    constructor(options?: FrameshotOptions);
    /** The URL of an operation with its path and query parameters filled in. */
    url<Id extends OperationId>(id: Id, input?: Pick<RequestInput<Id>, 'path' | 'query'>): string;
    /** Sends one operation, retrying a 429/503 the server says to retry; throws FrameshotError on a failure. */
    send<Id extends OperationId>(id: Id, input?: RequestInput<Id>): Promise<ApiResponse<ResultOf<Id>>>;
}
