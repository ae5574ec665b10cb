/**
 * @module understand/style
 * `ai_style`: background, shadow, padding, corners and frame for a page of a known type and tone.
 *
 * Background. Each page type has a short list of presets per tone, the first its default: calm
 * presets (arctic, midnight) where the page is read (docs, articles, checkout), lit ones (aurora,
 * dusk, sunset, ember) where it is shown off (landing, portfolio, product, login). When the page
 * has a clear accent colour, the preset of the list whose own hue is nearest to it wins, so the
 * canvas harmonises with the page instead of fighting it. A colourful landing, portfolio or
 * product page gets a gradient lit by its own accents instead; `ai_brand` (a brand profile) takes
 * over the background entirely, with the same gradient builder (`brandGradient`).
 *
 * Shadow. A dark page on a dark canvas would lose its edge under a black shadow: it glows (softer,
 * 0.5 opacity, on the reading types). A light page on a light canvas sits on a soft shadow; on a
 * dark canvas, showcase types float, the others keep the soft shadow. `hard` is never chosen: it
 * is a deliberate graphic style, for a prompt to ask for.
 *
 * Frame. The shot was taken at 1440×900 @2 and cannot be retaken, so the only frame that fits it
 * pixel for pixel is `browser-macos` (1440×900 @2, window chrome added above): app-like pages —
 * landing, pricing, docs, dashboard, product, checkout, login — read as "a web product" in a
 * window. Articles and portfolios are content, not software: they go bare, with rounded corners,
 * so the words or the work fill the frame. A frame the request already has is never replaced.
 */
import {
  type BrandProfile,
  brandGradient,
  brandParams,
  brandShadow,
  colorOf,
  hueGap,
  isBrandish,
  toHsl,
} from './brand.ts';
import type { PageType } from './classify.ts';

export type PresetName = 'aurora' | 'sunset' | 'ocean' | 'midnight' | 'arctic' | 'dusk' | 'forest' | 'ember';
type Shadow = 'none' | 'soft' | 'hard' | 'glow' | 'float';

/** Each preset's lightness and the hue its light sources give it (lib/compose/backgrounds.ts). */
const PRESETS: Record<PresetName, { dark: boolean; hue: number }> = {
  aurora: { dark: true, hue: 250 },
  sunset: { dark: true, hue: 15 },
  ocean: { dark: true, hue: 200 },
  midnight: { dark: true, hue: 235 },
  arctic: { dark: false, hue: 210 },
  dusk: { dark: true, hue: 285 },
  forest: { dark: true, hue: 145 },
  ember: { dark: true, hue: 22 },
};

interface TypeStyle {
  /** Presets for a dark and a light page, default first. */
  dark: PresetName[];
  light: PresetName[];
  /** A showcase (floats on dark canvases, glows fully, takes its own accents as background). */
  showcase: boolean;
  /** Canvas px around the subject (the default canvas is 2400×1600 for a 1440×900 shot). */
  padding: number;
  /** Corners of a bare screenshot, canvas px (a frame has its own). */
  corner: number;
  /** Framed in a browser window when the request has no device. */
  browser: boolean;
}

export const TYPE_STYLES: Record<PageType, TypeStyle> = {
  landing: {
    dark: ['aurora', 'dusk', 'ocean'],
    light: ['aurora', 'dusk', 'sunset'],
    showcase: true,
    padding: 128,
    corner: 20,
    browser: true,
  },
  pricing: {
    dark: ['midnight', 'dusk'],
    light: ['ocean', 'arctic', 'dusk'],
    showcase: false,
    padding: 120,
    corner: 16,
    browser: true,
  },
  docs: {
    dark: ['midnight', 'forest'],
    light: ['arctic', 'ocean'],
    showcase: false,
    padding: 104,
    corner: 12,
    browser: true,
  },
  dashboard: {
    dark: ['aurora', 'midnight', 'ocean'],
    light: ['midnight', 'ocean', 'aurora'],
    showcase: false,
    padding: 96,
    corner: 16,
    browser: true,
  },
  article: {
    dark: ['midnight', 'forest'],
    light: ['arctic', 'forest'],
    showcase: false,
    padding: 160,
    corner: 14,
    browser: false,
  },
  product: {
    dark: ['ember', 'dusk', 'ocean'],
    light: ['sunset', 'arctic', 'ocean'],
    showcase: true,
    padding: 128,
    corner: 16,
    browser: true,
  },
  checkout: {
    dark: ['midnight', 'ocean'],
    light: ['arctic', 'ocean'],
    showcase: false,
    padding: 144,
    corner: 14,
    browser: true,
  },
  login: {
    dark: ['aurora', 'dusk'],
    light: ['ocean', 'aurora', 'dusk'],
    showcase: true,
    padding: 176,
    corner: 20,
    browser: true,
  },
  portfolio: {
    dark: ['dusk', 'ember', 'forest'],
    light: ['sunset', 'dusk', 'arctic'],
    showcase: true,
    padding: 160,
    corner: 24,
    browser: false,
  },
};

export interface StyleInput {
  pageType: PageType;
  tone: { dark: boolean; colorful: boolean };
  /** The screenshot's accent colours, most common first (hex). */
  accents: string[];
  brand?: BrandProfile;
  /** The request already has a device frame: keep it. */
  hasDevice: boolean;
  /** Why the page type and tone were chosen (the classifier's words). */
  reason: string;
}

export interface StyleDecision {
  params: {
    background_style: 'gradient';
    background_preset: PresetName | 'custom';
    background_gradient?: string;
    shadow: Shadow;
    shadow_color?: string;
    shadow_opacity?: number;
    padding?: number;
    corner_radius?: number;
    device?: 'browser-macos';
    device_color?: 'light' | 'dark';
  };
  decision: {
    page_type: PageType;
    tone: 'dark' | 'light';
    background_preset?: PresetName;
    /** A custom gradient, described. */
    background?: string;
    shadow: Shadow;
    device?: 'browser-macos';
    reason: string;
  };
}

/** The first accent that is a real colour (not a grey, not near black or white). */
function mainAccent(accents: string[]): string | undefined {
  return accents.find((a) => {
    const c = colorOf(a);
    return c !== null && isBrandish(c);
  });
}

/** The type's preset for this tone, nudged to the one whose hue sits nearest the page's accent. */
function pickPreset(style: TypeStyle, dark: boolean, accent: string | undefined): PresetName {
  const list = dark ? style.dark : style.light;
  if (!accent) return list[0]!;
  const hue = toHsl(colorOf(accent)!).h;
  // Each step down the list costs as much as 40° of hue: a clear match is needed to leave the default.
  const cost = (p: PresetName, i: number) => hueGap(PRESETS[p].hue, hue) / 40 + i;
  return list.reduce((a, p, i) => (cost(p, i) < cost(a, list.indexOf(a)) ? p : a), list[0]!);
}

/** Background, shadow, spacing and frame for a page (see the module comment for the mapping). */
export function styleFor(input: StyleInput): StyleDecision {
  const style = TYPE_STYLES[input.pageType];
  const dark = input.tone.dark;
  const tone = dark ? 'dark' : 'light';
  const accent = mainAccent(input.accents);
  const why: string[] = [input.reason];
  let background: Pick<StyleDecision['params'], 'background_preset' | 'background_gradient'>;
  let shadow: Pick<StyleDecision['params'], 'shadow' | 'shadow_color' | 'shadow_opacity'>;
  let described: Pick<StyleDecision['decision'], 'background_preset' | 'background'>;
  if (input.brand) {
    const brand = brandParams(input.brand).params;
    background = { background_preset: 'custom', background_gradient: brand.background_gradient as string };
    shadow = { shadow: brand.shadow as Shadow, shadow_color: brand.shadow_color as string };
    described = {
      background: `brand gradient (${input.brand.primary}${input.brand.secondary ? `, ${input.brand.secondary}` : ''})`,
    };
    why.push(
      `background lit in the brand's colours over a ${tone} base, ${shadow.shadow} shadow in its tint`,
    );
  } else if (style.showcase && input.tone.colorful && accent) {
    const colors = input.accents.filter((a) => {
      const c = colorOf(a);
      return c !== null && isBrandish(c);
    });
    background = {
      background_preset: 'custom',
      background_gradient: brandGradient(colors.slice(0, 2), true),
    };
    shadow = brandShadow(accent, true);
    described = { background: `gradient from the page's accents (${colors.slice(0, 2).join(', ')})` };
    why.push(
      `a colourful ${input.pageType} page: a dark canvas lit by its own accents, glowing in ${accent}`,
    );
  } else {
    const preset = pickPreset(style, dark, accent);
    const canvasDark = PRESETS[preset].dark;
    background = { background_preset: preset };
    described = { background_preset: preset };
    shadow = dark
      ? { shadow: 'glow', ...(style.showcase ? {} : { shadow_opacity: 0.5 }) }
      : { shadow: canvasDark && style.showcase ? 'float' : 'soft' };
    const nudged =
      preset !== (dark ? style.dark : style.light)[0] ? `, its hue nearest the page's ${accent}` : '';
    why.push(`${preset} behind a ${tone} ${input.pageType} page${nudged}`);
    why.push(
      dark
        ? `glow: a dark page on a dark canvas needs a lit edge${style.showcase ? '' : ' (half strength, calm)'}`
        : `${shadow.shadow}: ${shadow.shadow === 'float' ? 'lifts a showcase off a dark canvas' : 'a quiet shadow for a page that is read'}`,
    );
  }
  const frame = !input.hasDevice && style.browser;
  if (frame) why.push(`in a ${tone} browser window (the 1440×900 @2 shot fits browser-macos exactly)`);
  else if (!input.hasDevice)
    why.push(`no frame: ${input.pageType} content reads best bare, with rounded corners`);
  else why.push("the request's device frame kept");
  const params: StyleDecision['params'] = {
    background_style: 'gradient',
    ...background,
    ...shadow,
    padding: style.padding,
    ...(!input.hasDevice && !frame ? { corner_radius: style.corner } : {}),
    ...(frame ? { device: 'browser-macos', device_color: dark ? 'dark' : 'light' } : {}),
  } as StyleDecision['params'];
  return {
    params,
    decision: {
      page_type: input.pageType,
      tone,
      ...described,
      shadow: shadow.shadow,
      ...(frame ? { device: 'browser-macos' as const } : {}),
      reason: why.filter(Boolean).join('; '),
    },
  };
}
