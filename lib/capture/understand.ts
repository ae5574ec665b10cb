/**
 * @module capture/understand
 * Page understanding's browser side (§10): the collectors of `understand/` run inside the page in
 * ONE `evaluate` (the element candidates when `element` is asked, the page signals when an AI
 * option is), and a description is resolved to an element that is then captured exactly like a
 * `selector`. Everything after the round trip is pure (`understand/element`).
 */
import type { Page } from 'puppeteer-core';
import { CaptureFailed } from '../errors.ts';
import { type Candidate, collectCandidates } from '../understand/candidates.ts';
import { resolveDescription } from '../understand/element.ts';
import { type ModelConfig, pickElement } from '../understand/model.ts';
import { collectSignals } from '../understand/signals.ts';
import type { ElementMatch, PageSignals } from '../understand/types.ts';
import { resolveSelector } from './element.ts';
import type { ElementResolved } from './types.ts';

/** Candidates collected per page: the largest and most meaningful elements first. */
const MAX_CANDIDATES = 400;

/** Top two scores closer than this are a tie the optional model may break. */
const TIE = 0.05;

export interface Collected {
  candidates?: Candidate[];
  signals?: PageSignals;
}

/** The one round trip: the collectors' sources evaluated together, their results as plain data. */
export async function collect(
  page: Page,
  want: { candidates: boolean; signals: boolean },
): Promise<Collected> {
  const parts = [
    want.candidates ? `candidates: (${collectCandidates})(${JSON.stringify({ max: MAX_CANDIDATES })})` : '',
    want.signals ? `signals: (${collectSignals})()` : '',
  ].filter(Boolean);
  if (!parts.length) return {};
  return page.evaluate(`(() => ({ ${parts.join(', ')} }))()`) as Promise<Collected>;
}

/**
 * `element`: the best candidate for the description, captured like `selector` (scrolled into view,
 * its painted box). Below the confidence threshold → 422 `element_not_found` listing the best
 * candidates, so the caller can switch to a selector.
 */
export async function resolveElement(
  page: Page,
  description: string,
  candidates: Candidate[],
  options: { timeoutMs: number; model?: ModelConfig; warnings: string[] },
): Promise<ElementResolved> {
  const resolution = resolveDescription(description, candidates);
  const ranked = resolution.best ? [resolution.best, ...resolution.alternatives] : resolution.alternatives;
  if (!resolution.best || !resolution.confident) {
    throw new CaptureFailed(
      'element_not_found',
      `No element on the page matches element "${description}" with enough confidence${
        ranked.length ? ` (best: ${describe(ranked[0]!)})` : ''
      }. Describe it with words the page uses (a heading, a label), or capture it with selector.`,
      { details: ranked.slice(0, 5) },
    );
  }
  let chosen = resolution.best;
  let alternatives = resolution.alternatives;
  const rival = alternatives[0];
  if (options.model && rival && chosen.score - rival.score < TIE) {
    const tied = [chosen, ...alternatives.filter((a) => chosen.score - a.score < TIE)];
    const pick = await pickElement(options.model, description, tied);
    if (!pick.ok) options.warnings.push(pick.warning);
    else if (pick.value > 0 && pick.value < tied.length) {
      const picked = tied[pick.value]!;
      alternatives = [chosen, ...alternatives.filter((a) => a !== picked)];
      chosen = picked;
    }
  }
  const shot = await resolveSelector(page, chosen.selector, options.timeoutMs);
  return {
    ...shot,
    score: chosen.score,
    text_excerpt: chosen.text_excerpt || shot.text_excerpt,
    alternatives: alternatives.slice(0, 3),
  };
}

const describe = (m: ElementMatch) =>
  `${m.selector} scored ${m.score.toFixed(2)}${m.text_excerpt ? ` — "${m.text_excerpt.slice(0, 60)}"` : ''}`;
