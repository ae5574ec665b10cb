import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { capture, resolveEmulation } from '../../lib/capture/index.ts';
import type { CaptureInput } from '../../lib/capture/types.ts';
import { CaptureFailed, InvalidParams } from '../../lib/errors.ts';
import { CaptureParams, DEVICES, RawParams } from '../../lib/schemas/capture.ts';
import { CAPTURE_PIXEL_BUDGET } from '../../lib/schemas/limits.ts';
import { validate } from '../../lib/schemas/validate.ts';
import { captureFixtures, near, params, pixels, rgb } from './helpers.ts';

const URL_ = 'https://example.com';

/** The 400 the routes answer: `validate` is what they call. */
function refusal(schema: typeof RawParams | typeof CaptureParams, input: Record<string, unknown>) {
  try {
    validate(schema, { url: URL_, ...input });
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidParams);
    return err as InvalidParams;
  }
  throw new Error(`${JSON.stringify(input)} was accepted`);
}

describe('the capture pixel budget, up front', () => {
  it.each([
    ['raw', RawParams],
    ['capture', CaptureParams],
  ] as const)(
    'refuses a %s viewport whose width × height × capture_dpr² is over it, naming the fix',
    (_, schema) => {
      const err = refusal(schema, { viewport: { width: 3840, height: 10000 }, capture_dpr: 3 });
      expect([err.code, err.status]).toEqual(['invalid_params', 400]);
      expect(err.message).toBe(
        'Invalid viewport. viewport.width × viewport.height × capture_dpr² is 3840 × 10000 × 3² = 345.6 Mpx; the limit is 120 Mpx — lower capture_dpr or the viewport',
      );
      expect(err.extra.details).toEqual([{ path: 'viewport', message: err.message }]);
    },
  );

  it("counts the device preset's pixel ratio when capture_dpr is not given", () => {
    const err = refusal(CaptureParams, { device: 'iphone-16-pro', viewport: { width: 3840, height: 10000 } });
    expect(err.message).toContain('3840 × 10000 × 3² = 345.6 Mpx');
    expect(err.message).toContain('capture_dpr 3 is the iphone-16-pro default');
    // And the desktop default of 2 without a device: 3840 × 8000 × 4 = 122.9 Mpx.
    expect(refusal(RawParams, { viewport: { width: 3840, height: 8000 } }).message).toContain(
      'capture_dpr 2 is the default',
    );
    // An explicit capture_dpr wins over the device's.
    expect(
      v.safeParse(RawParams, {
        url: URL_,
        device: 'iphone-16-pro',
        viewport: { width: 3840, height: 10000 },
        capture_dpr: 1,
      }).success,
    ).toBe(true);
  });

  it('allows every device preset at every capture_dpr, and the largest viewport at 1×', () => {
    for (const device of DEVICES) {
      for (const capture_dpr of [undefined, 1, 2, 3]) {
        const r = v.safeParse(CaptureParams, { url: URL_, device, capture_dpr });
        expect(r.success, `${device} @${capture_dpr}`).toBe(true);
      }
    }
    expect(
      v.safeParse(RawParams, { url: URL_, viewport: { width: 3840, height: 10000 }, capture_dpr: 1 }).success,
    ).toBe(true);
    // Exactly at the budget is fine: 4000 CSS px² × 3² … within 3840 wide: 3840 × 3472 × 9 ≤ 120 M.
    expect(3840 * 3472 * 9).toBeLessThanOrEqual(CAPTURE_PIXEL_BUDGET);
    expect(
      v.safeParse(RawParams, { url: URL_, viewport: { width: 3840, height: 3472 }, capture_dpr: 3 }).success,
    ).toBe(true);
    expect(
      v.safeParse(RawParams, { url: URL_, viewport: { width: 3840, height: 3473 }, capture_dpr: 3 }).success,
    ).toBe(false);
  });

  it('refuses such a viewport in the capture engine too, for callers that skip the schema', () => {
    expect(() => resolveEmulation({ viewport: { width: 3840, height: 10000 }, capture_dpr: 3 })).toThrow(
      /345\.6 Mpx; the limit is 120 Mpx/,
    );
  });
});

describe('the capture pixel budget, after load', () => {
  const env = captureFixtures();

  it('cuts a full page where the budget ends, with a warning that says why and what to change', async () => {
    // lazy.html is 4980 CSS px tall; at 3840 px wide and 3× one CSS row is 34 560 device px, so
    // the budget allows 3472 rows (11520 × 10416 = 119.99 M px).
    const started = performance.now();
    const shot = await capture(
      env.tp.pool,
      params({
        url: `${env.fx.origin}/lazy.html`,
        full_page: true,
        viewport: { width: 3840, height: 900 },
        capture_dpr: 3,
      }),
      { allowPrivateTargets: true, timeoutMs: 60_000 },
    );
    console.log(
      `full page at the budget: ${Math.round(performance.now() - started)} ms, rss ${process.memoryUsage().rss >> 20} MiB`,
    );
    expect([shot.width, shot.height]).toEqual([11520, 3472 * 3]);
    expect(shot.width * shot.height).toBeLessThanOrEqual(CAPTURE_PIXEL_BUDGET);
    expect(shot.warnings).toEqual([
      'The page is 4980 px tall; captured the first 3472 px: at 3840 px wide and capture_dpr 3 a taller image is over the 120 Mpx capture limit (lower capture_dpr or the viewport width to capture more of it)',
    ]);
    const px = await pixels(shot.image);
    expect(near(px.at(600, 25 * 3), rgb('0000ff'))).toBe(true);
  }, 90_000);

  it('refuses an element so wide that not one row of it fits, as capture_failed', async () => {
    const input: CaptureInput = params({
      url: `${env.fx.origin}/basic.html`,
      viewport: { width: 800, height: 600 },
      capture_dpr: 3,
      inject_js:
        'document.body.insertAdjacentHTML(\'beforeend\', \'<div id="wide" style="width:20000000px;height:10px;background:red"></div>\')',
      selector: '#wide',
    });
    const err = await capture(env.tp.pool, input, { allowPrivateTargets: true, timeoutMs: 20_000 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CaptureFailed);
    expect((err as CaptureFailed).reason).toBe('render_failed');
    expect((err as CaptureFailed).message).toMatch(
      /20000000 CSS px wide: at capture_dpr 3 even one row of it is over the 120 Mpx capture limit/,
    );
  });
});
