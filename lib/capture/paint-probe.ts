/**
 * @module capture/paint-probe
 * The blank check's first look: is something visibly painted in the region, decided from the DOM
 * inside the page in a few ms? When it cannot tell, `looksBlank` (screenshot.ts) renders a
 * thumbnail and decides.
 */
import type { Page } from 'puppeteer-core';
import { judgedArea, type Screen, type ShotRegion } from './screenshot.ts';
import type { Box } from './types.ts';

/** How much of the DOM the paint probe looks at before it gives up (answers "cannot tell"). */
const PROBE_LIMITS = { nodes: 3000, ms: 25 };

/**
 * Is something visibly painted in the region, for sure? One look at the DOM from inside the page
 * (a few ms), so the blank check can skip its thumbnail (≈ 110 ms at 2880 × 1800) on pages that
 * clearly have content. `true` takes, in the part of the judged area inside the viewport, text
 * dark enough, a loaded image, a drawn SVG shape, a video frame, or a coloured background; each
 * big enough to survive the thumbnail's downscale, not hidden or faded out, and on top at its
 * middle. `false` means "cannot tell" and the thumbnail decides: so it is for canvases (drawn
 * and empty look alike in the DOM), CSS background images (readiness does not wait for them),
 * iframes, shadow DOM, text while web fonts still load, and anything past the node or time cap.
 */
export async function looksPainted(page: Page, screen: Screen, region: ShotRegion): Promise<boolean> {
  return page.evaluate(probePaint, judgedArea(screen, region), PROBE_LIMITS);
}

/**
 * Runs inside the page (serialised by puppeteer): only browser globals, no imports — and no
 * helpers of this module, which is why it is one long function.
 */
const probePaint = (area: Box | null, limits: typeof PROBE_LIMITS): boolean => {
  const until = performance.now() + limits.ms;
  const judged = area ?? { x: scrollX, y: scrollY, width: innerWidth, height: innerHeight };
  const left = Math.max(0, judged.x - scrollX);
  const top = Math.max(0, judged.y - scrollY);
  const right = Math.min(innerWidth, judged.x - scrollX + judged.width);
  const bottom = Math.min(innerHeight, judged.y - scrollY + judged.height);
  if (right - left < 1 || bottom - top < 1) return false;
  // CSS px per thumbnail px: what is smaller than that may fade out in the thumbnail.
  const px = Math.max(1, judged.width / 200);
  // Colours are judged laid over white, the brightest they can come out: dark there is dark anywhere.
  const colour = (css: string) => {
    const m = /^rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)$/.exec(css);
    if (!m) return null;
    const alpha = m[4] === undefined ? 1 : Number(m[4]);
    return { alpha, shade: Math.min(...[m[1], m[2], m[3]].map((c) => 255 - alpha * (255 - Number(c)))) };
  };
  const style = (el: Element) => getComputedStyle(el);
  const root = document.documentElement;
  const body = document.body;
  // The page's background paints the whole canvas: the root's, or the body's when the root has none.
  const bodyIsRoot = !!body && (colour(style(root).backgroundColor)?.alpha ?? 1) === 0;
  const canvas = colour(style(bodyIsRoot ? body! : root).backgroundColor);

  const opacities = new Map<Element, number>();
  const opacity = (el: Element | null): number => {
    if (!el) return 1;
    let o = opacities.get(el);
    if (o === undefined) {
      const s = style(el);
      const blended = s.filter !== 'none' || s.mixBlendMode !== 'normal' || s.maskImage !== 'none';
      o = blended ? 0 : Number(s.opacity) * opacity(el.parentElement);
      opacities.set(el, o);
    }
    return o;
  };
  const visible = (el: Element) => style(el).visibility === 'visible' && opacity(el) >= 0.5;
  const fits = (r: DOMRect, min: number) =>
    Math.min(r.right, right) - Math.max(r.left, left) >= min &&
    Math.min(r.bottom, bottom) - Math.max(r.top, top) >= min;
  const middle = (r: DOMRect) =>
    [
      (Math.max(r.left, left) + Math.min(r.right, right)) / 2,
      (Math.max(r.top, top) + Math.min(r.bottom, bottom)) / 2,
    ] as const;
  // `el`, or something inside it, is what a click in the middle of `r` would hit: not covered.
  const onTop = (el: Element, r: DOMRect) => {
    const hit = document.elementFromPoint(...middle(r));
    return !!hit && (hit === el || el.contains(hit));
  };
  const shows = (el: Element, min: number) => {
    const r = el.getBoundingClientRect();
    return fits(r, min) && visible(el) && onTop(el, r);
  };
  // The background showing at a point: the first opaque one from the element hit up, else the page's.
  const colouredAt = (x: number, y: number) => {
    for (let el = document.elementFromPoint(x, y); el; el = el.parentElement) {
      const isCanvas = el === root || (el === body && bodyIsRoot);
      const c = isCanvas ? canvas : colour(style(el).backgroundColor);
      if (!c) return false;
      if (isCanvas || c.alpha >= 0.5) {
        return c.shade <= 230 && visible(el) && (isCanvas || fits(el.getBoundingClientRect(), 2 * px));
      }
    }
    return false;
  };
  const range = document.createRange();
  const fontsLoaded = document.fonts.status === 'loaded';
  const textShows = (text: Text) => {
    const el = text.parentElement;
    if (!fontsLoaded || !el || !text.data.trim()) return false;
    if ((colour(style(el).getPropertyValue('-webkit-text-fill-color'))?.shade ?? 255) > 200) return false;
    range.selectNodeContents(text);
    const line = Array.from(range.getClientRects()).find((r) => fits(r, px / 2));
    return !!line && visible(el) && onTop(el, line);
  };
  const svgDrawn = (svg: SVGSVGElement) =>
    Array.from(svg.querySelectorAll('path, rect, circle, ellipse, line, polyline, polygon, text, use'))
      .slice(0, 20)
      .some((shape) => {
        const s = style(shape);
        const stroked = Number.parseFloat(s.strokeWidth) > 0 && (colour(s.stroke)?.shade ?? 255) <= 200;
        return stroked || (colour(s.fill)?.shade ?? 255) <= 200;
      });
  const backgroundShows = (el: Element) => {
    const c = colour(style(el).backgroundColor);
    if (!c || c.alpha < 0.5 || c.shade > 230) return false;
    const r = el.getBoundingClientRect();
    return fits(r, 2 * px) && colouredAt(...middle(r));
  };
  const paints = (n: Node) => {
    if (n instanceof Text) return textShows(n);
    if (n instanceof HTMLImageElement) return n.complete && n.naturalWidth > 0 && shows(n, px);
    if (n instanceof HTMLVideoElement) return n.readyState >= 2 && shows(n, px);
    if (n instanceof SVGSVGElement) return svgDrawn(n) && shows(n, px);
    return n instanceof Element && backgroundShows(n);
  };

  // The page's own background, where nothing opaque covers it: a 3 × 3 grid of points.
  if ((canvas?.shade ?? 255) <= 230) {
    for (const fx of [1 / 6, 1 / 2, 5 / 6]) {
      for (const fy of [1 / 6, 1 / 2, 5 / 6]) {
        if (colouredAt(left + (right - left) * fx, top + (bottom - top) * fy)) return true;
      }
    }
  }
  const unseen = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'CANVAS', 'IFRAME', 'OBJECT']);
  const walker = document.createTreeWalker(body ?? root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (n) =>
      unseen.has(n.nodeName) || n.parentNode instanceof SVGElement
        ? NodeFilter.FILTER_REJECT
        : NodeFilter.FILTER_ACCEPT,
  });
  for (let i = 0, n = walker.nextNode(); n && i < limits.nodes; i++, n = walker.nextNode()) {
    if (i % 64 === 63 && performance.now() > until) return false;
    if (paints(n)) return true;
  }
  return false;
};
