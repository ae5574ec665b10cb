import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { CaptureParams } from '../../lib/schemas/capture.ts';
import { PAGE_TYPES } from '../../lib/understand/classify.ts';
import {
  copyFor,
  SUBTITLE_MAX,
  shorten,
  stripSiteName,
  TITLE_FONT_FOR,
  TITLE_MAX,
} from '../../lib/understand/copy.ts';
import { blankSignals } from '../../lib/understand/signals.ts';
import type { PageSignals } from '../../lib/understand/types.ts';

type Overrides = Partial<Omit<PageSignals, 'meta'>> & { meta?: Partial<PageSignals['meta']>; h1?: string };

/** Signals of a page: empty but for what a case sets. */
function page(o: Overrides = {}): PageSignals {
  const { h1, meta, ...rest } = o;
  const blank = blankSignals('https://acme.cloud/');
  return {
    ...blank,
    lang: 'en',
    headings: h1 ? [{ level: 1, text: h1 }] : [],
    text_chars: 1200,
    ...rest,
    meta: { ...blank.meta, ...meta },
  };
}

const graphemes = (s: string) =>
  [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].map((g) => g.segment);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `out` (without a final "…") is a run of whole graphemes of `input`. */
function isGraphemeRun(out: string, input: string): boolean {
  const o = graphemes(out.endsWith('…') && !input.includes(out) ? out.slice(0, -1) : out);
  const g = graphemes(input);
  for (let i = 0; i + o.length <= g.length; i++) {
    if (o.every((x, j) => g[i + j] === x)) return true;
  }
  return false;
}

describe('the headline', () => {
  it.each([
    [
      'drops a trailing site name',
      page({ title: 'Start building today — Acme Cloud' }),
      'Start building today',
      'title',
    ],
    [
      'drops a leading brand before a tagline',
      page({ url: 'https://acme.com/', title: 'Acme | The fastest way to ship' }),
      'The fastest way to ship',
      'title',
    ],
    [
      'drops a leading brand even when the domain is unknown',
      page({ url: 'https://x.io/', title: 'Foo | The fastest way to ship software' }),
      'The fastest way to ship software',
      'title',
    ],
    [
      'drops an "Acme: " prefix named by og:site_name',
      page({ url: 'https://a.io/', title: 'Acme: Build faster', meta: { og_site_name: 'Acme' } }),
      'Build faster',
      'title',
    ],
    [
      'prefers a strong h1 over the title',
      page({ title: 'Pricing — Acme Cloud', h1: 'Simple, transparent pricing' }),
      'Simple, transparent pricing',
      'h1',
    ],
    [
      'prefers og:title when the h1 is generic',
      page({ title: 'Home | Acme', h1: 'Welcome', meta: { og_title: 'Acme — Deploy on Fridays' } }),
      'Deploy on Fridays',
      'og:title',
    ],
    [
      'uses the site name when every candidate is generic',
      page({ url: 'https://app.acme.io/', title: 'Dashboard · Acme', h1: 'Overview' }),
      'Acme',
      'site_name',
    ],
    [
      'uses the site name for a bare "Pricing" page',
      page({ title: 'Pricing — Acme Cloud', h1: 'Pricing' }),
      'Acme Cloud',
      'site_name',
    ],
    [
      'does not take a logo h1 as the headline',
      page({ url: 'https://acme.com/', title: 'Acme | Ship faster', h1: 'Acme' }),
      'Ship faster',
      'title',
    ],
    [
      'keeps a Japanese title whole',
      page({
        url: 'https://example.jp/',
        lang: 'ja',
        title: '料金プラン｜株式会社サンプル',
        h1: 'シンプルな料金プラン',
      }),
      'シンプルな料金プラン',
      'h1',
    ],
    [
      'keeps an Arabic title whole',
      page({
        url: 'https://example.sa/',
        lang: 'ar',
        dir: 'rtl',
        title: 'الأسعار - شركة المثال',
        h1: 'خطط أسعار بسيطة وشفافة لكل فريق',
      }),
      'خطط أسعار بسيطة وشفافة لكل فريق',
      'h1',
    ],
    [
      'keeps emoji sequences',
      page({ url: 'https://rocket.dev/', title: '🚀 Launch faster with Rocket 👩‍👩‍👧‍👦 | Rocket' }),
      '🚀 Launch faster with Rocket 👩‍👩‍👧‍👦',
      'title',
    ],
  ])('%s', (_, signals, title, source) => {
    const copy = copyFor(signals);
    expect(copy.title).toBe(title);
    expect(copy.sources.title).toBe(source);
  });

  it('gives no title, and says why, for a page without text', () => {
    const copy = copyFor(page({ title: '   ' }), 'landing');
    expect(copy.title).toBeUndefined();
    expect(copy.subtitle).toBeUndefined();
    expect(copy.reason).toMatch(/no headline/);
  });

  it('shortens a long headline at a clause end, without an ellipsis', () => {
    const h1 = 'Ship faster with Acme: deploy anywhere with one command, no config and no ops team';
    expect(copyFor(page({ h1 })).title).toBe('Ship faster with Acme: deploy anywhere with one command');
    const long =
      'Ship faster with Acme: deploy anywhere with one command and never think about servers again';
    expect(copyFor(page({ h1: long })).title).toBe('Ship faster with Acme');
  });

  it('shortens at a word end with an ellipsis when there is no clause to stop at', () => {
    const out = shorten(
      'Everything you need to build, deploy and scale modern web applications without ops',
      60,
    );
    expect(out).toBe('Everything you need to build, deploy and scale modern web…');
  });

  it('cuts Japanese at characters, with an ellipsis', () => {
    const out = shorten('あ'.repeat(80), 60, 'ja');
    expect(out).toBe(`${'あ'.repeat(59)}…`);
  });

  it('never splits an emoji sequence', () => {
    const family = '👩‍👩‍👧‍👦';
    const out = shorten(family.repeat(30), 60);
    expect(out.length).toBeLessThanOrEqual(60);
    expect(graphemes(out.slice(0, -1)).every((g) => g === family)).toBe(true);
  });

  it('splits titles on the usual separators', () => {
    expect(stripSiteName('Getting started | Guides | Acme Docs', ['acme'])).toEqual({
      page: 'Getting started',
      site: 'Acme Docs',
    });
    expect(stripSiteName('Acme raises $50M — Acme Blog', ['acme']).page).toBe('Acme raises $50M');
  });
});

describe('the subtitle', () => {
  it('takes whole sentences of the meta description that fit', () => {
    const copy = copyFor(
      page({
        h1: 'Simple pricing',
        meta: {
          description:
            'Start free. Upgrade when your team grows. Cancel anytime, and keep every byte of your data forever with our export tools, webhooks and APIs.',
        },
      }),
    );
    expect(copy.subtitle).toBe('Start free. Upgrade when your team grows.');
    expect(copy.sources.subtitle).toBe('meta:description');
  });

  it('skips a description that repeats the headline and falls back to the lead', () => {
    const copy = copyFor(
      page({
        h1: 'Deploy on Fridays',
        meta: { description: 'Deploy on Fridays' },
        lead: 'Acme runs your tests, previews every branch and rolls back in one click when something breaks.',
      }),
    );
    expect(copy.sources.subtitle).toBe('lead');
    expect(copy.subtitle!.length).toBeLessThanOrEqual(SUBTITLE_MAX);
  });
});

describe('the badge', () => {
  it.each([
    ['pricing', 'Pricing'],
    ['docs', 'Docs'],
    ['dashboard', 'Dashboard'],
    ['article', 'Blog'],
    ['product', 'Shop'],
    ['checkout', 'Checkout'],
    ['login', 'Sign in'],
    ['portfolio', 'Portfolio'],
  ] as const)('names a %s page %s', (type, badge) => {
    expect(copyFor(page({ title: 'Something specific here' }), type).badge).toBe(badge);
  });

  it('gives a landing page "New" only when it announces something', () => {
    expect(copyFor(page({ h1: 'Introducing Acme 2.0' }), 'landing').badge).toBe('New');
    expect(copyFor(page({ h1: 'Ship faster with Acme' }), 'landing').badge).toBeUndefined();
    expect(copyFor(page({ h1: 'Create a new project in seconds' }), 'landing').badge).toBeUndefined();
  });

  it('gives no badge without a page type', () => {
    expect(copyFor(page({ h1: 'Introducing Acme 2.0' })).badge).toBeUndefined();
  });
});

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'grapheme-composite', maxLength: 200 }),
  fc
    .array(
      fc.constantFrom('Acme', 'ship', '|', '—', ':', '料金', '👩‍👩‍👧‍👦', 'مرحبا', 'é', ' ', '.', 'Welcome'),
      { maxLength: 60 },
    )
    .map((a) => a.join(' ')),
);

describe('for any page', () => {
  it('keeps the title ≤ 60 and the subtitle ≤ 120 code units, in whole graphemes', () => {
    fc.assert(
      fc.property(
        text,
        text,
        text,
        text,
        fc.constantFrom(...PAGE_TYPES),
        (title, h1, description, lead, type) => {
          const copy = copyFor(page({ title, h1, meta: { description }, lead }), type);
          if (copy.title) {
            expect(copy.title.length).toBeLessThanOrEqual(TITLE_MAX);
            expect(copy.title).not.toMatch(LONE_SURROGATE);
          }
          if (copy.subtitle) {
            expect(copy.subtitle.length).toBeLessThanOrEqual(SUBTITLE_MAX);
            expect(copy.subtitle).not.toMatch(LONE_SURROGATE);
          }
          expect(copy.reason).not.toBe('');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('shortens to a run of whole graphemes of the input', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 8, max: 120 }), (s, max) => {
        const input = s.replace(/\s+/g, ' ').trim();
        const out = shorten(input, max);
        expect(out.length).toBeLessThanOrEqual(max);
        if (out) expect(isGraphemeRun(out, input)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('decides the same way twice', () => {
    fc.assert(
      fc.property(text, text, fc.constantFrom(...PAGE_TYPES), (title, h1, type) => {
        expect(copyFor(page({ title, h1 }), type)).toEqual(copyFor(page({ title, h1 }), type));
      }),
      { numRuns: 100 },
    );
  });

  it('produces copy parameters the capture schema accepts', () => {
    fc.assert(
      fc.property(text, text, fc.constantFrom(...PAGE_TYPES), (title, description, type) => {
        const copy = copyFor(page({ title, meta: { description } }), type);
        const params = {
          url: 'https://example.com',
          ...(copy.title ? { title: copy.title } : {}),
          ...(copy.subtitle ? { subtitle: copy.subtitle } : {}),
          ...(copy.badge ? { badge: copy.badge } : {}),
          title_font: TITLE_FONT_FOR[type],
        };
        expect(v.safeParse(CaptureParams, params).success).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
