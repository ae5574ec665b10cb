/**
 * @module capture/inject
 * What a capture adds to the page before the shot: the filter lists' hiding rules, `inject_css`,
 * `hide_selectors` and `inject_js`. The page's CSP does not apply (`setBypassCSP` in setup).
 */
import type { FiltersEngine } from '@ghostery/adblocker';
import type { Page } from 'puppeteer-core';
import { cosmeticCss, type DomTokens } from './filters.ts';

/** Adds the hiding rules the engines have for the document's current classes, ids and links. */
export async function applyCosmeticFilters(page: Page, engines: readonly FiltersEngine[]): Promise<void> {
  if (engines.length === 0) return;
  const dom: DomTokens = await page.evaluate(() => {
    const classes = new Set<string>();
    const ids = new Set<string>();
    const hrefs = new Set<string>();
    for (const el of Array.from(document.querySelectorAll('[class],[id],a[href]'))) {
      for (const c of Array.from(el.classList)) classes.add(c);
      if (el.id) ids.add(el.id);
      const href = el.getAttribute('href');
      if (href && el.tagName === 'A') hrefs.add(href);
    }
    return { url: location.href, classes: [...classes], ids: [...ids], hrefs: [...hrefs].slice(0, 2000) };
  });
  const css = cosmeticCss(engines, dom);
  if (css) await addStyle(page, css, 'frameshot-cosmetic');
}

/**
 * `hide_selectors` (display: none, one rule per selector so one bad selector does not void the
 * others) and `inject_css`. Returns warnings for selectors that are not valid CSS.
 */
export async function applyStyles(
  page: Page,
  css: string | undefined,
  hide: readonly string[],
): Promise<string[]> {
  const invalid = hide.length ? await page.evaluate(invalidSelectors, [...hide]) : [];
  const valid = hide.filter((s) => !invalid.includes(s));
  const hiding = valid.map((s) => `${s} { display: none !important; }`).join('\n');
  const all = [hiding, css ?? ''].filter(Boolean).join('\n');
  if (all) await addStyle(page, all, 'frameshot-inject');
  return invalid.map((s) => `hide_selectors entry "${s}" is not a valid CSS selector and was ignored`);
}

function invalidSelectors(selectors: string[]): string[] {
  return selectors.filter((s) => {
    try {
      document.querySelector(s);
      return false;
    } catch {
      return true;
    }
  });
}

async function addStyle(page: Page, css: string, id: string): Promise<void> {
  await page.evaluate(
    (text: string, styleId: string) => {
      const style = document.createElement('style');
      style.id = styleId;
      style.textContent = text;
      (document.head ?? document.documentElement).appendChild(style);
    },
    css,
    id,
  );
}

/**
 * Runs `inject_js` as a classic script in the page; a promise it evaluates to is awaited (up
 * to `timeoutMs`). A script that throws does not fail the capture: the error becomes a warning.
 */
export async function runInjectedScript(page: Page, js: string, timeoutMs: number): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string[]>((resolve) => {
    timer = setTimeout(
      () => resolve([`inject_js did not finish within ${timeoutMs} ms; captured without waiting for it`]),
      timeoutMs,
    );
  });
  const run = page
    .evaluate(js)
    .then(() => [])
    .catch((err: Error) => {
      if (/Execution context was destroyed|Target closed|Session closed/i.test(err.message)) throw err;
      return [`inject_js threw: ${err.message.split('\n')[0]}`];
    });
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
