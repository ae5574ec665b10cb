/**
 * @module understand/classify
 * What kind of page this is (landing, pricing, docs…) and its tone (dark, colourful), decided by
 * weighted rules over the page's signals and its screenshot's colour statistics. Each page type
 * has one scorer that lists the evidence it found, each piece worth some points (negative when it
 * argues against); the type with most points wins, ties going to the earlier type in
 * `PAGE_TYPES`. The winning evidence is the `reason`; the margin over the runner-up and the
 * weight of evidence make the `confidence`. Pure and deterministic.
 */
import { parseColor } from '../css/color.ts';
import { relativeLuminance } from './colors.ts';
import {
  ADDRESS_FIELDS,
  APP_NAV,
  ARTICLE_WORDS,
  CARD_FIELDS,
  CHECKOUT_WORDS,
  DASHBOARD_WORDS,
  DOCS_TITLE,
  DOCS_WORDS,
  LANDING_CTA,
  LANDING_WORDS,
  LOGIN_WORDS,
  PLAN_NAMES,
  PORTFOLIO_WORDS,
  PRICING_WORDS,
  PRODUCT_BUTTONS,
  PRODUCT_WORDS,
  words,
} from './page-words.ts';
import type { ColorStats, PageSignals } from './types.ts';

export const PAGE_TYPES = [
  'landing',
  'pricing',
  'docs',
  'dashboard',
  'article',
  'product',
  'checkout',
  'login',
  'portfolio',
] as const;

export type PageType = (typeof PAGE_TYPES)[number];

export interface Classification {
  page_type: PageType;
  /** 0–1 */
  confidence: number;
  tone: { dark: boolean; colorful: boolean };
  /** One line from the signals, e.g. "3 price cards and a plan comparison; few forms" */
  reason: string;
  /** Per-type scores, for debugging and ties. */
  scores: Record<string, number>;
}

/** Points and the words that say why; a scorer lists only the evidence it found. */
type Evidence = [points: number, why: string];

/** The signals as the scorers read them: lower-cased texts by where they were found. */
interface Features {
  title: string;
  path: string;
  h1: string;
  /** h1–h3 */
  heads: string;
  buttons: string;
  nav: string;
  meta: string;
  fields: string;
  byline: string;
  og: string;
  ld: string;
  c: PageSignals['counts'];
  text: number;
  navCount: number;
  /** The page is a site's root (`/`, `/index.html`). */
  home: boolean;
}

function features(s: PageSignals): Features {
  const low = (parts: (string | undefined)[]) => parts.filter(Boolean).join(' | ').toLowerCase();
  let path = '';
  try {
    path = decodeURIComponent(new URL(s.url).pathname).toLowerCase();
  } catch {
    path = '';
  }
  const heads = s.headings.filter((h) => h.level <= 3);
  return {
    title: low([s.title, s.meta.og_title]),
    path,
    h1: low(s.headings.filter((h) => h.level === 1).map((h) => h.text)),
    heads: low(heads.map((h) => h.text)),
    buttons: low(s.buttons),
    nav: low(s.nav_links),
    meta: low([s.meta.description, s.meta.og_description]),
    fields: low(s.fields ?? []),
    byline: (s.byline ?? '').toLowerCase(),
    og: (s.meta.og_type ?? '').toLowerCase(),
    ld: low(s.meta.ld_types),
    c: s.counts,
    text: s.text_chars,
    navCount: s.nav_links.length,
    home: /^\/?(index\.html?)?$/.test(path),
  };
}

/** How many times `re` (global) matches `text`, at most `cap`. */
function hits(text: string, re: RegExp, cap = 3): number {
  return Math.min(cap, text.match(re)?.length ?? 0);
}

/** Evidence worth `points` per keyword hit (capped), or nothing. */
function keywords(text: string, re: RegExp, points: number, why: string, cap = 3): Evidence[] {
  const n = hits(text, re, cap);
  return n ? [[points * n, n > 1 ? `${why} (×${n})` : why]] : [];
}

const when = (cond: boolean, points: number, why: string): Evidence[] => (cond ? [[points, why]] : []);

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One scorer per page type: the evidence for (and against) it. */
const SCORERS: Record<PageType, (f: Features) => Evidence[]> = {
  landing: (f) => [
    [1.5, 'no stronger evidence than a generic marketing page'],
    ...when(f.home, 1.5, 'the site root'),
    ...when(f.h1 !== '' && hits(f.buttons, LANDING_CTA) > 0, 1.5, 'a hero heading with a call to action'),
    ...keywords(f.heads, LANDING_WORDS, 0.75, 'marketing sections'),
    ...when(f.c.card_groups >= 1, 1, 'feature cards'),
    ...when(/organization|website|softwareapplication/.test(f.ld), 0.5, 'Organization JSON-LD'),
    ...when(f.c.sidebars > 0, -1.5, 'a side navigation'),
    ...when(f.c.password_inputs > 0, -2, 'a password field'),
    ...when(f.c.code_blocks >= 3, -1, 'code blocks'),
    ...when(f.c.tables >= 1 && f.c.table_rows >= 8, -1, 'a data table'),
  ],
  pricing: (f) => {
    const plans = hits(f.heads, PLAN_NAMES, 4);
    const periods = f.c.periods ?? 0;
    const priced = f.c.prices >= 3;
    return [
      ...when(/\/(pricing|plans|prices?|subscribe)\b/.test(f.path), 4, 'a /pricing URL'),
      ...when(hits(f.title, PRICING_WORDS) > 0, 2.5, 'a pricing title'),
      ...keywords(`${f.h1} | ${f.heads}`, PRICING_WORDS, 1.25, 'pricing headings'),
      ...when(priced && f.c.card_groups >= 1, 1.5, `${f.c.prices} prices in cards`),
      ...when(priced && periods >= 2, 2, `${plural(periods, 'billing period')} (/mo, per user)`),
      ...when(priced && plans >= 2, 2, 'plan names (Free, Pro, Enterprise…)'),
      ...when(priced && f.c.tables >= 1, 1, 'a plan comparison table'),
      ...keywords(
        f.buttons,
        words('(choose|select|get|start with) (this |the )?\\w* ?plan|upgrade|contact sales'),
        0.75,
        'plan buttons',
      ),
      ...when(f.c.password_inputs > 0, -2, 'a password field'),
      ...when(hits(f.fields, CARD_FIELDS) > 0, -3, 'card fields'),
      ...when(hits(f.buttons, PRODUCT_BUTTONS) > 0, -2, 'add-to-cart buttons'),
      ...when(f.c.charts >= 1 && f.c.sidebars >= 1, -2, 'an app layout'),
    ];
  },
  docs: (f) => [
    ...when(
      /\/(docs?|documentation|reference|api|guides?|manual|learn|handbook|tutorials?|developers?)\b/.test(
        f.path,
      ),
      3,
      'a /docs URL',
    ),
    ...when(hits(f.title, DOCS_TITLE) > 0, 2, 'a docs title'),
    ...when(f.c.code_blocks >= 1, 1.5, plural(f.c.code_blocks, 'code block')),
    ...when(f.c.code_blocks >= 3, 1, 'many code blocks'),
    ...when(f.c.sidebars >= 1 && f.navCount >= 12, 2, 'a side navigation with many links'),
    ...when(f.c.sidebars >= 1 && f.navCount < 12, 0.5, 'a side navigation'),
    ...keywords(f.heads, DOCS_WORDS, 0.75, 'docs headings'),
    ...when(/techarticle|apireference/.test(f.ld), 2, 'TechArticle JSON-LD'),
    ...when(
      hits(
        `${f.heads} | ${f.nav} | ${f.buttons}`,
        words('on this page|edit (this page|on github)|was this (page )?helpful|copy'),
      ) > 0,
      1,
      'docs page furniture',
    ),
    ...when(f.c.charts >= 2, -1.5, 'charts'),
    ...when(f.c.prices >= 3, -1.5, 'prices'),
  ],
  dashboard: (f) => [
    ...when(/\/(dashboard|admin|app|console|analytics|overview|reports?)\b/.test(f.path), 3, 'an app URL'),
    ...when(
      hits(
        f.title,
        words(
          'dashboard|admin|console|analytics|overview',
          'ダッシュボード|管理|仪表盘|控制台|대시보드|관리자|لوحة التحكم|לוח בקרה',
        ),
      ) > 0,
      2.5,
      'a dashboard title',
    ),
    ...when(f.c.charts >= 1, 2, plural(f.c.charts, 'chart')),
    ...when(f.c.charts >= 2, 1, 'several charts'),
    ...when(f.c.tables >= 1 && f.c.table_rows >= 5, 1.5, `a data table (${f.c.table_rows} rows)`),
    ...when(f.c.sidebars >= 1, 1.5, 'a side navigation'),
    ...when(
      f.c.sidebars >= 1 && (f.c.charts >= 1 || f.c.tables >= 1),
      1,
      'charts/tables beside a side navigation',
    ),
    ...when(hits(f.nav, APP_NAV, 6) >= 3, 2, 'app navigation (overview, reports, settings…)'),
    ...keywords(f.heads, DASHBOARD_WORDS, 1, 'metric headings'),
    ...when(f.c.code_blocks >= 2, -1.5, 'code blocks'),
    ...when(f.c.password_inputs > 0, -2, 'a password field'),
    ...when(f.text > 8000 && f.c.charts === 0, -1.5, 'long text'),
  ],
  article: (f) => [
    ...when(f.og === 'article', 3, 'og:type article'),
    ...when(/\b(newsarticle|blogposting|article|report|scholarlyarticle)\b/.test(f.ld), 3, 'Article JSON-LD'),
    ...when(
      /\/(blog|news|articles?|posts?|stories|story|journal|\d{4}\/\d{2})\b/.test(f.path),
      2.5,
      'a blog/news URL',
    ),
    ...when(f.byline !== '', 2, 'a byline'),
    ...when(f.c.dates >= 1, 1, 'a date'),
    ...when(f.c.articles === 1, 1, 'one article element'),
    ...when(f.text >= 3000, 1, 'long text'),
    ...when(f.text >= 6000, 1, 'very long text'),
    ...keywords(`${f.heads} | ${f.byline} | ${f.buttons}`, ARTICLE_WORDS, 0.75, 'article furniture'),
    ...when(f.c.prices >= 3, -1.5, 'prices'),
    ...when(f.c.code_blocks >= 4, -1, 'many code blocks'),
    ...when(f.c.password_inputs > 0, -3, 'a password field'),
    ...when(f.c.charts >= 2, -1.5, 'charts'),
  ],
  product: (f) => [
    ...when(/\bproduct\b/.test(f.ld) || /product/.test(f.og), 4, 'Product JSON-LD/og:type'),
    ...when(hits(f.buttons, PRODUCT_BUTTONS) > 0, 3.5, 'an add-to-cart button'),
    ...when(f.c.prices >= 1 && f.c.prices <= 4, 1.5, plural(f.c.prices, 'price')),
    ...when(f.c.prices >= 1 && f.c.images >= 3, 1, 'a price beside product images'),
    ...keywords(f.heads, PRODUCT_WORDS, 0.75, 'product sections'),
    ...when(
      /\b(quantity|qty|size|colou?r)\b|数量|수량|الكمية|כמות/.test(f.fields),
      1,
      'size/quantity choices',
    ),
    ...when(/\/(products?|p|item|shop|store|dp)\//.test(f.path), 2.5, 'a product URL'),
    ...when(hits(f.fields, CARD_FIELDS) > 0, -3, 'card fields'),
    ...when(f.c.password_inputs > 0, -2, 'a password field'),
    ...when((f.c.periods ?? 0) >= 2, -2, 'billing periods'),
    ...when(f.c.charts >= 1 && f.c.sidebars >= 1, -2, 'an app layout'),
  ],
  checkout: (f) => [
    ...when(/\/(checkout|cart|basket|payment|billing|order)\b/.test(f.path), 3, 'a /checkout URL'),
    ...when(
      hits(f.title, CHECKOUT_WORDS) > 0 || /\b(cart|basket|order)\b/.test(f.title),
      2,
      'a checkout title',
    ),
    ...keywords(`${f.h1} | ${f.heads}`, CHECKOUT_WORDS, 1.5, 'checkout headings'),
    ...keywords(
      f.buttons,
      words(
        'place (your )?order|pay( now| \\$?\\d[\\d.,]*)?|complete (purchase|order)|continue to (payment|shipping)|proceed to checkout|checkout',
        '支払う|注文を確定|支付|提交订单|결제하기|주문하기|ادفع|לתשלום|оплатить',
      ),
      1.5,
      'a pay button',
      2,
    ),
    ...when(hits(f.fields, CARD_FIELDS) > 0, 4, 'card fields'),
    ...when(hits(f.fields, ADDRESS_FIELDS) > 0, 1.5, 'address fields'),
    ...when(f.c.inputs >= 4 && f.c.prices >= 1, 1.5, `${f.c.inputs} inputs and a total`),
    ...when(f.c.password_inputs > 0 && f.c.inputs <= 4, -2, 'a sign-in form'),
    ...when(f.c.inputs === 0, -2, 'no inputs'),
    ...when(f.c.charts >= 1 && f.c.sidebars >= 1, -2, 'an app layout'),
  ],
  login: (f) => [
    ...when(f.c.password_inputs >= 1, 4, 'a password field'),
    ...when(f.c.password_inputs >= 1 && f.c.inputs <= 6, 1.5, 'a short form'),
    ...when(
      /\/(log-?in|sign-?in|sign-?up|auth|register|session|account\/new|join)\b/.test(f.path),
      3,
      'a sign-in URL',
    ),
    ...when(hits(f.title, LOGIN_WORDS) > 0, 2, 'a sign-in title'),
    ...keywords(f.heads, LOGIN_WORDS, 2, 'sign-in headings', 2),
    ...when(hits(f.buttons, LOGIN_WORDS) > 0, 0.5, 'sign-in buttons'),
    ...when(
      /\b(email|username|current-password|new-password)\b/.test(f.fields) && f.c.inputs <= 5,
      1,
      'email/password fields',
    ),
    ...when(f.text > 3000, -2, 'a lot of text'),
    ...when(f.c.inputs === 0, -2, 'no inputs'),
    ...when(hits(f.fields, CARD_FIELDS) > 0, -3, 'card fields'),
  ],
  portfolio: (f) => [
    ...when(/\b(person|profilepage)\b/.test(f.ld) || f.og === 'profile', 3, 'Person JSON-LD/og:type profile'),
    ...when(/\/(work|portfolio|projects|case-stud(y|ies))\b/.test(f.path), 2, 'a /work URL'),
    ...when(
      hits(
        f.title,
        words(
          'portfolio|designer|developer|engineer|studio|photograph(er|y)|illustrat(or|ion)|creative|freelance|artist|architect',
          'ポートフォリオ|作品集|포트폴리오|תיק עבודות|портфолио',
        ),
      ) > 0,
      2,
      'a portfolio title',
    ),
    ...when(
      hits(
        f.h1,
        words(
          'hi,? i.m|i.m \\w+|hello,? i|i (build|design|make|create|write|develop|shoot|photograph|help)|we design|we are a (design|creative)',
        ),
      ) > 0,
      2,
      'a first-person introduction',
    ),
    ...when(
      hits(`${f.nav} | ${f.buttons}`, words('cv|resume|download (my )?(cv|resume)', 'résumé|Résumé')) > 0,
      1.5,
      'a CV/résumé link',
    ),
    ...keywords(`${f.heads} | ${f.nav}`, PORTFOLIO_WORDS, 1, 'portfolio words', 4),
    ...when(f.c.card_groups >= 1 && f.c.images >= 4 && f.c.prices === 0, 1.5, 'a grid of image cards'),
    ...when(
      f.navCount > 0 && f.navCount <= 6 && /\bwork\b/.test(f.nav) && /\b(about|contact)\b/.test(f.nav),
      1.5,
      'Work/About/Contact navigation',
    ),
    ...when(f.c.prices >= 2, -2, 'prices'),
    ...when(f.c.password_inputs > 0, -2, 'a password field'),
    ...when(f.c.sidebars > 0 && f.c.charts > 0, -2, 'an app layout'),
  ],
};

/** Below this many characters of text, with no headings or buttons, there is little to read. */
const LITTLE_TEXT = 40;

/** Page type and tone of a page from its signals and its screenshot's colour statistics. */
export function classifyPage(signals: PageSignals, stats: ColorStats): Classification {
  const f = features(signals);
  const evidence = PAGE_TYPES.map((type) => ({ type, found: SCORERS[type](f) }));
  const scored = evidence
    .map(({ type, found }, order) => ({
      type,
      order,
      found,
      score: round(found.reduce((sum, [points]) => sum + points, 0)),
    }))
    .sort((a, b) => b.score - a.score || a.order - b.order);
  const scores = Object.fromEntries(
    evidence.map(({ type }) => [type, scored.find((s) => s.type === type)!.score]),
  );
  const tone = toneOf(signals, stats);
  const little =
    signals.text_chars < LITTLE_TEXT && signals.headings.length === 0 && signals.buttons.length === 0;

  let [best, runnerUp] = [scored[0]!, scored[1]!];
  if (little && best.score < 4) {
    best = scored.find((s) => s.type === 'landing')!;
    return {
      page_type: 'landing',
      confidence: 0.1,
      tone,
      reason: `little text to go on (${plural(signals.text_chars, 'character')}); assumed a landing page`,
      scores,
    };
  }
  if (runnerUp === best) runnerUp = scored[2]!;
  return {
    page_type: best.type,
    confidence: confidence(best.score, runnerUp.score, little),
    tone,
    reason: reasonOf(best.found, runnerUp),
    scores,
  };
}

/** Strong evidence and a clear margin over the runner-up both raise confidence. */
function confidence(best: number, second: number, little: boolean): number {
  if (best <= 0) return 0.1;
  const strength = 1 - Math.exp(-best / 4);
  const margin = Math.max(0, best - Math.max(0, second)) / best;
  const c = strength * (0.4 + 0.6 * margin);
  return round(Math.min(little ? 0.3 : 0.99, Math.max(0.05, c)));
}

function reasonOf(found: Evidence[], runnerUp: { type: PageType; score: number }): string {
  const top = found
    .filter(([points]) => points > 0)
    .sort((a, b) => b[0] - a[0])
    .slice(0, 3)
    .map(([, why]) => why);
  const against = found.filter(([points]) => points < 0).map(([, why]) => why);
  const parts = [top.join(', ') || 'no distinctive evidence'];
  if (against.length) parts.push(`despite ${against.join(', ')}`);
  if (runnerUp.score > 0) parts.push(`next: ${runnerUp.type}`);
  return parts.join('; ');
}

/**
 * Dark when the screenshot is dark overall, or — in the grey zone, where a light page with a dark
 * hero and a dark page with a bright image look alike — when its most common colour (the
 * background as seen) or the page's computed background is dark. Colourful when strongly
 * coloured pixels cover a fifth of the shot, or a real share of it in three or more hues (a
 * gradient, an illustration); one brand colour on buttons and links is not colourful. Mean HSL
 * saturation is not used: near-white and near-black pixels have a high one.
 */
function toneOf(signals: PageSignals, stats: ColorStats): Classification['tone'] {
  const background = parseColor(signals.colors.body_background);
  const bodyDark = background !== null && background.a > 0.5 && relativeLuminance(background) < 0.2;
  const top = stats.dominant[0];
  const topRgb = top ? parseColor(top.hex) : null;
  const seenDark = topRgb !== null && top!.share >= 0.25 && relativeLuminance(topRgb) < 0.2;
  let dark: boolean;
  if (stats.luminance < 0.15) dark = true;
  else if (stats.luminance > 0.45) dark = false;
  else dark = seenDark || (bodyDark && stats.luminance < 0.3);
  const colorful = stats.colorful_share >= 0.2 || ((stats.hues ?? 0) >= 3 && stats.colorful_share >= 0.05);
  return { dark, colorful };
}

const round = (n: number): number => Math.round(n * 100) / 100;
