/**
 * @module understand/copy
 * `ai_copy`: the headline, subtitle and badge drawn on the canvas, chosen from what the page says
 * of itself. The headline is the page's own claim, not its `<title>`: the site name and its
 * separator are taken off (" | Acme", " — Acme Cloud", "Acme: "), a strong h1 or og:title wins
 * over the title, generic words ("Welcome", "Dashboard") lose to anything specific. Text is cut
 * at clause ends, then at word ends, then (for scripts written without spaces, or one huge word)
 * at grapheme ends — never inside a word, a surrogate pair or an emoji sequence.
 */
import { getDomainWithoutSuffix } from 'tldts';
import type { PageType } from './classify.ts';
import type { PageSignals } from './types.ts';

export const TITLE_MAX = 60;
export const SUBTITLE_MAX = 120;

export type TitleSource = 'h1' | 'og:title' | 'title' | 'site_name';
export type SubtitleSource = 'meta:description' | 'og:description' | 'lead';

export interface CopyDecision {
  /** ≤ 60 UTF-16 code units. */
  title?: string;
  /** ≤ 120 UTF-16 code units. */
  subtitle?: string;
  badge?: string;
  reason: string;
  sources: { title?: TitleSource; subtitle?: SubtitleSource; badge?: 'page_type' | 'page_text' };
}

/**
 * Headline typeface per page type: serif where the page is read (articles) or shown off
 * (portfolios), mono where it is code (docs), Inter everywhere else.
 */
export const TITLE_FONT_FOR: Record<PageType, 'sans' | 'serif' | 'mono'> = {
  landing: 'sans',
  pricing: 'sans',
  docs: 'mono',
  dashboard: 'sans',
  article: 'serif',
  product: 'sans',
  checkout: 'sans',
  login: 'sans',
  portfolio: 'serif',
};

/** The badge each page type earns; landing pages only earn "New" when they announce something. */
const BADGE_FOR: Record<PageType, string | undefined> = {
  landing: undefined,
  pricing: 'Pricing',
  docs: 'Docs',
  dashboard: 'Dashboard',
  article: 'Blog',
  product: 'Shop',
  checkout: 'Checkout',
  login: 'Sign in',
  portfolio: 'Portfolio',
};

const ANNOUNCES =
  /\b(introducing|announcing|just launched|launching|now available|just released|new release)\b|^(new|nouveau|nouvelle|neu|nuevo|nueva|novo|nova)\b|\bnew\s*[:!]/iu;

/** Headlines that say where you are, not what the product is. */
const GENERIC = new Set(
  `welcome home homepage index untitled dashboard overview login signin signup register account myaccount
  settings menu loading search main start pricing plans docs documentation blog news shop store cart
  checkout portfolio about aboutus contact products features newtab 404 pagenotfound notfound error
  untitleddocument`.split(/\s+/),
);

const NO_SPACE_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/gu;

/** Separators between a page name and a site name in titles. */
const SEPARATOR = /\s+(?:[|–—·•»~/\\]|-{1,2}|::)\s+|\s*[|·•»｜]\s*/u;

/** Ends of clauses a headline can stop at without an ellipsis. */
const CLAUSE_END = /(?:[:;—–]\s|\s[-–—|]\s|[.!?](?=\s)|[。！？：；]|[,，、]\s?)/gu;

const TRAILING = /^[\s,;:–—\-|/·•、，：；]+$/u;

function segmenter(lang: string, granularity: 'grapheme' | 'word' | 'sentence'): Intl.Segmenter {
  const locale = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(lang) ? lang : undefined;
  return new Intl.Segmenter(locale, { granularity });
}

/** NFC, no control or zero-width-space characters, whitespace collapsed. ZWJ/ZWNJ stay: emoji and Persian need them. */
export function clean(s: string | undefined): string {
  if (!s) return '';
  return s
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f\u200b\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["'“”«»]+(.*?)["'“”«»]+$/u, '$1')
    .trim();
}

/** Letters and digits only, lowercased: how names are compared. */
const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

const words = (s: string) => s.split(/\s+/).filter(Boolean);

const isNoSpaceScript = (s: string) => {
  const hits = s.match(NO_SPACE_SCRIPT)?.length ?? 0;
  return hits > 0 && hits >= s.replace(/\s/g, '').length * 0.3;
};

/** Joins graphemes, dropping trailing spaces and separators one whole grapheme at a time. */
function joinTrimmed(graphemes: string[]): string {
  const out = [...graphemes];
  while (out.length && TRAILING.test(out[out.length - 1]!)) out.pop();
  return out.join('');
}

/**
 * Cuts `text` to at most `max` UTF-16 code units: at the last clause end that keeps at least 30 %
 * of `max` (60 % for a comma; no ellipsis), else at a word end, else at a grapheme end, with "…".
 * Every cut is between graphemes.
 */
export function shorten(text: string, max: number, lang = ''): string {
  if (text.length <= max) return text;
  const graphemes = [...segmenter(lang, 'grapheme').segment(text)];
  const upTo = (end: number) => graphemes.filter((g) => g.index < end).map((g) => g.segment);
  const isBoundary = new Set([...graphemes.map((g) => g.index), text.length]);
  let clause = '';
  for (const m of text.matchAll(CLAUSE_END)) {
    const end = /[。！？!?]/u.test(m[0]) ? m.index + m[0].length : m.index;
    if (!isBoundary.has(end)) continue;
    const cut = joinTrimmed(upTo(end));
    // A comma may sit inside a list ("build, deploy and scale"): only cut there when little is lost.
    const least = /[,，、]/u.test(m[0]) ? 0.6 : 0.3;
    if (cut.length <= max && cut.length >= max * least) clause = cut;
  }
  if (clause) return clause;
  const wordEnds = new Set([...[...segmenter(lang, 'word').segment(text)].map((w) => w.index), text.length]);
  let used = 0;
  let wordCut = 0;
  let graphemeCut = 0;
  for (const [i, g] of graphemes.entries()) {
    if (used + g.segment.length + 1 > max) break;
    used += g.segment.length;
    graphemeCut = i + 1;
    const next = graphemes[i + 1]?.index ?? text.length;
    if (wordEnds.has(next)) wordCut = i + 1;
  }
  const byWord = joinTrimmed(graphemes.slice(0, wordCut).map((g) => g.segment));
  if (!isNoSpaceScript(text) && byWord.length >= max * 0.5) return `${byWord}…`;
  const byGrapheme = joinTrimmed(graphemes.slice(0, graphemeCut).map((g) => g.segment));
  return byGrapheme ? `${byGrapheme}…` : '';
}

/** Names the site goes by: og:site_name, application-name, the registrable domain's label. */
function siteNames(signals: PageSignals): string[] {
  const names = [signals.meta.og_site_name, signals.meta.application_name].map(clean).filter(Boolean);
  const host = URL.canParse(signals.url) ? new URL(signals.url).hostname : '';
  const label = host ? getDomainWithoutSuffix(host) : null;
  if (label) names.push(label);
  return [...new Set(names.map(norm).filter((n) => n.length >= 2))];
}

/** How far a title segment is from being just the site name (0 = exactly it); null = not it. */
function siteDistance(segment: string, names: string[]): number | null {
  const n = norm(segment);
  if (!n) return null;
  let best: number | null = null;
  for (const name of names) {
    const extra =
      n === name
        ? 0
        : words(segment).length <= 3 && name.length >= 3 && (n.startsWith(name) || name.startsWith(n))
          ? Math.abs(n.length - name.length)
          : null;
    if (extra !== null && (best === null || extra < best)) best = extra;
  }
  return best;
}

/**
 * Splits a title into the page's own part and the site's name: separators split it, the segment
 * closest to a known site name is the site's ("Pricing — Acme Cloud", "Acme: Build faster").
 */
export function stripSiteName(title: string, names: string[]): { page: string; site?: string } {
  const prefix = /^([^:：]{1,40})[:：]\s*(.+)$/u.exec(title);
  if (prefix && siteDistance(prefix[1]!, names) === 0) return { page: prefix[2]!.trim(), site: prefix[1]! };
  const segments = title
    .split(SEPARATOR)
    .map((s) => s.trim())
    .filter(Boolean);
  if (segments.length < 2) return { page: title };
  const distances = segments.map((s) => siteDistance(s, names));
  const known = distances.filter((d): d is number => d !== null);
  if (known.length && known.length < segments.length) {
    const closest = Math.min(...known);
    const site = segments[distances.indexOf(closest)];
    const rest = segments.filter((_, i) => distances[i] !== closest && distances[i] !== 0);
    return { page: rest[0] ?? title, site };
  }
  // No site name recognised: "Page | Site" is the convention, "Brand | A longer tagline" the exception.
  const first = segments[0]!;
  const last = segments[segments.length - 1]!;
  return words(first).length === 1 && words(last).length >= 3
    ? { page: segments[1]!, site: first }
    : { page: first, site: last };
}

const isGeneric = (s: string, names: string[]) =>
  GENERIC.has(norm(s)) || /^welcome\b/i.test(s) || siteDistance(s, names) === 0;

const hasText = (s: string) => (s.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= (isNoSpaceScript(s) ? 2 : 3);

interface Candidate {
  text: string;
  source: TitleSource;
  score: number;
}

/**
 * The headline: the best-scored of h1, og:title and title once the site name is off, and the
 * site's name as the page spells it (for when every candidate is generic).
 */
function pickTitle(signals: PageSignals, names: string[]): { best?: Candidate; site?: string } {
  const h1 = signals.headings.find((h) => h.level === 1)?.text;
  const raw: [string | undefined, TitleSource, number][] = [
    [h1, 'h1', 3],
    [signals.meta.og_title, 'og:title', 2],
    [signals.title, 'title', 1],
  ];
  let site = clean(signals.meta.og_site_name) || clean(signals.meta.application_name) || undefined;
  let best: Candidate | undefined;
  for (const [value, source, base] of raw) {
    const split = source === 'h1' ? { page: clean(value) } : stripSiteName(clean(value), names);
    if (split.site && !site && siteDistance(split.site, names) !== null) site = split.site;
    const text = split.page;
    if (!hasText(text)) continue;
    let score = base;
    if (isGeneric(text, names)) score -= 5;
    if (text.length > TITLE_MAX) score -= 1.5;
    if (text.length > 100) score -= 2;
    if (!best || score > best.score) best = { text, source, score };
  }
  return { best, site: site && hasText(site) ? site : undefined };
}

/** The subtitle: the first description that is not the headline again, cut to whole sentences. */
function pickSubtitle(
  signals: PageSignals,
  title: string | undefined,
): { text: string; source: SubtitleSource } | undefined {
  const raw: [string | undefined, SubtitleSource][] = [
    [signals.meta.description, 'meta:description'],
    [signals.meta.og_description, 'og:description'],
    [signals.lead, 'lead'],
  ];
  const t = norm(title ?? '');
  for (const [value, source] of raw) {
    const text = clean(value);
    const n = norm(text);
    if (!hasText(text) || text.length < 12 || n === t || (t !== '' && t.includes(n))) continue;
    let out = '';
    for (const s of segmenter(signals.lang, 'sentence').segment(text)) {
      if ((out + s.segment).trimEnd().length > SUBTITLE_MAX) break;
      out += s.segment;
    }
    out = out.trim();
    return { text: out || shorten(text, SUBTITLE_MAX, signals.lang), source };
  }
  return undefined;
}

function pickBadge(signals: PageSignals, pageType?: PageType): CopyDecision['badge'] | undefined {
  if (!pageType) return undefined;
  if (pageType !== 'landing') return BADGE_FOR[pageType];
  const said = [
    signals.title,
    signals.meta.og_title,
    signals.meta.description,
    ...signals.headings.slice(0, 5).map((h) => h.text),
  ];
  return said.some((s) => s && ANNOUNCES.test(clean(s))) ? 'New' : undefined;
}

/** Headline, subtitle and badge for `signals`, each with where it came from and why. */
export function copyFor(signals: PageSignals, pageType?: PageType): CopyDecision {
  const names = siteNames(signals);
  const { best, site } = pickTitle(signals, names);
  const sources: CopyDecision['sources'] = {};
  const why: string[] = [];
  let title: string | undefined;
  const generic = best !== undefined && best.score < 0;
  if (best && generic && site && siteDistance(best.text, names) !== 0) {
    title = shorten(site, TITLE_MAX, signals.lang);
    sources.title = 'site_name';
    why.push(`headline: "${best.text}" says where you are, not what it is, so the site name`);
  } else if (best) {
    title = shorten(best.text, TITLE_MAX, signals.lang);
    sources.title = best.source;
    const cut = title === best.text ? '' : ', shortened';
    why.push(`headline from the ${best.source}${generic ? ' (only generic text found)' : ''}${cut}`);
  } else {
    why.push(
      signals.text_chars < 40
        ? `no headline: the page has no usable text (${signals.text_chars} visible characters, no h1, og:title or title)`
        : 'no headline: the page has no usable h1, og:title or title',
    );
  }
  const subtitle = pickSubtitle(signals, title);
  if (subtitle) {
    sources.subtitle = subtitle.source;
    why.push(`subtitle from the ${subtitle.source}`);
  } else why.push('no subtitle: no description or lead paragraph beyond the headline');
  const badge = pickBadge(signals, pageType);
  if (badge) {
    sources.badge = pageType === 'landing' ? 'page_text' : 'page_type';
    why.push(
      pageType === 'landing'
        ? 'badge "New": the page announces a launch'
        : `badge for ${/^[aeiou]/.test(pageType ?? '') ? 'an' : 'a'} ${pageType} page`,
    );
  }
  return {
    ...(title ? { title } : {}),
    ...(subtitle ? { subtitle: subtitle.text } : {}),
    ...(badge ? { badge } : {}),
    reason: why.join('; '),
    sources,
  };
}
