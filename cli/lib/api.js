// @ts-check
/**
 * @module cli/lib/api
 * The CLI's connection to the API: a `@frameshot/sdk` client (the error envelope, the retry of
 * 429/503 with `Retry-After`, job polling and the operation table all live there) that says
 * out loud when it waits to retry, and the download of a render to a file.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Frameshot, FrameshotError } from '@frameshot/sdk';
import { VERSION } from './version.js';

const USER_AGENT = `frameshot-cli/${VERSION} node/${process.versions.node}`;

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A client of the server at `baseUrl`; without `apiKey` it sends no key (never the environment's).
 * @param {{ baseUrl: string, apiKey?: string, onRetry?: (message: string) => void }} options
 * @returns {Frameshot}
 */
export function createClient({ baseUrl, apiKey, onRetry }) {
  return new Frameshot({
    baseUrl,
    apiKey: apiKey ?? null,
    userAgent: USER_AGENT,
    // A capture may take as long as the server lets it (sync captures stop at 30 s, then become jobs).
    timeoutMs: 120_000,
    onRetry: (error, wait) => onRetry?.(`${error.message} Retrying in ${Math.ceil(wait)} s…`),
  });
}

/**
 * Downloads a render (its signed URL answers 302 to storage) to `dest`, or to stdout for `-`.
 * The file appears only once complete.
 * @param {string} url
 * @param {string} dest
 * @returns {Promise<number>} bytes written
 */
export async function downloadRender(url, dest) {
  const res = await fetch(url, { headers: { 'User-Agent': USER_AGENT } }).catch((err) => {
    const cause = /** @type {{ code?: string, message?: string }} */ (err.cause ?? {});
    throw new FrameshotError(
      'network_error',
      `Could not reach ${new URL(url).origin} (${cause.code ?? err.message}).`,
      {
        cause: err,
      },
    );
  });
  if (!res.ok || !res.body) {
    const { code, message, status, reason, requestId } = FrameshotError.fromResponse(
      res,
      jsonOrText(await res.text()),
    );
    throw new FrameshotError(code, `Could not download the render (${message}).`, {
      status,
      reason,
      requestId,
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

/** @param {string} text @returns {unknown} the JSON, or the text of a body that is not JSON */
function jsonOrText(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text; // a proxy's or storage's error page: its text is the message
  }
}
