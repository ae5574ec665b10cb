/**
 * @module capture/full-page
 * `full_page`: lazy images are switched to eager, the document is scrolled through one viewport
 * at a time so IntersectionObserver-driven sections load, then scrolled back to the top. The
 * shot itself is one `captureBeyondViewport` clip of the whole height (see screenshot.ts), so
 * fixed and sticky headers are painted once, at the top, and never repeat down the page.
 * The height stops at `full_page_max_height` or at the capture pixel budget, whichever is lower:
 * both cut the page with a warning rather than fail it, since the top of a page is still the
 * picture most callers want.
 */
import type { Page } from 'puppeteer-core';
import { CAPTURE_PIXEL_BUDGET, megapixels } from '../schemas/limits.ts';
import { budgetHeight } from './screenshot.ts';

export interface FullPageLayout {
  /** CSS px to capture (document height, capped). */
  height: number;
  /** Document height before the cap. */
  documentHeight: number;
  warnings: string[];
}

/** Scrolls lazy content into view within `timeoutMs`, returns the height to capture. */
export async function prepareFullPage(
  page: Page,
  maxHeight: number,
  timeoutMs: number,
): Promise<FullPageLayout> {
  // The shot is as wide as the emulated screen (applyDeviceMetrics makes it the viewport);
  // innerWidth can be wider (a mobile page laid out at 980 px), never what is captured.
  const { width, dpr } = await page.evaluate(() => ({
    width: window.screen.width,
    dpr: window.devicePixelRatio,
  }));
  const byBudget = budgetHeight(width, dpr);
  const cap = Math.min(maxHeight, byBudget);
  const { documentHeight, complete } = await page.evaluate(
    async (cap: number, ms: number) => {
      const until = performance.now() + ms;
      const height = () => Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0);
      const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
      const pause = (t: number) => new Promise((r) => setTimeout(r, t));
      for (const el of Array.from(document.querySelectorAll('img[loading="lazy"], iframe[loading="lazy"]'))) {
        el.setAttribute('loading', 'eager');
      }
      const step = Math.max(200, Math.floor(window.innerHeight * 0.9));
      let y = 0;
      let reachedEnd = false;
      while (performance.now() < until) {
        const end = Math.min(height(), cap) - window.innerHeight;
        if (y >= end) {
          reachedEnd = true;
          break;
        }
        y = Math.min(y + step, end);
        window.scrollTo({ top: y, left: 0, behavior: 'instant' });
        await frame();
        // Give IntersectionObserver callbacks and the fetches they start a moment.
        await pause(60);
      }
      window.scrollTo({ top: 0, left: 0, behavior: 'instant' });
      await frame();
      await frame();
      return { documentHeight: height(), complete: reachedEnd };
    },
    cap,
    Math.max(0, timeoutMs),
  );
  const height = Math.min(documentHeight, cap);
  const warnings: string[] = [];
  if (documentHeight > cap && byBudget < maxHeight) {
    warnings.push(
      `The page is ${documentHeight} px tall; captured the first ${cap} px: at ${width} px wide and capture_dpr ${dpr} a taller image is over the ${megapixels(CAPTURE_PIXEL_BUDGET)} capture limit (${dpr > 1 ? 'lower capture_dpr or the viewport width' : 'a narrower viewport'} to capture more of it)`,
    );
  } else if (documentHeight > cap) {
    warnings.push(
      `The page is ${documentHeight} px tall; captured the first ${maxHeight} px (full_page_max_height)`,
    );
  }
  if (!complete)
    warnings.push('Ran out of time scrolling the page; content further down may not have loaded');
  return { height, documentHeight, warnings };
}
