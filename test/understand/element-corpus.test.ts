/**
 * `element` against the labelled corpus: every description of every page resolved from one
 * `collectCandidates` pass, counted right when the chosen element is the labelled one (or one of
 * the crops its `accept` list allows: a titled section or the bare grid inside it) or covers the
 * same crop (IoU ≥ 0.9). Prints the misses; fails below 90 % top-1. Descriptions of things a page
 * does not have must come out not confident.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { type Candidate, collectCandidates } from '../../lib/understand/candidates.ts';
import { ELEMENT_THRESHOLD, resolveDescription } from '../../lib/understand/element.ts';
import type { Box } from '../../lib/understand/types.ts';
import { type CorpusDescription, loadCorpus, openCorpus } from './corpus.ts';

/** A label with other crops a person would equally accept (`accept`: selectors). */
type Labelled = CorpusDescription & { accept?: string[] };

const corpus = openCorpus();

/** Things these pages do not have: the best match must not be confident. */
const ABSENT: Record<string, string[]> = {
  'corpus/acme-pricing.html': ['the weather widget', 'the photo gallery'],
  'corpus/ledgerly-login.html': ['the video player', 'the pricing table'],
  'corpus/pulse-dashboard.html': ['the recipe ingredients'],
  'corpus/tidewire-article.html': ['the flight booking widget'],
  'corpus/mara-photography-portfolio.html': ['the API reference table'],
  'corpus/vault-login.html': ['the product gallery'],
  'corpus/kumo-landing-ja.html': ['the weather forecast'],
  'corpus/youxuan-product-zh.html': ['the music player'],
  'corpus/haneul-docs-ko.html': ['the shopping cart'],
  'corpus/nebula-checkout.html': ['the team photos'],
  'corpus/bytes-blog-article.html': ['the checkout progress steps'],
  'corpus/alyaum-article-ar.html': ['the pricing plans'],
};

interface Outcome {
  page: string;
  text: string;
  expect: string;
  /** Uses an `accept` crop besides `expect`. */
  accepts: boolean;
  got: string;
  score: number;
  iou: number;
}

function iou(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  const inter = Math.max(0, w) * Math.max(0, h);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/** The boxes of the labelled elements, and whether `selector` is one of those very elements. */
async function judge(
  page: Page,
  wanted: string[],
  selector: string,
): Promise<{ boxes: (Box | null)[]; same: boolean }> {
  return page.evaluate(
    (wants: string[], got: string) => {
      const chosen = got ? document.querySelector(got) : null;
      let same = false;
      const boxes = wants.map((want) => {
        const el = document.querySelector(want);
        if (!el) return null;
        if (el === chosen) same = true;
        const r = el.getBoundingClientRect();
        return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height };
      });
      return { boxes, same };
    },
    wanted,
    selector,
  );
}

describe('element descriptions over the labelled corpus', () => {
  it('resolves at least 90 % of the descriptions to the labelled element', { timeout: 300_000 }, async () => {
    const outcomes: Outcome[] = [];
    const absent: { page: string; text: string; score: number; confident: boolean }[] = [];
    const costs: number[] = [];
    for (const entry of loadCorpus().pages) {
      await corpus.withPage(entry.file, async (page) => {
        const started = Date.now();
        const candidates: Candidate[] = await page.evaluate(collectCandidates, { max: 400 });
        costs.push(Date.now() - started);
        for (const d of entry.descriptions as Labelled[]) {
          const { best } = resolveDescription(d.text, candidates);
          const wanted = [d.expect, ...(d.accept ?? [])];
          const { boxes, same } = await judge(page, wanted, best?.selector ?? '');
          boxes.forEach((box, i) => {
            expect(box, `${entry.file}: label "${wanted[i]}" matches nothing`).not.toBeNull();
          });
          outcomes.push({
            page: entry.file,
            text: d.text,
            expect: d.expect,
            accepts: wanted.length > 1,
            got: best?.selector ?? '(none)',
            score: best?.score ?? 0,
            iou: same ? 1 : best ? Math.max(0, ...boxes.map((b) => (b ? iou(best.box, b) : 0))) : 0,
          });
        }
        for (const text of ABSENT[entry.file] ?? []) {
          const r = resolveDescription(text, candidates);
          absent.push({ page: entry.file, text, score: r.best?.score ?? 0, confident: r.confident });
        }
      });
    }
    const misses = outcomes.filter((o) => o.iou < 0.9);
    const accuracy = (outcomes.length - misses.length) / outcomes.length;
    console.log(
      `element corpus: ${outcomes.length - misses.length}/${outcomes.length} top-1 (${(accuracy * 100).toFixed(1)} %), ${outcomes.filter((o) => o.accepts).length} descriptions with an \`accept\` crop, collectCandidates round trip ${Math.max(...costs)} ms at most`,
    );
    const confident = absent.filter((a) => a.confident);
    console.log(
      `element corpus: ${absent.length - confident.length}/${absent.length} absent things not confident (highest score ${Math.max(...absent.map((a) => a.score)).toFixed(3)}, threshold ${ELEMENT_THRESHOLD})`,
    );
    if (misses.length) {
      console.table(
        misses.map((m) => ({
          page: m.page,
          description: m.text,
          expected: m.expect,
          got: m.got,
          score: m.score,
          iou: Number(m.iou.toFixed(2)),
        })),
      );
    }
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    expect(confident, 'absent things resolved confidently').toEqual([]);
  });

  it('collects candidates of a long page (3,000 elements) in well under 100 ms', async () => {
    const section = (i: number) =>
      `<section class="block-${i}"><h2>Section ${i}</h2><div class="grid">${Array.from(
        { length: 8 },
        (_, j) =>
          `<div class="card"><h3>Card ${j}</h3><p>Text of card ${j} with a <a href="#">link</a>.</p></div>`,
      ).join('')}</div></section>`;
    const html = `<!doctype html><body>${Array.from({ length: 90 }, (_, i) => section(i)).join('')}</body>`;
    const { elements, ms, count } = await corpus.withPage('corpus/nimbus-landing.html', async (page) => {
      await page.setContent(html);
      // The same function as `page.evaluate(collectCandidates)`, timed inside the page.
      return page.evaluate(`(() => {
        const collect = ${collectCandidates.toString()};
        collect({ max: 400 });
        const runs = [];
        let count = 0;
        for (let i = 0; i < 3; i++) {
          const t = performance.now();
          count = collect({ max: 400 }).length;
          runs.push(performance.now() - t);
        }
        return { elements: document.getElementsByTagName('*').length, ms: Math.min(...runs), count };
      })()`) as Promise<{ elements: number; ms: number; count: number }>;
    });
    console.log(
      `collectCandidates: ${elements} elements, ${count} candidates, ${ms.toFixed(1)} ms in the page`,
    );
    expect(elements).toBeGreaterThanOrEqual(3000);
    expect(count).toBe(400);
    expect(ms).toBeLessThan(100);
  });
});
