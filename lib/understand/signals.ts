/**
 * @module understand/signals
 * `collectSignals`, run inside the page (`page.evaluate(collectSignals)`): what the page says of
 * itself in one pass — title, meta, headings, buttons, navigation, form fields, counts of the
 * structures that tell page types apart, and the colours and fonts the page computes.
 *
 * It is serialised into the page, so it is self-contained: browser globals only, every helper
 * nested. Every list and string is capped (the payload stays well under 20 KB) and the walks are
 * bounded, so a very long page costs milliseconds, not a layout-bound crawl.
 */
import type { Box, PageSignals } from './types.ts';

export function collectSignals(): PageSignals {
  const vw = innerWidth || 1280;
  const vh = innerHeight || 800;
  const body = document.body ?? document.documentElement;
  const clip = (s: string | null | undefined, n: number): string =>
    (s ?? '').replace(/\s+/g, ' ').trim().slice(0, n);
  const visible = (el: Element): boolean => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    return typeof el.checkVisibility === 'function' ? el.checkVisibility({ visibilityProperty: true }) : true;
  };
  /** Rendered text (line breaks from `<br>` kept as spaces) of a small element. */
  // biome-ignore lint/performance/useDomNodeTextContent: `<h1>Big flavour.<br>Zero guilt.</h1>` must not read "flavour.Zero"; only used on headings, buttons and links.
  const textOf = (el: Element): string => (el as HTMLElement).innerText ?? el.textContent ?? '';
  const all = (selector: string, root: ParentNode = document): Element[] =>
    Array.from(root.querySelectorAll(selector));
  const visibleAll = (selector: string, cap: number): Element[] => {
    const out: Element[] = [];
    for (const el of all(selector)) {
      if (out.length >= cap) break;
      if (visible(el)) out.push(el);
    }
    return out;
  };
  /** Values by how often they occur, most common first (first seen wins a tie). */
  const ranked = (values: string[], n: number): string[] => {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([v]) => v);
  };
  const opaque = (color: string): boolean => !/^(transparent|rgba\(.*,\s*0(\.0*)?\))$/.test(color);
  const toBox = (r: DOMRect): Box => ({
    x: Math.round(r.left + scrollX),
    y: Math.round(r.top + scrollY),
    width: Math.round(r.width),
    height: Math.round(r.height),
  });

  // --- meta -------------------------------------------------------------------------------
  const metaOf = (key: string): string | undefined => {
    const el = (document.head ?? document).querySelector(`meta[name="${key}" i], meta[property="${key}" i]`);
    const v = clip(el?.getAttribute('content'), 300);
    return v || undefined;
  };
  const ldTypes = new Set<string>();
  const walkLd = (node: unknown, depth: number): void => {
    if (!node || typeof node !== 'object' || depth > 4 || ldTypes.size >= 10) return;
    if (Array.isArray(node)) {
      for (const n of node.slice(0, 20)) walkLd(n, depth + 1);
      return;
    }
    const o = node as Record<string, unknown>;
    const t = o['@type'];
    for (const name of Array.isArray(t) ? t : [t]) if (typeof name === 'string') ldTypes.add(clip(name, 40));
    if (o['@graph']) walkLd(o['@graph'], depth + 1);
    for (const key of ['mainEntity', 'itemListElement', 'offers']) if (o[key]) walkLd(o[key], depth + 1);
  };
  for (const script of all('script[type="application/ld+json" i]').slice(0, 10)) {
    const text = script.textContent ?? '';
    if (text.length > 200_000) continue;
    try {
      walkLd(JSON.parse(text), 0);
    } catch {
      // Broken JSON-LD is common and says nothing; the rest of the page still does.
    }
  }
  const meta: PageSignals['meta'] = { ld_types: [...ldTypes] };
  const metaKeys = [
    ['description', 'description'],
    ['og_title', 'og:title'],
    ['og_description', 'og:description'],
    ['og_site_name', 'og:site_name'],
    ['og_type', 'og:type'],
    ['application_name', 'application-name'],
    ['theme_color', 'theme-color'],
    ['color_scheme', 'color-scheme'],
  ] as const;
  for (const [field, key] of metaKeys) {
    const v = metaOf(key);
    if (v) meta[field] = v;
  }

  // --- headings, lead, byline ----------------------------------------------------------------
  const headings: PageSignals['headings'] = [];
  const perLevel = [0, 0, 0, 0, 0, 0, 0];
  for (const el of all('h1,h2,h3,h4,h5,h6,[role=heading]')) {
    if (headings.length >= 40) break;
    const level = /^H\d$/.test(el.tagName)
      ? Number(el.tagName[1])
      : Number(el.getAttribute('aria-level')) || 2;
    if ((perLevel[level] ?? 20) >= 20) continue;
    const text = clip(textOf(el), 120);
    if (!text || !visible(el)) continue;
    perLevel[level]!++;
    headings.push({ level, text });
  }
  const main = document.querySelector('main, [role=main], article') ?? body;
  let leadEl: Element | undefined;
  for (const p of all('p', main).slice(0, 200)) {
    if ((p.textContent ?? '').trim().length >= 60 && visible(p)) {
      leadEl = p;
      break;
    }
  }
  const bylineEl = all('[rel=author], [class*=byline i], [class*=author i], [itemprop=author]').find(
    (el) => (el.textContent ?? '').trim().length > 1 && visible(el),
  );

  // --- text: length, prices, dates (one walk over the text nodes) -------------------------------
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'OBJECT']);
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  const PRICE =
    /(?:[$€£¥₹₩₽₪]|US\$|R\$|\b(?:USD|EUR|GBP|CHF)\s?)\s?\d[\d.,]*|\d[\d.,]*\s?(?:€|£|zł|kr|₽|₪|円|元|원|ريال|ر\.س|درهم|ש"ח|\b(?:USD|EUR|GBP|CHF)\b)|^\s*[$€£¥₹₪]\s*$/i;
  const PERIOD =
    /\/\s?(mo|month|yr|year|user|seat|mes|año|mois|an|monat|jahr|mês|ano|mese|anno|мес|год|月|年|월|년|شهر|سنة|חודש|שנה)|\b(per|each) (month|year|user|seat)\b|\bmonthly\b|\bannually\b|每月|毎月|매월|月額|年額|לחודש|בחודש|شهريًا|شهريا|в месяц/i;
  const DATE =
    /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b|\b\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}\b|\b\d{4}-\d{2}-\d{2}\b/i;
  let textChars = 0;
  let prices = 0;
  let periods = 0;
  let dates = all('time').filter(visible).length;
  let nodes = 0;
  for (let n = walker.nextNode(); n && nodes < 20_000; n = walker.nextNode(), nodes++) {
    const t = (n as Text).data;
    const len = t.trim().length;
    const parent = n.parentElement;
    if (len === 0 || (parent && SKIP.has(parent.nodeName))) continue;
    textChars += len;
    if (len > 160 || prices + dates >= 200) continue;
    const isPeriod = len <= 40 && PERIOD.test(t);
    const isPrice = isPeriod || PRICE.test(t);
    const isDate = !isPrice && len < 100 && DATE.test(t) && !parent?.closest('time');
    if ((isPrice || isDate) && parent && visible(parent)) {
      if (isPrice) prices++;
      else dates++;
      if (isPeriod) periods++;
    }
  }

  // --- buttons and their colours -------------------------------------------------------------
  const buttons: string[] = [];
  const seenButtons = new Set<string>();
  const filled: { color: string; area: number }[] = [];
  const BUTTONISH = /btn|button|cta/i;
  let anchorsChecked = 0;
  for (const el of all('button, [role=button], input[type=submit], input[type=button], a')) {
    if (buttons.length >= 30) break;
    let style: CSSStyleDeclaration | undefined;
    const plainLink = el.tagName === 'A' && el.getAttribute('role') !== 'button';
    // Links inside running text are links, not buttons; looking at the rest is bounded.
    if (plainLink && (anchorsChecked >= 150 || el.parentElement?.closest('p, li p, td, dd, blockquote')))
      continue;
    const text = clip(textOf(el) || el.getAttribute('value') || el.getAttribute('aria-label'), 40);
    if (!text) continue;
    if (plainLink) {
      if (text.length > 30) continue;
      anchorsChecked++;
      if (!BUTTONISH.test(el.getAttribute('class') ?? '')) {
        style = getComputedStyle(el);
        const bordered = style.borderStyle !== 'none' && Number.parseFloat(style.borderWidth) >= 1;
        const padded = Number.parseFloat(style.paddingLeft) >= 8 && Number.parseFloat(style.paddingTop) >= 4;
        if (!padded || !(opaque(style.backgroundColor) || bordered)) continue;
      }
    }
    if (!visible(el)) continue;
    style ??= getComputedStyle(el);
    if (opaque(style.backgroundColor) && style.backgroundColor !== 'rgb(255, 255, 255)') {
      const r = el.getBoundingClientRect();
      filled.push({ color: style.backgroundColor, area: r.width * r.height });
    }
    const key = text.toLowerCase();
    if (seenButtons.has(key)) continue;
    seenButtons.add(key);
    buttons.push(text);
  }
  const buttonColors: string[] = [];
  for (const f of filled.sort((a, b) => b.area - a.area)) {
    if (buttonColors.length >= 6) break;
    if (!buttonColors.includes(f.color)) buttonColors.push(f.color);
  }

  // --- navigation --------------------------------------------------------------------------
  const navLinks: string[] = [];
  // Links in nav/header landmarks, and — for pages built of bare divs — links in the top band.
  const topBand: Element[] = [];
  for (const a of Array.from(body.getElementsByTagName('a'))) {
    if (topBand.length >= 60) break;
    if (!a.closest('p')) topBand.push(a);
  }
  const inLandmarks = all('nav a, header a, [role=navigation] a, [role=banner] a');
  for (const a of [...inLandmarks, ...topBand]) {
    if (navLinks.length >= 40) break;
    const text = clip(textOf(a) || a.getAttribute('aria-label'), 40);
    if (!text || navLinks.includes(text) || !visible(a)) continue;
    if (inLandmarks.includes(a) || a.getBoundingClientRect().top + scrollY < 120) navLinks.push(text);
  }

  // --- forms and fields ----------------------------------------------------------------------
  const NOT_FIELDS = /^(hidden|submit|button|image|reset|checkbox|radio|file|range|color)$/;
  const fieldEls = all('input, select, textarea').filter(
    (el) => !NOT_FIELDS.test((el as HTMLInputElement).type ?? '') && visible(el),
  );
  const hintOf = (el: Element): string => {
    const auto = (el.getAttribute('autocomplete') ?? '')
      .toLowerCase()
      .replace(/^(section-\S+|shipping|billing)\s+/g, '');
    if (auto && auto !== 'on' && auto !== 'off') return clip(auto, 30);
    const type = (el as HTMLInputElement).type ?? '';
    if (type && !/^(text|select-one|select-multiple|textarea)$/.test(type)) return type;
    const label = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent : null;
    return clip(
      label ||
        el.getAttribute('aria-label') ||
        el.getAttribute('placeholder') ||
        el.getAttribute('name') ||
        type,
      30,
    ).toLowerCase();
  };
  const fields = fieldEls.slice(0, 20).map(hintOf);
  const isSearch = (el: Element) =>
    (el as HTMLInputElement).type === 'search' || /search|^q$|query/i.test(el.getAttribute('name') ?? '');
  const forms = all('form').filter((f) => {
    if (f.getAttribute('role') === 'search' || !visible(f)) return false;
    const inside = fieldEls.filter((el) => f.contains(el));
    return inside.length > 0 && !inside.every(isSearch);
  }).length;

  // --- structures --------------------------------------------------------------------------
  const tables = visibleAll('table, [role=table], [role=grid]', 50).filter(
    (t) => t.querySelectorAll('tr, [role=row]').length >= 2,
  );
  const tableRows = tables.reduce((n, t) => n + t.querySelectorAll('tr, [role=row]').length, 0);
  const charts = visibleAll('canvas, svg', 400).filter((el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 200 || r.height < 120) return false;
    // A full-bleed canvas is a hero animation, not a chart.
    if (el.tagName === 'CANVAS') return r.width * r.height < vw * vh * 0.6;
    if (el.parentElement?.closest('svg')) return false;
    return (
      el.querySelectorAll('text').length >= 3 ||
      /chart|graph|plot|spark/i.test(`${el.getAttribute('class')} ${el.parentElement?.className ?? ''}`)
    );
  }).length;
  const sidebarEls: Element[] = [];
  for (const el of visibleAll(
    'aside, nav, [role=navigation], [class*=sidebar i], [class*=sidenav i], [class*=side-nav i]',
    80,
  )) {
    const r = el.getBoundingClientRect();
    const tall = r.height >= Math.min(400, vh * 0.6);
    const narrow = r.width >= 120 && r.width <= Math.max(380, vw * 0.3);
    const atEdge = r.left < vw * 0.3 || r.right > vw * 0.7;
    if (!tall || !narrow || !atEdge || sidebarEls.some((s) => s.contains(el) || el.contains(s))) continue;
    if (el.querySelectorAll('a, button, [role=menuitem], [role=link]').length >= 5) sidebarEls.push(el);
  }
  const images = visibleAll('img', 1000).filter((img) => {
    const r = img.getBoundingClientRect();
    return r.width >= 40 && r.height >= 40;
  }).length;
  const videos = visibleAll(
    'video, iframe[src*="youtube" i], iframe[src*="vimeo" i], iframe[src*="wistia" i]',
    50,
  ).length;

  // Card groups: ≥ 3 alike siblings, box-sized, at least two on one row (a grid, not a list).
  // Bounded: the first 6,000 elements (cards sit near the top) and the first 24 children of each.
  let cardGroups = 0;
  const everything = body.getElementsByTagName('*');
  const NOT_GRIDS = new Set([
    'P',
    'A',
    'SPAN',
    'svg',
    'PRE',
    'TABLE',
    'TBODY',
    'THEAD',
    'TR',
    'SELECT',
    ...SKIP,
  ]);
  for (let i = 0; i < everything.length && i < 6000 && cardGroups < 50; i++) {
    const el = everything[i]!;
    if (el.childElementCount < 3 || NOT_GRIDS.has(el.nodeName)) continue;
    const kids = el.children;
    const first = kids[0]!;
    const cls = first.getAttribute('class');
    const n = Math.min(kids.length, 24);
    let alike = 0;
    for (let k = 0; k < n; k++) {
      const kid = kids[k]!;
      if (kid.tagName === first.tagName && kid.getAttribute('class') === cls && kid.childElementCount > 0)
        alike++;
    }
    if (alike < 3 || alike < n * 0.6 || !first.childElementCount) continue;
    const [r1, r2] = [first.getBoundingClientRect(), kids[1]!.getBoundingClientRect()];
    if (r1.width < 120 || r1.height < 80 || Math.abs(r1.top - r2.top) > 4 || r1.width > vw * 0.6) continue;
    if (visible(first)) cardGroups++;
  }

  // --- colours and fonts --------------------------------------------------------------------
  const rootStyle = getComputedStyle(document.documentElement);
  const bodyStyle = getComputedStyle(body);
  const customProps: Record<string, string> = {};
  const BRAND = /primary|brand|accent|secondary|theme|highlight|cta/i;
  const NOT_BRAND =
    /foreground|-fg$|contrast|text|-rgb$|hover|active|focus|border|shadow|font|radius|size|spacing/i;
  const COLORISH =
    /^(#[0-9a-f]{3,8}|(rgb|hsl|oklch|oklab|lab|lch|color)a?\(|[a-z]+$|[\d.]+(deg)?\s+[\d.]+%\s+[\d.]+%)/i;
  let customCount = 0;
  for (let i = 0; i < rootStyle.length && customCount < 12; i++) {
    const name = rootStyle[i]!;
    if (!name.startsWith('--') || !BRAND.test(name) || NOT_BRAND.test(name)) continue;
    const value = clip(rootStyle.getPropertyValue(name), 60);
    if (value && COLORISH.test(value)) {
      customProps[clip(name, 40)] = value;
      customCount++;
    }
  }
  const pageBackground =
    [bodyStyle.backgroundColor, rootStyle.backgroundColor].find(opaque) ?? 'rgb(255, 255, 255)';
  const linkEls = all('a[href]', main)
    .slice(0, 200)
    .filter((a) => !a.closest('nav, header, footer, [role=navigation]'))
    .slice(0, 60);
  const headingEls = all('h1, h2, h3').slice(0, 30);
  const firstHeading = headingEls.find((h) => /^H[12]$/.test(h.tagName) && visible(h));

  let logo: Box | undefined;
  const logoCandidates = [
    ...all('[class*=logo i], [id*=logo i], img[alt*=logo i], img[src*=logo i], [aria-label*=logo i]'),
    ...all(`a[href="/"], a[href="./"], a[href="${location.origin}"], a[href="${location.origin}/"]`)
      .map((a) => a.querySelector('img, svg'))
      .filter((el): el is Element => el !== null),
  ];
  for (const el of logoCandidates.slice(0, 40)) {
    const r = el.getBoundingClientRect();
    const top = r.top + scrollY;
    if (top > 300 || r.width < 16 || r.width > 400 || r.height < 10 || r.height > 200 || !visible(el))
      continue;
    logo = toBox(r);
    break;
  }

  return {
    url: clip(location.href, 500),
    title: clip(document.title, 200),
    lang: clip(document.documentElement.lang, 20),
    dir: bodyStyle.direction === 'rtl' ? 'rtl' : 'ltr',
    meta,
    headings,
    ...(leadEl ? { lead: clip(leadEl.textContent, 300) } : {}),
    text_chars: textChars,
    buttons,
    nav_links: navLinks,
    fields,
    ...(bylineEl ? { byline: clip(bylineEl.textContent, 80) } : {}),
    counts: {
      forms,
      inputs: fieldEls.length,
      password_inputs: fieldEls.filter((el) => (el as HTMLInputElement).type === 'password').length,
      tables: tables.length,
      table_rows: tableRows,
      charts,
      code_blocks: visibleAll('pre', 200).length,
      articles: visibleAll('article', 200).length,
      sidebars: sidebarEls.length,
      images,
      prices,
      periods,
      card_groups: cardGroups,
      dates,
      videos,
    },
    colors: {
      custom_props: customProps,
      buttons: buttonColors,
      links: ranked(
        linkEls.map((a) => getComputedStyle(a).color),
        4,
      ),
      body_background: pageBackground,
      body_text: leadEl ? getComputedStyle(leadEl).color : bodyStyle.color,
      headings: ranked(
        headingEls.map((h) => getComputedStyle(h).color),
        3,
      ),
    },
    fonts: {
      ...(firstHeading ? { heading: clip(getComputedStyle(firstHeading).fontFamily, 120) } : {}),
      body: clip((leadEl ? getComputedStyle(leadEl) : bodyStyle).fontFamily, 120),
    },
    ...(logo ? { logo } : {}),
  };
}

/** The signals of a page that says nothing of itself: what a page the collector cannot read is styled from. */
export function blankSignals(url = '', title = ''): PageSignals {
  return {
    url,
    title,
    lang: '',
    dir: 'ltr',
    meta: { ld_types: [] },
    headings: [],
    text_chars: 0,
    buttons: [],
    nav_links: [],
    counts: {
      forms: 0,
      inputs: 0,
      password_inputs: 0,
      tables: 0,
      table_rows: 0,
      charts: 0,
      code_blocks: 0,
      articles: 0,
      sidebars: 0,
      images: 0,
      prices: 0,
      card_groups: 0,
      dates: 0,
      videos: 0,
    },
    colors: { custom_props: {}, buttons: [], links: [], body_background: '', body_text: '', headings: [] },
    fonts: {},
  };
}
