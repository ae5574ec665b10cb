/**
 * @module capture/navigate
 * Loads the page and honours `wait_for`: a load state (`load`, `domcontentloaded`,
 * `networkidle`), a number of milliseconds after `load`, or a CSS selector to wait for.
 */
import {
  type CDPSession,
  type HTTPRequest,
  type HTTPResponse,
  type Page,
  TimeoutError,
} from 'puppeteer-core';
import { CaptureFailed } from '../errors.ts';
import { LOAD_STATES } from '../schemas/capture.ts';
import { assertValidSelector } from './element.ts';
import { navigationFailure } from './failures.ts';

export type WaitFor = number | string;

/**
 * How a navigation ended: loaded (with the response) or failed with a `net::ERR_*` / timeout.
 * `committed`: the server answered before the failure.
 */
export type NavigationOutcome =
  | { ok: true; response: HTTPResponse | null }
  | { ok: false; timedOut: boolean; committed: boolean; error: Error };

/** `page.goto` up to the load state `wait_for` asks for (`load` for ms and selectors). */
export async function goto(
  page: Page,
  url: string,
  waitFor: WaitFor,
  timeoutMs: number,
): Promise<NavigationOutcome> {
  const waitUntil = waitFor === 'domcontentloaded' ? 'domcontentloaded' : 'load';
  let committed = false;
  // The response event comes from the browser process, so it arrives even when the new
  // document's renderer is stuck (Page.frameNavigated would come from the renderer).
  const onResponse = (response: HTTPResponse) => {
    if (response.request().isNavigationRequest() && response.frame() === page.mainFrame()) committed = true;
  };
  page.on('response', onResponse);
  try {
    return { ok: true, response: await page.goto(url, { waitUntil, timeout: timeoutMs }) };
  } catch (err) {
    return { ok: false, timedOut: err instanceof TimeoutError, committed, error: err as Error };
  } finally {
    page.off('response', onResponse);
  }
}

/** Maps a failed navigation that the egress guard did not explain. */
export async function navigationError(
  client: CDPSession,
  outcome: { timedOut: boolean; committed: boolean; error: Error },
  url: string,
  budgetMs: number,
) {
  if (!outcome.timedOut) return navigationFailure(outcome.error, url);
  // Only a committed document can hang the renderer; before that the server is just slow (and
  // DevTools holds commands back until the commit, so probing would tell nothing).
  if (outcome.committed && !(await isResponsive(client, 500))) {
    return new CaptureFailed(
      'render_failed',
      `${url} kept the renderer busy and stopped responding (a script that never yields, such as an infinite loop).`,
    );
  }
  if (!outcome.committed) {
    return new CaptureFailed(
      'navigation_timeout',
      `The server of ${url} did not answer within the ${budgetMs} ms budget (timeout_ms). Check that the site is up, or raise timeout_ms.`,
    );
  }
  return new CaptureFailed(
    'navigation_timeout',
    `${url} did not finish loading within the ${budgetMs} ms budget (timeout_ms). Raise timeout_ms, or use wait_for "domcontentloaded" for pages that keep loading resources.`,
  );
}

/** Main document answered with an HTTP error. */
export function httpError(response: HTTPResponse, url: string): CaptureFailed | null {
  const status = response.status();
  if (status < 400) return null;
  return new CaptureFailed(
    'http_error',
    `${response.url() || url} answered HTTP ${status}${response.statusText() ? ` ${response.statusText()}` : ''}; only pages that load successfully are captured.`,
    { status },
  );
}

/**
 * The part of `wait_for` that comes after navigation. Returns warnings (a network that never
 * went idle is not fatal: the page is captured as it is when the budget runs out).
 */
export async function waitAfterLoad(page: Page, waitFor: WaitFor, timeoutMs: number): Promise<string[]> {
  if (typeof waitFor === 'number') {
    const ms = Math.min(waitFor, Math.max(0, timeoutMs));
    await new Promise((r) => setTimeout(r, ms));
    return ms < waitFor ? [`wait_for ${waitFor} ms was cut to ${ms} ms to stay within timeout_ms`] : [];
  }
  if (waitFor === 'networkidle') {
    try {
      await page.waitForNetworkIdle({ idleTime: 500, concurrency: 0, timeout: Math.max(1, timeoutMs) });
      return [];
    } catch (err) {
      if (!(err instanceof TimeoutError)) throw err;
      return [`The network never went idle within the budget; captured after ${timeoutMs} ms of waiting`];
    }
  }
  if ((LOAD_STATES as readonly string[]).includes(waitFor)) return [];
  await assertValidSelector(page, waitFor, 'wait_for');
  try {
    await page.waitForSelector(waitFor, { visible: true, timeout: Math.max(1, timeoutMs) });
    return [];
  } catch (err) {
    if (err instanceof TimeoutError) {
      throw new CaptureFailed(
        'selector_not_found',
        `wait_for selector "${waitFor}" did not match a visible element within ${timeoutMs} ms.`,
      );
    }
    throw err;
  }
}

/** Does the page's main thread answer within `ms`? A page stuck in a loop does not. */
export async function isResponsive(client: CDPSession, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<boolean>((r) => {
    timer = setTimeout(() => r(false), ms);
  });
  const answer = client.send('Runtime.evaluate', { expression: '1', returnByValue: true }).then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([answer, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** Main-frame navigations of a page as they happen (script redirects, meta refresh, …). */
export interface DocumentTracker {
  /** Main-frame navigations started so far. */
  readonly navigations: number;
  /** Waits (up to `ms`) until no main-frame navigation is in flight and the document has loaded. */
  settled(ms: number): Promise<void>;
}

export function trackDocument(page: Page): DocumentTracker {
  let navigations = 0;
  let pending = false;
  const isMainNavigation = (req: HTTPRequest) =>
    req.isNavigationRequest() && req.frame() === page.mainFrame();
  page.on('request', (req) => {
    if (!isMainNavigation(req)) return;
    navigations++;
    pending = true;
  });
  page.on('requestfailed', (req) => {
    if (isMainNavigation(req)) pending = false;
  });
  page.on('load', () => {
    pending = false;
  });
  return {
    get navigations() {
      return navigations;
    },
    async settled(ms) {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        const state = pending
          ? 'navigating'
          : await page.evaluate(() => document.readyState).catch(() => 'loading');
        if (state === 'complete') return;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
