import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { classifyPage, PAGE_TYPES } from '../../lib/understand/classify.ts';
import { colorStats, regionColors } from '../../lib/understand/colors.ts';
import { blankSignals } from '../../lib/understand/signals.ts';
import type { ColorStats, PageSignals } from '../../lib/understand/types.ts';

type Overrides = Partial<Omit<PageSignals, 'counts' | 'meta'>> & {
  counts?: Partial<PageSignals['counts']>;
  meta?: Partial<PageSignals['meta']>;
};

/** A plain page with nothing on it, plus the overrides. */
function signals({ counts, meta, ...rest }: Overrides = {}): PageSignals {
  const blank = blankSignals('https://example.com/somewhere');
  return {
    ...blank,
    lang: 'en',
    text_chars: 1200,
    ...rest,
    meta: { ...blank.meta, ...meta },
    counts: { ...blank.counts, ...counts },
    colors: {
      ...blank.colors,
      body_background: 'rgb(255, 255, 255)',
      body_text: 'rgb(17, 17, 17)',
      ...rest.colors,
    },
    fonts: {},
  };
}

const light: ColorStats = {
  luminance: 0.85,
  saturation: 0.1,
  colorful_share: 0.02,
  hues: 1,
  dominant: [{ hex: '#ffffff', share: 0.8 }],
  accents: ['#4f46e5'],
};
const dark: ColorStats = { ...light, luminance: 0.03, dominant: [{ hex: '#0b1020', share: 0.8 }] };

const h = (level: number, text: string) => ({ level, text });

describe('classifyPage', () => {
  it('calls a page with a password field and a "Sign in" heading a login page', () => {
    const c = classifyPage(
      signals({
        title: 'Sign in · Acme',
        headings: [h(1, 'Welcome back')],
        buttons: ['Sign in', 'Continue with Google'],
        fields: ['email', 'current-password'],
        counts: { forms: 1, inputs: 2, password_inputs: 1 },
        text_chars: 300,
      }),
      light,
    );
    expect(c.page_type).toBe('login');
    expect(c.confidence).toBeGreaterThan(0.7);
    expect(c.reason).toMatch(/password field/);
  });

  it('calls plan cards with monthly prices a pricing page', () => {
    const c = classifyPage(
      signals({
        title: 'Pricing — Acme',
        headings: [h(1, 'Simple pricing'), h(3, 'Starter'), h(3, 'Pro'), h(3, 'Enterprise')],
        buttons: ['Start free trial', 'Contact sales'],
        counts: { prices: 6, periods: 3, card_groups: 1 },
      }),
      light,
    );
    expect(c.page_type).toBe('pricing');
    expect(c.reason).toMatch(/pricing title|billing period|plan names/);
  });

  it('does not call a menu of dishes with prices a pricing page', () => {
    const c = classifyPage(
      signals({
        headings: [
          h(1, 'Big flavour, delivered'),
          h(2, 'How it works'),
          h(3, 'Green Goddess'),
          h(3, 'Poke bowl'),
        ],
        buttons: ['Order now', 'See full menu'],
        counts: { prices: 5, card_groups: 2 },
      }),
      light,
    );
    expect(c.page_type).toBe('landing');
  });

  it('calls code blocks beside a long side navigation docs', () => {
    const c = classifyPage(
      signals({
        url: 'https://acme.dev/docs/authentication',
        title: 'Authentication — Acme Docs',
        headings: [h(1, 'Authentication'), h(2, 'API keys'), h(2, 'Parameters')],
        nav_links: Array.from({ length: 20 }, (_, i) => `Topic ${i}`),
        counts: { code_blocks: 4, sidebars: 1 },
      }),
      light,
    );
    expect(c.page_type).toBe('docs');
  });

  it('calls charts and a data table beside a side navigation a dashboard', () => {
    const c = classifyPage(
      signals({
        title: 'Overview · Pulse',
        headings: [h(1, 'Overview'), h(3, 'Total revenue'), h(3, 'Active users')],
        nav_links: ['Overview', 'Reports', 'Customers', 'Settings'],
        counts: { charts: 2, tables: 1, table_rows: 8, sidebars: 1, prices: 6 },
      }),
      dark,
    );
    expect(c.page_type).toBe('dashboard');
    expect(c.tone.dark).toBe(true);
  });

  it('calls a long text with a byline and og:type article an article', () => {
    const c = classifyPage(
      signals({
        url: 'https://news.example.com/2024/03/solar',
        meta: { og_type: 'article', ld_types: ['NewsArticle'] },
        headings: [h(1, 'A desalination plant that runs on sunlight')],
        byline: 'By Jane Doe · 6 min read',
        counts: { dates: 1, articles: 1 },
        text_chars: 7000,
      }),
      light,
    );
    expect(c.page_type).toBe('article');
  });

  it('calls an add-to-cart button with one price a product page', () => {
    const c = classifyPage(
      signals({
        headings: [h(1, 'Summit 2 Tent'), h(2, 'Specifications'), h(2, 'Reviews')],
        buttons: ['Add to cart'],
        fields: ['quantity'],
        counts: { prices: 2, images: 5, inputs: 1 },
      }),
      light,
    );
    expect(c.page_type).toBe('product');
  });

  it('calls card and address fields with an order total a checkout', () => {
    const c = classifyPage(
      signals({
        headings: [h(1, 'Checkout'), h(2, 'Shipping address'), h(2, 'Payment'), h(2, 'Order summary')],
        buttons: ['Pay $48.00'],
        fields: ['email', 'postal-code', 'cc-number', 'cc-exp', 'cc-csc'],
        counts: { forms: 1, inputs: 9, prices: 4 },
      }),
      light,
    );
    expect(c.page_type).toBe('checkout');
  });

  it('calls a first-person page of project cards with Work/About/Contact a portfolio', () => {
    const c = classifyPage(
      signals({
        title: 'Mara Lindqvist — Photographer',
        headings: [h(1, "Hi, I'm Mara"), h(2, 'Selected work')],
        nav_links: ['Work', 'About', 'Contact'],
        counts: { card_groups: 1, images: 9 },
      }),
      light,
    );
    expect(c.page_type).toBe('portfolio');
  });

  it('reads keywords in other scripts (a Japanese sign-in page)', () => {
    const c = classifyPage(
      signals({
        title: 'ログイン | ハナモリ',
        headings: [h(1, 'ログイン')],
        counts: { forms: 1, inputs: 2, password_inputs: 1 },
        text_chars: 200,
      }),
      light,
    );
    expect(c.page_type).toBe('login');
    expect(c.reason).toMatch(/sign-in title/);
  });

  it('falls back to a low-confidence landing page when there is little text', () => {
    const c = classifyPage(signals({ text_chars: 6 }), dark);
    expect(c.page_type).toBe('landing');
    expect(c.confidence).toBeLessThanOrEqual(0.2);
    expect(c.reason).toMatch(/little text/);
  });

  it('scores every page type and is deterministic', () => {
    const s = signals({ headings: [h(1, 'Hello')], buttons: ['Get started'] });
    const a = classifyPage(s, light);
    expect(Object.keys(a.scores).sort()).toEqual([...PAGE_TYPES].sort());
    expect(classifyPage(s, light)).toEqual(a);
    expect(a.confidence).toBeGreaterThanOrEqual(0);
    expect(a.confidence).toBeLessThanOrEqual(1);
  });

  it('breaks a tie in favour of the earlier type in PAGE_TYPES', () => {
    // No evidence at all but the landing prior; every other type scores ≤ 0.
    const c = classifyPage(signals({ headings: [h(2, 'Untitled')] }), light);
    expect(c.page_type).toBe('landing');
  });
});

describe('tone', () => {
  it('is dark when the shot is dark, light when it is bright', () => {
    expect(classifyPage(signals(), dark).tone.dark).toBe(true);
    expect(classifyPage(signals(), light).tone.dark).toBe(false);
  });

  it('in the grey zone follows the colour most of the shot has', () => {
    const grey = { ...light, luminance: 0.3 };
    const darkBackground = { ...grey, dominant: [{ hex: '#111111', share: 0.6 }] };
    expect(classifyPage(signals(), darkBackground).tone.dark).toBe(true);
    expect(classifyPage(signals(), { ...grey, dominant: [{ hex: '#f4f4f4', share: 0.6 }] }).tone.dark).toBe(
      false,
    );
  });

  it('is colourful for a large vivid share or several vivid hues, not for one accent', () => {
    expect(classifyPage(signals(), { ...light, colorful_share: 0.3, hues: 1 }).tone.colorful).toBe(true);
    expect(classifyPage(signals(), { ...light, colorful_share: 0.08, hues: 4 }).tone.colorful).toBe(true);
    expect(classifyPage(signals(), { ...light, colorful_share: 0.08, hues: 1 }).tone.colorful).toBe(false);
  });
});

/** A 16:10 PNG of horizontal bands, top to bottom, each `[hex, share]`. */
async function bands(width: number, height: number, spec: [string, number][]): Promise<Buffer> {
  let top = 0;
  const layers = spec.map(([color, share]) => {
    const h = Math.round(height * share);
    const layer = {
      input: { create: { width, height: h, channels: 3 as const, background: color } },
      left: 0,
      top,
    };
    top += h;
    return layer;
  });
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite(layers)
    .png()
    .toBuffer();
}

describe('colorStats', () => {
  it('reports luminance, the dominant colours and the accents of a shot', async () => {
    const png = await bands(1440, 900, [
      ['#ffffff', 0.7],
      ['#4f46e5', 0.2],
      ['#111827', 0.1],
    ]);
    const stats = await colorStats(png);
    expect(stats.luminance).toBeGreaterThan(0.6);
    expect(stats.dominant[0]).toEqual({ hex: '#ffffff', share: expect.closeTo(0.7, 1) });
    expect(stats.dominant.map((d) => d.hex)).toContain('#4f46e5');
    expect(stats.accents).toEqual(['#4f46e5']);
    expect(stats.colorful_share).toBeCloseTo(0.2, 1);
    expect(stats.hues).toBe(1);
  });

  it('does not call a dark navy background colourful', async () => {
    const stats = await colorStats(await bands(640, 400, [['#121933', 1]]));
    expect(stats.luminance).toBeLessThan(0.05);
    expect(stats.colorful_share).toBe(0);
    expect(stats.accents).toEqual([]);
  });
});

describe('regionColors', () => {
  it('returns the colours inside a box without its background', async () => {
    // A red mark on white at (100, 50) 80×40 CSS px, captured at dpr 2.
    const png = await sharp({ create: { width: 800, height: 400, channels: 3, background: '#ffffff' } })
      .composite([
        {
          input: { create: { width: 80, height: 40, channels: 3, background: '#e11d48' } },
          left: 220,
          top: 110,
        },
      ])
      .png()
      .toBuffer();
    expect(await regionColors(png, { x: 100, y: 50, width: 60, height: 40 }, 2)).toEqual(['#e11d48']);
  });

  it('is empty for a box off the image', async () => {
    const png = await bands(100, 100, [['#ffffff', 1]]);
    expect(await regionColors(png, { x: 500, y: 500, width: 20, height: 20 }, 1)).toEqual([]);
  });
});
