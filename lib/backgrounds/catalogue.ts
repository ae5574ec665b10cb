/**
 * @module backgrounds/catalogue
 * The catalogue built from the pack designs: each background's reference (`pack/slug`), seed,
 * generator parameters (designed from the seed), theme and dominant colours (measured on a small
 * rendering, when first asked for), and a version that changes whenever what it draws changes —
 * the thumbnail's ETag. Built once, on first use.
 */
import { createHash } from 'node:crypto';
import { hexLab, type Lab, labHex, labLch, rgbLab } from './color.ts';
import { GENERATORS } from './generators/index.ts';
import { type BackgroundType, PACK_DESIGNS } from './packs.ts';
import { sizeOf } from './paint.ts';
import { hashString, prng } from './random.ts';

/**
 * Bump when a generator draws differently for the same parameters: every version, and so every
 * thumbnail ETag and cached rendering key, changes with it.
 */
export const GENERATOR_VERSION = 1;

export type Theme = 'light' | 'dark';

export interface CatalogueEntry {
  /** `pack/slug`: what `background` takes. */
  ref: string;
  pack: string;
  slug: string;
  name: string;
  type: BackgroundType;
  readonly theme: Theme;
  readonly tags: string[];
  /** Dominant colours, most area first. */
  readonly colors: string[];
  palette: string[];
  seed: number;
  params: object;
  /** Short hash of everything that shapes the pixels. */
  version: string;
}

export interface Pack {
  slug: string;
  name: string;
  description: string;
  types: BackgroundType[];
  themes: Theme[];
  tags: string[];
  count: number;
}

interface Catalogue {
  entries: CatalogueEntry[];
  byRef: Map<string, CatalogueEntry>;
  readonly packs: Pack[];
}

let built: Catalogue | undefined;

export function catalogue(): Catalogue {
  built ??= build();
  return built;
}

export const findBackground = (ref: string): CatalogueEntry | undefined => catalogue().byRef.get(ref);

function build(): Catalogue {
  const entries = PACK_DESIGNS.flatMap((pack) =>
    pack.backgrounds.map((design): CatalogueEntry => {
      const ref = `${pack.slug}/${design.slug}`;
      const type = design.type ?? pack.type;
      const seed = hashString(ref);
      const params = GENERATORS[type].design(prng(seed), design.palette);
      const version = createHash('sha256')
        .update(JSON.stringify([GENERATOR_VERSION, type, params, design.palette, seed]))
        .digest('base64url')
        .slice(0, 12);
      // Theme and colours are measured on a drawing: only when first asked for, so finding a
      // background by reference (every capture that names one) never pays for the others.
      let measured: { theme: Theme; colors: string[]; tags: string[] } | undefined;
      const measuredOnce = () => {
        if (!measured) {
          const { theme, colors } = measure(type, params, design.palette, seed);
          const tags = [...new Set([...pack.tags, ...design.tags, ...colorWords(design.palette), theme])];
          measured = { theme, colors, tags };
        }
        return measured;
      };
      return {
        ref,
        pack: pack.slug,
        slug: design.slug,
        name: design.name,
        type,
        get theme() {
          return measuredOnce().theme;
        },
        get tags() {
          return measuredOnce().tags;
        },
        get colors() {
          return measuredOnce().colors;
        },
        palette: design.palette,
        seed,
        params,
        version,
      };
    }),
  );
  let packs: Pack[] | undefined;
  return {
    entries,
    byRef: new Map(entries.map((e) => [e.ref, e])),
    get packs() {
      packs ??= PACK_DESIGNS.map((p) => {
        const mine = entries.filter((e) => e.pack === p.slug);
        return {
          slug: p.slug,
          name: p.name,
          description: p.description,
          types: [...new Set(mine.map((e) => e.type))],
          themes: [...new Set(mine.map((e) => e.theme))],
          tags: p.tags,
          count: mine.length,
        };
      });
      return packs;
    },
  };
}

/** Side of the rendering theme and colours are measured on. */
const PROBE = { width: 60, height: 40 };

/**
 * Theme and dominant colours from a small rendering: each pixel joins the nearest palette colour
 * (Oklab), and each group's mean colour is reported if it covers at least 8 % of the picture.
 */
function measure(type: BackgroundType, params: object, palette: string[], seed: number) {
  const px = GENERATORS[type].draw({ params, palette, size: sizeOf(PROBE.width, PROBE.height), seed });
  const anchors = palette.map(hexLab);
  const sums = anchors.map(() => ({ n: 0, lab: [0, 0, 0] as Lab }));
  let light = 0;
  const count = PROBE.width * PROBE.height;
  for (let i = 0; i < count; i++) {
    const lab = rgbLab([px[i * 4]! / 255, px[i * 4 + 1]! / 255, px[i * 4 + 2]! / 255]);
    light += lab[0];
    let best = 0;
    let bestD = Number.POSITIVE_INFINITY;
    anchors.forEach((a, k) => {
      const d = (a[0] - lab[0]) ** 2 + (a[1] - lab[1]) ** 2 + (a[2] - lab[2]) ** 2;
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    });
    const s = sums[best]!;
    s.n++;
    for (let c = 0; c < 3; c++) s.lab[c]! += lab[c]!;
  }
  const colors = sums
    .filter((s) => s.n >= count * 0.08)
    .sort((a, b) => b.n - a.n)
    .map((s) => labHex([s.lab[0] / s.n, s.lab[1] / s.n, s.lab[2] / s.n]));
  return { theme: (light / count < 0.6 ? 'dark' : 'light') as Theme, colors };
}

/** Hue names for search (`q=blue`): the palette's chromatic colours, or `neutral`. */
function colorWords(palette: string[]): string[] {
  const words = new Set<string>();
  for (const hex of palette) {
    const [, C, h] = labLch(hexLab(hex));
    if (C < 0.04) continue;
    words.add(hueName(h));
  }
  return words.size ? [...words] : ['neutral'];
}

const HUES: [number, string][] = [
  [20, 'pink'],
  [45, 'red'],
  [75, 'orange'],
  [110, 'yellow'],
  [165, 'green'],
  [205, 'teal'],
  [265, 'blue'],
  [320, 'purple'],
  [360, 'pink'],
];
const hueName = (h: number) => HUES.find(([limit]) => h < limit)![1];
