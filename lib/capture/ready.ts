/**
 * @module capture/ready
 * The last wait before the shot: web fonts loaded, the images that will be in the picture loaded
 * and decoded, at least `SETTLE_AFTER_LOAD_MS` since the load event on a page that can change
 * after it (so a script that redirects or redraws right after load has run), entrance
 * transitions and animations played to their end, and two animation frames so what was decoded
 * is painted.
 */
import type { Page } from 'puppeteer-core';

export interface ReadyOptions {
  /** The band `[top, bottom]` of the document (CSS px) that will be in the picture; default the viewport. */
  band?: { top: number; bottom: number };
  /**
   * The caller asked for `domcontentloaded`: the document may still be loading, so do not wait
   * for images, and wait for the font faces in use rather than `document.fonts.ready` (which
   * only settles once the document has loaded).
   */
  early: boolean;
}

/**
 * The shot is not taken sooner than this after the load event: scripts that redirect or redraw
 * "right after load" (a `setTimeout` of a few tens of ms) have had their turn. Usually free: on
 * most pages the fonts and images take longer than this anyway.
 */
export const SETTLE_AFTER_LOAD_MS = 100;

/**
 * Finite CSS transitions and animations running when the page is ready, and ending within this
 * many ms of their start, are played to their end before the shot (entrance fade-ins and
 * slides); longer ones, and infinite ones (spinners, marquees), are shot as they are.
 */
export const FINISH_EFFECTS_UP_TO_MS = 5000;

/**
 * What can change a page after its load event: scripts (its own, or in a frame or plugin) and a
 * meta refresh. A document with none of them is what it was at load, and skips the settle
 * (100 ms of a static page's capture).
 */
export const CHANGES_AFTER_LOAD =
  'script, iframe, frame, object, embed, meta[http-equiv="refresh" i], [onload], [onpageshow]';

/** Waits (at most `timeoutMs`) for fonts, for the images in the band and for the settle time. */
export async function waitForReady(page: Page, timeoutMs: number, opts: ReadyOptions) {
  if (timeoutMs <= 0) return;
  await page.evaluate(
    async (
      ms: number,
      area: { top: number; bottom: number } | null,
      early: boolean,
      settle: number,
      changes: string,
      effectsMs: number,
    ) => {
      const top = area ? area.top : window.scrollY;
      const bottom = area ? area.bottom : window.scrollY + window.innerHeight;
      const inBand = (el: Element) => {
        const r = el.getBoundingClientRect();
        const y = r.top + window.scrollY;
        return r.width > 0 && r.height > 0 && y < bottom && y + r.height > top;
      };
      const images = early ? [] : Array.from(document.images).filter(inBand);
      const loaded = (img: HTMLImageElement) =>
        img.complete
          ? img.decode().catch(() => {})
          : new Promise<void>((resolve) => {
              img.addEventListener('load', () => img.decode().then(resolve, resolve), { once: true });
              img.addEventListener('error', () => resolve(), { once: true });
            });
      const fonts = early
        ? Promise.all(
            Array.from(document.fonts)
              .filter((f) => f.status === 'loading')
              .map((f) => f.loaded.catch(() => {})),
          )
        : document.fonts.ready;
      const loadEnd = (
        performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined
      )?.loadEventEnd;
      const still = !document.querySelector(changes);
      const settled =
        early || !loadEnd || still
          ? null
          : new Promise((r) => setTimeout(r, settle - (performance.now() - loadEnd)));
      const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
      // Entrance effects (a fade-in, a slide-up) end where the page means to be seen: finite
      // CSS transitions and animations still running are played to their end, not shot halfway.
      const settleEffects = () => {
        for (const animation of document.getAnimations()) {
          const end = animation.effect?.getComputedTiming().endTime;
          if (animation.playState !== 'running' || typeof end !== 'number' || !(end <= effectsMs)) continue;
          try {
            animation.finish();
          } catch {
            // An animation that cannot finish (no end after all) stays as it is.
          }
        }
      };
      const work = Promise.all([fonts, settled, ...images.map(loaded)])
        .then(settleEffects)
        .then(frame)
        .then(frame);
      await Promise.race([work, new Promise((r) => setTimeout(r, ms))]);
    },
    timeoutMs,
    opts.band ?? null,
    opts.early,
    SETTLE_AFTER_LOAD_MS,
    CHANGES_AFTER_LOAD,
    FINISH_EFFECTS_UP_TO_MS,
  );
}
