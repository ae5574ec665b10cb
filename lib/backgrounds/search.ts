/**
 * @module backgrounds/search
 * Finding backgrounds: the discovery filters (`pack`, `type`, `theme`, `q`) with paging, and the
 * close matches an unknown `background` reference is answered with.
 */
import { type CatalogueEntry, catalogue, type Theme } from './catalogue.ts';

export interface CatalogueQuery {
  pack?: string;
  type?: string;
  theme?: Theme;
  /** Words that must all start a word of the name, reference, type or tags (case-insensitive). */
  q?: string;
  limit: number;
  offset: number;
}

export function searchCatalogue(query: CatalogueQuery): { backgrounds: CatalogueEntry[]; total: number } {
  const words = (query.q ?? '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const matches = catalogue().entries.filter(
    (e) =>
      (!query.pack || e.pack === query.pack) &&
      (!query.type || e.type === query.type) &&
      (!query.theme || e.theme === query.theme) &&
      words.every((w) => haystack(e).some((h) => h.startsWith(w))),
  );
  return { backgrounds: matches.slice(query.offset, query.offset + query.limit), total: matches.length };
}

const haystacks = new WeakMap<CatalogueEntry, string[]>();
function haystack(e: CatalogueEntry): string[] {
  let words = haystacks.get(e);
  if (!words) {
    words = [e.ref, e.pack, e.slug, e.name.toLowerCase(), e.type, e.theme, ...e.tags].flatMap((s) => [
      s,
      ...s.split(/[^a-z0-9]+/),
    ]);
    haystacks.set(e, words);
  }
  return words;
}

/** Pack slugs, background types and themes that exist: what the filters accept. */
export function catalogueFacets() {
  const { entries, packs } = catalogue();
  return {
    packs: packs.map((p) => p.slug),
    types: [...new Set(entries.map((e) => e.type))],
    themes: ['light', 'dark'] as Theme[],
  };
}

/**
 * Up to `count` references close to `ref`: by edit distance on the whole reference and on its
 * slug alone (the right background in the wrong pack), then by shared words.
 */
export function closeMatches(ref: string, count = 3): string[] {
  const wanted = ref.toLowerCase();
  const [pack, slug = wanted] = wanted.includes('/') ? wanted.split('/') : ['', wanted];
  const scored = catalogue().entries.map((e) => {
    const distance = Math.min(editDistance(wanted, e.ref), editDistance(slug!, e.slug) + 1);
    const words = e.slug.split('-');
    const shared = slug!.split('-').filter((w) => w.length > 2 && words.includes(w)).length;
    const prefix = slug!.length > 2 && e.slug.startsWith(slug!) ? 3 : 0;
    return { ref: e.ref, score: distance - shared * 3 - prefix - (e.pack === pack ? 1 : 0) };
  });
  const limit = Math.max(3, Math.ceil(slug!.length / 2));
  return scored
    .filter((s) => s.score <= limit)
    .sort((a, b) => a.score - b.score || a.ref.localeCompare(b.ref))
    .slice(0, count)
    .map((s) => s.ref);
}

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
