/**
 * @module capture/page
 * One page in a capture's fresh context, as named steps: set up → navigate → wait → then the
 * attempt (consent → inject → locate (selector, or `element` resolved from the page's
 * candidates) → ready → shoot → describe (with the page's signals when page understanding asks)), run once more when the page
 * replaced its document meanwhile. Each step is a function of the `Scene` below.
 */
import type { CDPSession, HTTPResponse, Page } from 'puppeteer-core';
import type { ModelConfig } from '../understand/model.ts';
import type { PageSignals } from '../understand/types.ts';
import { type AnimationOptions, recordScroll, scrollRange } from './animation.ts';
import { cosmeticEngines, installRequestRules, requestRules } from './block.ts';
import { installConsent, settleConsent } from './consent.ts';
import { applySession, type CaptureContext } from './context.ts';
import { resolveSelector } from './element.ts';
import { applyDeviceMetrics, applyEmulation, type Emulation, resolveEmulation } from './emulation.ts';
import { isContextDestroyed } from './failures.ts';
import { prepareFullPage } from './full-page.ts';
import type { CaptureGuard } from './guard.ts';
import { applyCosmeticFilters, applyStyles, runInjectedScript } from './inject.ts';
import {
  type DocumentTracker,
  goto,
  httpError,
  navigationError,
  trackDocument,
  type WaitFor,
  waitAfterLoad,
} from './navigate.ts';
import { looksPainted } from './paint-probe.ts';
import { type PdfOptions, printPdf } from './pdf.ts';
import { waitForReady } from './ready.ts';
import type { Run } from './run.ts';
import {
  capClip,
  DocumentChanged,
  looksBlank,
  pngSize,
  type Screen,
  type ShotRegion,
  shoot,
} from './screenshot.ts';
import type { CaptureInput, CaptureResult, ElementResolved } from './types.ts';
import { collect, resolveElement } from './understand.ts';

/** What every step of one page capture reads. */
interface Scene {
  readonly ctx: CaptureContext;
  readonly page: Page;
  readonly client: CDPSession;
  readonly guard: CaptureGuard;
  readonly params: CaptureInput;
  readonly run: Run;
  readonly emulation: Emulation;
  readonly screen: Screen;
  readonly waitFor: WaitFor;
  readonly block: readonly string[];
  readonly filterListDirs?: string[];
  readonly documents: DocumentTracker;
  readonly model?: ModelConfig;
  /** The page's signals, once collected (with the element's candidates, or after the shot). */
  signals?: PageSignals;
  /** The status of the main document's last response (0 before one). */
  status(): number;
}

type Engines = ReturnType<typeof cosmeticEngines>;

/** Captures the page of `ctx`; the caller holds the slot and closes the context. */
export async function capturePage(
  ctx: CaptureContext,
  guard: CaptureGuard,
  params: CaptureInput,
  run: Run,
  filterListDirs: string[] | undefined,
  model?: ModelConfig,
): Promise<CaptureResult> {
  const scene = sceneOf(ctx, guard, params, run, filterListDirs, model);
  await run.step('setup', () => setUp(scene));
  const response = await navigate(scene);
  const warnings = await run.step('wait', () =>
    waitAfterLoad(scene.page, scene.waitFor, run.leftFor(reserveOf(run))),
  );
  const engines = cosmeticEngines(scene.block, scene.filterListDirs);
  try {
    return await attempt(scene, response, engines, warnings, { first: true });
  } catch (err) {
    // The page replaced its document while we worked on it (a script redirect): start over, once.
    if (!isContextDestroyed(err) || run.left() < 2000) throw err;
  }
  await run.step('renavigate', () => renavigate(scene));
  return attempt(scene, response, engines, warnings, { first: false });
}

/** Keeps part of the budget (0.7–3 s) for what comes after navigation: a hang probe, the shot. */
const reserveOf = (run: Run) => Math.min(3000, Math.max(700, (run.deadline - Date.now()) * 0.2));

function sceneOf(
  ctx: CaptureContext,
  guard: CaptureGuard,
  params: CaptureInput,
  run: Run,
  filterListDirs: string[] | undefined,
  model: ModelConfig | undefined,
): Scene {
  const { page, client } = ctx;
  const emulation = resolveEmulation(params);
  let status = 0;
  page.on('response', (r) => {
    if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) status = r.status();
  });
  return {
    ctx,
    page,
    client,
    guard,
    params,
    run,
    emulation,
    screen: { ...emulation.viewport, dpr: emulation.dpr },
    waitFor: params.wait_for ?? 'load',
    block: params.block ?? [],
    filterListDirs,
    documents: trackDocument(page),
    ...(model ? { model } : {}),
    status: () => status,
  };
}

/** Target protection, emulation, the auth session, request blocking and the consent helper. */
async function setUp(s: Scene): Promise<void> {
  const { page, params } = s;
  s.guard.watch(page);
  await page.setBypassCSP(true);
  await applyEmulation(s.client, s.emulation, {
    locale: params.locale ?? 'en-US',
    timezone: params.timezone ?? 'UTC',
    darkMode: params.dark_mode ?? false,
  });
  await applySession(s.ctx, params.session);
  const rules = requestRules(s.block, {
    url: params.url,
    headers: params.session?.headers,
    headersDomain: params.session?.domain,
    filterListDirs: s.filterListDirs,
    ...(params.html === undefined ? {} : { html: params.html }),
  });
  if (rules) await installRequestRules(page, rules);
  if (s.block.includes('cookie_banners')) await installConsent(page, params.url);
}

/** Loads the URL; a refused target, a failed load or an HTTP error status ends the capture. */
async function navigate(s: Scene): Promise<HTTPResponse | null> {
  const { params, run } = s;
  const nav = await run.step('navigate', () =>
    goto(s.page, params.url, s.waitFor, run.leftFor(reserveOf(run))),
  );
  const refused = s.guard.mainDocumentFailure(params.url, nav.ok ? nav.response : null);
  if (refused) throw refused;
  if (!nav.ok) throw await navigationError(s.client, nav, params.url, run.budget);
  const failedStatus = nav.response && httpError(nav.response, params.url);
  if (failedStatus) throw failedStatus;
  return nav.response;
}

/** After a script redirect: the new document loaded, the device metrics restored. */
async function renavigate(s: Scene): Promise<void> {
  await s.documents.settled(Math.min(5000, s.run.leftFor(reserveOf(s.run))));
  await applyDeviceMetrics(s.client, s.emulation);
}

/** From the loaded page to the result. On the first try, a navigation meanwhile asks for a retry. */
async function attempt(
  s: Scene,
  response: HTTPResponse | null,
  engines: Engines,
  warnings: string[],
  { first }: { first: boolean },
): Promise<CaptureResult> {
  const mark = s.documents.navigations;
  const notes = [...warnings, ...(await tidy(s, engines))];
  const { region, element } = await locate(s, engines, notes);
  await ready(s, region);
  if (s.params.pdf) return print(s, response, s.params.pdf, notes);
  if (s.params.animation) return record(s, response, s.params.animation, notes);
  const image = await shootRegion(s, response, region);
  // A navigation that started while we worked means the picture may show a page on its way out.
  if (first && s.documents.navigations !== mark) throw new DocumentChanged();
  return describe(s, response, image, notes, element);
}

/** Cookie banners, cosmetic filters, `inject_css`, `hide_selectors`, `inject_js`; their warnings. */
async function tidy(s: Scene, engines: Engines): Promise<string[]> {
  const { page, params, run } = s;
  if (s.block.includes('cookie_banners')) {
    await run.step('consent', () => settleConsent(page, Math.min(5000, run.leftFor(reserveOf(run)))));
  }
  return run.step('inject', async () => {
    await applyCosmeticFilters(page, engines);
    const styleNotes = await applyStyles(page, params.inject_css, params.hide_selectors ?? []);
    if (!params.inject_js) return styleNotes;
    return [...styleNotes, ...(await runInjectedScript(page, params.inject_js, run.leftFor(1000)))];
  });
}

/** Where the shot goes: the viewport, the whole page, or the selected element's box. */
async function locate(
  s: Scene,
  engines: Engines,
  warnings: string[],
): Promise<{ region: ShotRegion; element?: ElementResolved }> {
  const { page, params, run, screen } = s;
  if (params.selector) {
    const element = await run.step('element', () =>
      resolveSelector(page, params.selector!, Math.min(5000, run.leftFor(reserveOf(run)))),
    );
    const capped = capClip(element.box, screen.dpr);
    if (capped.cut) warnings.push('The element is too large to capture whole; its top part was captured');
    return { region: { kind: 'clip', clip: capped.clip }, element };
  }
  if (params.element) {
    const element = await run.step('element', async () => {
      const found = await collect(page, { candidates: true, signals: Boolean(params.collect_signals) });
      s.signals = found.signals;
      return resolveElement(page, params.element!, found.candidates ?? [], {
        timeoutMs: Math.min(5000, run.leftFor(reserveOf(run))),
        warnings,
        ...(s.model ? { model: s.model } : {}),
      });
    });
    const capped = capClip(element.box, screen.dpr);
    if (capped.cut) warnings.push('The element is too large to capture whole; its top part was captured');
    return { region: { kind: 'clip', clip: capped.clip }, element };
  }
  if (params.animation) {
    // What the animation scrolls through is loaded first (lazy images, observed sections), and
    // counts as the region to be ready.
    const end = await scrollRange(page, params.animation.scroll_to);
    const layout = await run.step('full_page', () =>
      prepareFullPage(page, end + screen.height, Math.min(15000, run.leftFor(reserveOf(run) + 1500))),
    );
    await applyCosmeticFilters(page, engines);
    return { region: { kind: 'clip', clip: { x: 0, y: 0, width: screen.width, height: layout.height } } };
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
  const capped = capClip({ x: 0, y: 0, width: screen.width, height: layout.height }, screen.dpr);
  if (capped.cut)
    warnings.push(`The page was cut at ${capped.clip.height} px to stay under the image size limit`);
  return { region: { kind: 'clip', clip: capped.clip } };
}

/**
 * Fonts, images and frames settled in the region; then the blank check, before the shot, so the
 * shot is never older than a frame with content: a look at the DOM first, the thumbnail (its own
 * timing, `blank_thumbnail`) only when that cannot tell.
 */
async function ready(s: Scene, region: ShotRegion): Promise<void> {
  const { page, run, screen } = s;
  const band =
    region.kind === 'clip' ? { top: region.clip.y, bottom: region.clip.y + region.clip.height } : undefined;
  const settle = () =>
    run.step('ready', () =>
      waitForReady(page, Math.min(5000, run.leftFor(1500)), {
        band,
        early: s.waitFor === 'domcontentloaded',
      }),
    );
  await settle();
  const blank = await run.step(
    'blank_check',
    async () =>
      !(await looksPainted(page, screen, region)) &&
      run.step('blank_thumbnail', () => looksBlank(s.client, page, screen, region)),
  );
  if (blank && run.left() > 1500) {
    // Blank white often means "not painted yet" (client-side rendering): give it a moment, once.
    await new Promise((r) => setTimeout(r, 700));
    await settle();
  }
}

/** The PNG of `region`, unless the page has navigated somewhere it must not be captured. */
async function shootRegion(s: Scene, response: HTTPResponse | null, region: ShotRegion): Promise<Buffer> {
  const navigatedAway = s.guard.mainDocumentFailure(s.params.url, response);
  if (navigatedAway) throw navigatedAway;
  return s.run.step('screenshot', () => shoot(s.client, s.page, s.screen, region));
}

/** `output.format: "pdf"`: the page printed, described like a shot. */
async function print(
  s: Scene,
  response: HTTPResponse | null,
  options: PdfOptions,
  notes: string[],
): Promise<CaptureResult> {
  const navigatedAway = s.guard.mainDocumentFailure(s.params.url, response);
  if (navigatedAway) throw navigatedAway;
  const printed = await s.run.step('screenshot', () => printPdf(s.page, options));
  const result = await describe(s, response, printed.data, notes, undefined, { ...printed, format: 'pdf' });
  return { ...result, pdf: { pages: printed.pages, paper: options.paper, landscape: options.landscape } };
}

/** `animation` (§14): the page recorded while it scrolls; the first frame stands for the shot. */
async function record(
  s: Scene,
  response: HTTPResponse | null,
  options: AnimationOptions,
  notes: string[],
): Promise<CaptureResult> {
  const navigatedAway = s.guard.mainDocumentFailure(s.params.url, response);
  if (navigatedAway) throw navigatedAway;
  const rec = await s.run.step('screenshot', () => recordScroll(s.client, s.page, options));
  const result = await describe(s, response, rec.frames[0]!, [...notes, ...rec.warnings], undefined, {
    width: rec.width,
    height: rec.height,
    format: 'jpeg',
  });
  return {
    ...result,
    animation: {
      frames: rec.frames,
      fps: options.fps,
      scrolled: rec.scrolled,
      received: rec.received,
      distinct: rec.distinct,
    },
  };
}

/** The result: the image, its warnings and what the page said of itself. */
async function describe(
  s: Scene,
  response: HTTPResponse | null,
  image: Buffer,
  notes: string[],
  element: ElementResolved | undefined,
  /** A printed PDF or a recording's first frame: not a PNG at the emulated pixel ratio. */
  made?: { width: number; height: number; format: 'pdf' | 'jpeg' },
): Promise<CaptureResult> {
  const { page } = s;
  const { width, height } = made ?? pngSize(image);
  const warnings = [...notes, ...s.guard.warnings()];
  if (s.params.collect_signals && !s.signals) {
    s.signals = await s.run.step('signals', () =>
      collect(page, { candidates: false, signals: true }).then(
        (found) => found.signals,
        () => {
          // A page whose scripts break the collector is still styled, from its pixels alone.
          warnings.push('The page could not be read for page understanding; AI choices use its colours only');
          return undefined;
        },
      ),
    );
  }
  return {
    image,
    width,
    height,
    dpr: made ? 1 : s.emulation.dpr,
    format: made?.format ?? 'png',
    warnings,
    ...(element ? { element_resolved: element } : {}),
    ...(s.signals ? { signals: s.signals } : {}),
    page: {
      url: page.url(),
      title: await page.title(),
      status: s.status() || (response?.status() ?? 0),
      // Auth-profile tests read "a visible password field" as a sign of a login page.
      has_password_field: await page
        .$$eval('input[type=password]', (inputs) =>
          inputs.some((i) => (i as HTMLElement).offsetWidth > 0 && (i as HTMLElement).offsetHeight > 0),
        )
        .catch(() => false),
    },
    timings: {},
  };
}
