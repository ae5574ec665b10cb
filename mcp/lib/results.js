// @ts-check
/**
 * @module mcp/lib/results
 * How tool answers read to an agent: a render as image content plus its JSON, and every failure
 * as a tool result with `isError` naming the code, reason and the fields to fix — a result the
 * agent can act on, never a protocol error.
 */
import { FrameshotError } from '@frameshot/sdk';

/** Renders larger than this are linked, not inlined: MCP clients choke on multi-megabyte base64. */
export const MAX_INLINE_BYTES = 4 * 1024 * 1024;

/** @typedef {import('@modelcontextprotocol/sdk/types.js').CallToolResult} CallToolResult */
/** @typedef {import('@frameshot/sdk').CaptureResponse} CaptureResponse */

/** @param {unknown} value @returns {CallToolResult} */
export const jsonResult = (value) => ({ content: [{ type: 'text', text: JSON.stringify(value, null, 2) }] });

/**
 * A finished render: the image (downloaded from its signed URL) and the facts about it.
 * @param {CaptureResponse} render
 * @param {typeof fetch} [fetchImpl]
 * @returns {Promise<CallToolResult>}
 */
export async function renderResult(render, fetchImpl = fetch) {
  const facts = {
    id: render.id,
    url: render.url,
    width: render.width,
    height: render.height,
    format: render.format,
    credits_used: render.credits_used,
    cached: render.cached,
    warnings: render.warnings,
    duration_ms: render.duration_ms,
  };
  const image = await downloadImage(render.url, render.format, fetchImpl);
  if ('skipped' in image) return jsonResult({ ...facts, image_not_inlined: image.skipped });
  return {
    content: [{ type: 'image', data: image.data, mimeType: image.mimeType }, ...jsonResult(facts).content],
  };
}

/**
 * @param {string} url
 * @param {string} format
 * @param {typeof fetch} fetchImpl
 * @returns {Promise<{ data: string, mimeType: string } | { skipped: string }>}
 */
async function downloadImage(url, format, fetchImpl) {
  const res = await fetchImpl(url);
  if (!res.ok) return { skipped: `downloading the image answered HTTP ${res.status}; open the url instead` };
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_INLINE_BYTES) {
    await res.body?.cancel();
    return { skipped: tooLarge(declared) };
  }
  const bytes = Buffer.from(await res.arrayBuffer());
  if (bytes.length > MAX_INLINE_BYTES) return { skipped: tooLarge(bytes.length) };
  const mimeType =
    res.headers.get('content-type')?.split(';')[0]?.trim() || `image/${format === 'jpg' ? 'jpeg' : format}`;
  return { data: bytes.toString('base64'), mimeType };
}

/** @param {number} bytes */
const tooLarge = (bytes) =>
  `the image is ${(bytes / 1024 / 1024).toFixed(1)} MB, over the ${MAX_INLINE_BYTES / 1024 / 1024} MB inline limit; open the url, or ask for output.format "webp" or "jpg" or a smaller viewport`;

/**
 * A failure as a tool result the agent can read and fix its call from.
 * @param {unknown} err
 * @returns {CallToolResult}
 */
export function errorResult(err) {
  return { isError: true, content: [{ type: 'text', text: describeFailure(err) }] };
}

/** @param {unknown} err */
export function describeFailure(err) {
  if (!(err instanceof FrameshotError)) return `Error: ${err instanceof Error ? err.message : String(err)}`;
  const lines = [`Error ${err.code}${err.status ? ` (HTTP ${err.status})` : ''}: ${err.message}`];
  if (err.reason) lines.push(`reason: ${err.reason}`);
  for (const d of err.details ?? []) lines.push(`- ${d.path ? `${d.path}: ` : ''}${d.message ?? ''}`);
  if (err.retryAfter !== undefined) lines.push(`retry after: ${err.retryAfter} s`);
  if (err.requestId) lines.push(`request id: ${err.requestId}`);
  return lines.join('\n');
}
