/**
 * @module capture/animation
 * `animation: { type: "scroll" }` (§14): the page scrolled from the top, eased in and out, and
 * recorded one frame per scroll position.
 *
 * Each frame comes from Chromium's screencast, not from a screenshot: scroll to the frame's
 * offset, then take the compositor's next frame that shows it (each screencast frame carries the
 * scroll offset it shows). Measured on the corpus at the iPhone 16 Pro viewport: a
 * `Page.captureScreenshot` per offset costs ~210 ms a frame; a screencast frame 40–85 ms. Letting
 * the page scroll in real time while the screencast streams is faster still, but on a busy
 * machine the compositor drops frames: 20 of 75 output frames were distinct, a jerky animation.
 * Stepping guarantees every frame its own position. Screencast frames are in CSS px (the emulated
 * pixel ratio is not applied), which is what an animation's canvas (at most `ANIMATION_MAX_SIDE`)
 * needs.
 */
import type { CDPSession, Page } from 'puppeteer-core';

export interface AnimationOptions {
  type: 'scroll';
  duration_ms: number;
  fps: number;
  scroll_to: 'bottom' | number;
}

export interface Recording {
  /** One JPEG per output frame (the same buffer where a position repeats). */
  frames: Buffer[];
  /** Frame size in px (CSS px of the viewport). */
  width: number;
  height: number;
  /** How far the page scrolled, CSS px. */
  scrolled: number;
  /** Screencast frames received, and how many different ones the output uses. */
  received: number;
  distinct: number;
  warnings: string[];
}

/** The number of frames an animation has. */
export const frameCount = (a: Pick<AnimationOptions, 'duration_ms' | 'fps'>) =>
  Math.max(2, Math.round((a.duration_ms / 1000) * a.fps));

/** Ease in and out (cubic): the scroll starts and ends gently. */
const ease = (t: number) => (t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2);

interface Received {
  data: Buffer;
  offset: number;
  width: number;
  height: number;
}

/** The page's scroll range for `scroll_to` (CSS px), from the top. */
export async function scrollRange(page: Page, scrollTo: AnimationOptions['scroll_to']): Promise<number> {
  const max = await page.evaluate(() =>
    Math.max(
      0,
      Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0) -
        (window.visualViewport?.height ?? window.innerHeight),
    ),
  );
  return scrollTo === 'bottom' ? max : Math.min(scrollTo, max);
}

export async function recordScroll(
  client: CDPSession,
  page: Page,
  options: AnimationOptions,
): Promise<Recording> {
  const frames = frameCount(options);
  const warnings: string[] = [];
  const end = await scrollRange(page, options.scroll_to);
  if (end === 0) warnings.push('The page does not scroll: every frame of the animation shows the same view');
  else if (typeof options.scroll_to === 'number' && end < options.scroll_to)
    warnings.push(`The page scrolls ${end} px; the animation stops at its bottom`);

  const received: Received[] = [];
  const onFrame = (f: {
    data: string;
    sessionId: number;
    metadata: { scrollOffsetY: number; deviceWidth: number; deviceHeight: number };
  }) => {
    received.push({
      data: Buffer.from(f.data, 'base64'),
      offset: f.metadata.scrollOffsetY,
      width: Math.round(f.metadata.deviceWidth),
      height: Math.round(f.metadata.deviceHeight),
    });
    void client.send('Page.screencastFrameAck', { sessionId: f.sessionId }).catch(() => {});
  };
  const picked: Received[] = [];
  client.on('Page.screencastFrame', onFrame);
  try {
    await page.evaluate(() => window.scrollTo({ top: 0, left: 0, behavior: 'instant' }));
    await client.send('Page.startScreencast', { format: 'jpeg', quality: 90, everyNthFrame: 1 });
    // The first frame (the top) comes a beat after the start.
    await waitFor(() => received.length > 0, FRAME_WAIT_MS);
    // A page that never shows some positions (its own smooth scrolling) must not wait a second a frame.
    const waitsUntil = Date.now() + frames * 150 + 2000;
    for (let i = 0; i < frames; i++) {
      const y = Math.round(ease(i / (frames - 1)) * end);
      const last = picked[picked.length - 1];
      if (last && Math.abs(last.offset - y) < 1) {
        picked.push(last);
        continue;
      }
      const seen = received.length;
      await scrollTo(client, page, y);
      const wait = Math.max(50, Math.min(FRAME_WAIT_MS, waitsUntil - Date.now()));
      await waitFor(() => received.slice(seen).some((r) => Math.abs(r.offset - y) < 1), wait);
      picked.push(nearest(received, y));
    }
  } finally {
    await client.send('Page.stopScreencast').catch(() => {});
    client.off('Page.screencastFrame', onFrame);
  }
  if (!received.length) throw new Error('The browser sent no frames while the page scrolled');
  const { width, height } = received[received.length - 1]!;
  return {
    frames: picked.map((r) => r.data),
    width,
    height,
    scrolled: end,
    received: received.length,
    distinct: new Set(picked).size,
    warnings,
  };
}

/**
 * Scrolls the page so its visible top is `y` (CSS px). A phone page wider than the screen has a
 * layout viewport taller than the visible one: `scrollTo` stops short of the bottom, and the
 * last stretch is the visual viewport panning, which only input does — a wheel by what is left.
 */
async function scrollTo(client: CDPSession, page: Page, y: number): Promise<void> {
  const top = await page.evaluate((top) => {
    window.scrollTo({ top, left: 0, behavior: 'instant' });
    return window.visualViewport?.pageTop ?? window.scrollY;
  }, y);
  if (Math.abs(top - y) < 1) return;
  const { width, height } = await page.evaluate(() => ({ width: innerWidth, height: innerHeight }));
  await client.send('Input.dispatchMouseEvent', {
    type: 'mouseWheel',
    x: Math.round(width / 2),
    y: Math.round(height / 2),
    deltaX: 0,
    deltaY: y - top,
  });
}

/** How long a frame may take to arrive after a scroll (a frame is ~20–60 ms when it comes). */
const FRAME_WAIT_MS = 1000;

/** The received frame whose scroll offset is closest to `y` (the later one on a tie). */
function nearest(received: Received[], y: number): Received {
  let best = received[0]!;
  for (const r of received) if (Math.abs(r.offset - y) <= Math.abs(best.offset - y)) best = r;
  return best;
}

async function waitFor(done: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!done() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
}
