/**
 * @module capture/failures
 * Turns whatever a capture step threw into the contract's errors: `CaptureFailed` with a precise
 * reason (422) or `Unavailable('browser')` (503, retryable) when Chromium itself went away or
 * stopped answering. A browser that stops answering is never reported as the page's fault.
 */
import { ProtocolError } from 'puppeteer-core';
import { ApiError, CaptureFailed, Unavailable } from '../errors.ts';
import { DocumentChanged } from './screenshot.ts';

/** The browser did not open a context and page in time: it is busy or wedged, the page is not to blame. */
export class ContextTimeout extends Error {
  override name = 'ContextTimeout';
  constructor(readonly ms: number) {
    super(`Chromium did not open a page within ${ms} ms`);
  }
}

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

/** Puppeteer gave up waiting for an answer to a protocol call (`protocolTimeout`). */
export function isProtocolTimeout(err: unknown): err is ProtocolError {
  return err instanceof ProtocolError && /timed out/.test(err.message);
}

/** Stages before the page's own content loads: running out of time there is the browser's doing. */
const BROWSER_STAGES = new Set(['context', 'setup']);

/** The error of a capture whose budget ran out while it was in `stage`. */
export function outOfTime(stage: string, budgetMs: number): ApiError {
  const within = `within timeout_ms (${budgetMs} ms); it was stuck in ${stage}`;
  if (BROWSER_STAGES.has(stage)) {
    return new Unavailable('browser', `Chromium did not get a fresh page ready ${within}; retry the request`);
  }
  const navigating = stage === 'navigate' || stage === 'wait';
  return new CaptureFailed(
    navigating ? 'navigation_timeout' : 'render_failed',
    `The capture did not finish ${within}. ${
      navigating ? 'Raise timeout_ms or wait for less.' : 'The page may be too heavy or stuck in a script.'
    }`,
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
  if (err instanceof ContextTimeout) {
    return new Unavailable('browser', `${err.message}; retry the request`, { cause: err });
  }
  if (isProtocolTimeout(err)) {
    // The method name is all that is useful of puppeteer's message (its advice is for us).
    const call = err.message.split(' timed out')[0];
    return new Unavailable(
      'browser',
      `Chromium stopped answering during ${ctx.stage} (${call} timed out); retry the request`,
      { cause: err },
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
