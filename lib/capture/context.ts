/**
 * @module capture/context
 * A fresh incognito browser context and page per capture (nothing shared between captures),
 * with all of its traffic sent to the capture's egress proxy, downloads denied, file choosers
 * swallowed, dialogs dismissed and pop-ups closed. Permission prompts are denied browser-wide
 * (`--deny-permission-prompts`).
 */
import type { Browser, BrowserContext, CDPSession, Page } from 'puppeteer-core';
import type { CaptureSession } from './types.ts';

export interface CaptureContext {
  context: BrowserContext;
  page: Page;
  client: CDPSession;
  /** Rejects when the page's renderer crashes. */
  crashed: Promise<never>;
  isCrashed(): boolean;
  close(): Promise<void>;
}

export async function openCaptureContext(browser: Browser, proxyUrl: string): Promise<CaptureContext> {
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
    return {
      context,
      page,
      client,
      crashed: crash,
      isCrashed: () => crashed,
      close: async () => {
        await context.close();
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
