/**
 * @module capture/element
 * `selector`: the first element matching the CSS selector, waited for (within the budget) if it
 * is not there yet, and its box in document coordinates. The natural-language `element` will
 * resolve to the same `ElementResolved` shape with a score below 1.
 */
import { type Page, TimeoutError } from 'puppeteer-core';
import { CaptureFailed } from '../errors.ts';
import type { ElementResolved } from './types.ts';

/**
 * Throws `selector_not_found` when `selector` is not valid CSS (puppeteer would otherwise poll an
 * invalid selector until the timeout). `field` names the parameter in the message.
 */
export async function assertValidSelector(page: Page, selector: string, field: string): Promise<void> {
  const valid = await page.evaluate((sel: string) => {
    try {
      document.querySelector(sel);
      return true;
    } catch {
      return false;
    }
  }, selector);
  if (!valid)
    throw new CaptureFailed('selector_not_found', `${field} "${selector}" is not a valid CSS selector.`);
}

export async function resolveSelector(
  page: Page,
  selector: string,
  timeoutMs: number,
): Promise<ElementResolved> {
  await assertValidSelector(page, selector, 'selector');
  try {
    await page.waitForSelector(selector, { timeout: Math.max(1, timeoutMs) });
  } catch (err) {
    if (err instanceof TimeoutError) {
      throw new CaptureFailed(
        'selector_not_found',
        `No element matches selector "${selector}" (waited ${timeoutMs} ms). Check the selector against the page as it loads without cookies.`,
      );
    }
    throw err;
  }
  const found = await page.evaluate((sel: string) => {
    const el = document.querySelector(sel);
    if (!el) return null;
    el.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
    const r = el.getBoundingClientRect();
    // biome-ignore lint/performance/useDomNodeTextContent: the excerpt is the text a reader sees, not <script>/<style> content
    const text = ((el as HTMLElement).innerText ?? el.textContent ?? '').replace(/\s+/g, ' ').trim();
    return {
      box: { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height },
      text: text.slice(0, 200),
    };
  }, selector);
  if (!found) {
    throw new CaptureFailed('selector_not_found', `No element matches selector "${selector}".`);
  }
  if (found.box.width < 1 || found.box.height < 1) {
    throw new CaptureFailed(
      'selector_not_found',
      `selector "${selector}" matches an element with no visible box (${Math.round(found.box.width)}×${Math.round(found.box.height)} px: hidden or empty).`,
    );
  }
  return { selector, score: 1, text_excerpt: found.text, box: roundBox(found.box) };
}

/**
 * The box as Chromium paints it: the origin rounded, then the far edge rounded, in CSS px (the
 * painted box is snapped in CSS px and then scaled by the dpr, measured at 1, 1.5 and 2; it is
 * also how puppeteer clips an element screenshot). Flooring the origin and ceiling the far edge
 * instead would add a row or column of the neighbours at any fractional offset.
 */
function roundBox(b: { x: number; y: number; width: number; height: number }) {
  const x = Math.round(b.x);
  const y = Math.round(b.y);
  return { x, y, width: Math.round(b.x + b.width) - x, height: Math.round(b.y + b.height) - y };
}
