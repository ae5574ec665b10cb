/**
 * @module capture
 * The capture engine: a Chromium pool and `capture()`, which loads a page behind the target
 * protection of contract §12 and returns a PNG of the viewport, the full page or one element.
 *
 * @example
 * const pool = createBrowserPool(config.browser);
 * const shot = await capture(pool, { url: 'https://example.com', full_page: true },
 *   { allowPrivateTargets: config.allowPrivateTargets, timeoutMs: 30_000 });
 * await pool.close();
 */
export {
  type BrowserLease,
  type BrowserPool,
  type BrowserPoolOptions,
  createBrowserPool,
  type PoolStats,
} from './browser.ts';
export { capture } from './capture.ts';
export { DEVICE_EMULATION, type Emulation, resolveEmulation } from './emulation.ts';
export type {
  Box,
  CaptureInput,
  CaptureOptions,
  CaptureResult,
  CaptureSession,
  ElementResolved,
} from './types.ts';
export { HTML_DOCUMENT_URL } from './types.ts';
