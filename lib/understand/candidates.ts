/**
 * @module understand/candidates
 * The elements an `element` description may mean, read from the page in one pass:
 * `page.evaluate(collectCandidates, { max: 400 })`. The function runs in the page, so it is
 * self-contained (browser globals and nested helpers only) and returns plain data; what the
 * signals mean is decided outside the page (`element.ts`).
 */
import type { Box } from './types.ts';

/** One visible element, in document order, with what it says of itself. */
export interface Candidate {
  /** Position in the returned list (document order). */
  index: number;
  /** Index of the nearest ancestor candidate, -1 when none. */
  parent: number;
  /** Depth in the DOM (html = 0). */
  depth: number;
  tag: string;
  /** Explicit `role`, else the landmark the tag implies (`header` → banner…), else ''. */
  role: string;
  /** A CSS selector matching only this element. */
  selector: string;
  /** Words of the id and class names (hashed tokens dropped), space-separated. */
  names: string;
  /** aria-label, aria-labelledby text, title, alt. */
  label: string;
  /** The heading the element starts with (or its caption, legend, summary). */
  heading: string;
  /** For an element without a heading of its own: the heading just above it. */
  heading_above: string;
  /** The first ~200 characters of its text. */
  text: string;
  text_length: number;
  /** Of a form-like element: input types, names, placeholders, labels and button texts. */
  fields: string;
  /**
   * Structural facts. Of the element itself: `table`, `form`, `control`, `chart` (canvas, large
   * svg), `code` (pre, monospace block), `list`, `image`, `video`, `figure`, `quote`, `question`,
   * `price` (a short text that is a price), `dated` (a short byline with a date). Of what it holds:
   * `hastable`, `haschart`, `hascode`, `inputs`, `password`, `links` (mostly links), `buttons`,
   * `gallery`, `prices`, `copyright`. Of where it sits: `topbar`, `bottombar`, `sidebar`, `headline`
   * (starts with the first screen's h1). Of a parent of similar items: `cards`, and what the items
   * are: `plans`, `quotes`, `questions`, `features`, `stats`.
   */
  kinds: string[];
  /** Document CSS px. */
  box: Box;
  /** Links inside. */
  links: number;
  /** Draws its own frame: a border, a shadow or a background unlike its parent's (a card). */
  framed: boolean;
  /** Among similar siblings (same tag and leading class): which one and how many. */
  group?: { id: number; position: number; size: number };
}

/**
 * Runs inside the page (`page.evaluate(collectCandidates, { max })`): visible elements at least
 * 24×16 px, the `max` most telling when there are more (semantic ones, then larger ones).
 */
export function collectCandidates(options: { max: number }): Candidate[] {
  const SKIP = new Set([
    'SCRIPT',
    'STYLE',
    'NOSCRIPT',
    'TEMPLATE',
    'BR',
    'HR',
    'OPTION',
    'LINK',
    'META',
    'HEAD',
    'TITLE',
    'SOURCE',
    'TRACK',
    'PARAM',
    'WBR',
    'THEAD',
    'TBODY',
    'TFOOT',
    'TR',
    'TD',
    'TH',
    'COLGROUP',
    'COL',
    'CAPTION',
  ]);
  const INLINE = new Set([
    'SPAN',
    'A',
    'B',
    'STRONG',
    'EM',
    'I',
    'SMALL',
    'LABEL',
    'CODE',
    'ABBR',
    'SUP',
    'SUB',
    'TIME',
    'KBD',
    'MARK',
    'U',
    'S',
    'Q',
    'CITE',
    'INPUT',
    'BUTTON',
    'SELECT',
    'TEXTAREA',
    'P',
    'H2',
    'H3',
    'H4',
    'H5',
    'H6',
    'DT',
    'DD',
    'PATH',
  ]);
  const CONTROL = new Set(['BUTTON', 'INPUT', 'SELECT', 'TEXTAREA']);
  const LANDMARK: Record<string, string> = {
    HEADER: 'banner',
    NAV: 'navigation',
    MAIN: 'main',
    ASIDE: 'complementary',
    FOOTER: 'contentinfo',
    FORM: 'form',
    SECTION: 'region',
    ARTICLE: 'article',
    TABLE: 'table',
    FIGURE: 'figure',
    DIALOG: 'dialog',
  };
  const SEMANTIC = new Set([
    'HEADER',
    'NAV',
    'MAIN',
    'ASIDE',
    'FOOTER',
    'FORM',
    'SECTION',
    'ARTICLE',
    'TABLE',
    'FIGURE',
    'CANVAS',
    'SVG',
    'PRE',
    'UL',
    'OL',
    'DETAILS',
    'BLOCKQUOTE',
    'VIDEO',
    'IFRAME',
    'DIALOG',
    'FIELDSET',
  ]);
  const HEADING = 'h1,h2,h3,h4,h5,h6,[role="heading"]';
  /** "Search" as search boxes say it, in the languages the lexicon knows, and the magnifier. */
  const SEARCH =
    /search|find|検索|搜索|查找|검색|بحث|ابحث|חיפוש|חפש|buscar|búsqueda|recherche|suche|pesquis|busca|🔍|🔎/i;
  /** An email box, by its type, name, placeholder or label. */
  const EMAIL_FIELD = /e-?mail|@|correo|courriel|メール|邮箱|이메일|بريد|דוא"?ל/i;
  const PRICE = /(?:[$€£¥₹]\s?\d|\d\s?(?:€|£|usd|eur)\b|\/\s?(?:mo|month|yr|year|user|seat)\b)/i;
  const sx = window.scrollX;
  const sy = window.scrollY;
  const docWidth = Math.max(document.documentElement.scrollWidth, window.innerWidth);

  const clean = (s: string | null | undefined, n: number) =>
    (s ?? '')
      .slice(0, n * 3)
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, n);

  /** A class or id segment generated by a CSS-in-JS tool or bundler, not written by a person. */
  const hashed = (seg: string): boolean => {
    if (/\d/.test(seg) && /[a-z]/i.test(seg) && seg.length >= 4 && !/^[a-z]+\d{1,2}$/i.test(seg)) return true;
    const parts = seg.split(/(?=[A-Z])/);
    return parts.length >= 3 && parts.filter((p) => p.length <= 2).length >= 2;
  };
  const nameWords = (name: string): string => {
    const out: string[] = [];
    const token = name.includes(':') ? name.slice(name.lastIndexOf(':') + 1) : name;
    const segs = token.split(/[-_]+/).filter(Boolean);
    if (/^(css|sc|jsx|svelte|emotion|styled|tw|chakra|mui|ng|v)$/i.test(segs[0] ?? '') && segs.length <= 3)
      return '';
    for (const seg of segs) if (!hashed(seg) && !/^\d+$/.test(seg)) out.push(seg);
    return out.join(' ');
  };
  const idLooksHashed = (id: string) => !id || id.split(/[-_:]+/).some(hashed) || /^[:«]/.test(id);

  /**
   * The site's logo: the short link home at the top of the page (`href="/"`, `rel=home`), else
   * the first short bold text or picture of the top bar (`<b>◎ Orbit</b>`). Kept even when small.
   */
  const brandOf = (): Element | null => {
    const top = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.top + sy < 160 && r.width > 0 && r.height > 0 && r.height <= 100 && r.width <= 420;
    };
    const short = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim().length <= 30;
    const anchors = document.body ? document.body.getElementsByTagName('a') : [];
    for (let i = 0; i < Math.min(anchors.length, 30); i++) {
      const a = anchors[i]!;
      const href = a.getAttribute('href');
      if (href === null) continue;
      let home = /\bhome\b/i.test(a.getAttribute('rel') ?? '');
      try {
        const url = new URL(href, location.href);
        home ||= url.origin === location.origin && url.pathname === '/' && !url.hash && !url.search;
      } catch {
        // An href the URL parser refuses is no link home.
      }
      if (home && short(a) && top(a) && (a.textContent?.trim() || a.querySelector('img,svg'))) return a;
    }
    // No link home: the first child of the first wide, short bar at the top with two parts or more.
    const all = document.body ? document.body.getElementsByTagName('*') : [];
    for (let i = 0; i < Math.min(all.length, 60); i++) {
      const bar = all[i]!;
      if (bar.children.length < 2 || SKIP.has(bar.tagName)) continue;
      const r = bar.getBoundingClientRect();
      if (r.top + sy >= 160) break;
      if (r.width < window.innerWidth * 0.6 || r.height > 160 || r.height === 0) continue;
      const first = bar.firstElementChild!;
      if (!short(first) || !top(first) || CONTROL.has(first.tagName)) continue;
      const picture = /^(?:IMG|SVG|PICTURE)$/i.test(first.tagName) || !!first.querySelector('img,svg');
      const bold =
        parseInt(getComputedStyle(first).fontWeight, 10) >= 600 || /^(?:B|STRONG)$/.test(first.tagName);
      if ((picture || bold) && (first.textContent?.trim() || picture)) return first;
    }
    return null;
  };
  const brand = brandOf();

  // One pass: visible, large-enough elements.
  interface Raw {
    el: Element;
    box: Box;
    depth: number;
    priority: number;
  }
  const raws: Raw[] = [];
  const depthOf = new Map<Element, number>();
  depthOf.set(document.documentElement, 0);
  const all = document.body ? document.body.getElementsByTagName('*') : [];
  depthOf.set(document.body, 1);
  for (let i = 0; i < all.length; i++) {
    const el = all[i]!;
    const depth = (depthOf.get(el.parentElement as Element) ?? 1) + 1;
    depthOf.set(el, depth);
    const tag = el.tagName;
    if (SKIP.has(tag)) continue;
    if (el instanceof SVGElement && tag.toUpperCase() !== 'SVG') continue;
    // Text-level tags (p, h2–h6, label…) are never a crop of their own unless they are named;
    // deciding that before measuring skips half the boxes of a long page.
    const named =
      el === brand ||
      el.hasAttribute('role') ||
      el.hasAttribute('aria-label') ||
      (!!el.id && !idLooksHashed(el.id));
    if (INLINE.has(tag) && tag !== 'A' && tag !== 'SPAN' && !CONTROL.has(tag) && !named) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 24 || r.height < 12) continue;
    if (r.right + sx <= 0 || r.left + sx >= docWidth) continue;
    const upper = tag.toUpperCase();
    // A link drawn as a button (padded, at least 28 px tall) is a control like a <button>.
    const control =
      CONTROL.has(upper) ||
      (upper === 'A' &&
        (/btn|button|cta/i.test(el.className as string) || (r.height >= 28 && r.width >= 48)));
    if (INLINE.has(upper) && !control && !named && !(r.width >= 120 && r.height >= 60)) continue;
    if (el.checkVisibility && !el.checkVisibility({ opacityProperty: true, visibilityProperty: true }))
      continue;
    const semantic =
      el === brand ||
      SEMANTIC.has(upper) ||
      el.hasAttribute('role') ||
      el.hasAttribute('aria-label') ||
      !!el.id;
    raws.push({
      el,
      box: { x: r.left + sx, y: r.top + sy, width: r.width, height: r.height },
      depth,
      priority: (semantic ? 1e7 : 0) + Math.min(r.width * r.height, 1e7 - 1),
    });
  }
  let kept = raws;
  if (raws.length > options.max) {
    const chosen = new Set([...raws].sort((a, b) => b.priority - a.priority).slice(0, options.max));
    kept = raws.filter((r) => chosen.has(r));
  }
  const indexOf = new Map<Element, number>();
  kept.forEach((r, i) => {
    indexOf.set(r.el, i);
  });

  // Selectors: `#id` when unique, else a `tag:nth-of-type` path from the nearest unique anchor.
  const segs = new Map<Element, string>();
  const segOf = (el: Element): string => {
    const known = segs.get(el);
    if (known) return known;
    const seg = stepOf(el);
    segs.set(el, seg);
    return seg;
  };
  const stepOf = (el: Element): string => {
    const tag = el.tagName.toLowerCase();
    let n = 1;
    let same = 0;
    for (let s = el.parentElement?.firstElementChild; s; s = s.nextElementSibling) {
      if (s.tagName !== el.tagName) continue;
      same++;
      if (s === el) n = same;
    }
    return same > 1 ? `${tag}:nth-of-type(${n})` : tag;
  };
  const uniqueId = (el: Element): string | null => {
    if (idLooksHashed(el.id)) return null;
    const sel = '#' + CSS.escape(el.id);
    return document.querySelectorAll(sel).length === 1 ? sel : null;
  };
  const tagCount = new Map<string, number>();
  const uniqueTag = (el: Element): boolean => {
    const tag = el.tagName;
    if (!/^(MAIN|HEADER|FOOTER|NAV|ASIDE|BODY)$/.test(tag)) return false;
    let n = tagCount.get(tag);
    if (n === undefined) {
      n = document.getElementsByTagName(tag).length;
      tagCount.set(tag, n);
    }
    return n === 1;
  };
  const selectorOf = (el: Element): string => {
    const parts: string[] = [];
    for (let e: Element | null = el; e && e !== document.documentElement; e = e.parentElement) {
      const id = uniqueId(e);
      if (id) {
        parts.unshift(id);
        break;
      }
      if (uniqueTag(e)) {
        parts.unshift(e.tagName.toLowerCase());
        break;
      }
      parts.unshift(segOf(e));
    }
    // A child path of `:nth-of-type` steps from a unique anchor (an id checked with
    // querySelectorAll, or a tag the page has once) names one element; `matches` confirms it is
    // this one without a document-wide query per candidate (400 of those cost ~50 ms).
    const sel = parts.join(' > ');
    try {
      if (el.matches(sel)) return sel;
    } catch {
      // An id CSS.escape could not make safe: fall back to the full path below.
    }
    const full: string[] = [];
    for (let e: Element | null = el; e && e !== document.documentElement; e = e.parentElement)
      full.unshift(segOf(e));
    return 'html > ' + full.join(' > ');
  };

  const textOfIds = (ids: string) =>
    ids
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ');
  const headingOf = (el: Element, box: Box): string => {
    const tag = el.tagName;
    const own =
      tag === 'TABLE'
        ? (el as HTMLTableElement).caption
        : tag === 'FIELDSET'
          ? el.querySelector('legend')
          : tag === 'DETAILS'
            ? el.querySelector('summary')
            : tag === 'FIGURE'
              ? el.querySelector('figcaption')
              : null;
    if (own) return clean(own.textContent, 120);
    const h = el.querySelector(HEADING);
    if (!h) return '';
    // The title of the first card in a grid is that card's, not the grid's.
    for (let a = h.parentElement; a && a !== el; a = a.parentElement) {
      const i = indexOf.get(a);
      if (i !== undefined && groupOf.has(i)) return '';
    }
    const hr = h.getBoundingClientRect();
    const offset = hr.top + sy - box.y;
    return offset <= Math.min(260, box.height * 0.5) && hr.width > 0 ? clean(h.textContent, 120) : '';
  };
  const headingAbove = (el: Element): string => {
    const prev = el.previousElementSibling;
    if (!prev) return '';
    if (prev.matches(HEADING)) return clean(prev.textContent, 120);
    if ((prev.textContent ?? '').length > 400) return '';
    const hs = prev.querySelectorAll(HEADING);
    return hs.length ? clean(hs[hs.length - 1]!.textContent, 120) : '';
  };
  interface Fields {
    text: string;
    password: boolean;
    /** An email box with a button to send it: a signup (newsletter, waitlist), with or without `<form>`. */
    subscribe: boolean;
    /** Three checkboxes or radios or more: choices that narrow a list (filters, facets). */
    choices: number;
    inputs: number;
    search: boolean;
    /** Area of the inputs and buttons together (px²). */
    area: number;
  }
  const fieldsOf = (el: Element): Fields => {
    const inputs = el.querySelectorAll('input:not([type=hidden]),select,textarea');
    if (!inputs.length)
      return { text: '', password: false, subscribe: false, choices: 0, inputs: 0, search: false, area: 0 };
    let area = 0;
    const bits: string[] = [];
    let password = false;
    let search = false;
    let email = false;
    let choices = 0;
    for (const input of Array.from(inputs).slice(0, 12)) {
      const type = input.getAttribute('type') ?? input.tagName.toLowerCase();
      if (type === 'password') password = true;
      if (type === 'checkbox' || type === 'radio') choices++;
      if (
        type === 'email' ||
        EMAIL_FIELD.test(
          `${input.getAttribute('name') ?? ''} ${input.getAttribute('placeholder') ?? ''} ${input.getAttribute('aria-label') ?? ''}`,
        )
      )
        email = true;
      const r = input.getBoundingClientRect();
      area += r.width * r.height;
      // A query box: type=search, role=searchbox, or the names search engines and shops use.
      if (
        type === 'search' ||
        input.getAttribute('role') === 'searchbox' ||
        /^(?:q|s|query|search|keywords?|wd|term)$/i.test(input.getAttribute('name') ?? '') ||
        SEARCH.test(`${input.getAttribute('placeholder') ?? ''} ${input.getAttribute('aria-label') ?? ''}`)
      )
        search = true;
      bits.push(
        type,
        input.getAttribute('name') ?? '',
        input.getAttribute('placeholder') ?? '',
        input.getAttribute('aria-label') ?? '',
        input.id ? (document.querySelector(`label[for="${CSS.escape(input.id)}"]`)?.textContent ?? '') : '',
      );
    }
    // Buttons, and links drawn as buttons ("Get updates" as a padded `<a class="btn">`).
    const buttons = Array.from(el.querySelectorAll('button,[type=submit],[role=button],a'))
      .filter(
        (b) =>
          b.tagName !== 'A' ||
          /btn|button|cta/i.test(b.className as string) ||
          b.getBoundingClientRect().height >= 28,
      )
      .slice(0, 6);
    for (const b of buttons) {
      bits.push(b.textContent ?? (b as HTMLInputElement).value ?? '');
      const r = b.getBoundingClientRect();
      area += r.width * r.height;
    }
    // One box and a button that says "search" (or shows a magnifier) is a search bar.
    if (inputs.length === 1 && buttons.length === 1) {
      const b = buttons[0]!;
      if (
        SEARCH.test(
          `${b.textContent} ${b.getAttribute('aria-label') ?? ''} ${(b as HTMLInputElement).value ?? ''}`,
        )
      )
        search = true;
    }
    const subscribe = email && !password && inputs.length <= 3 && buttons.length >= 1 && buttons.length <= 2;
    return {
      text: clean(bits.join(' '), 300),
      password,
      subscribe,
      choices,
      inputs: inputs.length,
      search,
      area,
    };
  };

  // What a candidate is, from its own subtree (cheap checks first; computed style for the kept ones).
  const vw = window.innerWidth;
  const docHeight = Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0);
  const DATE =
    /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b|\b\d{4}-\d{2}-\d{2}\b|\d+ min(?:ute)?s? read|\d{4}年|\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i;
  const QUOTE = /^\s*["“”«„‘״「『]/;
  const REQUEST = /^\s*(?:\$\s*)?(?:curl|wget|http|(?:GET|POST|PUT|PATCH|DELETE)\s)/;
  const ENDPOINT = /^\s*(?:GET|POST|PUT|PATCH|DELETE|HEAD)\s+(?:https?:\/\/|\/)\S/;
  const EMAIL = /[\w.+-]+@[\w-]+\.[a-z]{2,}/i;
  const excerpt = (el: Element, n: number): string => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let out = '';
    for (let t = walker.nextNode(); t && out.length < n; t = walker.nextNode()) {
      const p = t.parentElement?.tagName;
      if (p === 'SCRIPT' || p === 'STYLE' || p === 'NOSCRIPT') continue;
      const v = t.nodeValue ?? '';
      if (v.trim()) out += (out ? ' ' : '') + v.trim();
    }
    return out.replace(/\s+/g, ' ').slice(0, n);
  };
  const firstLine = (el: Element): string => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const v = (t.nodeValue ?? '').trim();
      if (v) return v;
    }
    return '';
  };
  const styles = new Map<Element, CSSStyleDeclaration>();
  const style = (el: Element) => {
    let cs = styles.get(el);
    if (!cs) {
      cs = getComputedStyle(el);
      styles.set(el, cs);
    }
    return cs;
  };
  const painted = (cs: CSSStyleDeclaration) =>
    (cs.backgroundColor !== 'rgba(0, 0, 0, 0)' && cs.backgroundColor !== 'transparent') ||
    cs.backgroundImage !== 'none';
  /** Does the element draw its own frame (border, shadow, a background unlike its parent's)? */
  const framed = (el: Element): boolean => {
    const cs = style(el);
    if (cs.boxShadow !== 'none') return true;
    if (
      parseFloat(cs.borderTopWidth) > 0 &&
      parseFloat(cs.borderBottomWidth) > 0 &&
      cs.borderTopStyle !== 'none'
    )
      return true;
    if (!painted(cs)) return false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      const ps = style(p);
      if (painted(ps)) return ps.backgroundColor !== cs.backgroundColor || cs.backgroundImage !== 'none';
    }
    return cs.backgroundColor !== 'rgb(255, 255, 255)';
  };
  const mono = (el: Element) => /mono|consol|courier|menlo/i.test(style(el).fontFamily);

  /**
   * What an element looks like, for the parts people name by sight: a round picture (an avatar),
   * a picture without text, a gradient panel, a two-way switch, the site's logo.
   */
  const looks = (el: Element, tag: string, box: Box, textLength: number, text: string, actions: number) => {
    const out: string[] = [];
    const cs = style(el);
    const square = Math.abs(box.width - box.height) <= box.width * 0.12;
    const radius = parseFloat(cs.borderTopLeftRadius) || 0;
    const round = cs.borderTopLeftRadius.endsWith('%') ? radius >= 40 : radius >= box.width * 0.4;
    const pictured =
      textLength <= 2 && (cs.backgroundImage !== 'none' || !!el.querySelector('img,svg,picture,canvas'));
    if (square && round && box.width >= 24 && box.width <= 280 && (pictured || tag === 'img'))
      out.push('avatar');
    if (pictured && box.width >= 60 && box.height >= 60 && tag !== 'img') out.push('picture');
    if (cs.backgroundImage.includes('gradient') && box.width * box.height >= 40_000) out.push('gradient');
    // A switch: role=switch, or a pill of two or three short options, one of them painted as chosen.
    const options = el.children;
    if (
      el.getAttribute('role') === 'switch' ||
      el.querySelector('[role=switch]') ||
      (textLength <= 50 &&
        box.height <= 64 &&
        options.length >= 2 &&
        options.length <= 3 &&
        Array.from(options).every((o) => (o.textContent ?? '').trim().length <= 24) &&
        Array.from(options).filter((o) => painted(style(o))).length === 1)
    )
      out.push('toggle');
    // The logo: a short name beside a mark (img, svg, a glyph) at the top of the page or its panel.
    const first = el.firstElementChild;
    if (
      textLength <= 30 &&
      !CONTROL.has(tag.toUpperCase()) &&
      box.height <= 100 &&
      box.width <= 420 &&
      actions <= 1 &&
      text.split(' ').length <= 4 &&
      (box.y < 160 || !el.previousElementSibling) &&
      first &&
      (/^(?:IMG|SVG|PICTURE)$/i.test(first.tagName) || (first.textContent ?? '').trim().length <= 2) &&
      (tag === 'a' || parseInt(cs.fontWeight, 10) >= 600 || /^(?:IMG|SVG)$/i.test(first.tagName))
    )
      out.push('logo');
    return out;
  };

  // Similar siblings: same tag and the class most of them share, under the same parent.
  const byParent = new Map<Element, number[]>();
  kept.forEach((r, i) => {
    const p = r.el.parentElement;
    if (!p) return;
    const list = byParent.get(p) ?? [];
    list.push(i);
    byParent.set(p, list);
  });
  const groupOf = new Map<number, { id: number; position: number; size: number }>();
  const membersIn = new Map<Element, number[]>();
  for (const [p, children] of byParent) {
    if (children.length < 2) continue;
    const freq = new Map<string, number>();
    for (const i of children)
      for (const c of Array.from(kept[i]!.el.classList)) {
        const key = kept[i]!.el.tagName + '.' + c;
        freq.set(key, (freq.get(key) ?? 0) + 1);
      }
    const bySig = new Map<string, number[]>();
    for (const i of children) {
      const el = kept[i]!.el;
      let sig = el.tagName + '.';
      let top = 1;
      for (const c of Array.from(el.classList)) {
        const n = freq.get(el.tagName + '.' + c) ?? 0;
        if (n > top) {
          top = n;
          sig = el.tagName + '.' + c;
        }
      }
      if (sig.endsWith('.') && el.classList.length) sig += el.classList[0];
      const list = bySig.get(sig) ?? [];
      list.push(i);
      bySig.set(sig, list);
    }
    for (const members of bySig.values()) {
      if (members.length < 2) continue;
      members.forEach((m, position) => {
        groupOf.set(m, { id: members[0]!, position, size: members.length });
      });
      if (members.length > (membersIn.get(p)?.length ?? 0)) membersIn.set(p, members);
    }
  }

  // What each candidate contains, counted in one walk up from the telling elements instead of a
  // subtree query per candidate and per kind (which costs more than everything else together).
  const EMPTY = {
    canvas: 0,
    chart: 0,
    table: 0,
    pre: 0,
    img: 0,
    h1: 0,
    time: 0,
    dt: 0,
    button: 0,
    input: 0,
    a: 0,
  };
  type Counts = typeof EMPTY;
  const counts: Counts[] = kept.map(() => ({ ...EMPTY }));
  const telling = document.body?.querySelectorAll(
    'canvas,svg,table,pre,img,picture,h1,time,dt,summary,button,[role=button],input,select,textarea,a',
  );
  for (const t of Array.from(telling ?? [])) {
    const name = t.tagName.toLowerCase();
    let key: keyof Counts;
    if (name === 'svg') {
      if (t.parentElement?.closest('svg')) continue;
      const b = t.getBoundingClientRect();
      if (b.width < 200 || b.height < 120) continue;
      key = 'chart';
    } else if (name === 'picture') key = 'img';
    else if (name === 'summary') key = 'dt';
    else if (name === 'select' || name === 'textarea') key = 'input';
    else if (name === 'input') key = (t as HTMLInputElement).type === 'hidden' ? 'a' : 'input';
    else if (t.getAttribute('role') === 'button') key = 'button';
    else key = name as keyof Counts;
    if (name === 'input' && key === 'a') continue;
    for (let a = t.parentElement; a; a = a.parentElement) {
      const i = indexOf.get(a);
      if (i !== undefined) counts[i]![key]++;
    }
  }

  const PROMOTE_CONTROL = new Set(['button', 'input', 'select', 'textarea', 'a']);
  /** Items of a set that are dated posts (a blog index, a changelog) or products (picture and price). */
  const entries = new Set<number>();
  const products = new Set<number>();
  const PAGER = /^(?:\d{1,4}|next|prev(?:ious)?|older|newer|first|last|[«»‹›←→…]|\.\.\.)/i;
  /** The short bold line a box without a heading element starts with ("<b>Jump to</b>"). */
  const boldTitle = (el: Element, textLength: number): string => {
    const first = el.firstElementChild;
    if (!first || !/^(?:B|STRONG)$/.test(first.tagName)) return '';
    const t = clean(first.textContent, 60);
    return t.length >= 2 &&
      t.length <= 40 &&
      textLength >= t.length + 10 &&
      firstLine(el) &&
      t.startsWith(firstLine(el))
      ? t
      : '';
  };
  const out = kept.map((r, index): Candidate => {
    const el = r.el;
    const tag = el.tagName.toLowerCase();
    let parent = -1;
    for (let e = el.parentElement; e; e = e.parentElement) {
      const i = indexOf.get(e);
      if (i !== undefined) {
        parent = i;
        break;
      }
    }
    const kinds: string[] = [];
    const has = counts[index]!;
    const raw = el.textContent ?? '';
    const links = has.a;
    const anchors = links ? el.getElementsByTagName('a') : null;
    let linkText = 0;
    for (let i = 0; anchors && i < Math.min(links, 200); i++)
      linkText += (anchors[i]!.textContent ?? '').trim().length;
    const text = excerpt(el, 200);
    const textLength = raw.length > 2000 ? raw.trim().length : raw.replace(/\s+/g, ' ').trim().length;
    const box = r.box;
    if (tag === 'table' && (el as HTMLTableElement).rows.length >= 2) kinds.push('table');
    else if (has.table) kinds.push('hastable');
    const f = has.input
      ? fieldsOf(el)
      : { text: '', password: false, subscribe: false, choices: 0, inputs: 0, search: false, area: 0 };
    // A search box: a query input, with at most its button beside it.
    // A search box: the query input with at most its button, not the bar around them.
    if (
      (f.search && f.inputs <= 2 && f.area > 0 && box.width * box.height <= f.area * 1.8) ||
      el.getAttribute('role') === 'search'
    )
      kinds.push('search');
    // A search pill without a box of its own ("Anywhere · Any week · Add guests  🔍"): a short framed
    // strip whose one button is a search button.
    else if (
      !has.input &&
      has.button === 1 &&
      textLength <= 60 &&
      box.width >= box.height * 3 &&
      box.height <= 80 &&
      framed(el)
    ) {
      const b = el.querySelector('button,[role=button]');
      if (b && SEARCH.test(`${b.textContent} ${b.getAttribute('aria-label') ?? ''}`)) kinds.push('search');
    }
    if (tag === 'form' || el.getAttribute('role') === 'form') kinds.push('form');
    if (f.inputs && !PROMOTE_CONTROL.has(tag)) kinds.push('inputs');
    if (f.password) kinds.push('password');
    // The email box and its button with at most a title and a line around them, not the page part.
    if (f.subscribe && textLength <= 300) kinds.push('subscribe');
    // Checkboxes and radios that are most of the box (a filter panel, not the page around it).
    if (f.choices >= 3 && !f.password && textLength <= 15 * f.choices + 40) kinds.push('filters');
    if (tag === 'canvas' || (tag === 'svg' && box.width >= 200 && box.height >= 120)) kinds.push('chart');
    else if (has.canvas || has.chart) kinds.push('haschart');
    const parentMono = el.parentElement ? mono(el.parentElement) : false;
    if (tag === 'pre' || (box.height >= 40 && mono(el) && !parentMono && !PROMOTE_CONTROL.has(tag)))
      kinds.push('code');
    else if (has.pre) kinds.push('hascode');
    // A code block that is a call: a curl line, an HTTP request line.
    if (kinds.includes('code') && REQUEST.test(text)) kinds.push('request');
    if (tag === 'ul' || tag === 'ol' || tag === 'dl') kinds.push('list');
    if (links >= 3 && linkText >= textLength * 0.6) kinds.push('links');
    if (tag === 'img' || tag === 'picture') kinds.push('image');
    else if (has.img >= 3) kinds.push('gallery');
    if (tag === 'video' || (tag === 'iframe' && /youtube|vimeo|player/i.test(el.getAttribute('src') ?? '')))
      kinds.push('video');
    if (textLength <= 200 && ENDPOINT.test(text)) kinds.push('endpoint');
    if (
      textLength <= 400 &&
      !has.pre &&
      !kinds.includes('code') &&
      (EMAIL.test(raw) || el.querySelector('a[href^="mailto:"],a[href^="tel:"]'))
    )
      kinds.push('mailto');
    const prices = PRICE.test(raw.slice(0, 1500));
    if (prices) kinds.push('prices');
    if (
      textLength <= 60 &&
      /^\s*(?:[$€£¥₹₪]|\d[\d.,\s]*(?:€|£|₪|zł|kr)|[A-Za-z\s]{0,12}[$€£¥₹₪])/.test(text) &&
      prices
    )
      kinds.push('price');
    if (textLength <= 160 && (has.time || DATE.test(text))) {
      kinds.push('dated');
      // A date beside a small square picture (the author's face): a byline.
      const face = has.img ? el.querySelector('img') : null;
      const fb = face?.getBoundingClientRect();
      if (fb && fb.width >= 16 && fb.width <= 96 && Math.abs(fb.width - fb.height) <= 4) kinds.push('byline');
    }
    const quote = tag === 'blockquote' || QUOTE.test(text);
    if (quote) kinds.push('quote');
    const h = headingOf(el, box);
    // A card without a heading element is titled by its first line ("Pro", "$49 /mo").
    const card = groupOf.has(index) && !membersIn.has(el) && textLength <= 600;
    const heading =
      h || (card && firstLine(el).length <= 40 ? firstLine(el) : '') || boldTitle(el, textLength);
    const question = tag === 'details' || tag === 'dt' || /[?？]\s*$/.test(heading) || has.dt > 0;
    if (question && !membersIn.has(el)) kinds.push('question');
    // A figure of a picture or a chart (a figure around a blockquote is a quote).
    if (tag === 'figure' && !quote && !el.querySelector('blockquote')) kinds.push('figure');
    if (CONTROL.has(tag.toUpperCase()) || (tag === 'a' && box.height >= 28 && box.width >= 48))
      kinds.push('control');
    // Bars and blocks by where they sit: the top bar with links, the bottom bar, the first screen's headline.
    const actions = links + has.button + has.input;
    if (box.y < 150 && box.width >= vw * 0.6 && box.height <= 160 && actions >= 2) kinds.push('topbar');
    const tall = box.height >= Math.min(docHeight, window.innerHeight) * 0.6;
    if (tall && box.width <= Math.min(380, vw * 0.3) && links >= 3) kinds.push('sidebar');
    if (box.y + box.height >= docHeight - 60 && box.width >= vw * 0.9 && box.height <= 700)
      kinds.push('bottombar');
    if (/©|copyright|all rights reserved/i.test(raw.slice(-600))) kinds.push('copyright');
    const h1 = has.h1 ? el.querySelector('h1') : null;
    if (
      h1 &&
      box.y < 900 &&
      box.width >= vw * 0.6 &&
      heading &&
      h1.textContent?.includes(heading.slice(0, 30))
    )
      kinds.push('headline');
    if (textLength <= 160) {
      let buttons = has.button;
      for (let i = 0; anchors && i < Math.min(links, 8); i++)
        if ((anchors[i] as HTMLElement).offsetHeight >= 28) buttons++;
      if (buttons >= 2) kinds.push('buttons');
    }
    if (!membersIn.has(el)) kinds.push(...looks(el, tag, box, textLength, text, has.button + links));
    if (el === brand && !kinds.includes('logo')) kinds.push('logo');
    // A thin full-width strip of text at the very top, not a bar of links: an announcement.
    if (
      box.y < 80 &&
      box.height <= 64 &&
      box.width >= vw * 0.9 &&
      actions <= 1 &&
      textLength >= 12 &&
      textLength <= 160
    )
      kinds.push('announce');
    // A short row of page numbers and next/previous links.
    if (textLength <= 100 && actions >= 3) {
      const steps = Array.from(el.querySelectorAll('a,button')).map((a) => (a.textContent ?? '').trim());
      if (
        steps.filter((t) => PAGER.test(t)).length >= steps.length * 0.8 &&
        steps.filter((t) => /^\d+$/.test(t)).length >= 2
      )
        kinds.push('pages');
    }
    // A dated item of a set of posts, or a lone teaser: a title (not the page's h1) over a date.
    if (entries.has(index) || (kinds.includes('dated') && textLength >= 60 && !!el.querySelector('h2,h3,h4')))
      kinds.push('entry');
    if (products.has(index)) kinds.push('product');
    // Of a group's parent: what its items are (plans with prices, quotes, questions, feature cards).
    const members = membersIn.get(el);
    if (members && members.length >= 2) kinds.push('cards');
    if (members && members.filter((m) => !membersIn.has(kept[m]!.el)).length >= 2) {
      // Items are cards, not sections holding cards of their own.
      const items = members.map((m) => kept[m]!.el).filter((e) => !membersIn.has(e));
      const every = (test: (e: Element) => boolean) => items.filter(test).length >= items.length * 0.6;
      const priced = every((e) => PRICE.test(e.textContent ?? '') || /\b(free|custom)\b/i.test(firstLine(e)));
      if (priced && items.length >= 3 && every((e) => !!e.querySelector('img,picture'))) {
        kinds.push('products');
        for (const m of members) products.add(m);
      } else if (priced) kinds.push('plans');
      if (
        items.length >= 2 &&
        every(
          (e) => !!e.querySelector('h2,h3,h4') && (!!e.querySelector('time') || DATE.test(excerpt(e, 80))),
        )
      ) {
        kinds.push('entries');
        for (const m of members) entries.add(m);
      }
      if (
        every(
          (e) =>
            QUOTE.test(firstLine(e) || '') || !!e.querySelector('blockquote') || e.tagName === 'BLOCKQUOTE',
        )
      )
        kinds.push('quotes');
      if (
        every(
          (e) =>
            e.tagName === 'DETAILS' ||
            !!e.querySelector('dt,summary') ||
            /[?？]\s*$/.test(e.querySelector('h2,h3,h4,h5,h6,dt,summary,strong,b')?.textContent ?? ''),
        )
      )
        kinds.push('questions');
      else if (
        members.length >= 3 &&
        !kinds.includes('entries') &&
        every((e) => !!e.querySelector('h3,h4,h5,h6') && !PRICE.test(e.textContent ?? ''))
      )
        kinds.push('features');
      const short = (e: Element) =>
        /\d/.test(e.textContent ?? '') && (e.textContent ?? '').trim().length <= 140;
      if (members.length >= 3 && every(short)) kinds.push('stats');
      // Steps of a flow: short items in one row that are not links (a nav's are).
      const row = items.map((e) => e.getBoundingClientRect());
      if (
        items.length >= 3 &&
        row.every((r) => Math.abs(r.top - row[0]!.top) <= 6 && r.height <= 80) &&
        every((e) => (e.textContent ?? '').trim().length <= 24) &&
        links < items.length / 2
      )
        kinds.push('steps');
    }
    const label = [
      el.getAttribute('aria-label'),
      el.getAttribute('aria-labelledby') ? textOfIds(el.getAttribute('aria-labelledby')!) : '',
      el.getAttribute('title'),
      el.getAttribute('alt'),
      PROMOTE_CONTROL.has(tag)
        ? text || (el as HTMLInputElement).value || el.getAttribute('placeholder') || ''
        : '',
      // A field inside its <label> ("Sort by <select>") is named by the label's own words.
      tag === 'select' || tag === 'input' || tag === 'textarea'
        ? clean(
            Array.from(el.closest('label')?.childNodes ?? [])
              .filter((n) => n.nodeType === Node.TEXT_NODE)
              .map((n) => n.textContent)
              .join(' '),
            60,
          )
        : '',
    ]
      .filter(Boolean)
      .join(' ');
    const names = [el.id, ...Array.from(el.classList)].map(nameWords).filter(Boolean).join(' ');
    let role = el.getAttribute('role') ?? LANDMARK[el.tagName.toUpperCase()] ?? '';
    // A header or footer inside an article or section is that part's, not the page's landmark.
    if (
      (tag === 'header' || tag === 'footer') &&
      el.parentElement?.closest('article,aside,main,nav,section,figure,blockquote')
    )
      role = '';
    return {
      index,
      parent,
      depth: r.depth,
      tag,
      role,
      selector: selectorOf(el),
      names: names.slice(0, 200),
      label: clean(label, 160),
      heading: clean(heading, 120),
      heading_above: heading ? '' : headingAbove(el),
      text,
      text_length: textLength,
      fields: f.text || (kinds.includes('buttons') ? clean(text, 160) : ''),
      kinds,
      framed: framed(el),
      box,
      links,
      group: groupOf.get(index),
    };
  });
  return out;
}
