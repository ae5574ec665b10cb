/**
 * @module capture/block
 * Request interception for `block` (categories `ads`, `trackers`, `chat_widgets` through the
 * filter engines, `media` by resource type, URL patterns with `*`) and for an auth profile's
 * headers, which only go to the target's own site. The main document is never blocked.
 * With `html` input (§14) the same interception serves the caller's document as the main
 * document at its URL, so the page is never fetched and its sub-resources load (through the
 * egress guard) relative to that URL. Interception is only switched on when one of these is asked for.
 */
import type { FiltersEngine } from '@ghostery/adblocker';
import type { HTTPRequest, Page } from 'puppeteer-core';
import { hostInDomain } from '../schemas/auth-profile.ts';
import { BLOCK_CATEGORIES } from '../schemas/capture.ts';
import { FILTER_CATEGORIES, type FilterCategory, filterEngine, isBlockedRequest } from './filters.ts';
import { compileGlob, type Glob, globMatches } from './glob.ts';

export interface RequestRules {
  engines: FiltersEngine[];
  patterns: UrlPattern[];
  media: boolean;
  /** An auth profile's headers, sent only to hosts inside `domain` (the profile's). */
  headers?: { domain: string; values: Record<string, string> };
  /** The caller's HTML, answered to every main-frame navigation to `url` (without its fragment). */
  document?: { url: string; html: string };
}

/** A `block` URL pattern: a glob over the whole URL, or (without `*`) a substring. */
export type UrlPattern = { glob: Glob } | { contains: string };

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
  opts: {
    url: string;
    headers?: Record<string, string>;
    /** Where `headers` may go; the target's own host when not given. */
    headersDomain?: string;
    filterListDirs?: readonly string[];
    /** `html` input: the document served at `url`. */
    html?: string;
  },
): RequestRules | null {
  const categories = new Set(block.filter((b) => (BLOCK_CATEGORIES as readonly string[]).includes(b)));
  const engines = NETWORK_CATEGORIES.filter((c) => categories.has(c)).map((c) =>
    filterEngine(c, opts.filterListDirs),
  );
  const patterns = block.filter((b) => !categories.has(b)).map(urlPattern);
  const media = categories.has('media');
  const headers =
    opts.headers && Object.keys(opts.headers).length > 0
      ? { domain: opts.headersDomain ?? new URL(opts.url).hostname, values: opts.headers }
      : undefined;
  const document = opts.html === undefined ? undefined : { url: withoutFragment(opts.url), html: opts.html };
  if (engines.length === 0 && patterns.length === 0 && !media && !headers && !document) return null;
  return { engines, patterns, media, headers, document };
}

const withoutFragment = (url: string) => {
  const u = new URL(url);
  u.hash = '';
  return u.href;
};

/**
 * A URL pattern: `*` matches any run of characters and the pattern must match the whole URL,
 * with or without its scheme (`*.doubleclick.net/*` matches `https://ad.doubleclick.net/x`),
 * with or without its port. A pattern without `*` matches URLs that contain it. Case-insensitive.
 * Matched by `glob.ts`, never by a regex built from the caller's pattern.
 */
export function urlPattern(pattern: string): UrlPattern {
  return pattern.includes('*') ? { glob: compileGlob(pattern) } : { contains: pattern.toLowerCase() };
}

export function matchesUrlPattern(pattern: UrlPattern, url: string): boolean {
  return matchesAnyForm(pattern, urlForms(url.toLowerCase()));
}

function matchesAnyForm(pattern: UrlPattern, forms: readonly string[]): boolean {
  return forms.some((form) =>
    'contains' in pattern ? form.includes(pattern.contains) : globMatches(pattern.glob, form),
  );
}

/** The URL with and without its port, each with and without its scheme (already lower-cased). */
function urlForms(url: string): string[] {
  const schemeEnd = url.indexOf('://');
  const hostStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
  const forms = [url];
  const portless = withoutPort(url, hostStart);
  if (portless !== url) forms.push(portless);
  if (schemeEnd >= 0) for (const f of [...forms]) forms.push(f.slice(hostStart));
  return forms;
}

function withoutPort(url: string, hostStart: number): string {
  let hostEnd = hostStart;
  while (hostEnd < url.length && !'/?#'.includes(url[hostEnd]!)) hostEnd++;
  const colon = url.lastIndexOf(':', hostEnd - 1);
  if (colon < hostStart || url.lastIndexOf(']', hostEnd - 1) > colon) return url;
  const port = url.slice(colon + 1, hostEnd);
  return /^\d+$/.test(port) ? url.slice(0, colon) + url.slice(hostEnd) : url;
}

export function isBlockedByRules(
  rules: RequestRules,
  req: { url: string; type: string; sourceUrl: string },
): boolean {
  if (rules.media && req.type === 'media') return true;
  if (rules.patterns.length > 0) {
    // The URL's forms once per request, not once per pattern.
    const forms = urlForms(req.url.toLowerCase());
    if (rules.patterns.some((p) => matchesAnyForm(p, forms))) return true;
  }
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
    if (isMainDocument && rules.document && withoutFragment(url) === rules.document.url) {
      return void req
        .respond({ status: 200, contentType: 'text/html; charset=utf-8', body: rules.document.html })
        .catch(() => {});
    }
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
  const extra = rules.headers && headersGoTo(req.url(), rules.headers.domain) ? rules.headers.values : null;
  const overrides = extra ? { headers: { ...req.headers(), ...extra } } : undefined;
  req.continue(overrides).catch(() => {});
}

/** A profile's headers go to its domain and subdomains only, never to a sibling under one suffix. */
function headersGoTo(url: string, domain: string): boolean {
  try {
    return hostInDomain(new URL(url).hostname, domain);
  } catch {
    return false;
  }
}
