/**
 * @module capture/block
 * Request interception for `block` (categories `ads`, `trackers`, `chat_widgets` through the
 * filter engines, `media` by resource type, URL patterns with `*`) and for an auth profile's
 * headers, which only go to the target's own site. The main document is never blocked.
 * Interception is only switched on when one of these is asked for.
 */
import type { FiltersEngine } from '@ghostery/adblocker';
import type { HTTPRequest, Page } from 'puppeteer-core';
import { getDomain, getHostname } from 'tldts';
import { BLOCK_CATEGORIES } from '../schemas/capture.ts';
import { FILTER_CATEGORIES, type FilterCategory, filterEngine, isBlockedRequest } from './filters.ts';

export interface RequestRules {
  engines: FiltersEngine[];
  patterns: RegExp[];
  media: boolean;
  headers?: { site: string; values: Record<string, string> };
}

const NETWORK_CATEGORIES: readonly FilterCategory[] = ['ads', 'trackers', 'chat_widgets'];

/** Engines whose hiding rules apply for these `block` entries (cookie_banners is cosmetic only). */
export function cosmeticEngines(
  block: readonly string[],
  filterListDirs?: readonly string[],
): FiltersEngine[] {
  return FILTER_CATEGORIES.filter((c) => block.includes(c)).map((c) => filterEngine(c, filterListDirs));
}

/** Compiles `block` entries; `null` when nothing needs interception. */
export function requestRules(
  block: readonly string[],
  opts: { url: string; headers?: Record<string, string>; filterListDirs?: readonly string[] },
): RequestRules | null {
  const categories = new Set(block.filter((b) => (BLOCK_CATEGORIES as readonly string[]).includes(b)));
  const engines = NETWORK_CATEGORIES.filter((c) => categories.has(c)).map((c) =>
    filterEngine(c, opts.filterListDirs),
  );
  const patterns = block.filter((b) => !categories.has(b)).map(patternRegExp);
  const media = categories.has('media');
  const headers =
    opts.headers && Object.keys(opts.headers).length > 0
      ? { site: siteOf(opts.url), values: opts.headers }
      : undefined;
  if (engines.length === 0 && patterns.length === 0 && !media && !headers) return null;
  return { engines, patterns, media, headers };
}

/**
 * A URL pattern: `*` matches any run of characters and the pattern must match the whole URL,
 * with or without its scheme (`*.doubleclick.net/*` matches `https://ad.doubleclick.net/x`),
 * with or without its port. A pattern without `*` matches URLs that contain it.
 */
export function patternRegExp(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  if (!pattern.includes('*')) return new RegExp(body, 'i');
  return new RegExp(`^(?:[a-z][a-z0-9+.-]*://)?${body}$`, 'i');
}

export function isBlockedByRules(
  rules: RequestRules,
  req: { url: string; type: string; sourceUrl: string },
): boolean {
  if (rules.media && req.type === 'media') return true;
  const portless = req.url.replace(/^([a-z]+:\/\/[^/:?#]+):\d+/i, '$1');
  if (rules.patterns.some((p) => p.test(req.url) || p.test(portless))) return true;
  return isBlockedRequest(rules.engines, req);
}

/** Switches interception on; returns a counter of blocked requests. */
export async function installRequestRules(page: Page, rules: RequestRules): Promise<{ blocked: number }> {
  const counter = { blocked: 0 };
  await page.setRequestInterception(true);
  page.on('request', (req: HTTPRequest) => {
    if (req.isInterceptResolutionHandled()) return;
    const url = req.url();
    const frame = req.frame();
    const isMainDocument = req.isNavigationRequest() && frame === page.mainFrame();
    if (!url.startsWith('http') || isMainDocument) return void continueWithHeaders(req, rules);
    const sourceUrl = frame?.url() || page.url();
    if (isBlockedByRules(rules, { url, type: req.resourceType(), sourceUrl })) {
      counter.blocked++;
      return void req.abort('blockedbyclient').catch(() => {});
    }
    continueWithHeaders(req, rules);
  });
  return counter;
}

function continueWithHeaders(req: HTTPRequest, rules: RequestRules) {
  const extra = rules.headers && siteOf(req.url()) === rules.headers.site ? rules.headers.values : null;
  const overrides = extra ? { headers: { ...req.headers(), ...extra } } : undefined;
  req.continue(overrides).catch(() => {});
}

/** Registrable domain (`app.example.co.uk` → `example.co.uk`), or the host for IPs and `localhost`. */
function siteOf(url: string): string {
  return getDomain(url) ?? getHostname(url) ?? '';
}
