/**
 * @module understand/types
 * What page understanding reads and decides. The browser side (`capture/`) runs the collectors of
 * this folder inside the page in one `evaluate` and hands back plain data; everything here is a
 * pure, deterministic function of that data (and of the screenshot's colour statistics).
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the page says of itself, read in one pass (`collectSignals`). Strings are trimmed, capped. */
export interface PageSignals {
  url: string;
  title: string;
  /** `<html lang>` and the computed direction of the body (`rtl` for Arabic, Hebrew…). */
  lang: string;
  dir: 'ltr' | 'rtl';
  meta: {
    description?: string;
    og_title?: string;
    og_description?: string;
    og_site_name?: string;
    og_type?: string;
    application_name?: string;
    theme_color?: string;
    /** `<meta name="color-scheme">`. */
    color_scheme?: string;
    /** JSON-LD `@type`s found on the page (`Product`, `Article`, `SoftwareApplication`…). */
    ld_types: string[];
  };
  /** Visible headings in document order (first 20 of each level that has them). */
  headings: { level: number; text: string }[];
  /** The first substantial visible paragraph (≥ 60 chars), if any. */
  lead?: string;
  /** Visible text length of the body. */
  text_chars: number;
  /** Texts of visible buttons and button-like links (first 30). */
  buttons: string[];
  /** Texts of visible links in `nav`/`header` (first 40). */
  nav_links: string[];
  /**
   * What the visible form fields ask for, one hint each (first 20): the `autocomplete` token, else
   * the type when it says something (`password`, `email`, `search`…), else a short name/label
   * (`card number`, `zip`). Tells a checkout (`cc-number`, `postal-code`) from a sign-in form.
   */
  fields?: string[];
  /** A byline ("By Jane Doe · 4 min read"), when the page has one near its top heading. */
  byline?: string;
  /** Counts of visible structures. */
  counts: {
    forms: number;
    inputs: number;
    password_inputs: number;
    tables: number;
    table_rows: number;
    /** `canvas` and large `svg` (≥ 200×120): charts. */
    charts: number;
    code_blocks: number;
    articles: number;
    /** Side navigation: an `aside`/`nav` that is tall and narrow, with many links. */
    sidebars: number;
    images: number;
    /** Price-looking strings ($19, 19 €, ¥1,200, /mo). */
    prices: number;
    /** Of those, the ones that name a billing period (`$19/mo`, `per user`, `/年`, `לחודש`): plans, not goods. */
    periods?: number;
    /** Repeated card-like siblings (≥ 3 similar children) found. */
    card_groups: number;
    /** `time` elements and dates near bylines. */
    dates: number;
    videos: number;
  };
  /** Colours as the page computes them (CSS colour strings, as `getComputedStyle` gives them). */
  colors: {
    /** CSS custom properties on :root/body whose name suggests a brand (`--primary`, `--brand`, `--bs-primary`, `--color-accent`…), name → value. */
    custom_props: Record<string, string>;
    /** Backgrounds of the most prominent filled buttons (by area, first 6). */
    buttons: string[];
    /** Colours of links in the main content (most common first, up to 4). */
    links: string[];
    body_background: string;
    body_text: string;
    /** Colours of the headings (most common first, up to 3). */
    headings: string[];
  };
  fonts: {
    /** Computed `font-family` of the first h1/h2 and of the body text. */
    heading?: string;
    body?: string;
  };
  /** The logo's box (document CSS px), when one is recognisable (img/svg in the header named or alt'ed "logo", or the home link's image). */
  logo?: Box;
}

/** Colour statistics of the screenshot already taken (a small thumbnail of it). */
export interface ColorStats {
  /** Mean relative luminance 0–1. */
  luminance: number;
  /** Mean saturation 0–1 (HSL). */
  saturation: number;
  /** Share of pixels that are strongly coloured (saturation ≥ 0.35 and not near black/white: chroma ≥ 0.15). */
  colorful_share: number;
  /**
   * How many hues (30° sectors) the strongly coloured pixels spread over, each covering ≥ 1 % of
   * the shot: 0–1 for a page with one accent, 3+ for a multicolour design (gradients, photos).
   */
  hues?: number;
  /** Dominant colours, most common first (hex `#rrggbb`), with their share 0–1. */
  dominant: { hex: string; share: number }[];
  /** The most common saturated colours (accents), hex, most common first. */
  accents: string[];
}

/** One element a description may mean (`collectCandidates`). */
export interface ElementMatch {
  /** A unique CSS path to the element (`main > section:nth-of-type(3)`, or `#id`). */
  selector: string;
  /** 0–1. */
  score: number;
  text_excerpt: string;
  /** Document CSS px. */
  box: Box;
}
