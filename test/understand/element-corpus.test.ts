/**
 * `element` against the labelled corpus: every description of every page resolved from one
 * `collectCandidates` pass, counted right when the chosen element is the labelled one or covers
 * the same crop (IoU ≥ 0.9). Prints the misses; fails below 90 % top-1.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { type Candidate, collectCandidates } from '../../lib/understand/candidates.ts';
import { resolveDescription } from '../../lib/understand/element.ts';
import type { Box } from '../../lib/understand/types.ts';
import { loadCorpus, openCorpus } from './corpus.ts';

const corpus = openCorpus();

interface Outcome {
  page: string;
  text: string;
  expect: string;
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

/** The labelled element's box, and whether `selector` is that very element. */
async function judge(
  page: Page,
  expected: string,
  selector: string,
): Promise<{ box: Box | null; same: boolean }> {
  return page.evaluate(
    (want: string, got: string) => {
      const el = document.querySelector(want);
      if (!el) return { box: null, same: false };
      const r = el.getBoundingClientRect();
      const box = { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height };
      return { box, same: !!got && document.querySelector(got) === el };
    },
    expected,
    selector,
  );
}

describe('element descriptions over the labelled corpus', () => {
  it('resolves at least 90 % of the descriptions to the labelled element', { timeout: 300_000 }, async () => {
    const outcomes: Outcome[] = [];
    const costs: number[] = [];
    for (const entry of loadCorpus().pages) {
      await corpus.withPage(entry.file, async (page) => {
        const started = Date.now();
        const candidates: Candidate[] = await page.evaluate(collectCandidates, { max: 400 });
        costs.push(Date.now() - started);
        for (const d of entry.descriptions) {
          const { best } = resolveDescription(d.text, candidates);
          const { box, same } = await judge(page, d.expect, best?.selector ?? '');
          expect(box, `${entry.file}: label "${d.expect}" matches nothing`).not.toBeNull();
          outcomes.push({
            page: entry.file,
            text: d.text,
            expect: d.expect,
            got: best?.selector ?? '(none)',
            score: best?.score ?? 0,
            iou: same ? 1 : best && box ? iou(best.box, box) : 0,
          });
        }
      });
    }
    const misses = outcomes.filter((o) => o.iou < 0.9);
    const accuracy = (outcomes.length - misses.length) / outcomes.length;
    console.log(
      `element corpus: ${outcomes.length - misses.length}/${outcomes.length} top-1 (${(accuracy * 100).toFixed(1)} %), collectCandidates round trip ${Math.max(...costs)} ms at most`,
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
