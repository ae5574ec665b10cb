/**
 * The blank check before the shot: pages with visible content skip the thumbnail (the in-page
 * probe is sure), blank white pages still get the thumbnail, the 700 ms pause and a second look,
 * and pages that paint late (a canvas, a background colour) come out painted.
 *
 * Whether the thumbnail was taken shows in the capture's timings (`blank_thumbnail`, only there
 * when it ran); the pause shows as time spent outside any step.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaptureResult, capture } from '../../lib/capture/index.ts';
import { near, params, pixels, rgb, startTestPool, type TestPool } from './helpers.ts';

const page = (body: string, style = '') =>
  `<!doctype html><html><head><meta charset="utf-8"><style>html, body { margin: 0; background: #fff; }
  ${style}</style></head><body>${body}</body></html>`;

/** Runs `paint` 400 ms after 'load': past the blank check, well before the retry's second look. */
const afterLoad = (paint: string) =>
  `<script>addEventListener('load', () => setTimeout(() => { ${paint} }, 400));</script>`;

const PAGES: Record<string, string> = {
  '/text': page('<p>Frameshot captures pages, and this page has a line of text.</p>'),
  '/background': page('', 'html, body { background: #3050a0; }'),
  '/box': page(
    '<div style="position:absolute;left:100px;top:80px;width:150px;height:90px;background:#c02020"></div>',
  ),
  '/image': page('<img src="/img.png" width="120" height="80" style="position:absolute;left:40px;top:40px">'),
  '/svg': page(
    '<svg width="60" height="60" style="position:absolute;left:40px;top:40px"><circle cx="30" cy="30" r="25" fill="#208040"/></svg>',
  ),
  '/blank': page(''),
  '/whitespace': page('   \n  <div>  </div> <span>\n</span>'),
  '/white-text': page('<p style="color:#fff">White words on a white page</p>'),
  '/hidden-text': page('<p style="visibility:hidden">Hidden words</p>'),
  '/faded-text': page('<div style="opacity:0"><p>Faded out words</p></div>'),
  '/covered-text': page(
    '<p>Words under a loading screen</p><div style="position:fixed;inset:0;background:#fff"></div>',
  ),
  '/screen-reader-text': page(
    '<a href="#main" style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)">Skip to content</a>',
  ),
  '/offscreen-text': page('<p style="position:absolute;left:-9999px">Words off to the left</p>'),
  '/white-box': page('<div style="width:300px;height:200px;background:#fff;border-radius:8px"></div>'),
  '/empty-canvas': page('<canvas width="400" height="300"></canvas>'),
  '/canvas': page(
    `<canvas id="c" width="400" height="300"></canvas><script>
      const g = document.getElementById('c').getContext('2d'); g.fillStyle = '#802080'; g.fillRect(0, 0, 400, 300);
    </script>`,
  ),
  '/late-canvas': page(
    `<canvas id="c" width="400" height="300"></canvas>${afterLoad(
      "const g = document.getElementById('c').getContext('2d'); g.fillStyle = '#802080'; g.fillRect(0, 0, 400, 300);",
    )}`,
  ),
  '/late-background': page(afterLoad("document.documentElement.style.background = '#3050a0';")),
  '/huge-dom': page(
    `${'<div></div>'.repeat(5000)}<p style="position:absolute;left:20px;top:20px">Words past the probe's reach</p>`,
  ),
  '/regions': page(
    `<h1>A heading at the top</h1>
    <div id="empty" style="position:absolute;left:20px;top:150px;width:200px;height:100px"></div>
    <div id="card" style="position:absolute;left:240px;top:150px;width:140px;height:100px">Card words</div>`,
  ),
};

let server: http.Server;
let origin: string;
let tp: TestPool;

beforeAll(async () => {
  const png = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#e08000' } })
    .png()
    .toBuffer();
  server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://pages').pathname;
    if (path === '/img.png') return void res.writeHead(200, { 'Content-Type': 'image/png' }).end(png);
    const html = PAGES[path];
    if (!html) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tp = await startTestPool();
});

afterAll(async () => {
  await tp?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

/** 400×300 @1, like the other capture tests. */
const shoot = (path: string, input: Record<string, unknown> = {}) =>
  capture(
    tp.pool,
    params({ url: `${origin}${path}`, viewport: { width: 400, height: 300 }, capture_dpr: 1, ...input }),
    { allowPrivateTargets: true, timeoutMs: 20_000 },
  );

const tookThumbnail = (shot: CaptureResult) => 'blank_thumbnail' in shot.timings;

/** ms the capture spent outside every step: where the blank retry's 700 ms pause lands. */
const outsideSteps = ({ total, blank_thumbnail, ...steps }: Record<string, number>) =>
  total! - Object.values(steps).reduce((sum, ms) => sum + ms, 0);

const colourAt = async (shot: CaptureResult, x: number, y: number) => (await pixels(shot.image)).at(x, y);

describe('a page with visible content', () => {
  it.each([
    ['text', '/text'],
    ['only a background colour', '/background'],
    ['a coloured box', '/box'],
    ['a loaded image', '/image'],
    ['an SVG icon', '/svg'],
  ])('skips the thumbnail when it has %s', async (_, path) => {
    const shot = await shoot(path);
    expect(shot.timings.blank_check).toBeGreaterThanOrEqual(0);
    expect(tookThumbnail(shot)).toBe(false);
  });

  it('is captured as it looks', async () => {
    expect(near(await colourAt(await shoot('/background'), 200, 150), rgb('3050a0'))).toBe(true);
    expect(near(await colourAt(await shoot('/box'), 170, 120), rgb('c02020'))).toBe(true);
    expect(near(await colourAt(await shoot('/image'), 100, 80), rgb('e08000'))).toBe(true);
  });

  it('skips the thumbnail for an element with text and for a full page of text', async () => {
    expect(tookThumbnail(await shoot('/regions', { selector: '#card' }))).toBe(false);
    expect(tookThumbnail(await shoot('/text', { full_page: true }))).toBe(false);
  });
});

describe('a page that looks blank white', () => {
  it.each([
    ['nothing in the body', '/blank'],
    ['only whitespace', '/whitespace'],
    ['white text', '/white-text'],
    ['text with visibility: hidden', '/hidden-text'],
    ['text inside opacity: 0', '/faded-text'],
    ['text under a white loading screen', '/covered-text'],
    ['only screen-reader text', '/screen-reader-text'],
    ['text off screen', '/offscreen-text'],
    ['a white box', '/white-box'],
    ['an empty canvas', '/empty-canvas'],
  ])('with %s takes the thumbnail, pauses and looks again', async (_, path) => {
    const shot = await shoot(path);
    expect(tookThumbnail(shot)).toBe(true);
    expect(outsideSteps(shot.timings)).toBeGreaterThanOrEqual(690);
    expect(near(await colourAt(shot, 200, 150), rgb('ffffff'))).toBe(true);
  });

  it('is judged by the element when a selector is given, not by the rest of the page', async () => {
    const shot = await shoot('/regions', { selector: '#empty' });
    expect(tookThumbnail(shot)).toBe(true);
    expect(outsideSteps(shot.timings)).toBeGreaterThanOrEqual(690);
  });
});

describe('a page the probe cannot judge', () => {
  it('leaves a drawn canvas to the thumbnail, which sees it painted', async () => {
    const shot = await shoot('/canvas');
    expect(tookThumbnail(shot)).toBe(true);
    expect(near(await colourAt(shot, 200, 150), rgb('802080'))).toBe(true);
  });

  it('leaves a DOM larger than it looks at to the thumbnail', async () => {
    const shot = await shoot('/huge-dom');
    expect(tookThumbnail(shot)).toBe(true);
    expect(outsideSteps(shot.timings)).toBeLessThan(690);
  });
});

describe('a page that paints after the blank check', () => {
  it.each([
    ['a canvas', '/late-canvas', '802080'],
    ['a background colour', '/late-background', '3050a0'],
  ])('is shot once %s has painted', async (_, path, colour) => {
    const shot = await shoot(path);
    expect(tookThumbnail(shot)).toBe(true);
    expect(near(await colourAt(shot, 200, 150), rgb(colour))).toBe(true);
  });
});
