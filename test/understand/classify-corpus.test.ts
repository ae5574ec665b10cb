/**
 * Page type and tone over the labelled corpus: each page opened at 1440×900 the way a capture
 * opens it, its signals collected in the page, its viewport screenshot reduced to colour
 * statistics, then classified. Prints the accuracy and a table of misses; fails below 90 % on
 * page type or on dark/light.
 */
import { describe, expect, it } from 'vitest';
import { type Classification, classifyPage } from '../../lib/understand/classify.ts';
import { colorStats } from '../../lib/understand/colors.ts';
import { collectSignals } from '../../lib/understand/signals.ts';
import { type CorpusPage, loadCorpus, openCorpus } from './corpus.ts';

const corpus = openCorpus();

interface Outcome {
  page: CorpusPage;
  got: Classification;
  signalsMs: number;
  statsMs: number;
  bytes: number;
}

async function classifyCorpusPage(page: CorpusPage): Promise<Outcome> {
  return corpus.withPage(page.file, async (p) => {
    let t = performance.now();
    const signals = await p.evaluate(collectSignals);
    const signalsMs = performance.now() - t;
    const png = Buffer.from(await p.screenshot({ type: 'png' }));
    t = performance.now();
    const stats = await colorStats(png);
    const statsMs = performance.now() - t;
    return {
      page,
      got: classifyPage(signals, stats),
      signalsMs,
      statsMs,
      bytes: JSON.stringify(signals).length,
    };
  });
}

const share = (n: number, of: number) => `${((100 * n) / of).toFixed(1)} % (${n}/${of})`;

describe('classifyPage over the labelled corpus', () => {
  it('gets at least 90 % of page types and of dark/light tones right', { timeout: 300_000 }, async () => {
    const { pages } = loadCorpus();
    expect(pages.length).toBeGreaterThan(0);
    const outcomes: Outcome[] = [];
    for (const page of pages) outcomes.push(await classifyCorpusPage(page));

    const typeRight = outcomes.filter((o) => o.got.page_type === o.page.page_type).length;
    const darkRight = outcomes.filter((o) => o.got.tone.dark === (o.page.tone === 'dark')).length;
    const colorfulRight = outcomes.filter((o) => o.got.tone.colorful === o.page.colorful).length;
    const misses = outcomes
      .filter(
        (o) =>
          o.got.page_type !== o.page.page_type ||
          o.got.tone.dark !== (o.page.tone === 'dark') ||
          o.got.tone.colorful !== o.page.colorful,
      )
      .map((o) => ({
        file: o.page.file,
        expected: `${o.page.page_type} ${o.page.tone}${o.page.colorful ? ' colorful' : ''}`,
        got: `${o.got.page_type} ${o.got.tone.dark ? 'dark' : 'light'}${o.got.tone.colorful ? ' colorful' : ''}`,
        confidence: o.got.confidence,
        reason: o.got.reason,
      }));
    const slowest = (key: 'signalsMs' | 'statsMs') => Math.max(...outcomes.map((o) => o[key])).toFixed(1);
    console.log(
      [
        `page type ${share(typeRight, pages.length)}`,
        `dark/light ${share(darkRight, pages.length)}`,
        `colorful ${share(colorfulRight, pages.length)}`,
        `slowest collectSignals round trip ${slowest('signalsMs')} ms, colorStats ${slowest('statsMs')} ms, largest payload ${Math.max(...outcomes.map((o) => o.bytes))} B`,
      ].join('\n'),
    );
    if (misses.length) console.table(misses);

    expect(typeRight / pages.length).toBeGreaterThanOrEqual(0.9);
    expect(darkRight / pages.length).toBeGreaterThanOrEqual(0.9);
    for (const o of outcomes) expect(o.bytes).toBeLessThan(20_000);
  });
});
