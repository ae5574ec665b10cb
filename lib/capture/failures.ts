/**
 * @module capture/failures
 * Turns whatever a capture step threw into the contract's errors: `CaptureFailed` with a precise
 * reason (422) or `Unavailable('browser')` (503, retryable) when Chromium itself went away.
 */
import { ApiError, CaptureFailed, Unavailable } from '../errors.ts';
import { DocumentChanged } from './screenshot.ts';

/** Chromium network errors of a main-document navigation → reason. */
const NET_REASONS: Array<[RegExp, CaptureFailed['reason']]> = [
  [/ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED/, 'dns_error'],
  [/ERR_TOO_MANY_REDIRECTS/, 'http_error'],
  [/ERR_ABORTED|ERR_INVALID_RESPONSE|ERR_RESPONSE_HEADERS_TRUNCATED/, 'render_failed'],
];

/** A `net::ERR_*` navigation failure as a capture failure. */
export function navigationFailure(err: Error, url: string): CaptureFailed {
  const code = /net::(ERR_[A-Z_]+)/.exec(err.message)?.[1] ?? 'ERR_FAILED';
  const reason = NET_REASONS.find(([re]) => re.test(code))?.[1] ?? 'connection_failed';
  switch (reason) {
    case 'dns_error':
      return new CaptureFailed('dns_error', `The host of ${url} did not resolve (${code}). Check the URL.`);
    case 'http_error':
      return new CaptureFailed('http_error', `${url} redirected too many times (${code}).`);
    case 'render_failed':
      return new CaptureFailed(
        'render_failed',
        code === 'ERR_ABORTED'
          ? `${url} did not render as a page (${code}): it most likely answered with a file download, which captures refuse.`
          : `${url} sent a response Chromium could not read (${code}).`,
      );
    default:
      return new CaptureFailed(
        'connection_failed',
        `${url} could not be loaded (${code}). Check that the site is up and serves valid HTTPS.`,
      );
  }
}

/** Errors that mean the page's document was replaced while we were working on it. */
export function isContextDestroyed(err: unknown): boolean {
  if (err instanceof DocumentChanged) return true;
  return (
    err instanceof Error &&
    /Execution context was destroyed|Cannot find context with specified id|frame was detached|Execution context is not available|Not attached to an active page/i.test(
      err.message,
    )
  );
}

export interface FailureContext {
  browserConnected: boolean;
  pageCrashed: boolean;
  stage: string;
}

/** The final error of a capture that did not finish. */
export function captureError(err: unknown, ctx: FailureContext): ApiError {
  if (err instanceof ApiError) return err;
  if (!ctx.browserConnected) {
    return new Unavailable(
      'browser',
      `Chromium exited during the capture (${ctx.stage}); retry the request`,
      {
        cause: err,
      },
    );
  }
  if (ctx.pageCrashed) {
    return new CaptureFailed(
      'render_failed',
      `The page crashed the renderer during ${ctx.stage} (typically out of memory on a very heavy page).`,
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  return new CaptureFailed('render_failed', `Rendering failed during ${ctx.stage}: ${message}`);
}
