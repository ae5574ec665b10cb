/**
 * @module compose/fonts
 * The fonts shipped in assets/fonts, registered with fontconfig (through sharp's `fontfile`) before
 * the first text is drawn, and the Pango font lists that name them with emoji and CJK fallbacks.
 */
import sharp from 'sharp';
import { assetPath } from '../assets.ts';

const DIR = `${assetPath('fonts')}/`;

const FILES = [
  'Inter-Light.otf',
  'Inter-Regular.otf',
  'Inter-Medium.otf',
  'Inter-SemiBold.otf',
  'Inter-Bold.otf',
  'Inter-ExtraBold.otf',
  'NotoSerif-Regular.ttf',
  'NotoSerif-Bold.ttf',
  'JetBrainsMono-Regular.ttf',
  'JetBrainsMono-Bold.ttf',
  'NotoColorEmoji.ttf',
  'DroidSansFallback.ttf',
  'NotoSansArabic-Regular.ttf',
  'NotoSansArabic-Bold.ttf',
  'NotoSansHebrew-Regular.ttf',
  'NotoSansHebrew-Bold.ttf',
  'NotoSansThai-Regular.ttf',
  'NotoSansThai-Bold.ttf',
  'NotoSansDevanagari-Regular.ttf',
  'NotoSansDevanagari-Bold.ttf',
];

const FALLBACKS =
  'Noto Color Emoji, Droid Sans Fallback, Noto Sans Arabic, Noto Sans Hebrew, Noto Sans Thai, Noto Sans Devanagari';

/** Pango family lists for the `*_font` values. */
export const FONT_FAMILIES = {
  sans: `Inter, ${FALLBACKS}`,
  serif: `Noto Serif, ${FALLBACKS}`,
  mono: `JetBrains Mono, ${FALLBACKS}`,
} as const;

export type FontName = keyof typeof FONT_FAMILIES;

/** The absolute paths of the shipped font files. */
export const fontFiles = (): string[] => FILES.map((file) => DIR + file);

let registered: Promise<void> | undefined;

/** Adds every shipped font file to fontconfig once per process. */
export function registerFonts(): Promise<void> {
  registered ??= (async () => {
    for (const file of FILES) {
      await sharp({ text: { text: '.', fontfile: DIR + file } })
        .raw()
        .toBuffer();
    }
  })();
  return registered;
}
