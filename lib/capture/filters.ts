/**
 * @module capture/filters
 * Adblock-syntax filter lists per `block` category, compiled with @ghostery/adblocker's
 * FiltersEngine. The lists ship in `assets/filters/<category>/*.txt` and load offline; an
 * operator adds lists by dropping `*.txt` files there or by passing more directories with the
 * same layout (`BrowserPoolOptions.filterListDirs`). Each category compiles once per process.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FiltersEngine, Request, type RequestType } from '@ghostery/adblocker';
import { getDomain, getHostname } from 'tldts';
import { assetPath } from '../assets.ts';

export const FILTER_CATEGORIES = ['ads', 'trackers', 'chat_widgets', 'cookie_banners'] as const;
export type FilterCategory = (typeof FILTER_CATEGORIES)[number];

const BUILTIN_DIR = assetPath('filters');
const engines = new Map<string, FiltersEngine>();

/** The compiled engine of one category (built-in lists plus `extraDirs`). */
export function filterEngine(category: FilterCategory, extraDirs: readonly string[] = []): FiltersEngine {
  const key = [category, ...extraDirs].join('\0');
  let engine = engines.get(key);
  if (!engine) {
    const text = [BUILTIN_DIR, ...extraDirs].flatMap((dir) => listFiles(join(dir, category))).join('\n');
    engine = FiltersEngine.parse(text, { loadCosmeticFilters: true, loadNetworkFilters: true });
    engines.set(key, engine);
  }
  return engine;
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

/** Does any engine block this request? */
export function isBlockedRequest(
  engines: readonly FiltersEngine[],
  details: { url: string; sourceUrl: string; type: string },
): boolean {
  if (engines.length === 0) return false;
  const request = Request.fromRawDetails({
    url: details.url,
    sourceUrl: details.sourceUrl,
    type: details.type as RequestType,
  });
  return engines.some((e) => e.match(request).match);
}

export interface DomTokens {
  url: string;
  classes: string[];
  ids: string[];
  hrefs: string[];
}

/** Hiding CSS of every engine for a document with these classes, ids and links. */
export function cosmeticCss(engines: readonly FiltersEngine[], dom: DomTokens): string {
  const hostname = getHostname(dom.url) ?? '';
  const domain = getDomain(dom.url) ?? hostname;
  return engines
    .map(
      (e) =>
        e.getCosmeticsFilters({
          url: dom.url,
          hostname,
          domain,
          classes: dom.classes,
          ids: dom.ids,
          hrefs: dom.hrefs,
          getBaseRules: true,
          getInjectionRules: false,
          getExtendedRules: false,
          getRulesFromDOM: true,
          getRulesFromHostname: true,
        }).styles,
    )
    .filter(Boolean)
    .join('\n');
}
