/**
 * `html` input (§14) in the capture engine: the caller's document is served as the main document
 * at its URL without a fetch, its relative links resolve against that URL, and its sub-resources
 * still go through the egress guard.
 */
import { describe, expect, it } from 'vitest';
import { capture, HTML_DOCUMENT_URL } from '../../lib/capture/index.ts';
import { captureFixtures, near, params, pixels, rgb } from './helpers.ts';

const env = captureFixtures();

/** The engine's input: the validated page fields, plus the document (the schema adds `html` later). */
const shoot = ({ html, ...input }: Record<string, unknown>, allowPrivateTargets = true) =>
  capture(
    env.tp.pool,
    { ...params({ viewport: { width: 400, height: 300 }, capture_dpr: 1, ...input }), html: html as string },
    { allowPrivateTargets, timeoutMs: 20_000 },
  );

/** A page whose top-left is an image from a relative URL, on a red body. */
const PAGE = `<!doctype html><html><head><title>From memory</title>
<style>body{margin:0;background:#ff0000} img{display:block}</style></head>
<body><img src="img?color=0000ff&w=200&h=100" width="200" height="100"></body></html>`;

describe('html input', () => {
  it('renders the document at base_url without fetching it, loading relative links from there', async () => {
    env.fx.clear();
    const base = `${env.fx.origin}/shop/index.html`;
    const shot = await shoot({ url: base, html: PAGE.replace('src="img', 'src="/img') });
    const px = await pixels(shot.image);
    expect(near(px.at(50, 50), rgb('0000ff'))).toBe(true);
    expect(near(px.at(300, 200), rgb('ff0000'))).toBe(true);
    expect(shot.page.title).toBe('From memory');
    expect(shot.page).toMatchObject({ url: base, status: 200 });
    // The image came from the base's origin; the document itself was never requested.
    expect(env.fx.requests('/img')).toHaveLength(1);
    expect(env.fx.requests('/shop')).toEqual([]);
  });

  it('without base_url, serves it at an address that resolves nowhere; relative links fail quietly', async () => {
    const shot = await shoot({ url: HTML_DOCUMENT_URL, html: PAGE });
    const px = await pixels(shot.image);
    expect(near(px.at(300, 200), rgb('ff0000'))).toBe(true);
    expect(near(px.at(50, 50), rgb('0000ff'))).toBe(false);
    expect(shot.page.url).toBe(HTML_DOCUMENT_URL);
  });

  it('sends its sub-resources through the egress guard: a private address is refused', async () => {
    env.fx.clear();
    const html = PAGE.replace('src="img', `src="${env.fx.origin}/img`);
    const shot = await shoot({ url: HTML_DOCUMENT_URL, html }, false);
    expect(env.fx.requests('/img')).toEqual([]);
    expect(near((await pixels(shot.image)).at(50, 50), rgb('0000ff'))).toBe(false);
    expect(shot.warnings.join(' ')).toMatch(/private|blocked|refused/i);
  });
});
