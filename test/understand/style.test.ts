import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { parseGradient } from '../../lib/css/gradient.ts';
import { CaptureParams } from '../../lib/schemas/capture.ts';
import type { BrandProfile } from '../../lib/understand/brand.ts';
import type { PageType } from '../../lib/understand/classify.ts';
import { TITLE_FONT_FOR } from '../../lib/understand/copy.ts';
import { type StyleInput, styleFor, TYPE_STYLES } from '../../lib/understand/style.ts';

const PAGE_TYPES = Object.keys(TITLE_FONT_FOR) as PageType[];

const input = (o: Partial<StyleInput> & { pageType: PageType }): StyleInput => ({
  tone: { dark: false, colorful: false },
  accents: [],
  hasDevice: false,
  reason: 'classified',
  ...o,
});

const valid = (params: Record<string, unknown>) =>
  v.safeParse(CaptureParams, { url: 'https://example.com', ...params });

const BRAND: BrandProfile = {
  primary: '#059669',
  secondary: '#db2777',
  heading_font: 'serif',
  body_font: 'sans',
  dark: false,
  sources: { primary: '--primary', secondary: 'theme-color', fonts: 'computed', dark: 'body-background' },
};

describe('the background', () => {
  it.each<[string, StyleInput, string]>([
    [
      'a dark dashboard glows on aurora',
      input({ pageType: 'dashboard', tone: { dark: true, colorful: false } }),
      'aurora',
    ],
    ['a light docs page sits on arctic', input({ pageType: 'docs' }), 'arctic'],
    ['an article is calm on arctic', input({ pageType: 'article' }), 'arctic'],
    [
      'a dark article is calm on midnight',
      input({ pageType: 'article', tone: { dark: true, colorful: false } }),
      'midnight',
    ],
    ['a light pricing page sits on ocean', input({ pageType: 'pricing' }), 'ocean'],
    [
      'a dark docs page with a green accent moves to forest',
      input({ pageType: 'docs', tone: { dark: true, colorful: false }, accents: ['#22c55e'] }),
      'forest',
    ],
    [
      'a dark portfolio with an orange accent moves to ember',
      input({ pageType: 'portfolio', tone: { dark: true, colorful: false }, accents: ['#f97316'] }),
      'ember',
    ],
    ['a grey accent does not move the choice', input({ pageType: 'docs', accents: ['#9ca3af'] }), 'arctic'],
  ])('%s', (_, given, preset) => {
    const { params, decision } = styleFor(given);
    expect(params.background_preset).toBe(preset);
    expect(decision.background_preset).toBe(preset);
  });

  it('lights a colourful landing page with its own accents', () => {
    const { params, decision } = styleFor(
      input({
        pageType: 'landing',
        tone: { dark: false, colorful: true },
        accents: ['#6366f1', '#f43f5e', '#888888'],
      }),
    );
    expect(params.background_preset).toBe('custom');
    expect(params.background_gradient).toMatch(/radial-gradient/);
    expect(decision.background).toMatch(/#6366f1, #f43f5e/);
    expect(params.shadow).toBe('glow');
  });

  it('keeps presets for a colourful docs page: its accents are interface chrome', () => {
    const { params } = styleFor(
      input({ pageType: 'docs', tone: { dark: false, colorful: true }, accents: ['#2563eb'] }),
    );
    expect(params.background_preset).not.toBe('custom');
  });

  it("paints the brand's gradient when there is a brand", () => {
    const { params, decision } = styleFor(input({ pageType: 'article', brand: BRAND }));
    expect(params.background_preset).toBe('custom');
    expect(parseGradient(params.background_gradient!).length).toBeGreaterThanOrEqual(4);
    expect(decision.background).toMatch(/#059669/);
  });
});

describe('shadow, spacing and frame', () => {
  it('glows on dark pages and floats or rests softly on light ones', () => {
    expect(
      styleFor(input({ pageType: 'landing', tone: { dark: true, colorful: false } })).params.shadow,
    ).toBe('glow');
    expect(styleFor(input({ pageType: 'docs', tone: { dark: true, colorful: false } })).params).toMatchObject(
      { shadow: 'glow', shadow_opacity: 0.5 },
    );
    expect(styleFor(input({ pageType: 'landing' })).params.shadow).toBe('float');
    expect(styleFor(input({ pageType: 'docs' })).params.shadow).toBe('soft');
  });

  it('frames app-like pages in a browser window of their tone', () => {
    expect(
      styleFor(input({ pageType: 'dashboard', tone: { dark: true, colorful: false } })).params,
    ).toMatchObject({ device: 'browser-macos', device_color: 'dark' });
    expect(styleFor(input({ pageType: 'docs' })).params).toMatchObject({
      device: 'browser-macos',
      device_color: 'light',
    });
  });

  it('leaves articles and portfolios bare, with rounded corners', () => {
    for (const pageType of ['article', 'portfolio'] as const) {
      const { params, decision } = styleFor(input({ pageType }));
      expect(params.device).toBeUndefined();
      expect(params.corner_radius).toBe(TYPE_STYLES[pageType].corner);
      expect(decision.reason).toMatch(/no frame/);
    }
  });

  it("never replaces the request's own device, nor sets its corners", () => {
    for (const pageType of PAGE_TYPES) {
      const { params } = styleFor(input({ pageType, hasDevice: true }));
      expect(params.device).toBeUndefined();
      expect(params.device_color).toBeUndefined();
      expect(params.corner_radius).toBeUndefined();
    }
  });

  it('gives reading pages more room than dashboards', () => {
    expect(TYPE_STYLES.article.padding).toBeGreaterThan(TYPE_STYLES.dashboard.padding);
  });
});

describe('every page type × tone', () => {
  const cases = PAGE_TYPES.flatMap((pageType) =>
    [true, false].flatMap((dark) => [true, false].map((colorful) => ({ pageType, dark, colorful }))),
  );

  it.each(cases)(
    'maps $pageType (dark $dark, colourful $colorful) to valid parameters',
    ({ pageType, dark, colorful }) => {
      for (const hasDevice of [false, true]) {
        for (const brand of [undefined, BRAND]) {
          const { params, decision } = styleFor(
            input({
              pageType,
              tone: { dark, colorful },
              accents: ['#6366f1', '#f43f5e'],
              hasDevice,
              ...(brand ? { brand } : {}),
            }),
          );
          const checked = valid(params);
          expect(checked.issues?.[0]?.message).toBeUndefined();
          expect(decision).toMatchObject({
            page_type: pageType,
            tone: dark ? 'dark' : 'light',
            shadow: params.shadow,
          });
          expect(decision.reason).toMatch(/^classified; /);
        }
      }
    },
  );

  it('is deterministic and valid for any accents', () => {
    const color = fc
      .tuple(fc.nat(255), fc.nat(255), fc.nat(255))
      .map(([r, g, b]) => `#${[r, g, b].map((n) => n.toString(16).padStart(2, '0')).join('')}`);
    fc.assert(
      fc.property(
        fc.constantFrom(...PAGE_TYPES),
        fc.boolean(),
        fc.boolean(),
        fc.array(color, { maxLength: 4 }),
        (pageType, dark, colorful, accents) => {
          const given = input({ pageType, tone: { dark, colorful }, accents });
          const style = styleFor(given);
          expect(styleFor(given)).toEqual(style);
          expect(valid(style.params).success).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
