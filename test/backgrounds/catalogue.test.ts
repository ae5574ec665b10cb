/**
 * The backgrounds catalogue (pure, no emulators): its shape, and finding backgrounds in it —
 * the discovery filters and the close matches an unknown reference is answered with.
 */
import { describe, expect, it } from 'vitest';
import { catalogue, findBackground, GENERATOR_VERSION } from '../../lib/backgrounds/catalogue.ts';
import {
  catalogueFacets,
  closeMatches,
  editDistance,
  searchCatalogue,
} from '../../lib/backgrounds/search.ts';

const { entries, packs } = catalogue();
const HEX = /^#[0-9a-f]{6}$/i;

describe('catalogue', () => {
  it('has at least 6 packs of at least 12 backgrounds each', () => {
    expect(packs.length).toBeGreaterThanOrEqual(6);
    for (const pack of packs) {
      expect(entries.filter((e) => e.pack === pack.slug).length, pack.slug).toBeGreaterThanOrEqual(12);
    }
  });

  it('has unique references of the form pack/slug, made of the pack and the slug', () => {
    const refs = entries.map((e) => e.ref);
    expect(new Set(refs).size).toBe(refs.length);
    for (const e of entries) {
      expect(e.ref).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+$/);
      expect(e.ref).toBe(`${e.pack}/${e.slug}`);
      expect(findBackground(e.ref)).toBe(e);
    }
    expect(findBackground('mesh/nope')).toBeUndefined();
    expect(findBackground('Mesh/Peach-Fuzz')).toBeUndefined();
  });

  it('describes every background: name, tags, theme, dominant colours, palette, version', () => {
    for (const e of entries) {
      expect(e.name.trim().length, e.ref).toBeGreaterThan(0);
      expect(e.tags.length, e.ref).toBeGreaterThanOrEqual(1);
      expect(['light', 'dark'], e.ref).toContain(e.theme);
      // The measured theme is one of the tags, so `q=dark` finds it.
      expect(e.tags, e.ref).toContain(e.theme);
      expect(e.colors.length, e.ref).toBeGreaterThanOrEqual(1);
      for (const c of e.colors) expect(c, e.ref).toMatch(HEX);
      expect(e.palette.length, e.ref).toBeGreaterThanOrEqual(1);
      for (const c of e.palette) expect(c, e.ref).toMatch(HEX);
      expect(e.version, e.ref).toMatch(/^[A-Za-z0-9_-]{8,}$/);
      expect(Number.isInteger(e.seed), e.ref).toBe(true);
      expect(typeof e.params, e.ref).toBe('object');
    }
    expect(GENERATOR_VERSION).toBeGreaterThanOrEqual(1);
  });

  it('has a theme per pack that makes sense: studio is all dark, the others mix', () => {
    const studio = entries.filter((e) => e.pack === 'studio');
    expect(studio.length).toBeGreaterThanOrEqual(12);
    for (const e of studio) expect(e.theme, e.ref).toBe('dark');
    expect(entries.some((e) => e.theme === 'light')).toBe(true);
    expect(entries.some((e) => e.theme === 'dark')).toBe(true);
  });

  it('has pack metadata that matches its entries', () => {
    expect(new Set(packs.map((p) => p.slug)).size).toBe(packs.length);
    for (const pack of packs) {
      const mine = entries.filter((e) => e.pack === pack.slug);
      expect(pack.count, pack.slug).toBe(mine.length);
      expect(new Set(pack.types), pack.slug).toEqual(new Set(mine.map((e) => e.type)));
      expect(new Set(pack.themes), pack.slug).toEqual(new Set(mine.map((e) => e.theme)));
      expect(pack.name.length, pack.slug).toBeGreaterThan(0);
      expect(pack.description.length, pack.slug).toBeGreaterThan(0);
      expect(pack.tags.length, pack.slug).toBeGreaterThan(0);
    }
    expect(packs.reduce((n, p) => n + p.count, 0)).toBe(entries.length);
    const patterns = packs.find((p) => p.slug === 'patterns');
    expect(new Set(patterns?.types)).toEqual(new Set(['dots', 'grid', 'waves', 'topographic']));
  });

  it('gives every background its own version, stable across lookups', () => {
    const versions = entries.map((e) => e.version);
    expect(new Set(versions).size).toBe(versions.length);
    expect(catalogue()).toBe(catalogue());
    expect(findBackground('mesh/peach-fuzz')?.version).toBe(
      entries.find((e) => e.ref === 'mesh/peach-fuzz')?.version,
    );
  });
});

describe('searchCatalogue', () => {
  const all = { limit: 1000, offset: 0 };

  it('returns everything without filters', () => {
    const { backgrounds, total } = searchCatalogue(all);
    expect(total).toBe(entries.length);
    expect(backgrounds).toEqual(entries);
  });

  it('filters by pack, type and theme, and combines them', () => {
    const studio = searchCatalogue({ ...all, pack: 'studio' });
    expect(studio.total).toBe(12);
    expect(studio.backgrounds.every((e) => e.pack === 'studio')).toBe(true);

    const dots = searchCatalogue({ ...all, type: 'dots' });
    expect(dots.total).toBeGreaterThan(0);
    expect(dots.backgrounds.every((e) => e.type === 'dots')).toBe(true);
    expect(dots.total).toBe(entries.filter((e) => e.type === 'dots').length);

    for (const theme of ['light', 'dark'] as const) {
      const r = searchCatalogue({ ...all, theme });
      expect(r.total).toBe(entries.filter((e) => e.theme === theme).length);
      expect(r.backgrounds.every((e) => e.theme === theme)).toBe(true);
    }

    const lightMesh = searchCatalogue({ ...all, pack: 'mesh', theme: 'light' });
    expect(lightMesh.total).toBe(entries.filter((e) => e.pack === 'mesh' && e.theme === 'light').length);
    expect(lightMesh.total).toBeGreaterThan(0);
    expect(searchCatalogue({ ...all, pack: 'studio', theme: 'light' }).total).toBe(0);
    expect(searchCatalogue({ ...all, pack: 'no-such-pack' }).total).toBe(0);
  });

  it('requires every q word (AND), matching word starts case-insensitively', () => {
    const peach = searchCatalogue({ ...all, q: 'Peach' });
    expect(peach.backgrounds.map((e) => e.ref)).toEqual(
      expect.arrayContaining(['mesh/peach-fuzz', 'patterns/halftone-peach']),
    );
    const peachMesh = searchCatalogue({ ...all, q: 'peach mesh' });
    expect(peachMesh.backgrounds.map((e) => e.ref)).toEqual(['mesh/peach-fuzz']);
    // A word that starts no word matches nothing, even next to one that matches.
    expect(searchCatalogue({ ...all, q: 'peach zzzz' }).total).toBe(0);
    // Prefixes match: "borea" finds borealis.
    expect(searchCatalogue({ ...all, q: 'borea' }).backgrounds.map((e) => e.ref)).toContain(
      'aurora/borealis',
    );
    // Punctuation splits words, like a space.
    expect(searchCatalogue({ ...all, q: 'peach,mesh' }).backgrounds.map((e) => e.ref)).toEqual([
      'mesh/peach-fuzz',
    ]);
    // Tags are searched: every studio background is tagged studio.
    const dark = searchCatalogue({ ...all, q: 'dark studio' });
    expect(dark.total).toBe(12);
    // Every result really has every word.
    for (const e of searchCatalogue({ ...all, q: 'warm pastel' }).backgrounds) {
      expect(e.tags).toEqual(expect.arrayContaining(['warm', 'pastel']));
    }
  });

  it('pages with offset and limit, reporting the total of all matches', () => {
    const full = searchCatalogue(all).backgrounds;
    const page1 = searchCatalogue({ limit: 10, offset: 0 });
    const page2 = searchCatalogue({ limit: 10, offset: 10 });
    expect(page1.total).toBe(entries.length);
    expect(page2.total).toBe(entries.length);
    expect(page1.backgrounds).toEqual(full.slice(0, 10));
    expect(page2.backgrounds).toEqual(full.slice(10, 20));
    const last = searchCatalogue({ limit: 10, offset: entries.length - 3 });
    expect(last.backgrounds).toEqual(full.slice(-3));
    expect(searchCatalogue({ limit: 10, offset: entries.length + 5 }).backgrounds).toEqual([]);
    const filtered = searchCatalogue({ pack: 'studio', limit: 5, offset: 10 });
    expect(filtered.total).toBe(12);
    expect(filtered.backgrounds.map((e) => e.ref)).toEqual(
      entries
        .filter((e) => e.pack === 'studio')
        .slice(10)
        .map((e) => e.ref),
    );
  });

  it('lists the facets the filters accept', () => {
    const facets = catalogueFacets();
    expect(facets.packs).toEqual(packs.map((p) => p.slug));
    expect(new Set(facets.types)).toEqual(new Set(entries.map((e) => e.type)));
    expect(facets.themes).toEqual(['light', 'dark']);
  });
});

describe('closeMatches', () => {
  it('finds the background a truncated or mistyped reference meant', () => {
    expect(closeMatches('mesh/peach')).toContain('mesh/peach-fuzz');
    expect(closeMatches('mesh/peach-fuz')[0]).toBe('mesh/peach-fuzz');
    expect(closeMatches('studio/charcoll')[0]).toBe('studio/charcoal');
  });

  it('finds the right background in the wrong pack', () => {
    expect(closeMatches('grain/borealis')).toContain('aurora/borealis');
    expect(closeMatches('mesh/noir')).toContain('studio/noir');
  });

  it('finds nothing for a reference like no other, and at most `count` otherwise', () => {
    expect(closeMatches('zzzz/qqqq')).toEqual([]);
    expect(closeMatches('mesh/peach').length).toBeLessThanOrEqual(3);
    expect(closeMatches('mesh/a', 1).length).toBeLessThanOrEqual(1);
    for (const ref of closeMatches('glass/prisms', 5)) expect(findBackground(ref)).toBeDefined();
  });
});

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['same', 'same', 0],
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['mesh/peach', 'mesh/peach-fuzz', 5],
    ['ab', 'ba', 2],
  ])('%j → %j is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});
