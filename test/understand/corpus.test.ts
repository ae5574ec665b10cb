import { describe, expect, it } from 'vitest';
import { loadCorpus, openCorpus, PAGE_TYPES } from './corpus.ts';

const { pages } = loadCorpus();
const corpus = openCorpus();

interface Match {
  count: number;
  visible: boolean;
}

describe('the page understanding corpus', () => {
  it('labels every page with a known type, a tone and three or more descriptions', () => {
    for (const p of pages) {
      expect(PAGE_TYPES, p.file).toContain(p.page_type);
      expect(['light', 'dark'], p.file).toContain(p.tone);
      expect(typeof p.colorful, p.file).toBe('boolean');
      expect(p.descriptions.length, p.file).toBeGreaterThanOrEqual(3);
    }
  });

  it.each(pages.map((p) => [p.file, p] as const))(
    'every expected selector of %s matches exactly one visible element',
    async (_file, p) => {
      const found = await corpus.withPage(p.file, (page) =>
        page.evaluate(
          (selectors: string[]) =>
            selectors.map((selector): Match => {
              const all = document.querySelectorAll(selector);
              const el = all[0];
              if (!el) return { count: 0, visible: false };
              const box = el.getBoundingClientRect();
              const style = getComputedStyle(el);
              const visible =
                box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
              return { count: all.length, visible };
            }),
          p.descriptions.map((d) => d.expect),
        ),
      );
      p.descriptions.forEach((d, i) => {
        expect(found[i], `${d.text} → ${d.expect}`).toEqual({ count: 1, visible: true });
      });
    },
  );
});
