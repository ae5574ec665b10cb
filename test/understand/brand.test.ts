import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { parseGradient } from '../../lib/css/gradient.ts';
import { CaptureParams } from '../../lib/schemas/capture.ts';
import {
  type BrandProfile,
  brandFrom,
  brandParams,
  colorOf,
  fontClassOf,
} from '../../lib/understand/brand.ts';
import { blankSignals } from '../../lib/understand/signals.ts';
import type { PageSignals } from '../../lib/understand/types.ts';

type Overrides = {
  meta?: Partial<PageSignals['meta']>;
  colors?: Partial<PageSignals['colors']>;
  fonts?: PageSignals['fonts'];
};

/** Signals of a page with nothing but the colours, meta and fonts a case sets. */
function page(o: Overrides = {}): PageSignals {
  const blank = blankSignals('https://acme.dev/', 'Acme');
  return {
    ...blank,
    lang: 'en',
    text_chars: 800,
    meta: { ...blank.meta, ...o.meta },
    colors: {
      ...blank.colors,
      body_background: 'rgb(255, 255, 255)',
      body_text: 'rgb(15, 23, 42)',
      ...o.colors,
    },
    fonts: o.fonts ?? {},
  };
}

const valid = (params: Record<string, unknown>) =>
  v.safeParse(CaptureParams, { url: 'https://example.com', ...params }).success;

describe('the primary colour', () => {
  it.each<[string, Overrides, string, string]>([
    [
      'a --primary custom property',
      { colors: { custom_props: { '--primary': '#7c3aed' } } },
      '#7c3aed',
      '--primary',
    ],
    [
      'a shadcn HSL triple',
      { colors: { custom_props: { '--primary': '262.1 83.3% 57.8%' } } },
      '#7c3aed',
      '--primary',
    ],
    [
      'a Tailwind 4 oklch value',
      { colors: { custom_props: { '--color-brand-500': 'oklch(0.623 0.214 259.815)' } } },
      '#2b7fff',
      '--color-brand-500',
    ],
    ['theme-color', { meta: { theme_color: '#e11d48' } }, '#e11d48', 'theme-color'],
    [
      'the biggest button',
      { colors: { buttons: ['rgb(22, 163, 74)', 'rgb(239, 239, 239)'] } },
      '#16a34a',
      'button',
    ],
    ['a content link', { colors: { links: ['rgb(0, 0, 238)', 'rgb(219, 39, 119)'] } }, '#db2777', 'link'],
  ])('comes from %s', (_, o, primary, source) => {
    const brand = brandFrom(page(o), {});
    expect(brand.primary).toBe(primary);
    expect(brand.sources.primary).toBe(source);
  });

  it('falls back to the logo, then to the screenshot accents', () => {
    expect(brandFrom(page(), { logoColors: ['#f59e0b'], accents: ['#0ea5e9'] }).sources.primary).toBe('logo');
    expect(brandFrom(page(), { accents: ['#0ea5e9'] })).toMatchObject({
      primary: '#0ea5e9',
      sources: { primary: 'screenshot' },
    });
  });

  it('prefers a custom property over theme-color, buttons and links', () => {
    const brand = brandFrom(
      page({
        meta: { theme_color: '#e11d48' },
        colors: { custom_props: { '--brand': '#0891b2' }, buttons: ['#16a34a'], links: ['#db2777'] },
      }),
    );
    expect(brand.primary).toBe('#0891b2');
  });

  it('lets the buttons on screen beat a framework default the site never used', () => {
    const brand = brandFrom(
      page({
        colors: {
          custom_props: { '--bs-primary': '#0d6efd' },
          buttons: ['#e11d48', '#e11d48'],
          links: ['#e11d48'],
        },
      }),
    );
    expect(brand.primary).toBe('#e11d48');
    expect(brand.secondary).toBe('#0d6efd');
  });

  it('ignores text colours named after the primary', () => {
    const brand = brandFrom(
      page({ colors: { custom_props: { '--primary-foreground': '#2563eb', '--accent': '#f97316' } } }),
    );
    expect(brand.primary).toBe('#f97316');
  });

  it('skips white, black and greys unless nothing else is there', () => {
    const greys = {
      meta: { theme_color: '#ffffff' },
      colors: { buttons: ['rgb(17, 17, 17)', 'rgb(120, 120, 120)'] },
    };
    expect(brandFrom(page({ ...greys, colors: { ...greys.colors, links: ['#2563eb'] } })).primary).toBe(
      '#2563eb',
    );
    const neutral = brandFrom(page(greys));
    expect(neutral).toMatchObject({ primary: '#111111', sources: { neutral: true } });
  });

  it('picks a second colour of another hue', () => {
    const brand = brandFrom(
      page({
        colors: {
          custom_props: { '--primary': '#4f46e5', '--secondary': '#ec4899', '--primary-hover': '#4338ca' },
        },
      }),
    );
    expect(brand).toMatchObject({
      primary: '#4f46e5',
      secondary: '#ec4899',
      sources: { secondary: '--secondary' },
    });
  });
});

describe('fonts and lightness', () => {
  it.each([
    ['"Playfair Display", Georgia, serif', 'serif'],
    ['Merriweather, serif', 'serif'],
    ['"Source Serif 4", serif', 'serif'],
    ['"JetBrains Mono", monospace', 'mono'],
    ['ui-monospace, SFMono-Regular, Menlo', 'mono'],
    ['Inter, system-ui, sans-serif', 'sans'],
    ['"Noto Sans", sans-serif', 'sans'],
    ['"My Custom Face", serif', 'serif'],
    ['"My Custom Face"', 'sans'],
  ])('maps %s to %s', (family, font) => {
    expect(fontClassOf(family)).toBe(font);
  });

  it('reads the heading and body fonts apart', () => {
    const brand = brandFrom(page({ fonts: { heading: 'Georgia, serif', body: 'Inter, sans-serif' } }));
    expect(brand).toMatchObject({ heading_font: 'serif', body_font: 'sans', sources: { fonts: 'computed' } });
  });

  it.each<[string, Overrides, boolean, string]>([
    ['a dark body background', { colors: { body_background: 'rgb(9, 9, 11)' } }, true, 'body-background'],
    ['a light body background', { colors: { body_background: '#fafafa' } }, false, 'body-background'],
    [
      'color-scheme dark under a transparent body',
      { meta: { color_scheme: 'dark' }, colors: { body_background: 'rgba(0, 0, 0, 0)' } },
      true,
      'color-scheme',
    ],
    [
      'light text on a transparent body',
      { colors: { body_background: 'rgba(0, 0, 0, 0)', body_text: 'rgb(240, 240, 240)' } },
      true,
      'body-text',
    ],
  ])('is dark or light from %s', (_, o, dark, source) => {
    expect(brandFrom(page(o))).toMatchObject({ dark, sources: { dark: source } });
  });
});

describe('brand parameters', () => {
  const profile = (o: Partial<BrandProfile> = {}): BrandProfile => ({
    primary: '#7c3aed',
    secondary: '#06b6d4',
    heading_font: 'serif',
    body_font: 'sans',
    dark: true,
    sources: { primary: '--primary', fonts: 'computed', dark: 'body-background' },
    ...o,
  });

  it('builds a lit, multi-layer gradient in the brand colours', () => {
    const { params, reason } = brandParams(profile());
    const layers = parseGradient(params.background_gradient as string);
    expect(layers.length).toBeGreaterThanOrEqual(4);
    expect(layers.filter((l) => l.kind === 'radial').length).toBeGreaterThanOrEqual(3);
    expect(params).toMatchObject({
      background_preset: 'custom',
      shadow: 'glow',
      title_font: 'serif',
      subtitle_font: 'sans',
      badge_color: '#7c3aed',
    });
    expect(reason).toMatch(/#7c3aed/);
    expect(valid(params)).toBe(true);
  });

  it('goes light with a light page and graphite with a monochrome brand', () => {
    expect(brandParams(profile({ dark: false })).params.shadow).toBe('soft');
    const mono = brandParams(
      profile({
        primary: '#000000',
        secondary: undefined,
        dark: false,
        sources: { primary: 'button', fonts: 'default', dark: 'default', neutral: true },
      }),
    );
    expect(mono.params).toMatchObject({ shadow: 'float' });
    expect(mono.params).not.toHaveProperty('badge_color');
    expect(mono.reason).toMatch(/graphite/);
  });

  const hex = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([r, g, b]) => `rgb(${r}, ${g}, ${b})`);
  const colors = fc.array(hex, { maxLength: 5 });

  it('always gives valid capture parameters and a #rrggbb primary, the same way twice', () => {
    fc.assert(
      fc.property(
        colors,
        colors,
        colors,
        fc.option(hex, { nil: undefined }),
        fc.boolean(),
        (props, buttons, accents, theme, dark) => {
          const signals = page({
            meta: { ...(theme ? { theme_color: theme } : {}), color_scheme: dark ? 'dark' : 'light' },
            colors: {
              custom_props: Object.fromEntries(props.map((c, i) => [`--brand-${i}`, c])),
              buttons,
              body_background: 'transparent',
            },
          });
          const brand = brandFrom(signals, { accents });
          expect(brand.primary).toMatch(/^#[0-9a-f]{6}$/);
          expect(brandFrom(signals, { accents })).toEqual(brand);
          expect(valid(brandParams(brand).params)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads the colour forms design systems store', () => {
    expect(colorOf('13, 110, 253')).toMatchObject({ r: 13, g: 110, b: 253 });
    expect(colorOf('222.2 47.4% 11.2%')).not.toBeNull();
    expect(colorOf('oklch(62.3% 0.214 259.815 / 0.5)')).toMatchObject({ a: 0.5 });
    expect(colorOf('var(--x)')).toBeNull();
  });
});
