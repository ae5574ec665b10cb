// @ts-check
/**
 * @module cli/lib/render
 * Saving a finished capture: the file name (`-o`, or `<host>-<cap id>.<format>` in the working
 * directory), the download, and what is printed on stdout (the path, or the JSON with `--json`).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { downloadRender } from './api.js';

/** @typedef {import('@frameshot/sdk').CaptureResponse} CaptureResult */

/** Formats the API renders, by file extension. */
const FORMAT_OF_EXTENSION = /** @type {Record<string, string>} */ ({
  png: 'png',
  webp: 'webp',
  jpg: 'jpg',
  jpeg: 'jpg',
  avif: 'avif',
});

/** The output format a file name asks for (`shot.webp` → `webp`). @param {string} file */
export function formatOfFile(file) {
  const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase();
  return ext ? FORMAT_OF_EXTENSION[ext] : undefined;
}

/** `https://www.example.com/x` → `www.example.com`. @param {string} pageUrl */
export function hostOf(pageUrl) {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(pageUrl) ? pageUrl : `https://${pageUrl}`);
    return url.hostname.replace(/[^a-z0-9.-]+/gi, '-').replace(/^-+|-+$/g, '') || 'capture';
  } catch {
    return 'capture';
  }
}

/**
 * Where the render goes: `-o` as given (a directory gets the default name inside it).
 * @param {string | undefined} out
 * @param {string} pageUrl
 * @param {CaptureResult} result
 */
export async function renderPath(out, pageUrl, result) {
  const name = `${hostOf(pageUrl)}-${result.id}.${result.format}`;
  if (!out) return name;
  if (out === '-') return out;
  const isDir = await stat(out).then(
    (s) => s.isDirectory(),
    () => false,
  );
  return isDir ? join(out, name) : out;
}

/**
 * Downloads the render and prints the path (or the JSON plus `file`).
 * @param {CaptureResult} result
 * @param {{ out?: string, pageUrl: string, json?: boolean,
 *   progress: import('./progress.js').Progress, extra?: Record<string, unknown> }} options
 */
export async function saveRender(result, { out, pageUrl, json, progress, extra = {} }) {
  const file = await renderPath(out, pageUrl, result);
  progress.update(`Downloading ${result.id}`);
  const bytes = await downloadRender(result.url, file);
  const credits = result.cached
    ? 'cached, 0 credits'
    : `${result.credits_used} credit${result.credits_used === 1 ? '' : 's'}`;
  progress.stop(
    `${result.width}×${result.height} ${result.format}, ${(bytes / 1024).toFixed(0)} KiB, ${credits}, ${progress.elapsed()}`,
  );
  for (const warning of result.warnings ?? []) process.stderr.write(`warning: ${warning}\n`);
  if (json) process.stdout.write(`${JSON.stringify({ ...extra, ...result, file }, null, 2)}\n`);
  else if (file !== '-') process.stdout.write(`${file}\n`);
  return file;
}
