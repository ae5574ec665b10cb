/**
 * @module capture/capture
 * One capture, as a flat pipeline over the step modules: check the target → take a browser slot
 * → fresh context behind the capture's egress proxy → emulate → navigate → wait → consent →
 * inject → full page / element → ready → shot. Failures come out as `CaptureFailed` (422) or
 * `Unavailable('browser')` (503). A failed capture closes its context (its renderer goes with it)
 * and has the browser prove it still answers before giving the slot back: a wedged browser is
 * replaced then, not handed to the next capture.
 */
import type { Page } from 'puppeteer-core';
import { InvalidParams, Unavailable } from '../errors.ts';
import { cosmeticEngines, installRequestRules, requestRules } from './block.ts';
import type { BrowserLease, BrowserPool } from './browser.ts';
import { installConsent, settleConsent } from './consent.ts';
import { applySession, type CaptureContext, openCaptureContext } from './context.ts';
import { resolveSelector } from './element.ts';
import { applyDeviceMetrics, applyEmulation, resolveEmulation } from './emulation.ts';
import { ContextTimeout, captureError, isContextDestroyed } from './failures.ts';
import { prepareFullPage } from './full-page.ts';
import { type CaptureGuard, openGuard, precheckTarget } from './guard.ts';
import { applyCosmeticFilters, applyStyles, runInjectedScript } from './inject.ts';
import { goto, httpError, navigationError, trackDocument, waitAfterLoad } from './navigate.ts';
import { looksPainted } from './paint-probe.ts';
import { waitForReady } from './ready.ts';
import { type Run, settles, startRun, watch } from './run.ts';
import {
  capClip,
  DocumentChanged,
  looksBlank,
  pngSize,
  type Screen,
  type ShotRegion,
  shoot,
} from './screenshot.ts';
import type { CaptureInput, CaptureOptions, CaptureResult, ElementResolved } from './types.ts';

/** Captures one page. See `CaptureInput` for the parameters and `CaptureResult` for the output. */
export async function capture(
  pool: BrowserPool,
  params: CaptureInput,
  opts: CaptureOptions,
): Promise<CaptureResult> {
  if (params.element !== undefined && params.selector === undefined) {
    throw new InvalidParams('element (natural-language element capture) is not available yet; use selector');
  }
  const started = Date.now();
  const guardOptions = {
    allowPrivateTargets: opts.allowPrivateTargets,
    lookup: pool.options.lookup,
    dial: pool.options.dial,
  };
  await precheckTarget(params.url, guardOptions, opts.timeoutMs);
  let lease = await pool.acquire({ timeoutMs: opts.timeoutMs, signal: opts.signal });
  const waited = Date.now() - started;
  const run = startRun(opts.timeoutMs);
  let guard: CaptureGuard | undefined;
  let ctx: CaptureContext | undefined;
  let unhealthy = false;
  let failed = false;
  try {
    guard = await openGuard(guardOptions);
    ctx = await run.step('context', async () => {
      try {
        return await openCaptureContext(lease.browser, guard!.proxyUrl, contextDeadline(run));
      } catch (err) {
        // Nothing of this capture ran yet: when its browser died since the last capture (and the
        // pool has not heard yet) or is too wedged to open a page, it moves to the pool's next
        // browser instead of failing.
        if (run.left() < 1000 || !(await browserFailed(lease, err))) throw err;
        lease.release({ unhealthy: true });
        lease = await pool.acquire({ timeoutMs: run.left(), signal: opts.signal });
        return openCaptureContext(lease.browser, guard!.proxyUrl, contextDeadline(run));
      }
    });
    const result = await watch(
      capturePage(ctx, guard, params, run, pool),
      [lease.lost, ctx.crashed],
      run,
      opts,
    );
    result.timings = { browser: waited, ...run.timings, total: Date.now() - started };
    return result;
  } catch (err) {
    if (opts.signal?.aborted && err === opts.signal.reason) throw err;
    failed = true;
    const error = captureError(err, {
      browserConnected: lease.browser.connected,
      pageCrashed: ctx?.isCrashed() ?? false,
      stage: run.stage,
    });
    if (error instanceof Unavailable) unhealthy = true;
    throw error;
  } finally {
    // Closing the context ends its renderer, however stuck (Chromium kills it, in ms); a close
    // that hangs means the browser itself stopped answering.
    if (ctx && !(await settles(ctx.close(), CLOSE_MS))) unhealthy = failed = true;
    // A failure may be the browser's doing (a timeout, a call without answer): it proves it still
    // answers before the slot is free, and is replaced now if not.
    if (failed) await lease.prove();
    await guard?.close();
    lease.release({ unhealthy });
  }
}

/** A healthy browser opens a context and page in 150–550 ms with two captures running. */
const CONTEXT_MS = 5000;
/** Disposing a context takes 5–30 ms, even with a hung or stopped renderer. */
const CLOSE_MS = 3000;

const contextDeadline = (run: Run) => Math.max(0, Math.min(CONTEXT_MS, run.left()));

/** Did the browser fail to open a context because it went away or is wedged (and was replaced)? */
async function browserFailed(lease: BrowserLease, err: unknown): Promise<boolean> {
  if (err instanceof ContextTimeout) return !(await lease.prove());
  // A killed Chromium is noticed within a second.
  return !lease.browser.connected || (await settles(lease.lost, 1000));
}

/** Keeps part of the budget (0.7–3 s) for what comes after navigation: a hang probe, the shot. */
const reserveOf = (run: Run) => Math.min(3000, Math.max(700, (run.deadline - Date.now()) * 0.2));

async function capturePage(
  ctx: CaptureContext,
  guard: CaptureGuard,
  params: CaptureInput,
  run: Run,
  pool: BrowserPool,
): Promise<CaptureResult> {
  const { page, client } = ctx;
  const emulation = resolveEmulation(params);
  const waitFor = params.wait_for ?? 'load';
  const block = params.block ?? [];
  const screen = { ...emulation.viewport, dpr: emulation.dpr };
  const warnings: string[] = [];
  let status = 0;
  page.on('response', (r) => {
    if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) status = r.status();
  });

  const documents = trackDocument(page);
  await run.step('setup', async () => {
    guard.watch(page);
    await page.setBypassCSP(true);
    await applyEmulation(client, emulation, {
      locale: params.locale ?? 'en-US',
      timezone: params.timezone ?? 'UTC',
      darkMode: params.dark_mode ?? false,
    });
    await applySession(ctx, params.session);
    const rules = requestRules(block, {
      url: params.url,
      headers: params.session?.headers,
      headersDomain: params.session?.domain,
      filterListDirs: pool.options.filterListDirs,
    });
    if (rules) await installRequestRules(page, rules);
    if (block.includes('cookie_banners')) await installConsent(page, params.url);
  });

  const nav = await run.step('navigate', () => goto(page, params.url, waitFor, run.leftFor(reserveOf(run))));
  const refused = guard.mainDocumentFailure(params.url, nav.ok ? nav.response : null);
  if (refused) throw refused;
  if (!nav.ok) throw await navigationError(client, nav, params.url, run.budget);
  const failedStatus = nav.response && httpError(nav.response, params.url);
  if (failedStatus) throw failedStatus;
  warnings.push(...(await run.step('wait', () => waitAfterLoad(page, waitFor, run.leftFor(reserveOf(run))))));

  const engines = cosmeticEngines(block, pool.options.filterListDirs);
  for (let attempt = 1; ; attempt++) {
    const mark = documents.navigations;
    const notes = [...warnings];
    try {
      if (block.includes('cookie_banners')) {
        await run.step('consent', () => settleConsent(page, Math.min(5000, run.leftFor(reserveOf(run)))));
      }
      notes.push(
        ...(await run.step('inject', async () => {
          await applyCosmeticFilters(page, engines);
          const styleNotes = await applyStyles(page, params.inject_css, params.hide_selectors ?? []);
          if (!params.inject_js) return styleNotes;
          return [...styleNotes, ...(await runInjectedScript(page, params.inject_js, run.leftFor(1000)))];
        })),
      );
      const { region, element } = await locate(page, screen, params, run, engines, notes);
      const band =
        region.kind === 'clip'
          ? { top: region.clip.y, bottom: region.clip.y + region.clip.height }
          : undefined;
      const ready = () =>
        run.step('ready', () =>
          waitForReady(page, Math.min(5000, run.leftFor(1500)), {
            band,
            early: waitFor === 'domcontentloaded',
          }),
        );
      await ready();
      // Checked before the shot, so the shot is never older than a frame with content: a look at
      // the DOM first; the thumbnail (its own timing, `blank_thumbnail`) only when that cannot tell.
      const blank = await run.step(
        'blank_check',
        async () =>
          !(await looksPainted(page, screen, region)) &&
          run.step('blank_thumbnail', () => looksBlank(client, page, screen, region)),
      );
      if (blank && run.left() > 1500) {
        // Blank white often means "not painted yet" (client-side rendering): give it a moment, once.
        await new Promise((r) => setTimeout(r, 700));
        await ready();
      }
      const navigatedAway = guard.mainDocumentFailure(params.url, nav.response);
      if (navigatedAway) throw navigatedAway;
      const image = await run.step('screenshot', () => shoot(client, page, screen, region));
      // A navigation that started while we worked means the picture may show a page on its way out.
      if (attempt === 1 && documents.navigations !== mark) throw new DocumentChanged();
      const { width, height } = pngSize(image);
      return {
        image,
        width,
        height,
        dpr: emulation.dpr,
        format: 'png',
        warnings: [...notes, ...guard.warnings()],
        ...(element ? { element_resolved: element } : {}),
        page: {
          url: page.url(),
          title: await page.title(),
          status: status || (nav.response?.status() ?? 0),
          // Auth-profile tests read "a visible password field" as a sign of a login page.
          has_password_field: await page
            .$$eval('input[type=password]', (inputs) =>
              inputs.some((i) => (i as HTMLElement).offsetWidth > 0 && (i as HTMLElement).offsetHeight > 0),
            )
            .catch(() => false),
        },
        timings: {},
      };
    } catch (err) {
      // The page replaced its document while we worked on it (a script redirect): start over, once.
      if (attempt > 1 || !isContextDestroyed(err) || run.left() < 2000) throw err;
      await run.step('renavigate', async () => {
        await documents.settled(Math.min(5000, run.leftFor(reserveOf(run))));
        await applyDeviceMetrics(client, emulation);
      });
    }
  }
}

/** Where the shot goes: the viewport, the whole page, or the selected element's box. */
async function locate(
  page: Page,
  screen: Screen,
  params: CaptureInput,
  run: Run,
  engines: Parameters<typeof applyCosmeticFilters>[1],
  warnings: string[],
): Promise<{ region: ShotRegion; element?: ElementResolved }> {
  const { dpr } = screen;
  if (params.selector) {
    const element = await run.step('element', () =>
      resolveSelector(page, params.selector!, Math.min(5000, run.leftFor(reserveOf(run)))),
    );
    const capped = capClip(element.box, dpr);
    if (capped.cut) warnings.push('The element is too large to capture whole; its top part was captured');
    return { region: { kind: 'clip', clip: capped.clip }, element };
  }
  if (!params.full_page) return { region: { kind: 'viewport' } };
  const layout = await run.step('full_page', () =>
    prepareFullPage(
      page,
      params.full_page_max_height ?? 16384,
      Math.min(15000, run.leftFor(reserveOf(run) + 1500)),
    ),
  );
  warnings.push(...layout.warnings);
  // Content that arrived while scrolling may carry ads or banners of its own.
  await applyCosmeticFilters(page, engines);
  const capped = capClip({ x: 0, y: 0, width: screen.width, height: layout.height }, dpr);
  if (capped.cut)
    warnings.push(`The page was cut at ${capped.clip.height} px to stay under the image size limit`);
  return { region: { kind: 'clip', clip: capped.clip } };
}
