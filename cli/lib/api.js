// @ts-check
/**
 * @module cli/lib/api
 * The HTTP client of the CLI: JSON requests with the bearer key, the error envelope turned into
 * an `ApiError`, one polite retry policy for answers that say "try again" (429 and 503 with
 * `Retry-After`), and render downloads.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError, CliError } from './errors.js';
import { VERSION } from './version.js';

const USER_AGENT = `frameshot-cli/${VERSION} node/${process.versions.node}`;
/** Longest `Retry-After` the CLI sits through on its own before giving the error back. */
const MAX_AUTO_WAIT_S = 60;
const MAX_ATTEMPTS = 3;

/**
 * @import { ErrorBody } from './errors.js'
 * @typedef {{ status: number, headers: Headers, data: unknown }} ApiResponse
 * @typedef {{ body?: unknown, auth?: boolean, headers?: Record<string, string> }} RequestOptions
 * @typedef {{ request(method: string, path: string, options?: RequestOptions): Promise<ApiResponse>,
 *   baseUrl: string }} Client
 */

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {Headers} headers @returns {number | undefined} seconds */
export function retryAfterSeconds(headers) {
  const raw = headers.get('retry-after');
  if (raw === null) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

/**
 * `fetch` with the network failure said in words.
 * @param {string} url
 * @param {RequestInit} init
 */
async function send(url, init) {
  try {
    return await fetch(url, init);
  } catch (err) {
    const cause = /** @type {{ code?: string, message?: string }} */ (/** @type {Error} */ (err).cause ?? {});
    const origin = new URL(url).origin;
    throw new CliError(`Could not reach ${origin} (${cause.code ?? cause.message ?? String(err)}).`, {
      details: ['Is the server running? Point the CLI at it with FRAMESHOT_BASE_URL or --base-url.'],
    });
  }
}

/**
 * The parsed JSON, or `{ text }` when the body is not JSON (a proxy's error page).
 * @param {Response} res
 * @returns {Promise<unknown>}
 */
async function readBody(res) {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return { text };
  }
}

/**
 * What a failed answer says: the envelope's `error` (contract §1), or the text of a body that
 * was not JSON.
 * @param {unknown} data
 * @returns {{ error?: ErrorBody, text?: string }}
 */
function failureOf(data) {
  if (typeof data !== 'object' || data === null) return {};
  const error =
    'error' in data && typeof data.error === 'object' && data.error !== null ? data.error : undefined;
  const text = 'text' in data && typeof data.text === 'string' ? data.text : undefined;
  return { error, text };
}

/**
 * @param {{ baseUrl: string, apiKey?: string, onRetry?: (message: string) => void }} options
 * @returns {Client}
 */
export function createClient({ baseUrl, apiKey, onRetry }) {
  return {
    baseUrl,
    async request(method, path, { body, auth = true, headers: extra } = {}) {
      /** @type {Record<string, string>} */
      const headers = { Accept: 'application/json', 'User-Agent': USER_AGENT, ...extra };
      if (auth && apiKey) headers.Authorization = `Bearer ${apiKey}`;
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const url = `${baseUrl}${path}`;
      for (let attempt = 1; ; attempt++) {
        const res = await send(url, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const data = await readBody(res);
        if (res.ok) return { status: res.status, headers: res.headers, data };
        const failure = failureOf(data);
        const wait = retryAfterSeconds(res.headers);
        // 429 is answered before anything is charged and 503 after nothing was: both safe to resend.
        const retryable = (res.status === 429 || res.status === 503) && wait !== undefined;
        if (retryable && attempt < MAX_ATTEMPTS && wait <= MAX_AUTO_WAIT_S) {
          onRetry?.(`${failure.error?.message ?? `HTTP ${res.status}`} Retrying in ${Math.ceil(wait)} s…`);
          await sleep(wait * 1000);
          continue;
        }
        const error = failure.error ?? {
          message: `HTTP ${res.status} ${res.statusText} from ${method} ${url}${failure.text ? `: ${failure.text.slice(0, 200)}` : ''}`,
        };
        throw new ApiError(res.status, error, { retryAfter: wait });
      }
    },
  };
}

/**
 * Downloads a render (its signed URL answers 302 to storage) to `dest`, or to stdout for `-`.
 * The file appears only once complete.
 * @param {string} url
 * @param {string} dest
 * @returns {Promise<number>} bytes written
 */
export async function downloadRender(url, dest) {
  const res = await send(url, { headers: { 'User-Agent': USER_AGENT } });
  if (!res.ok || !res.body) {
    const { error } = failureOf(await readBody(res));
    throw new ApiError(res.status, {
      ...error,
      message: `Could not download the render (${error?.message ?? `HTTP ${res.status}`}).`,
    });
  }
  let bytes = 0;
  const body = Readable.fromWeb(/** @type {import('node:stream/web').ReadableStream} */ (res.body));
  /** @param {AsyncIterable<Buffer>} source */
  const count = async function* (source) {
    for await (const chunk of source) {
      bytes += chunk.length;
      yield chunk;
    }
  };
  if (dest === '-') {
    await pipeline(body, count, process.stdout, { end: false });
    return bytes;
  }
  await mkdir(dirname(dest), { recursive: true });
  const temp = `${dest}.part`;
  try {
    await pipeline(body, count, createWriteStream(temp));
    await rename(temp, dest);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return bytes;
}
