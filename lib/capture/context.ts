/**
 * @module capture/context
 * A fresh incognito browser context and page per capture (nothing shared between captures),
 * with all of its traffic sent to the capture's egress proxy, downloads denied, file choosers
 * swallowed, dialogs dismissed and pop-ups closed. Permission prompts are denied browser-wide
 * (`--deny-permission-prompts`). Closing the context is what ends its renderer: Chromium kills
 * the process on dispose, measured even for a renderer in an infinite loop or SIGSTOPped.
 */
import type { Browser, BrowserContext, CDPSession, Page } from 'puppeteer-core';
import { ContextTimeout } from './failures.ts';
import { within } from './run.ts';
import type { CaptureSession } from './types.ts';

export interface CaptureContext {
  context: BrowserContext;
  page: Page;
  client: CDPSession;
  /** Rejects when the page's renderer crashes. */
  crashed: Promise<never>;
  isCrashed(): boolean;
  /** Disposes the context (its renderer with it); later calls return the same promise. */
  close(): Promise<void>;
}

/** Opens the capture's context within `timeoutMs`, or rejects with `ContextTimeout`. */
export async function openCaptureContext(
  browser: Browser,
  proxyUrl: string,
  timeoutMs: number,
): Promise<CaptureContext> {
  const opening = openContext(browser, proxyUrl);
  try {
    return await within(opening, timeoutMs, () => new ContextTimeout(timeoutMs));
  } catch (err) {
    // A context that opens after the deadline is closed rather than left in the browser.
    if (err instanceof ContextTimeout) void opening.then((late) => late.close()).catch(() => {});
    throw err;
  }
}

async function openContext(browser: Browser, proxyUrl: string): Promise<CaptureContext> {
  const context = await browser.createBrowserContext({
    proxyServer: proxyUrl,
    // Without this Chromium sends localhost and loopback addresses around the proxy.
    proxyBypassList: ['<-loopback>'],
    downloadBehavior: { policy: 'deny' },
  });
  try {
    context.on('targetcreated', async (target) => {
      // Pop-ups (window.open, target=_blank) are not part of the capture.
      if (target.type() === 'page' && target.opener()) await (await target.page())?.close().catch(() => {});
    });
    const page = await context.newPage();
    // Functions we evaluate in the page are serialised from our compiled code; esbuild-based
    // runners (tsx, vitest) wrap named inner functions in `__name(...)`, which the page lacks.
    const [client] = await Promise.all([
      page.createCDPSession(),
      page.evaluateOnNewDocument('globalThis.__name ??= (fn) => fn;'),
    ]);
    await client.send('Page.setInterceptFileChooserDialog', { enabled: true });
    page.on('dialog', (dialog) => void dialog.dismiss().catch(() => {}));
    let crashed = false;
    const crash = new Promise<never>((_, reject) => {
      page.once('error', (err) => {
        crashed = true;
        reject(err);
      });
    });
    crash.catch(() => {});
    let closing: Promise<void> | undefined;
    return {
      context,
      page,
      client,
      crashed: crash,
      isCrashed: () => crashed,
      close: () => {
        closing ??= context.close();
        return closing;
      },
    };
  } catch (err) {
    await context.close().catch(() => {});
    throw err;
  }
}

/** Cookies, localStorage and same-site headers of an auth profile (headers: see block.ts). */
export async function applySession(ctx: CaptureContext, session: CaptureSession | undefined): Promise<void> {
  if (session?.cookies?.length) await ctx.context.setCookie(...session.cookies);
  const storage = session?.localStorage;
  if (storage && Object.keys(storage).length > 0) {
    await ctx.page.evaluateOnNewDocument((byOrigin: Record<string, Record<string, string>>) => {
      const items = byOrigin[location.origin];
      if (!items) return;
      try {
        for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v);
      } catch {
        // Storage disabled for this document (sandboxed frame, opaque origin): nothing to restore.
      }
    }, storage);
  }
}
