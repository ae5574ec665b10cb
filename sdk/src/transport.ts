/**
 * @module transport
 * One request of one operation: the URL from the operation table, the key, a timeout, the answer
 * parsed, failures turned into FrameshotError, and the one retry policy — a 429 or 503 that says
 * when to come back (`Retry-After` ≤ 60 s) is sent again, since both mean nothing was charged.
 */
import { FrameshotError } from './errors.js';
import { type OperationId, operations } from './generated/operations.js';
import { VERSION } from './generated/version.js';
import type { ApiResponse, RequestInput, ResultOf } from './types.js';

/** The longest `Retry-After` the client sits through on its own before handing the error back. */
const MAX_RETRY_AFTER_S = 60;

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

/** The environment where there is one (Node, Deno with --allow-env, Bun); browsers have none. */
function envVar(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.[name] || undefined;
}

/** `Retry-After` in seconds (a number or an HTTP date), or undefined. */
export function retryAfterSeconds(headers: Headers): number | undefined {
  const raw = headers.get('retry-after');
  if (raw === null || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      signal?.removeEventListener('abort', abort);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/** A random Idempotency-Key, so a retried POST is answered once and charged once. */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

export class Transport {
  readonly baseUrl: string;
  readonly #apiKey: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #userAgent: string | undefined;
  readonly #onRetry: FrameshotOptions['onRetry'];

  constructor(options: FrameshotOptions = {}) {
    this.baseUrl = (options.baseUrl ?? envVar('FRAMESHOT_BASE_URL') ?? 'http://localhost:8787').replace(
      /\/+$/,
      '',
    );
    this.#apiKey = options.apiKey === null ? undefined : (options.apiKey ?? envVar('FRAMESHOT_API_KEY'));
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#maxRetries = options.maxRetries ?? 2;
    // In a page a custom User-Agent would only cost a CORS preflight on the public routes.
    const inPage = 'document' in globalThis;
    this.#userAgent = options.userAgent ?? (inPage ? undefined : `frameshot-sdk/${VERSION}`);
    this.#onRetry = options.onRetry;
  }

  /** The URL of an operation with its path and query parameters filled in. */
  url<Id extends OperationId>(id: Id, input: Pick<RequestInput<Id>, 'path' | 'query'> = {}): string {
    const spec = operations[id];
    const path = spec.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = input.path?.[name];
      if (value === undefined || value === '') throw new TypeError(`${id}: the path needs ${name}`);
      return encodeURIComponent(value);
    });
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries((input.query ?? {}) as Record<string, unknown>)) {
      if (value !== undefined && value !== null) query.append(name, String(value));
    }
    const search = query.toString();
    return `${this.baseUrl}${path}${search ? `?${search}` : ''}`;
  }

  /** Sends one operation, retrying a 429/503 the server says to retry; throws FrameshotError on a failure. */
  async send<Id extends OperationId>(
    id: Id,
    input: RequestInput<Id> = {},
  ): Promise<ApiResponse<ResultOf<Id>>> {
    const spec = operations[id];
    const url = this.url(id, input);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.#userAgent) headers['User-Agent'] = this.#userAgent;
    if (spec.auth && this.#apiKey) headers.Authorization = `Bearer ${this.#apiKey}`;
    if (input.body !== undefined) headers['Content-Type'] = 'application/json';
    if (spec.idempotent) headers['Idempotency-Key'] = newIdempotencyKey();
    Object.assign(headers, input.headers);
    const body = input.body === undefined ? undefined : JSON.stringify(input.body);
    for (let attempt = 0; ; attempt++) {
      const { res, data } = await this.#exchange(url, { method: spec.method, headers, body }, input.signal);
      const requestId = res.headers.get('x-request-id') ?? undefined;
      if (res.ok) return { status: res.status, headers: res.headers, data: data as ResultOf<Id>, requestId };
      const wait = retryAfterSeconds(res.headers);
      const error = FrameshotError.fromResponse(res, data, wait);
      const retryable = (res.status === 429 || res.status === 503) && wait !== undefined;
      if (!retryable || wait > MAX_RETRY_AFTER_S || attempt >= this.#maxRetries) throw error;
      this.#onRetry?.(error, wait);
      await sleep(wait * 1000, input.signal);
    }
  }

  /** One fetch and its body, within the timeout; network failures and timeouts as FrameshotError. */
  async #exchange(url: string, init: RequestInit, signal?: AbortSignal) {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const res = await this.#fetch(url, { ...init, signal: both });
      return { res, data: parseBody(await res.text()) };
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (timeout.aborted) {
        throw new FrameshotError('timeout', `${init.method} ${url} took longer than ${this.#timeoutMs} ms`, {
          cause: err,
        });
      }
      const cause = ((err as Error).cause ?? {}) as { code?: string; message?: string };
      const why = cause.code ?? cause.message ?? (err as Error).message ?? String(err);
      throw new FrameshotError('network_error', `Could not reach ${new URL(url).origin} (${why}).`, {
        cause: err,
      });
    }
  }
}

/** JSON, or the text itself when the body is not JSON (a proxy's error page). */
function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
