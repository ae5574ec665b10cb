import { describe, expect, it } from 'vitest';
import { capture } from '../../lib/capture/index.ts';
import { captureFixtures, near, params, pixels, rgb } from './helpers.ts';

// Every host name resolves to the fixture server, so third-party requests (ad servers,
// analytics, chat loaders) land in its request log with their Host header.
const env = captureFixtures({ lookup: async () => [{ address: '127.0.0.1', family: 4 }] });

const shoot = (path: string, input: Record<string, unknown> = {}) =>
  capture(
    env.tp.pool,
    params({
      url: `${env.fx.origin}${path}`,
      viewport: { width: 800, height: 600 },
      capture_dpr: 1,
      ...input,
    }),
    { allowPrivateTargets: true, timeoutMs: 20_000 },
  );

const AD = 'securepubads.g.doubleclick.net';
const ANALYTICS = 'www.google-analytics.com';
const CHAT = 'widget.intercom.io';

/** Which of the page's third-party and media requests reached the server. */
function requested() {
  return {
    ad: env.fx.requests('/ads/', AD).length > 0,
    analytics: env.fx.requests('/collect', ANALYTICS).length > 0,
    chat: env.fx.requests('/widget/', CHAT).length > 0,
    media: env.fx.requests('/media/').length > 0,
    pattern: env.fx.requests('/blocked-by-pattern/').length > 0,
  };
}

describe('block', () => {
  it('loads everything when nothing is blocked', async () => {
    env.fx.clear();
    const shot = await shoot('/ads.html');
    expect(requested()).toEqual({ ad: true, analytics: true, chat: true, media: true, pattern: true });
    const px = await pixels(shot.image);
    expect(near(px.at(150, 125), rgb('ff0000')), 'the ad script painted its slot').toBe(true);
    expect(near(px.at(550, 125), rgb('ff00ff')), 'the adsbygoogle box').toBe(true);
    expect(near(px.at(750, 550), rgb('00aaff')), 'the chat bubble').toBe(true);
  });

  it('ads: blocks ad servers and hides ad slots, leaves analytics alone', async () => {
    env.fx.clear();
    const shot = await shoot('/ads.html', { block: ['ads'] });
    expect(requested()).toEqual({ ad: false, analytics: true, chat: true, media: true, pattern: true });
    const px = await pixels(shot.image);
    expect(near(px.at(150, 125), rgb('ffffff'))).toBe(true);
    expect(near(px.at(550, 125), rgb('ffffff'))).toBe(true);
  });

  it('trackers: blocks analytics only', async () => {
    env.fx.clear();
    await shoot('/ads.html', { block: ['trackers'] });
    expect(requested()).toEqual({ ad: true, analytics: false, chat: true, media: true, pattern: true });
  });

  it('chat_widgets: blocks chat loaders and hides their launcher', async () => {
    env.fx.clear();
    const shot = await shoot('/ads.html', { block: ['chat_widgets'] });
    expect(requested()).toMatchObject({ chat: false, ad: true });
    expect(near((await pixels(shot.image)).at(750, 550), rgb('ffffff'))).toBe(true);
  });

  it('media: blocks video and audio', async () => {
    env.fx.clear();
    await shoot('/ads.html', { block: ['media'] });
    expect(requested()).toMatchObject({ media: false, ad: true, analytics: true });
  });

  it('URL patterns with *, whatever the port', async () => {
    env.fx.clear();
    await shoot('/ads.html', { block: ['*/blocked-by-pattern/*', '*.google-analytics.com/*'] });
    expect(requested()).toEqual({ ad: true, analytics: false, chat: true, media: true, pattern: false });
  });

  it('never blocks the page itself', async () => {
    env.fx.clear();
    const shot = await shoot('/ads.html', { block: ['*ads.html*', 'ads', 'trackers'] });
    expect(shot.page.status).toBe(200);
  });
});

describe('block: cookie_banners', () => {
  const BANNER_Y = 600 - 50;

  it('autoconsent rejects a consent manager it knows (Complianz) and the banner is gone', async () => {
    env.fx.clear();
    const before = await shoot('/cookie-banner.html');
    expect(near((await pixels(before.image)).at(400, BANNER_Y), rgb('ff8800'))).toBe(true);
    const after = await shoot('/cookie-banner.html', { block: ['cookie_banners'] });
    expect(near((await pixels(after.image)).at(400, BANNER_Y), rgb('ffffff'))).toBe(true);
    // It was clicked away ("Deny"), not merely hidden.
    expect(env.fx.requests('/beacon').map((r) => r.query.get('consent'))).toEqual(['deny']);
  });

  it('the cosmetic rules hide a banner no consent manager rule knows', async () => {
    const before = await shoot('/cookie-banner-generic.html');
    expect(near((await pixels(before.image)).at(400, BANNER_Y), rgb('8800ff'))).toBe(true);
    const after = await shoot('/cookie-banner-generic.html', { block: ['cookie_banners'] });
    expect(near((await pixels(after.image)).at(400, BANNER_Y), rgb('ffffff'))).toBe(true);
  });
});

describe('session (auth profiles)', () => {
  it('sets cookies and localStorage, and sends headers to hosts inside the profile domain only', async () => {
    env.fx.clear();
    const origin = `http://app.example.test:${env.fx.port}`;
    const shot = await capture(
      env.tp.pool,
      params({ url: `${origin}/session.html`, viewport: { width: 300, height: 200 }, capture_dpr: 1 }),
      { allowPrivateTargets: true, timeoutMs: 20_000 },
    );
    expect(shot.page.status).toBe(200); // without a session the page loads normally
    expect(env.fx.requests('/session.html')[0]?.headers.cookie).toBeUndefined();
    env.fx.clear();
    const withSession = await capture(
      env.tp.pool,
      {
        ...params({ url: `${origin}/session.html`, viewport: { width: 300, height: 200 }, capture_dpr: 1 }),
        session: {
          cookies: [{ name: 'sid', value: 'abc123', domain: 'app.example.test', path: '/' }],
          localStorage: { [origin]: { theme: 'green' } },
          headers: { 'x-auth-token': 'secret' },
          domain: 'example.test',
        },
      },
      { allowPrivateTargets: true, timeoutMs: 20_000 },
    );
    const page = env.fx.requests('/session.html')[0]!;
    expect(page.headers.cookie).toBe('sid=abc123');
    expect(page.headers['x-auth-token']).toBe('secret');
    expect(env.fx.requests('/img', 'static.example.test')[0]?.headers['x-auth-token']).toBe('secret');
    expect(env.fx.requests('/img', 'cdn.other.test')[0]?.headers['x-auth-token']).toBeUndefined();
    expect(JSON.parse(env.fx.requests('/beacon')[0]!.query.get('d')!)).toMatchObject({
      theme: 'green',
      cookie: 'sid=abc123',
    });
    expect(near((await pixels(withSession.image)).at(150, 100), rgb('00ff00'))).toBe(true);
  });

  it('keeps a profile for one site under a public suffix away from its sibling sites', async () => {
    // github.io-style hosting: victim.pages.test and attacker.pages.test share a suffix, not an owner.
    env.fx.clear();
    const sibling = `http://attacker.pages.test:${env.fx.port}/img?w=1&h=1`;
    await capture(
      env.tp.pool,
      {
        ...params({
          url: `http://victim.pages.test:${env.fx.port}/session.html?img=${encodeURIComponent(sibling)}`,
          viewport: { width: 300, height: 200 },
          capture_dpr: 1,
        }),
        session: { headers: { authorization: 'Bearer victim' }, domain: 'victim.pages.test' },
      },
      { allowPrivateTargets: true, timeoutMs: 20_000 },
    );
    expect(env.fx.requests('/session.html')[0]?.headers.authorization).toBe('Bearer victim');
    const leaked = env.fx.requests('/img', 'attacker.pages.test');
    expect(leaked.length, 'the sibling site was requested').toBe(1);
    expect(leaked[0]!.headers.authorization).toBeUndefined();
  });
});
