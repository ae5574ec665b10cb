/**
 * @module captures/merge
 * Capture parameters from several layers, merged before validation so that the schema's system
 * defaults only fill what no layer set (§7): request > project defaults > brand > system.
 */
import type { Brand } from '../store/projects.ts';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Later layers win; nested objects (`output`, `viewport`) merge key by key; arrays are replaced. */
export function mergeLayers(...layers: unknown[]): unknown {
  const objects = layers.filter(isPlainObject);
  // A request body that is not an object is left for the schema to reject.
  if (!isPlainObject(layers.at(-1))) return layers.at(-1);
  const out: Record<string, unknown> = {};
  for (const layer of objects) {
    for (const [k, val] of Object.entries(layer)) {
      if (val === undefined || k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
      out[k] = isPlainObject(val) && isPlainObject(out[k]) ? mergeLayers(out[k], val) : val;
    }
  }
  return out;
}

/** The shipped family closest to a brand font name ("Inter, sans-serif" → sans). */
function genericFont(name: string): 'sans' | 'serif' | 'mono' {
  if (/sans/i.test(name)) return 'sans';
  if (/mono|code|courier|consol/i.test(name)) return 'mono';
  if (/serif|georgia|times|garamond|merriweather|playfair|lora/i.test(name)) return 'serif';
  return 'sans';
}

/** What a brand contributes to a capture's look (weaker than the project's own defaults). */
export function brandParams(brand: Brand | undefined): Record<string, unknown> {
  if (!brand) return {};
  const font = brand.font ? genericFont(brand.font) : undefined;
  return {
    ...(brand.dark_mode !== undefined ? { dark_mode: brand.dark_mode } : {}),
    ...(font ? { title_font: font, subtitle_font: font } : {}),
    ...(brand.colors?.primary ? { badge_color: brand.colors.primary } : {}),
  };
}
