/**
 * @module captures/animation-budget
 * Whether an animation (§14) fits its capture's time budget, decided before anything loads: a
 * request that cannot finish is refused at once with the fix (fewer frames, or `async`), rather
 * than failing after its page has loaded and its frames were recorded.
 *
 * The estimate is per frame — record (a scroll and the compositor's frame), paint (screen resize and
 * composite or warp), encode — and scales with the frame's pixels, which shrink as frames grow
 * (`ANIMATION_PIXEL_BUDGET`). The rates are the slow end of what bench/animation.ts and the tests
 * measured on a busy 2-core machine (608×1080 frames: record 50–85 ms, paint 40–86 ms, WebP
 * 58 ms, GIF 150–250 ms).
 */
import type { CaptureKind } from '../billing/prices.ts';
import { ASYNC_TIMEOUT_MS } from '../schemas/budgets.ts';
import { ANIMATION_MAX_SIDE, ANIMATION_PIXEL_BUDGET } from '../schemas/limits.ts';

const RECORD_MS_PER_FRAME = 85;
/** Composing one megapixel of frame (capture), or scaling it (raw). */
const PAINT_MS_PER_MP: Record<CaptureKind, number> = { capture: 130, raw: 25 };
const ENCODE_MS_PER_MP = { webp: 90, gif: 330 } as const;
/** What the page takes to load and settle before the recording starts, and the store after. */
const RESERVE_MS = 6000;

export interface AnimationPlan {
  frames: number;
  format: 'webp' | 'gif';
  kind: CaptureKind;
}

/** The estimated ms to record, compose and encode the frames (page load not included). */
export function animationMs({ frames, format, kind }: AnimationPlan): number {
  // A portrait canvas at the longest side, or smaller when the frame count shrinks it.
  const mp =
    Math.min(ANIMATION_MAX_SIDE * ANIMATION_MAX_SIDE * (9 / 16), ANIMATION_PIXEL_BUDGET / frames) / 1e6;
  return frames * (RECORD_MS_PER_FRAME + mp * (PAINT_MS_PER_MP[kind] + ENCODE_MS_PER_MP[format]));
}

/** Why the animation does not fit `budgetMs` (with the fix), or undefined when it does. */
export function animationBudgetProblem(
  plan: AnimationPlan,
  budgetMs: number,
  isAsync: boolean,
): string | undefined {
  const available = budgetMs - RESERVE_MS;
  const needed = animationMs(plan);
  if (needed <= available) return undefined;
  let fits = plan.frames;
  while (fits > 2 && animationMs({ ...plan, frames: fits }) > available) fits--;
  const fewer = `lower animation.fps or animation.duration_ms to at most ${fits} frames`;
  const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
  return `Invalid animation. ${plan.frames} frames take about ${seconds(needed)} to record, compose and encode, more than the ${seconds(available)} this capture has (timeout_ms ${budgetMs}): ${isAsync ? fewer : `send "async": true (up to ${seconds(ASYNC_TIMEOUT_MS - RESERVE_MS)}), or ${fewer}`}`;
}
