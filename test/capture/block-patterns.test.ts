/**
 * `block` URL patterns come from callers and run against every sub-resource of a page inside
 * the request-interception handler, on the API's event loop: a pattern that makes the matcher
 * backtrack would stall every other request of the process.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesUrlPattern, urlPattern } from '../../lib/capture/block.ts';
import { call, captureApp, createTestAccount } from '../helpers/stack.ts';

describe('URL patterns', () => {
  it.each([
    ['*.doubleclick.net/*', 'https://ad.doubleclick.net/x', true],
    ['*.doubleclick.net/*', 'https://example.com/doubleclick.net/', false],
    ['https://cdn.example.com/*.js', 'https://cdn.example.com/app.js', true],
    ['https://cdn.example.com/*.js', 'https://cdn.example.com/app.css', false],
    ['analytics.js', 'https://x.com/static/analytics.js?v=1', true],
    ['*/ads/*', 'http://x.com/ads/banner.png', true],
    ['cdn.example.com/*', 'https://cdn.example.com:8443/app.js', true],
    ['https://cdn.example.com:8443/*', 'https://cdn.example.com:8443/app.js', true],
    ['*.EXAMPLE.com/*', 'https://img.example.com/a.png', true],
    ['********!', 'https://img.example.com/a.png', false],
    ['********.png', 'https://img.example.com/a.png', true],
    ['*a*a*a*', 'https://x.com/a', false],
    ['*[::1]*', 'http://[::1]:8080/x', true],
  ])('%s matches %s: %s', (pattern, url, expected) => {
    expect(matchesUrlPattern(urlPattern(pattern), url)).toBe(expected);
  });

  it('agrees with the regex it replaced on short inputs', () => {
    // The old matcher (a regex per pattern) is exact on inputs too short to backtrack badly.
    const reference = (pattern: string, url: string) => {
      const body = pattern
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*');
      const re = pattern.includes('*')
        ? new RegExp(`^(?:[a-z][a-z0-9+.-]*://)?${body}$`, 'i')
        : new RegExp(body, 'i');
      const portless = url.replace(/^([a-z]+:\/\/[^/:?#]+):\d+/i, '$1');
      return re.test(url) || re.test(portless);
    };
    const piece = fc.constantFrom('a', 'b', '.', '/', '*', ':', 'x.com', 'http://', '8080', '?');
    const pattern = fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join(''));
    const url = fc
      .tuple(
        fc.constantFrom('http://x.com', 'https://a.b:8080', 'http://ab.x.com'),
        fc.array(piece, { maxLength: 5 }),
      )
      .map(([origin, path]) => `${origin}/${path.join('')}`);
    fc.assert(
      fc.property(pattern, url, (p, u) => matchesUrlPattern(urlPattern(p), u) === reference(p, u)),
      { numRuns: 3000 },
    );
  });

  it('costs microseconds, not exponential time, on the patterns that stall a regex', () => {
    const url = `http://127.0.0.1:8080/img?pad=${'a'.repeat(4000)}`;
    const patterns = ['*a*a*a*a*a*a*a*!*', '********!', '*a*a*a*a*a*a*a*a'].map(urlPattern);
    const started = performance.now();
    for (let i = 0; i < 100; i++) for (const p of patterns) matchesUrlPattern(p, url);
    // 300 matches against a 4 KB URL; a backtracking regex does not finish one of them.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('block patterns through the API', () => {
  const env = captureApp();

  it('a pathological pattern on a page of 120 sub-resources neither stalls /health nor the capture', async () => {
    const { apiKey } = await createTestAccount(env.deps);
    // Warm the browser so the measured window is the capture, not a launch.
    await call(env.app, 'POST', '/v1/raw', { key: apiKey, body: { url: `${env.site.origin}/basic.html` } });
    env.site.clear();
    const health: number[] = [];
    let done = false;
    const probe = (async () => {
      while (!done) {
        const t = performance.now();
        const res = await env.app.request('/health');
        health.push(performance.now() - t);
        expect(res.status).toBe(200);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const res = await call(env.app, 'POST', '/v1/raw', {
      key: apiKey,
      body: {
        url: `${env.site.origin}/many-images.html`,
        viewport: { width: 400, height: 300 },
        block: ['*a*a*a*a*a*a*!*', '********!', '*a*a*a*a*a*a*b*', '*/never/*'],
        timeout_ms: 20_000,
        fresh: true,
      },
    });
    done = true;
    await probe;
    expect(res.status, res.text).toBe(201);
    // Every image was matched against every pattern and none was blocked.
    expect(env.site.requests('/img').length).toBe(120);
    health.sort((a, b) => a - b);
    const p50 = health[Math.floor(health.length / 2)]!;
    expect(health.length).toBeGreaterThan(10);
    expect(p50, `/health p50 while capturing (ms): ${health.map(Math.round).join(',')}`).toBeLessThan(50);
  });

  it('refuses more wildcards, longer patterns or more entries than the caps, naming the field', async () => {
    const { apiKey } = await createTestAccount(env.deps);
    const cases = [
      ['*a*b*c*d*e*f*g*h*i*', /at most 8 \* wildcards/],
      [`*${'x'.repeat(300)}*`, /at most 300/],
    ] as const;
    for (const [pattern, message] of cases) {
      const res = await call(env.app, 'POST', '/v1/raw', {
        key: apiKey,
        body: { url: `${env.site.origin}/basic.html`, block: [pattern] },
      });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('invalid_params');
      expect(res.json.error.message).toMatch(message);
      expect(JSON.stringify(res.json.error.details)).toContain('block');
    }
    const many = Array.from({ length: 51 }, (_, i) => `*/p${i}/*`);
    const res = await call(env.app, 'POST', '/v1/raw', {
      key: apiKey,
      body: { url: `${env.site.origin}/basic.html`, block: many },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/At most 50 entries/);
  });
});
