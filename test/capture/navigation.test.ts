import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { capture } from '../../lib/capture/index.ts';
import { CaptureFailed } from '../../lib/errors.ts';
import { closedPort } from '../helpers/fixture-server.ts';
import { captureFixtures, near, params, pixels, rgb } from './helpers.ts';

const env = captureFixtures();

/** Small captures (400×300 @1) unless the test says otherwise. */
const shoot = (path: string, input: Record<string, unknown> = {}, timeoutMs = 20_000) =>
  capture(
    env.tp.pool,
    params({
      url: `${env.fx.origin}${path}`,
      viewport: { width: 400, height: 300 },
      capture_dpr: 1,
      ...input,
    }),
    { allowPrivateTargets: true, timeoutMs },
  );

async function failure(p: Promise<unknown>): Promise<CaptureFailed> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CaptureFailed);
  return err as CaptureFailed;
}

const colourAt = async (png: Buffer, x: number, y: number) => (await pixels(png)).at(x, y);

describe('right after load', () => {
  it('shoots a page that redraws a few tens of ms after load as redrawn', async () => {
    expect(near(await colourAt((await shoot('/redraw-after-load.html')).image, 5, 5), rgb('c02020'))).toBe(
      true,
    );
  });
});

describe('entrance effects', () => {
  it('shoots a fade-in at its end, not halfway', async () => {
    expect(near(await colourAt((await shoot('/fade-in.html')).image, 5, 5), rgb('c02020'))).toBe(true);
  });
});

describe('wait_for', () => {
  it('waits a number of milliseconds after load', async () => {
    expect(near(await colourAt((await shoot('/delayed.html')).image, 5, 5), rgb('ffffff'))).toBe(true);
    expect(
      near(await colourAt((await shoot('/delayed.html', { wait_for: 1500 })).image, 5, 5), rgb('0000ff')),
    ).toBe(true);
  });

  it('waits for a CSS selector to appear', async () => {
    const started = Date.now();
    const shot = await shoot('/delayed.html', { wait_for: '#late' });
    expect(near(await colourAt(shot.image, 100, 80), rgb('00ff00'))).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('fails with selector_not_found when the selector never appears', async () => {
    const err = await failure(shoot('/basic.html', { wait_for: '#never-there' }, 3000));
    expect(err.reason).toBe('selector_not_found');
    expect(err.message).toContain('#never-there');
  });

  it('waits for the network to go idle with "networkidle"', async () => {
    expect(near(await colourAt((await shoot('/networkidle.html')).image, 5, 5), rgb('ffffff'))).toBe(true);
    const idle = await shoot('/networkidle.html', { wait_for: 'networkidle' });
    expect(near(await colourAt(idle.image, 5, 5), rgb('00ff00'))).toBe(true);
  });

  it('"domcontentloaded" does not wait for slow images; "load" does', async () => {
    const started = Date.now();
    const shot = await shoot('/slow-image.html', { wait_for: 'domcontentloaded' });
    expect(Date.now() - started).toBeLessThan(3500);
    expect(near(await colourAt(shot.image, 5, 50), rgb('0000ff'))).toBe(true);
    const err = await failure(shoot('/slow-image.html', { wait_for: 'load' }, 2500));
    expect(err.reason).toBe('navigation_timeout');
  });
});

describe('failures', () => {
  it('times out within timeout_ms on a page that never answers', async () => {
    const started = Date.now();
    const err = await failure(shoot('/slow?ms=15000', {}, 2000));
    expect(err.reason).toBe('navigation_timeout');
    expect(err.message).toContain('2000 ms');
    expect(Date.now() - started).toBeLessThan(3500);
  });

  it('reports the HTTP status of the main document', async () => {
    const err = await failure(shoot('/status/404'));
    expect(err).toMatchObject({ reason: 'http_error', extra: { reason: 'http_error', status: 404 } });
    expect((await failure(shoot('/status/503'))).extra.status).toBe(503);
  });

  it('reports names that do not resolve as dns_error, directly and after a redirect', async () => {
    const direct = await failure(
      capture(env.tp.pool, params({ url: 'http://does-not-exist.invalid/' }), {
        allowPrivateTargets: true,
        timeoutMs: 10_000,
      }),
    );
    expect(direct.reason).toBe('dns_error');
    expect(direct.message).toContain('does-not-exist.invalid');
    const redirected = await failure(shoot(`/redirect?to=${encodeURIComponent('http://nowhere.invalid/x')}`));
    expect(redirected.reason).toBe('dns_error');
    expect(redirected.message).toContain('nowhere.invalid');
  });

  it('reports refused connections as connection_failed', async () => {
    const port = await closedPort();
    const err = await failure(
      capture(env.tp.pool, params({ url: `http://127.0.0.1:${port}/` }), {
        allowPrivateTargets: true,
        timeoutMs: 10_000,
      }),
    );
    expect(err.reason).toBe('connection_failed');
    expect(err.message).toContain('refused');
  });

  it('refuses a URL that answers with a download', async () => {
    expect((await failure(shoot('/download'))).reason).toBe('render_failed');
  });

  it('fails a page that hangs the renderer with render_failed, and the next capture works', async () => {
    const started = Date.now();
    const err = await failure(shoot('/hang.html', {}, 5000));
    expect(err.reason).toBe('render_failed');
    expect(err.message).toMatch(/infinite loop/);
    expect(Date.now() - started).toBeLessThan(7000);
    const next = await shoot('/basic.html');
    expect(next.width).toBe(400);
  });

  it('fails element_not_found, listing the best candidates, when nothing matches a description', async () => {
    const err = await shoot('/basic.html', { element: 'the video player' }).catch((e) => e);
    expect(err).toBeInstanceOf(CaptureFailed);
    expect(err).toMatchObject({ reason: 'element_not_found', status: 422 });
    expect(err.message).toMatch(/selector/);
  });
});

describe('element', () => {
  it('captures the element a description names, like a selector', async () => {
    const shot = await shoot('/basic.html', { element: 'the pricing card', capture_dpr: 1 });
    expect(shot.element_resolved).toMatchObject({
      selector: '#card',
      box: { x: 400, y: 300, width: 300, height: 200 },
      text_excerpt: 'Pricing card',
    });
    expect([shot.width, shot.height]).toEqual([300, 200]);
    expect(near(await colourAt(shot.image, 150, 20), rgb('0000ff'))).toBe(true);
  });
});

describe('retries', () => {
  it('shoots again when the first shot is blank white', async () => {
    const shot = await shoot('/late-paint.html');
    expect(near(await colourAt(shot.image, 50, 50), rgb('0000ff'))).toBe(true);
  });

  it.each(['when=now', 'when=load&delay=0', 'when=load&delay=60'])(
    'follows a script redirect (%s) and captures the new document',
    async (query) => {
      const shot = await shoot(`/js-redirect.html?${query}`);
      expect(shot.page.url).toBe(`${env.fx.origin}/basic.html`);
      expect(near(await colourAt(shot.image, 150, 150), rgb('ff0000'))).toBe(true);
    },
  );
});

describe('page changes before the shot', () => {
  it('inject_css', async () => {
    const shot = await shoot('/basic.html', {
      inject_css: 'html, body { background: rgb(0, 128, 0) !important; }',
    });
    expect(near(await colourAt(shot.image, 5, 5), [0, 128, 0])).toBe(true);
  });

  it('inject_js, awaiting a promise it returns', async () => {
    const shot = await shoot('/basic.html', {
      inject_js:
        "document.getElementById('box').style.background = 'rgb(0, 0, 255)';\n" +
        'new Promise((r) => setTimeout(() => { document.documentElement.style.background = "rgb(255, 255, 0)"; r(); }, 300));',
    });
    expect(near(await colourAt(shot.image, 150, 150), rgb('0000ff'))).toBe(true);
    expect(near(await colourAt(shot.image, 5, 5), rgb('ffff00'))).toBe(true);
    expect(shot.warnings).toEqual([]);
  });

  it('inject_js that throws becomes a warning, not a failure', async () => {
    const shot = await shoot('/basic.html', { inject_js: 'throw new Error("boom")' });
    expect(shot.warnings).toEqual(['inject_js threw: boom']);
    const syntax = await shoot('/basic.html', { inject_js: 'this is not javascript' });
    expect(syntax.warnings).toEqual([expect.stringMatching(/^inject_js threw: .*Unexpected/)]);
  });

  it('hide_selectors, ignoring (with a warning) entries that are not CSS', async () => {
    const shot = await shoot('/basic.html', { hide_selectors: ['#box', 'div[[bad'] });
    expect(near(await colourAt(shot.image, 150, 150), rgb('ffffff'))).toBe(true);
    expect(shot.warnings).toEqual([expect.stringContaining('"div[[bad" is not a valid CSS selector')]);
  });
});

describe('selector', () => {
  it("captures exactly the element's box and reports it", async () => {
    const shot = await shoot('/basic.html', {
      selector: '#card',
      viewport: { width: 1000, height: 800 },
      capture_dpr: 2,
    });
    expect([shot.width, shot.height]).toEqual([600, 400]);
    expect(shot.element_resolved).toEqual({
      selector: '#card',
      score: 1,
      text_excerpt: 'Pricing card',
      box: { x: 400, y: 300, width: 300, height: 200 },
    });
    expect(near(await colourAt(shot.image, 300, 300), rgb('0000ff'))).toBe(true);
  });

  it('captures an element below the fold', async () => {
    const shot = await shoot('/lazy.html', { selector: 'footer' });
    expect([shot.width, shot.height]).toEqual([400, 100]);
    expect(near(await colourAt(shot.image, 200, 50), rgb('333333'))).toBe(true);
  });

  it.each([
    ['#nope', /No element matches/],
    ['#hidden-el', /no visible box/],
    ['div[', /not a valid CSS selector/],
  ])('fails %s with selector_not_found', async (selector, message) => {
    const err = await failure(shoot('/basic.html', { selector }, 3000));
    expect(err.reason).toBe('selector_not_found');
    expect(err.message).toMatch(message);
  });
});

describe('isolation and prompts', () => {
  it('starts every capture in a fresh context: no cookies or storage carried over', async () => {
    env.fx.clear();
    await shoot('/storage.html');
    await shoot('/storage.html');
    const seen = env.fx.requests('/beacon').map((r) => JSON.parse(r.query.get('d')!));
    expect(seen).toEqual([
      { visited: null, cookie: '' },
      { visited: null, cookie: '' },
    ]);
  });

  it('dismisses dialogs and denies downloads, file choosers and permissions', async () => {
    env.fx.clear();
    const shot = await shoot('/dialogs.html');
    expect(near(await colourAt(shot.image, 50, 50), rgb('0000ff'))).toBe(true);
    const beacons = Object.fromEntries(env.fx.requests('/beacon').flatMap((r) => [...r.query.entries()]));
    expect(beacons).toMatchObject({ confirm: 'false', prompt: 'null', geo: 'denied-1' });
    const files = await readdir(env.tp.tmpDir, { recursive: true });
    expect(files.filter((f) => f.endsWith('x.bin'))).toEqual([]);
  });
});

describe('fonts', () => {
  it('renders colour emoji and CJK glyphs (the shipped fonts: capture/fonts.ts)', async () => {
    const shot = await shoot('/i18n.html', { viewport: { width: 800, height: 200 } });
    const px = await pixels(shot.image);
    const region = (x0: number) => {
      const values: number[] = [];
      for (let y = 0; y < 200; y += 4) for (let x = x0; x < x0 + 200; x += 4) values.push(...px.at(x, y));
      return values;
    };
    const reddish = (x0: number) => {
      let n = 0;
      for (let y = 0; y < 200; y += 2)
        for (let x = x0; x < x0 + 200; x += 2) {
          const [r, g, b] = px.at(x, y);
          if (r > 150 && g < 100 && b < 100) n++;
        }
      return n;
    };
    expect(reddish(0), 'a red apple, in colour').toBeGreaterThan(200);
    const [han, zi, a] = [region(200), region(400), region(600)];
    for (const glyph of [han, zi, a])
      expect(
        glyph.some((v) => v < 100),
        'ink on the glyph',
      ).toBe(true);
    // Missing fonts draw the same empty box for every character; real glyphs differ.
    expect(han).not.toEqual(zi);
    expect(zi).not.toEqual(a);
  });
});
